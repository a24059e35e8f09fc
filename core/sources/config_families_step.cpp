// Step-3.5 / Step-3.7 (config_families_2026.h). References: huggingface/transformers
// src/transformers/models/step3p7/modular_step3p7.py and configuration_step3p7.py @
// a7b81dfe73fd94d522c5d3734de4ba501093882b; MTP layers: vllm-project/vllm
// vllm/model_executor/models/step3p5_mtp.py @ 12c9ac281e8d54a7fecae784d234fd017bf4fecd
// (docs/research/architectures/step3p7.md, count_step3p7.py).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

namespace {

// moe_layers_enum: "3,4,...,44" (a string, as Step3's configs write it) or a list.
Result<std::vector<bool>> moe_layers(FieldReader& f, uint64_t layers, uint64_t first_dense) {
  std::vector<bool> moe(static_cast<size_t>(layers), false);
  const auto it = f.object().find("moe_layers_enum");
  if (it == f.object().end() || it->is_null()) {
    for (uint64_t i = first_dense; i < layers; ++i) moe[static_cast<size_t>(i)] = true;
    return moe;
  }
  if (it->is_array()) return layer_set(f, "moe_layers_enum", layers);
  if (!it->is_string()) {
    return f.error(ErrorCode::kInvalidField, "field 'moe_layers_enum' must list layer indices");
  }
  const std::string s = it->get<std::string>();
  uint64_t value = 0;
  bool digits = false;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9' && value < layers) {
      value = value * 10 + static_cast<uint64_t>(s[i] - '0');
      digits = true;
    } else if ((i == s.size() || s[i] == ',' || s[i] == ' ') && (digits || i == s.size())) {
      if (digits && value >= layers) break;
      if (digits) moe[static_cast<size_t>(value)] = true;
      value = 0;
      digits = false;
    } else {
      return f.error(ErrorCode::kInvalidField,
                     "field 'moe_layers_enum' holds '" + s.substr(0, 40) + "', not layer indices");
    }
  }
  if (digits || value >= layers) {
    return f.error(ErrorCode::kInvalidField,
                   "field 'moe_layers_enum' names a layer past num_hidden_layers");
  }
  return moe;
}

}  // namespace

// Full-attention layers use num_attention_heads / num_attention_groups; sliding
// layers (window sliding_window) the heads of attention_other_setting. Q/K norms
// over one head; optional g_proj head gate. MoE layers (moe_layers_enum, else
// from first_k_dense_replace) have routed experts, a shared expert of
// share_expert_dim and an FP32 router bias; the rest a dense MLP. Each MTP layer
// is a sliding MoE decoder layer with enorm, hnorm, eh_proj (2h -> h) and its own
// shared_head (norm and a vocab x hidden head).
std::optional<Error> step3p7(FieldReader& f, ModelSpec& m) {
  m.qkv_bias = m.attn_out_bias = false;
  m.qk_norm_params = 2 * m.head_dim;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 1, kMaxPositions, false, 512));
  VRAMCALC_TRY(gate, f.flag("use_head_wise_attn_gate", false));
  VRAMCALC_TRY(n, f.uint({"moe_num_experts", "num_experts"}, 1, kMaxExperts, true));
  VRAMCALC_TRY(k, f.uint({"moe_top_k", "num_experts_per_tok"}, 1, n, true));
  VRAMCALC_TRY(width, f.uint({"moe_intermediate_size"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(shared, f.uint({"share_expert_dim"}, 0, kMaxWidth, false, 0));
  VRAMCALC_TRY(router_bias, f.flag("use_moe_router_bias", false));
  VRAMCALC_TRY(first_dense, f.uint({"first_k_dense_replace"}, 0, m.num_layers, false, 3));
  VRAMCALC_TRY(moe, moe_layers(f, m.num_layers, first_dense));
  MoeShape e;
  e.experts = n, e.top_k = k, e.expert_width = width, e.shared_width = shared;
  e.router_bias = router_bias;
  uint64_t other_heads = m.num_heads, other_groups = m.num_kv_heads;
  const auto other = f.object().find("attention_other_setting");
  if (other != f.object().end() && other->is_object()) {
    FieldReader o(*other, f.source());
    VRAMCALC_TRY(heads, o.uint({"num_attention_heads"}, 1, kMaxHeads, true));
    VRAMCALC_TRY(groups, o.uint({"num_attention_groups", "num_key_value_heads"}, 1, heads, true));
    other_heads = heads, other_groups = groups;
  } else {
    m.notes.push_back(
        "attention_other_setting absent: sliding layers given the full layers' heads");
  }
  const auto layer = [&](uint64_t i, bool sparse) -> Result<LayerSpec> {
    LayerSpec l = layer_of(m);
    l.attn.head_gate = gate;
    const std::string type = layer_type(
        f, i, [](uint64_t j) { return j % 4 == 0 ? "full_attention" : "sliding_attention"; });
    if (type == "sliding_attention") {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      l.attn.q_heads = other_heads;
      l.attn.kv_heads = other_groups;
    } else if (type != "full_attention") {
      return unknown_layer_type(f, i, type, "sliding_attention, full_attention");
    }
    if (sparse) {
      route_to_experts(l, e);
    }
    return l;
  };
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  uint64_t moe_count = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    VRAMCALC_TRY(l, layer(i, moe[static_cast<size_t>(i)]));
    m.sliding_window_layers += l.attn.span == Span::kSliding;
    moe_count += l.ffn == Ffn::kMoe;
    append_layer(m.layers, l);
  }
  summarize_moe(m, e, moe_count);
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  for (uint64_t j = 0; j < mtp; ++j) {
    VRAMCALC_TRY(l, layer(m.num_layers + j, true));
    append_layer(m.mtp_layers, l);
  }
  const uint64_t h = m.hidden_size;
  m.mtp_extra_params = mtp * (3 * h + 2 * h * h + m.vocab_size * h);
  return std::nullopt;
}

}  // namespace vramcalc::config
