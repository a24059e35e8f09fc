// Internal to the config.json parser: one row per supported model_type with the
// layout traits of its Hugging Face implementation, plus an optional function that
// reads the family's own fields (MoE, MLA, biases, sliding-window layouts).
#pragma once

#include <optional>
#include <string>

#include "config_fields.h"

namespace vramcalc::config {

struct Family {
  const char* model_type;
  ModelKind kind;
  NormKind norm;
  bool norm_bias;          // LayerNorm with bias
  bool gated_mlp;          // gate/up/down (SwiGLU, GeGLU)
  bool learned_positions;  // a learned position table of max_position rows
  bool qkv_bias;           // default; configs may override
  bool attn_out_bias;
  bool mlp_bias;
  bool tied_default;    // transformers' default of tie_word_embeddings
  bool encoder_extras;  // token types, embedding norm, pooler, no final norm or head
  bool dropout;         // training keeps dropout masks
  uint64_t norms_per_layer;
  bool honours_sliding_window;  // the cache really is capped at sliding_window
  // Reads family-specific fields after the common ones; nullptr when none.
  std::optional<Error> (*adjust)(FieldReader& f, ModelSpec& m);
};

const Family* find_family(const std::string& model_type);
// For an unknown model_type that has the standard keys (generic_decoder).
const Family& generic_family();
std::string supported_families();  // "llama, mistral, ..."

}  // namespace vramcalc::config
