// What each layer caches: K/V (or a latent) per token for attention layers, a
// fixed recurrent state per sequence for Mamba and Gated DeltaNet layers. Every
// runtime sums these over the model's layers (layers.h) with its own dtypes.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "model_spec.h"

namespace vramcalc {

// KV elements one token adds to `layer`'s cache: kv_heads x (K + V head dims),
// MLA's latent + shared rotary key (+ the DSA indexer's key); 0 for layers
// without a cache of their own (recurrent, none, sharing an earlier layer's).
uint64_t kv_elements_per_token(const LayerSpec& layer);

// Layers with equal per-token elements and equally many cached tokens.
struct KvGroup {
  uint64_t layers = 0;
  uint64_t elements = 0;  // per token and layer
  uint64_t tokens = 0;    // cached per sequence (a window caps it)
  bool capped = false;    // a sliding window / chunk holds fewer than the sequence
};

struct KvGroups {
  std::array<KvGroup, 8> group{};
  int count = 0;
  uint64_t elements = 0;  // sum of layers x elements x tokens (one sequence)
  bool overflow = false;
  std::string text() const;  // "32 layers × 1,024 × 2,048 tokens + ..."
};

// The KV cache of one sequence of `seq` tokens. `cap_windows`: sliding and chunked
// layers keep at most their window (false: the runtime keeps every token).
KvGroups kv_groups(const ModelSpec& m, uint64_t seq, bool cap_windows);

// KV elements one token adds over the layers [first, last) (no windows).
uint64_t kv_elements_in_layers(const ModelSpec& m, uint64_t first, uint64_t last);

// Recurrent state of one sequence, summed over the recurrent layers.
struct StateTotals {
  uint64_t layers = 0;
  uint64_t ssm = 0;   // SSM / delta-rule state elements (in the state dtype)
  uint64_t conv = 0;  // causal-conv window elements (in the model dtype)
};

// The state of one sequence in one layer (layers = 1 for a recurrent layer, else
// all zero).
StateTotals layer_state(const LayerSpec& layer, uint64_t conv_columns_extra);

// `conv_columns_extra`: the conv window keeps kernel - 1 columns (vLLM) plus this
// many (transformers keeps the whole kernel: 1).
StateTotals recurrent_state(const ModelSpec& m, uint64_t conv_columns_extra);

}  // namespace vramcalc
