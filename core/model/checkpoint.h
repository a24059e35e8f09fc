// Joining what checkpoint headers say (a TensorInventory) with what a config says
// (a ModelSpec): a header alone gives a parameter count and exact weight bytes;
// with a config.json beside it, the architecture comes from the config.
#pragma once

#include <string>
#include <string_view>

#include "model_spec.h"
#include "tensor_inventory.h"

namespace vramcalc {

// A summary of `inventory` for ModelSpec::checkpoint.
CheckpointSummary summarize_checkpoint(const TensorInventory& inventory, std::string_view format);

// A model known only from its checkpoint: bare parameter count = stored elements.
ModelSpec model_from_checkpoint(const TensorInventory& inventory, std::string_view format,
                                std::string_view name);

// Attaches the checkpoint to an architecture read from config.json; a note says
// when the stored count differs from the counted one (buffers, extra heads).
void attach_checkpoint(ModelSpec& model, const TensorInventory& inventory, std::string_view format);

}  // namespace vramcalc
