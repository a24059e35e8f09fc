// Zhipu AI / Z.ai GLM families (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// GLM-4-0414 (transformers src/transformers/models/glm4/modeling_glm4.py @
// 257314f8c283566a238faf183f44f272e9e0e352): Llama attention with Q/K/V biases
// (attention_bias) and none on o_proj, a fused gate_up_proj MLP without biases and
// four norms per layer (input, post_self_attn, post_attention, post_mlp; the family
// row). partial_rotary_factor adds no weights.
std::optional<Error> glm4(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("attention_bias", true));
  m.qkv_bias = bias;
  m.attn_out_bias = m.mlp_bias = false;
  return std::nullopt;
}

// GLM-4.5 / 4.6 / 4.7 (transformers src/transformers/models/glm4_moe/modeling_glm4_moe.py
// @ a0699c971daff96403489086fcfd07469d20b17f; the MTP layer as vLLM's
// glm4_moe_mtp.py loads it): attention with Q/K/V biases, per-head Q/K RMSNorms with
// use_qk_norm, a dense MLP in the first first_k_dense_replace layers, then
// n_routed_experts SwiGLU experts with n_shared_experts shared ones of
// moe_intermediate_size and a sigmoid router with an e_score_correction_bias.
// num_nextn_predict_layers MTP layers (not built by transformers, stored in the
// checkpoint): a MoE decoder layer with enorm, hnorm, eh_proj (2h -> h),
// shared_head.norm and its own embed_tokens and shared_head.head.
std::optional<Error> glm4_moe(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("attention_bias", false));
  VRAMCALC_TRY(qk, f.flag("use_qk_norm", false));
  VRAMCALC_TRY(shared, f.uint({"n_shared_experts"}, 0, kMaxExperts, false, 1));
  VRAMCALC_TRY(first, f.uint({"first_k_dense_replace"}, 0, m.num_layers, false, 1));
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  auto shape = moe_shape(f, {"n_routed_experts"}, {"moe_intermediate_size"});
  if (!shape.ok()) return shape.error();
  MoeShape e = shape.value();
  e.shared_width = shared * e.expert_width;
  e.router_bias = true;
  m.qkv_bias = bias;
  m.attn_out_bias = false;
  if (qk) m.qk_norm_params = 2 * m.head_dim;
  const LayerSpec dense = layer_of(m);
  LayerSpec moe = dense;
  moe.ffn = Ffn::kMoe;
  moe.ffn_width = 0;
  moe.moe = e;
  for (uint64_t i = 0; i < m.num_layers; ++i) append_layer(m.layers, i < first ? dense : moe);
  summarize_moe(m, e, m.num_layers - first);
  if (mtp > 0) {
    moe.repeat = mtp;
    m.mtp_layers.push_back(moe);
    const uint64_t h = m.hidden_size;
    m.mtp_extra_params = mtp * (3 * h + 2 * h * h + 2 * m.vocab_size * h);
  }
  return std::nullopt;
}

}  // namespace vramcalc::config
