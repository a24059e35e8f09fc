// Tencent's Hunyuan MoE (config_families_2026.h).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

namespace {

// A field that is one number or one number per layer (HunYuanMoEV1Config allows
// both for num_experts and moe_topk): the value of layer i.
Result<uint64_t> of_layer(FieldReader& f, const char* key, uint64_t i, uint64_t layers,
                          uint64_t max_value) {
  const auto it = f.object().find(key);
  if (it == f.object().end() || !it->is_array()) return f.uint({key}, 1, max_value, true);
  const Json* v = it->size() == layers ? &(*it)[static_cast<size_t>(i)] : nullptr;
  if (!v || !v->is_number_unsigned() || v->get<uint64_t>() == 0 || v->get<uint64_t>() > max_value) {
    return f.error(ErrorCode::kInvalidField, "field '" + std::string(key) +
                                                 "' must be a number or one per layer (" +
                                                 std::to_string(layers) + ")");
  }
  return v->get<uint64_t>();
}

}  // namespace

// Hunyuan-A13B (transformers src/transformers/models/hunyuan_v1_moe/
// modeling_hunyuan_v1_moe.py @ 008cd60e348a9ef3ce1b49cbccca5b26413e8081): attention with
// attention_bias on all four projections and per-head RMSNorms on queries and keys
// (query_layernorm, key_layernorm); every layer routes num_experts experts (top
// moe_topk; either may list one value per layer) through a bias-free router, each
// expert and, with use_mixed_mlp_moe, the shared MLP being SwiGLUs of
// intermediate_size.
std::optional<Error> hunyuan_v1_moe(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("attention_bias", false));
  VRAMCALC_TRY(mixed, f.flag("use_mixed_mlp_moe", false));
  if (m.intermediate_size == 0) {
    return f.error(ErrorCode::kMissingField, "missing field 'intermediate_size'");
  }
  m.qkv_bias = m.attn_out_bias = bias;
  m.qk_norm_params = 2 * m.head_dim;
  MoeShape e;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    VRAMCALC_TRY(n, of_layer(f, "num_experts", i, m.num_layers, kMaxExperts));
    VRAMCALC_TRY(k, of_layer(f, "moe_topk", i, m.num_layers, n));
    e.experts = n, e.top_k = k, e.expert_width = m.intermediate_size;
    e.shared_width = mixed ? m.intermediate_size : 0;
    LayerSpec l = layer_of(m);
    route_to_experts(l, e);
    append_layer(m.layers, l);
  }
  summarize_moe(m, e, m.num_layers);
  return std::nullopt;
}

}  // namespace vramcalc::config
