// Internal to the config.json family readers: building blocks shared by the
// readers of config_families_2026.cpp and config_families_nvidia.cpp (layer lists
// from per-layer fields, MoE shapes, the recurrent-state dtype).
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config_fields.h"

namespace vramcalc::config {

// layer_types[i] when the config lists it (config_parser checks its length and
// element type), else fallback(i): transformers' own default for the family.
std::string layer_type(FieldReader& f, uint64_t i,
                       const std::function<std::string(uint64_t)>& fallback);
Error unknown_layer_type(FieldReader& f, uint64_t i, const std::string& type, const char* known);
// A layer from the common fields: softmax attention and the dense MLP.
LayerSpec layer_of(const ModelSpec& m);
// Layer indices listed in an optional integer array field (mlp_only_layers,
// moe_layers): true at each listed index; all false when the field is absent.
Result<std::vector<bool>> layer_set(FieldReader& f, const char* field, uint64_t layers);
// A per-layer 0/1 list (MiMo-V2's hybrid_layer_pattern, moe_layer_freq): one entry
// per layer, each 0 or 1. `fallback` when the field is absent or a plain number.
Result<std::vector<bool>> layer_bits(FieldReader& f, const char* field, uint64_t layers,
                                     bool fallback);
// attention_bias / mlp_bias (Llama-style keys).
std::optional<Error> biases(FieldReader& f, ModelSpec& m);
// Routed experts: count and width from the given keys, top-k from num_experts_per_tok.
Result<MoeShape> moe_shape(FieldReader& f, std::initializer_list<const char*> count,
                           std::initializer_list<const char*> width);
// Every layer a MoE of those experts, no shared expert (the uniform layers of m.moe).
std::optional<Error> every_layer_moe(FieldReader& f, ModelSpec& m,
                                     std::initializer_list<const char*> count,
                                     std::initializer_list<const char*> width);
// The layer's dense MLP replaced by the routed experts `e` (and their shared ones).
void route_to_experts(LayerSpec& l, const MoeShape& e);
// Fills ModelSpec::moe, the summary the UI and activation formulas read.
void summarize_moe(ModelSpec& m, const MoeShape& e, uint64_t moe_layers);
// Dense layers from the common fields, each attending to the last `window` tokens
// where layer_types says "sliding_attention" (absent: where sliding(i)), else to
// every token; fills m.layers and m.sliding_window(_layers).
std::optional<Error> sliding_layers(FieldReader& f, ModelSpec& m, uint64_t window,
                                    const std::function<bool(uint64_t)>& sliding);
// A positive integer field that may also be the string "auto" (then `automatic`).
Result<uint64_t> uint_or_auto(FieldReader& f, const char* key, uint64_t max_value,
                              uint64_t automatic);
// The key names (and defaults) a family gives the fields of its Mamba-2 mixer.
struct Mamba2Keys {
  const char *heads, *head_dim, *state, *groups, *kernel, *conv_bias, *proj_bias;
  uint64_t heads_default, state_default, groups_default;
  bool heads_required;
};
// Granite-4.0-H's and Falcon-H1's names: mamba_n_heads (128), mamba_d_head,
// mamba_d_state (256), mamba_n_groups (1), mamba_d_conv, mamba_conv_bias, mamba_proj_bias.
extern const Mamba2Keys kMambaPrefixedKeys;
// A Mamba-2 mixer of heads x head_dim channels (head_dim absent or "auto":
// head_dim_default(heads)), biases on in_proj and out_proj with `proj_bias`.
Result<MambaSpec> read_mamba2(FieldReader& f, const Mamba2Keys& keys,
                              const std::function<uint64_t(uint64_t)>& head_dim_default);
// mamba_ssm_cache_dtype / mamba_ssm_dtype, when given.
Result<std::optional<DType>> state_dtype(FieldReader& f);

}  // namespace vramcalc::config
