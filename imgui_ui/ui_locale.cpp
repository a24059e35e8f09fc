// Language lookup (ui_locale.h): binary search of locale_zh.cpp's sorted table.
#include "ui_locale.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace vramcalc::ui {
namespace {

// The frame's language (see SetDrawLang in locale.h for why it is not in UiState).
Lang g_draw_lang = Lang::kEn;
// Strings drawn in Chinese without a translation (TakeTrMisses); a handful at most.
std::set<std::string> g_misses;

// Decodes one UTF-8 sequence at *p (the table is our own, well-formed text).
uint32_t NextCodepoint(const unsigned char*& p) {
  const uint32_t c = *p++;
  if (c < 0x80) return c;
  const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
  uint32_t cp = c & (0x3F >> extra);
  for (int i = 0; i < extra && (*p & 0xC0) == 0x80; ++i) cp = (cp << 6) | (*p++ & 0x3F);
  return cp;
}

}  // namespace

const char* LangId(Lang lang) { return lang == Lang::kZh ? "zh" : "en"; }

bool ParseLang(std::string_view text, Lang* out) {
  const std::string_view head = text.substr(0, 2);
  const bool tag_end = text.size() == 2 || (text.size() > 2 && (text[2] == '-' || text[2] == '_'));
  if (!tag_end) return false;
  if (head == "zh" || head == "ZH") {
    *out = Lang::kZh;
    return true;
  }
  if (head == "en" || head == "EN") {
    *out = Lang::kEn;
    return true;
  }
  return false;
}

void SetDrawLang(Lang lang) { g_draw_lang = lang; }
Lang DrawLang() { return g_draw_lang; }

const char* FindZh(const char* english) {
  const std::vector<Translation>& t = ZhTable();
  const auto it = std::lower_bound(
      t.begin(), t.end(), english,
      [](const Translation& a, const char* b) { return std::strcmp(a.en, b) < 0; });
  return it != t.end() && std::strcmp(it->en, english) == 0 ? it->zh : nullptr;
}

const char* Tr(const char* english) {
  if (g_draw_lang == Lang::kEn) return english;
  const char* zh = FindZh(english);
  if (zh == nullptr) g_misses.insert(english);
  return zh != nullptr ? zh : english;
}

std::string Tr(const std::string& english) { return Tr(english.c_str()); }

std::string TrFill(const char* english, std::initializer_list<std::string> values) {
  const std::string_view text = Tr(english);
  std::string out;
  auto next = values.begin();
  size_t start = 0;
  for (size_t at = text.find("%s"); at != std::string_view::npos; at = text.find("%s", start)) {
    out.append(text.substr(start, at - start));
    if (next != values.end()) out += *next++;
    start = at + 2;
  }
  out.append(text.substr(start));
  return out;
}

std::vector<std::string> TakeTrMisses() {
  std::vector<std::string> out(g_misses.begin(), g_misses.end());
  g_misses.clear();
  return out;
}

std::vector<uint32_t> ZhCodepoints() {
  std::set<uint32_t> cps;
  for (const Translation& t : ZhTable()) {
    for (const auto* p = reinterpret_cast<const unsigned char*>(t.zh); *p != 0;) {
      const uint32_t cp = NextCodepoint(p);
      if (cp >= 0x80) cps.insert(cp);
    }
  }
  return std::vector<uint32_t>(cps.begin(), cps.end());
}

}  // namespace vramcalc::ui
