// Internal to the config.json family readers: building blocks shared by the
// readers of config_families_2026.cpp and config_families_nvidia.cpp (layer lists
// from per-layer fields, MoE shapes, the recurrent-state dtype).
#pragma once

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
// Fills ModelSpec::moe, the summary the UI and activation formulas read.
void summarize_moe(ModelSpec& m, const MoeShape& e, uint64_t moe_layers);
// mamba_ssm_cache_dtype / mamba_ssm_dtype, when given.
Result<std::optional<DType>> state_dtype(FieldReader& f);

}  // namespace vramcalc::config
