// config.json (Hugging Face) -> ModelSpec. Understands the naming conventions of
// llama, mistral, qwen2, gpt2 and bert families (n_embd / hidden_size, n_layer /
// num_hidden_layers, ...). Validates every field it uses and reports the first
// problem with the field's name.
#pragma once

#include <string_view>

#include "model_spec.h"
#include "status.h"

namespace vramcalc {

// Parses config.json bytes. `source` names the file in error messages.
Result<ModelSpec> parse_config_json(std::string_view bytes, std::string_view source);

}  // namespace vramcalc
