// Resolving what the user named as MODEL when it is not a file: a preset id
// ("llama-3.1-8b") or a bare parameter count ("8e9", "7b", "560m", "1.5B").
#pragma once

#include <cstdint>
#include <string_view>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

// "7b" -> 7e9, "560m" -> 5.6e8, "8e9" -> 8e9, "1.5B" -> 1.5e9, "124439808" -> itself.
Result<uint64_t> parse_param_count(std::string_view text);

// A ModelSpec of kind kParamsOnly with that many parameters.
ModelSpec params_only_model(uint64_t params, std::string_view label);

// Preset id or bare count -> ModelSpec (files are read by the caller and handed
// to parse_config_json).
Result<ModelSpec> resolve_model_name(std::string_view name);

}  // namespace vramcalc
