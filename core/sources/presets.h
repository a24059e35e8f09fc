// Built-in models: config.json texts written from published hyperparameters (facts,
// each with its source), parsed by the same parser as dropped files. They are data:
// core/sources/presets/<id>.json plus one row each in core/sources/presets/index.tsv, compiled in
// by cmake/embed_presets.cmake (the core reads no files).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

// What a published parameter count counts.
enum class PublishedCount {
  kNone,        // no exact count is published (published_params is 0)
  kLearnable,   // learnable parameters: count_params(spec).total
  kCheckpoint,  // tensors stored in the checkpoint (e.g. the HF Hub safetensors total):
                // count_params(spec).total + spec.stored_extra_params
};
const char* to_string(PublishedCount kind);  // "none", "learnable", "checkpoint"

struct Preset {
  const char* id;                 // CLI / URL id, lowercase and dash-separated: "llama-3.1-8b"
  const char* name;               // display name
  const char* source;             // where the hyperparameters come from
  const char* config_json;        // config.json text
  const char* repo;               // Hugging Face repository: "meta-llama/Llama-3.1-8B"
  uint64_t published_params;      // parameters, exact; 0 when none is published
  PublishedCount published_kind;  // what published_params counts
  const char* published_source;   // where published_params comes from; "" when none
};

// Every preset, in the curated order of index.tsv (families, then sizes).
const std::vector<Preset>& all_presets();
const Preset* find_preset(std::string_view id);  // nullptr when unknown
// The preset whose Hugging Face repository is `repo` ("meta-llama/Llama-3.1-8B"),
// compared without case; nullptr when none.
const Preset* find_preset_by_repo(std::string_view repo);
// Presets whose id, name or repo contains every whitespace-separated word of `query`
// (ASCII case-insensitive; different words may match different fields), ordered by
// id. An empty query matches every preset.
std::vector<const Preset*> search_presets(std::string_view query);
Result<ModelSpec> load_preset(const Preset& preset);

}  // namespace vramcalc
