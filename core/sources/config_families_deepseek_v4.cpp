// DeepSeek-V4 (config_families_2026.h). Reference: the HF repository's
// inference/model.py, read at its mirror Nicooo-Wang/DeepSeek-V4-Pro-code @
// 0ec3a03c2fc34f29b2e72696ceaed9ae7a373aeb; vLLM models/deepseek_v4.py @
// 023da1fc828e (docs/research/architectures/deepseek_v4.md, count_deepseek_v4.py).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

namespace {

// compress_ratios: one entry per layer and MTP layer, each 0, 4 or 128.
Result<std::vector<uint64_t>> compress_ratios(FieldReader& f, uint64_t entries) {
  const auto it = f.object().find("compress_ratios");
  if (it == f.object().end() || !it->is_array()) {
    return f.error(ErrorCode::kMissingField, "missing field 'compress_ratios'");
  }
  if (it->size() < entries) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field 'compress_ratios' has " + std::to_string(it->size()) + " entries for " +
                       std::to_string(entries) + " layers and MTP layers");
  }
  std::vector<uint64_t> out;
  for (size_t i = 0; i < entries; ++i) {
    const Json& v = (*it)[i];
    if (!v.is_number_unsigned() ||
        (v.get<uint64_t>() != 0 && v.get<uint64_t>() != 4 && v.get<uint64_t>() != 128)) {
      return f.error(ErrorCode::kInvalidField, "field 'compress_ratios' entry " +
                                                   std::to_string(i) + " is " + brief(v) +
                                                   " (known: 0, 4, 128)");
    }
    out.push_back(v.get<uint64_t>());
  }
  return out;
}

}  // namespace

// Every layer: compressed attention (one KV head of head_dim, a sliding ring of
// sliding_window entries, compress_ratios[i] > 0 compressing every r tokens, the
// indexer at r = 4), a MoE of n_routed_experts with one shared expert, and
// hyper-connections of hc_mult streams. The first num_hash_layers route by token
// id through a vocab x top-k table (stored as I64, not learnable) instead of a
// router bias. MTP layers share the embeddings and head and add e_proj, h_proj,
// three norms and their own hc_head.
std::optional<Error> deepseek_v4(FieldReader& f, ModelSpec& m) {
  m.qkv_bias = m.attn_out_bias = false;
  CsaSpec a;
  a.heads = m.num_heads;
  a.head_dim = m.head_dim;
  VRAMCALC_TRY(q_lora, f.uint({"q_lora_rank"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(o_lora, f.uint({"o_lora_rank"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(groups, f.uint({"o_groups"}, 1, m.num_heads, false, 1));
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 1, kMaxPositions, false, 128));
  VRAMCALC_TRY(index_heads, f.uint({"index_n_heads"}, 0, kMaxHeads, false, 0));
  VRAMCALC_TRY(index_dim, f.uint({"index_head_dim"}, 1, kMaxWidth, false, 128));
  VRAMCALC_TRY(hc, f.uint({"hc_mult"}, 0, 64, false, 0));
  VRAMCALC_TRY(hash_layers, f.uint({"num_hash_layers"}, 0, m.num_layers, false, 0));
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  VRAMCALC_TRY(shared, f.uint({"n_shared_experts"}, 0, 64, false, 1));
  a.q_lora_rank = q_lora, a.o_lora_rank = o_lora, a.o_groups = groups, a.window = window;
  a.index_heads = index_heads, a.index_head_dim = index_dim;
  if ((a.heads * a.head_dim) % groups != 0) {
    return f.error(ErrorCode::kInconsistentModel,
                   "o_groups must divide num_attention_heads x head_dim");
  }
  VRAMCALC_TRY(ratios, compress_ratios(f, m.num_layers + mtp));
  auto shape = moe_shape(f, {"n_routed_experts"}, {"moe_intermediate_size"});
  if (!shape.ok()) return shape.error();
  MoeShape e = shape.value();
  e.shared_width = shared * e.expert_width;
  e.router_bias = true;
  const auto layer = [&](uint64_t i) {
    LayerSpec l;
    l.mixer = Mixer::kCompressedAttention;
    l.csa = a;
    l.csa.ratio = ratios[static_cast<size_t>(i)];
    l.ffn = Ffn::kMoe;
    l.moe = e;
    l.moe.router_bias = i >= hash_layers;
    l.hyper_connections = hc;
    return l;
  };
  for (uint64_t i = 0; i < m.num_layers; ++i) append_layer(m.layers, layer(i));
  summarize_moe(m, e, m.num_layers);
  const uint64_t h = m.hidden_size, head_mix = hc ? hc * hc * h + hc + 1 : 0;
  m.head_mix_params = head_mix;  // hc_head_fn, hc_head_base, hc_head_scale
  m.sliding_window = window;
  m.sliding_window_layers = m.num_layers;
  m.state_dtype = DType::kFP32;  // compressor states; the ring takes the model dtype
  m.stored_extra_params = hash_layers * m.vocab_size * e.top_k;
  m.stored_extra_bytes = 8 * m.stored_extra_params;
  m.stored_extra_reason = "tid2eid token-to-expert tables of the hash-routed layers (I64)";
  for (uint64_t j = 0; j < mtp; ++j) {
    LayerSpec l = layer(m.num_layers + j);
    l.input_proj = 2;  // e_proj and h_proj, hidden -> hidden each
    append_layer(m.mtp_layers, l);
  }
  m.mtp_extra_params = mtp * (3 * h + head_mix);
  return std::nullopt;
}

}  // namespace vramcalc::config
