// The tensors of one decoder layer (layers.h), following the module structure of
// the reference implementations: one list of pieces from which the exact count,
// the overflow bound, the quantizable linear layers, LoRA targets and Adafactor's
// factored states all follow, so they cannot disagree.
#pragma once

#include <cstdint>

#include "model_spec.h"

namespace vramcalc {

enum class Part : uint8_t {
  kAttention,  // softmax / latent attention (+ the DSA indexer, sinks, Q/K norms)
  kRecurrent,  // Mamba and Gated DeltaNet mixers
  kMlp,        // dense MLP, shared experts, routers
  kExperts,    // routed experts
  kNorms,      // the layer's hidden-width norms
};

// rows x cols elements, `copies` times (experts, the matrices of a gated MLP).
// `linear`: an nn.Linear weight (what weight quantization and LoRA apply to);
// otherwise a bias, norm, conv kernel or per-head vector.
struct Piece {
  Part part = Part::kAttention;
  uint64_t rows = 0, cols = 1, copies = 1;
  bool linear = false;
  bool lora_target = false;  // PEFT's usual targets: attention projections, dense/shared MLP
  bool keeps_dtype = false;  // stays 16-bit in quantized checkpoints (router, DSA weights_proj)
  bool fp32 = false;         // stored in FP32 (the router's score-correction bias)
};

constexpr int kMaxPieces = 32;

// The pieces of one layer of `m` (hidden size, norm kind). Returns how many.
int layer_pieces(const ModelSpec& m, const LayerSpec& layer, Piece (&out)[kMaxPieces]);

template <class T>
struct LayerParams {
  T attention = 0, recurrent = 0, mlp = 0, experts = 0, norms = 0;
  T idle = 0;  // routed-expert parameters a token does not use
  T total() const { return attention + recurrent + mlp + experts + norms; }
};

// Parameters of one layer (not times repeat): exact, and as a double for bounds.
LayerParams<uint64_t> layer_params(const ModelSpec& m, const LayerSpec& layer);
LayerParams<double> layer_params_bound(const ModelSpec& m, const LayerSpec& layer);

// Parameters of a norm over `width` values (0, weight, or weight and bias).
uint64_t norm_params(const ModelSpec& m, uint64_t width);

}  // namespace vramcalc
