// Microsoft's Phi-3.5-MoE / Phi-mini-MoE (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// PhiMoE (transformers src/transformers/models/phimoe/modeling_phimoe.py @
// c4cdd1a0d93642f0143c66609d4273efc74c22cf): LayerNorms with biases (the family row),
// attention_bias on all four projections, an LM head with lm_head_bias, and every
// layer routing num_local_experts bias-free SwiGLU experts (w1, w3, w2) of
// intermediate_size.
std::optional<Error> phimoe(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("attention_bias", false));
  VRAMCALC_TRY(head_bias, f.flag("lm_head_bias", false));
  m.qkv_bias = m.attn_out_bias = bias;
  m.lm_head_bias = head_bias;
  return every_layer_moe(f, m, {"num_local_experts"}, {"intermediate_size"});
}

}  // namespace vramcalc::config
