// Tencent's Hunyuan MoE (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// Hunyuan-A13B (transformers src/transformers/models/hunyuan_v1_moe/
// modeling_hunyuan_v1_moe.py @ f3f034d7fae0e5afb8bb6b387cd3aefc499a6a69): attention with
// attention_bias on all four projections and per-head RMSNorms on queries and keys
// (query_layernorm, key_layernorm); every layer routes num_experts experts (top
// moe_topk) through a bias-free router, each expert and, with use_mixed_mlp_moe, the
// shared MLP being SwiGLUs of intermediate_size.
std::optional<Error> hunyuan_v1_moe(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("attention_bias", false));
  VRAMCALC_TRY(mixed, f.flag("use_mixed_mlp_moe", false));
  VRAMCALC_TRY(n, f.uint({"num_experts"}, 1, kMaxExperts, true));
  VRAMCALC_TRY(k, f.uint({"moe_topk", "num_experts_per_tok"}, 1, n, true));
  if (m.intermediate_size == 0) {
    return f.error(ErrorCode::kMissingField, "missing field 'intermediate_size'");
  }
  m.qkv_bias = m.attn_out_bias = bias;
  m.qk_norm_params = 2 * m.head_dim;
  MoeShape e;
  e.experts = n, e.top_k = k, e.expert_width = m.intermediate_size;
  e.shared_width = mixed ? m.intermediate_size : 0;
  summarize_moe(m, e, m.num_layers);
  return std::nullopt;
}

}  // namespace vramcalc::config
