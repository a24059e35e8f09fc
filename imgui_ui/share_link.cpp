// Share links (share_link.h). Building: core's workload_json() of the state and of
// the defaults, key by key, so only what the user changed is in the link and every
// value is spelled as apply_option() takes it. Reading: decode and check every
// pair before anything changes, then replay the pairs through the UI's own actions
// on a fresh default state, which validate each value as a typed one would be.
#include "share_link.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "hub.h"
#include "printable.h"

namespace vramcalc::ui {
namespace {

constexpr const char* kModelKeys[] = {"model", "file", "hub"};
constexpr const char* kDisplayKeys[] = {"units", "memory-units", "plot", "theme", "bits", "lang"};

std::string Encode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == ':';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; false on a malformed escape.
bool Decode(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      *out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    const int lo = hi >= 0 ? HexDigit(text[i + 2]) : -1;
    if (lo < 0) return false;
    *out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

bool KnownKey(const std::string& key) {
  for (const char* k : kModelKeys)
    if (key == k) return true;
  for (const char* k : kDisplayKeys)
    if (key == k) return true;
  for (const OptionInfo& o : all_options())
    if (key == o.key) return true;
  return false;
}

// Text the way apply_option() takes it ("4", "bf16", "true", "0.9"); "" for null.
std::string OptionText(const nlohmann::json& v) {
  if (v.is_null()) return "";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

bool Refuse(UiState& s, const std::string& why) {
  ReportError(s,
              printable("link ignored: " + why + " (the settings are unchanged)", kMaxLineBytes));
  return false;
}

// Text from the link, for a message: escaped by core's one rule (printable.h).
std::string Shown(const std::string& text) { return printable(text, 60); }

}  // namespace

bool ModelNotShareable(const UiState& s) {
  return s.choice == ModelChoice::kLoadedFile && s.loaded_hub.empty();
}

std::string ShareHash(const UiState& s) {
  std::vector<std::string> parts;
  auto add = [&parts](const std::string& key, const std::string& value) {
    parts.push_back(key + "=" + Encode(value));
  };
  if (s.choice == ModelChoice::kPreset) add("model", s.preset_id);
  if (s.choice == ModelChoice::kParamCount) add("model", s.count_text);
  if (s.choice == ModelChoice::kLoadedFile) {
    if (s.loaded_hub.empty()) {
      add("file", s.loaded_name);
    } else {
      add("hub", s.loaded_hub);  // the reader fetches it again (on a click)
    }
  }
  const nlohmann::json now =
      nlohmann::json::parse(workload_json(s.workload, s.hardware), nullptr, false);
  // The page's defaults (not Workload{}'s): a link starts from them when opened.
  const UiState initial = MakeInitialState();
  const nlohmann::json base =
      nlohmann::json::parse(workload_json(initial.workload, initial.hardware), nullptr, false);
  for (const OptionInfo& o : all_options()) {
    const std::string key = o.key;
    if (!now.contains(key) || now[key] == base.value(key, nlohmann::json())) continue;
    if (key == "gpu-memory-bytes" && !s.gpu_id.empty()) continue;  // the catalog GPU sets it
    // Weights as a dropped checkpoint stores them: only that file can say.
    if (key == "weight-dtype" && s.model.checkpoint.present && s.workload.weights_from_checkpoint)
      continue;
    if (key == "gpu") {
      if (!s.gpu_id.empty()) add(key, s.gpu_id);
      continue;
    }
    add(key, OptionText(now[key]));
  }
  if (s.units != initial.units) add("units", s.units == Units::kGB ? "gb" : "gib");
  if (s.lang != initial.lang) add("lang", LangId(s.lang));
  if (s.memory_units != initial.memory_units)
    add("memory-units", s.memory_units == Units::kGB ? "gb" : "gib");
  if (s.plot_axis != initial.plot_axis)
    add("plot", s.plot_axis == SweepAxis::kSeq ? "seq" : "batch");
  // Only a theme other than the browser's: whoever opens a plain link gets their own.
  if (s.theme_choice) add("theme", ThemeId(*s.theme_choice));
  const BitExplorer& first = initial.bits;
  const BitExplorer& b = s.bits;
  if (b.dtype != first.dtype || b.sign != first.sign || b.exponent != first.exponent ||
      b.mantissa != first.mantissa) {
    add("bits", std::string(dtype_info(b.dtype).id) + ":" + std::to_string(b.sign) + ":" +
                    std::to_string(b.exponent) + ":" + std::to_string(b.mantissa));
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "&") + p;
  return out;
}

bool ApplyShareHash(UiState& s, std::string_view fragment) {
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  if (fragment.empty()) return true;
  if (fragment.size() > kMaxShareHashBytes) {
    return Refuse(s, "it is " + std::to_string(fragment.size()) + " bytes long (at most " +
                         std::to_string(kMaxShareHashBytes) + ")");
  }
  // 1. Decode and check every pair.
  std::map<std::string, std::string> pairs;
  size_t start = 0;
  while (start <= fragment.size()) {
    size_t end = fragment.find('&', start);
    if (end == std::string_view::npos) end = fragment.size();
    const std::string_view part = fragment.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    std::string key, value;
    if (eq == std::string_view::npos || !Decode(part.substr(0, eq), &key) ||
        !Decode(part.substr(eq + 1), &value)) {
      return Refuse(s, "'" + Shown(std::string(part)) + "' is not key=value with %XX escapes");
    }
    if (!KnownKey(key)) return Refuse(s, "unknown key '" + Shown(key) + "'");
    for (unsigned char c : value) {
      if (c < 0x20 || c == 0x7f) return Refuse(s, "a control character in " + key);
    }
    if (!pairs.emplace(key, value).second) return Refuse(s, key + " is given twice");
  }
  if (pairs.count("model") + pairs.count("file") + pairs.count("hub") > 1)
    return Refuse(s, "more than one of model, file and hub is given");
  if (pairs.count("hub") && !parse_hub_ref(pairs["hub"]).ok())
    return Refuse(s, "hub: " + parse_hub_ref(pairs["hub"]).error().message);

  // 2. Replay on a fresh default state that still has the last dropped file.
  UiState t = MakeInitialState();
  t.lang = s.lang;                  // the reader's language, unless the link names one
  t.system_theme = s.system_theme;  // the browser's, not the link's: a link may choose another
  t.has_loaded_file = s.has_loaded_file;
  t.loaded_model = s.loaded_model;
  t.loaded_name = s.loaded_name;
  t.loaded_hub = s.loaded_hub;
  std::string note;
  if (pairs.count("model")) {
    const std::string& m = pairs["model"];
    const bool ok = find_preset(m) != nullptr ? SelectPreset(t, m) : UseParamCount(t, m);
    if (!ok) return Refuse(s, "model: " + t.error);
  } else if (pairs.count("file")) {
    if (t.has_loaded_file && t.loaded_name == pairs["file"]) {
      UseLoadedFile(t);
    } else {
      note = "this link was made with a dropped file (" + Shown(pairs["file"]) +
             "), which a link cannot carry: drop it again; the other settings are applied";
    }
  } else if (pairs.count("hub")) {
    if (t.has_loaded_file && t.loaded_hub == pairs["hub"]) {
      UseLoadedFile(t);
    } else {
      // Nothing is fetched unasked: the field is filled in and the reader clicks.
      t.hub_text = pairs["hub"];
      note = "this link names " + Shown(pairs["hub"]) +
             " on the Hugging Face Hub: press Fetch beside the Hub field to load it; "
             "the other settings are applied";
    }
  }
  for (const OptionInfo& o : all_options()) {
    const auto it = pairs.find(o.key);
    if (it != pairs.end() && !SetOption(t, it->first, it->second)) return Refuse(s, t.error);
  }
  for (const char* key : {"units", "memory-units", "plot", "theme", "lang"}) {
    const auto it = pairs.find(key);
    if (it != pairs.end() && !SetOption(t, key, it->second)) return Refuse(s, t.error);
  }
  if (pairs.count("bits")) {
    const std::string& b = pairs["bits"];
    std::vector<std::string> f;
    size_t p = 0;
    for (size_t q; (q = b.find(':', p)) != std::string::npos; p = q + 1)
      f.push_back(b.substr(p, q - p));
    f.push_back(b.substr(p));
    auto whole = [](const std::string& x, int64_t* v) {
      if (x.empty() || x.size() > 9 || x.find_first_not_of("0123456789") != std::string::npos)
        return false;
      *v = std::stoll(x);
      return true;
    };
    int64_t sign = 0, exponent = 0, mantissa = 0;
    if (f.size() != 4 || !whole(f[1], &sign) || !whole(f[2], &exponent) ||
        !whole(f[3], &mantissa)) {
      return Refuse(s, "bits must be dtype:sign:exponent:mantissa");
    }
    if (!SetBits(t, f[0], sign, exponent, mantissa)) return Refuse(s, t.error);
  }
  t.frames = s.frames;
  t.embed = s.embed;  // the page's view, not part of the link's state
  t.embed_knobs = s.embed_knobs;
  t.version = s.version + 1;
  t.estimates_run = s.estimates_run + t.estimates_run;
  t.error = note;
  s = std::move(t);
  return true;
}

std::vector<std::string> LinkOptionKeys(std::string_view fragment) {
  if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
  std::vector<std::string> keys;
  if (fragment.size() > kMaxShareHashBytes) return keys;  // refused unread, as ApplyShareHash does
  while (!fragment.empty()) {
    const size_t end = std::min(fragment.find('&'), fragment.size());
    const std::string_view part = fragment.substr(0, end);
    fragment.remove_prefix(std::min(end + 1, fragment.size()));
    std::string key;
    if (!Decode(part.substr(0, part.find('=')), &key)) continue;
    const bool option = std::any_of(all_options().begin(), all_options().end(),
                                    [&key](const OptionInfo& o) { return key == o.key; });
    if (option && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

void EnterEmbedView(UiState& s, std::string_view fragment) {
  s.embed = true;
  s.embed_knobs = LinkOptionKeys(fragment);
  ++s.version;  // a different picture: the platform redraws
}

}  // namespace vramcalc::ui
