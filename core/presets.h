// Built-in models: config.json texts written from published hyperparameters
// (facts, each with its source), parsed by the same parser as dropped files.
#pragma once

#include <string_view>
#include <vector>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

struct Preset {
  const char* id;           // CLI / URL id, e.g. "llama-3.1-8b"
  const char* name;         // display name
  const char* source;       // where the hyperparameters come from
  const char* config_json;  // config.json text
};

const std::vector<Preset>& all_presets();
const Preset* find_preset(std::string_view id);  // nullptr when unknown
// The preset whose source repository is `repo` ("meta-llama/Llama-3.1-8B"),
// compared without case; nullptr when none.
const Preset* find_preset_by_repo(std::string_view repo);
Result<ModelSpec> load_preset(const Preset& preset);

}  // namespace vramcalc
