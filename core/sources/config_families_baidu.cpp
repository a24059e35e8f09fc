// Baidu's ERNIE-4.5 families (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// ERNIE-4.5 dense (transformers src/transformers/models/ernie4_5/modeling_ernie4_5.py
// @ 9243e99d559dd84d476ff5c882c7c440d4de458c): Llama layers with use_bias on all
// four attention projections and the MLP.
std::optional<Error> ernie4_5(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(bias, f.flag("use_bias", false));
  m.qkv_bias = m.attn_out_bias = m.mlp_bias = bias;
  return std::nullopt;
}

// ERNIE-4.5 MoE (transformers src/transformers/models/ernie4_5_moe/
// modeling_ernie4_5_moe.py @ 01187e21cda13b3f08fdb45b7e32b78d173d702a): layer i routes
// when (i + 1) % moe_layer_interval == 0 and moe_layer_start_index <= i <=
// moe_layer_end_index: moe_num_experts experts of moe_intermediate_size (top moe_k),
// moe_num_shared_experts shared ones of the same width, a router without bias and
// moe_statics.e_score_correction_bias (an nn.Parameter, one per expert).
// num_nextn_predict_layers MTP layers (Baidu's checkpoints; transformers builds
// none): a dense decoder layer with mtp_emb_norm, mtp_hidden_norm and
// mtp_linear_proj (2h -> h).
std::optional<Error> ernie4_5_moe(FieldReader& f, ModelSpec& m) {
  if (auto e = ernie4_5(f, m)) return e;
  const uint64_t last = m.num_layers - 1;
  VRAMCALC_TRY(n, f.uint({"moe_num_experts"}, 1, kMaxExperts, true));
  VRAMCALC_TRY(k, f.uint({"moe_k", "num_experts_per_tok"}, 1, n, true));
  VRAMCALC_TRY(width, f.uint({"moe_intermediate_size"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(shared, f.uint({"moe_num_shared_experts"}, 0, kMaxExperts, false, 0));
  VRAMCALC_TRY(start, f.uint({"moe_layer_start_index"}, 0, kMaxLayers, false, 1));
  VRAMCALC_TRY(interval, f.uint({"moe_layer_interval"}, 1, kMaxLayers, false, 1));
  const auto end_field = f.object().find("moe_layer_end_index");
  const bool end_given = end_field != f.object().end() && end_field->is_number_unsigned();
  const uint64_t end = end_given ? end_field->get<uint64_t>() : last;  // -1 / absent: last
  MoeShape e;
  e.experts = n, e.top_k = k, e.expert_width = width;
  e.shared_width = shared * width;
  e.router_bias = true;
  const LayerSpec dense = layer_of(m);
  LayerSpec moe = dense;
  moe.ffn = Ffn::kMoe;
  moe.ffn_width = 0;
  moe.moe = e;
  uint64_t moe_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    const bool routes = (i + 1) % interval == 0 && i >= start && i <= end;
    moe_layers += routes;
    append_layer(m.layers, routes ? moe : dense);
  }
  summarize_moe(m, e, moe_layers);
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  if (mtp > 0) {
    LayerSpec l = dense;
    l.repeat = mtp;
    m.mtp_layers.push_back(l);
    m.mtp_extra_params = mtp * (2 * m.hidden_size * m.hidden_size + 2 * m.hidden_size);
  }
  return std::nullopt;
}

}  // namespace vramcalc::config
