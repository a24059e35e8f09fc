// The page's display language. The UI's own text is written in English at the
// call sites and wrapped in Tr(); in Chinese, Tr() looks the English up in one
// table (locale_zh.cpp) and falls back to the English when a string is missing,
// which tests/locale_test.cpp forbids. Core stays English: option labels and
// choices from all_options() are translated here, by the same lookup.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace vramcalc::ui {

enum class Lang { kEn, kZh };

// "en" / "zh", as the share link and state().lang spell it.
const char* LangId(Lang lang);
// "en", "zh", and browser tags ("zh-CN", "zh-Hans", "zh-TW" -> zh; "en-US" -> en).
// False (and *out untouched) for anything else.
bool ParseLang(std::string_view text, Lang* out);

// The language Tr() translates into. The UI is drawn by one ImGui context on one
// thread, and Tr() is called from deep inside widgets that see no UiState, so the
// language of the frame being drawn is kept here (set by Draw() from UiState::lang).
void SetDrawLang(Lang lang);
Lang DrawLang();

// `english` in the draw language: the table's Chinese for kZh, else `english`
// itself (same pointer). Never null for a non-null argument.
const char* Tr(const char* english);
std::string Tr(const std::string& english);
// Tr(english) with each "%s" replaced by the next of `values`, in order (the
// Chinese keeps the English order of its %s): TrFill("%s of %s", {"12", "32"}).
std::string TrFill(const char* english, std::initializer_list<std::string> values);

// The English strings Tr() found no Chinese for since the last call (sorted,
// distinct), then forgets them: tests draw every panel in Chinese and expect none.
std::vector<std::string> TakeTrMisses();

// One entry of the translation table (locale_zh.cpp), sorted by `en` (strcmp).
struct Translation {
  const char* en;
  const char* zh;
};
// The whole table, for tests and the font subset.
const std::vector<Translation>& ZhTable();
// Null when `english` has no Chinese entry.
const char* FindZh(const char* english);

// The distinct non-ASCII code points of every Chinese string in the table, sorted:
// the glyphs the CJK font must supply (merged into the atlas for kZh).
std::vector<uint32_t> ZhCodepoints();

}  // namespace vramcalc::ui
