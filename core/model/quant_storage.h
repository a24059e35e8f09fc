// The checkpoint a quantization_config describes: stored elements and bytes of
// every tensor, for configs read without their safetensors headers (FP8 block or
// per-tensor scales, MXFP4 experts). Rules and their sources:
// docs/research/architectures/SUMMARY-QUANT.md.
#pragma once

#include "model_spec.h"
#include "param_count.h"

namespace vramcalc {

// The stored tensors of `m` under m.quant (present = false when m.quant is none):
// quantized linear weights in their format plus their scales, the rest BF16.
CheckpointSummary quantized_checkpoint(const ModelSpec& m);

// Elements a checkpoint of `m` stores: the headers' count when known, else the
// parameters, MTP layers and stored-only tensors (buffers, untied copies).
uint64_t stored_params(const ModelSpec& m);
// The same from `p` = count_params(m) the caller already has (no recount).
uint64_t stored_params(const ModelSpec& m, const ParamBreakdown& p);

}  // namespace vramcalc
