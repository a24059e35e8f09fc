// Allen AI's OLMo families (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// OLMo-2 (transformers src/transformers/models/olmo2/modeling_olmo2.py @
// 7264638d7b0ab5841670813ebed806189b8f7b71): Llama layers whose two norms follow
// the attention and the MLP (post_attention_layernorm, post_feedforward_layernorm)
// and RMSNorms over all query heads and all key heads (q_norm, k_norm).
std::optional<Error> olmo2(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  m.qk_norm_params = (m.num_heads + m.num_kv_heads) * m.head_dim;
  return std::nullopt;
}

// OLMo-3 (transformers src/transformers/models/olmo3/modeling_olmo3.py @
// a0699c971daff96403489086fcfd07469d20b17f): OLMo-2 layers, windowed (sliding_window,
// 4096) but every fourth by layer_types, as Olmo3Config fills them.
std::optional<Error> olmo3(FieldReader& f, ModelSpec& m) {
  if (auto e = olmo2(f, m)) return e;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 4096));
  return sliding_layers(f, m, window, [](uint64_t i) { return (i + 1) % 4 != 0; });
}

// OLMoE (transformers src/transformers/models/olmoe/modeling_olmoe.py @
// f321adbcdc617db59b4948f9b3b2eb679a57f2dd): every layer routes num_experts SwiGLU
// experts of intermediate_size (router without bias, no shared expert); Q/K norms
// over all heads as in OLMo-2.
std::optional<Error> olmoe(FieldReader& f, ModelSpec& m) {
  if (auto e = olmo2(f, m)) return e;
  return every_layer_moe(f, m, {"num_experts"}, {"intermediate_size"});
}

}  // namespace vramcalc::config
