// A GGUF header -> ModelSpec: the architecture from the {arch}.* hyperparameters
// (enough for KV cache and activations), parameter counts and weight bytes from
// the stored tensors themselves.
#pragma once

#include <string_view>

#include "gguf.h"
#include "model_spec.h"
#include "status.h"

namespace vramcalc {

Result<ModelSpec> model_from_gguf(const GgufHeader& header, std::string_view name);

}  // namespace vramcalc
