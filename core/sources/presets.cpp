// Built-in models. The table itself is generated at build time from core/sources/presets/
// (index.tsv + one config.json text per preset, see cmake/embed_presets.cmake); this
// file looks presets up and parses them with the same code as a dropped file.
#include "presets.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <string>

#include "config_parser.h"

namespace vramcalc {

// Defined in the generated presets_data.cpp.
namespace presets_data {
extern const Preset kPresets[];
extern const std::size_t kPresetCount;
}  // namespace presets_data

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool same_without_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// `word` (already lowercase) occurs in `text`, ignoring the case of `text`.
bool contains_lowercase(std::string_view text, std::string_view word) {
  if (word.size() > text.size()) return false;
  for (std::size_t at = 0; at + word.size() <= text.size(); ++at) {
    if (same_without_case(text.substr(at, word.size()), word)) return true;
  }
  return false;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The whitespace-separated words of `query`, lowercased.
std::vector<std::string> words_of(std::string_view query) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && is_space(query[i])) ++i;
    std::string word;
    while (i < query.size() && !is_space(query[i])) word += lower(query[i++]);
    if (!word.empty()) words.push_back(word);
  }
  return words;
}

}  // namespace

const char* to_string(PublishedCount kind) {
  switch (kind) {
    case PublishedCount::kNone:
      return "none";
    case PublishedCount::kLearnable:
      return "learnable";
    case PublishedCount::kCheckpoint:
      return "checkpoint";
  }
  return "none";
}

const std::vector<Preset>& all_presets() {
  // Immutable, built once from the generated array on first use.
  static const std::vector<Preset> table(presets_data::kPresets,
                                         presets_data::kPresets + presets_data::kPresetCount);
  return table;
}

const Preset* find_preset(std::string_view id) {
  for (const auto& p : all_presets()) {
    if (id == p.id) return &p;
  }
  return nullptr;
}

const Preset* find_preset_by_repo(std::string_view repo) {
  if (repo.empty()) return nullptr;
  for (const auto& p : all_presets()) {
    if (same_without_case(p.repo, repo)) return &p;
  }
  return nullptr;
}

std::vector<const Preset*> search_presets(std::string_view query) {
  const std::vector<std::string> words = words_of(query);
  std::vector<const Preset*> found;
  for (const auto& p : all_presets()) {
    const bool all_match = std::all_of(words.begin(), words.end(), [&p](const std::string& w) {
      return contains_lowercase(p.id, w) || contains_lowercase(p.name, w) ||
             contains_lowercase(p.repo, w);
    });
    if (all_match) found.push_back(&p);
  }
  std::sort(found.begin(), found.end(),
            [](const Preset* a, const Preset* b) { return std::strcmp(a->id, b->id) < 0; });
  return found;
}

Result<ModelSpec> load_preset(const Preset& preset) {
  auto spec = parse_config_json(preset.config_json, std::string("preset ") + preset.id);
  if (spec.ok()) {
    // Keep the parser's notes on what a multimodal config leaves out; drop the
    // "field absent: default" ones, since a preset states what it relies on.
    auto& notes = spec.value().notes;
    notes.erase(std::remove_if(
                    notes.begin(), notes.end(),
                    [](const std::string& n) { return n.find(" absent: ") != std::string::npos; }),
                notes.end());
    spec.value().name = preset.name;
    notes.push_back(std::string("preset from ") + preset.source);
  }
  return spec;
}

}  // namespace vramcalc
