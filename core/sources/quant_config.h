// quantization_config -> QuantSpec: how a config's checkpoint stores its linear
// layers (fp8, mxfp4, gptq, awq, bitsandbytes, compressed-tensors). Internal to
// the config.json reader.
#pragma once

#include <optional>

#include "config_fields.h"

namespace vramcalc::config {

// Reads cfg["quantization_config"] into m.quant (absent or null: nothing). A
// method this reader does not price is named in a note and leaves m.quant none.
std::optional<Error> read_quantization(const Json& cfg, std::string_view source, ModelSpec& m);

}  // namespace vramcalc::config
