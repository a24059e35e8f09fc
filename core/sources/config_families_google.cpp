// Gemma-4 (config_families_2026.h). Reference: huggingface/transformers
// src/transformers/models/gemma4/modeling_gemma4.py @ 0246b4f3335464614ef1de66531f9131a44ec801
// (docs/research/architectures/gemma4.md, count_gemma4.py).
#include <string>
#include <vector>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// Two head geometries: sliding layers (num_key_value_heads x head_dim, window
// sliding_window) and full layers (global_head_dim; with attention_k_eq_v no
// v_proj and num_global_key_value_heads, yet K and V both cached). Every layer
// has the dense MLP and, with enable_moe_block, a 128-expert MoE beside it whose
// router carries two scale vectors, plus three more norms. The last
// num_kv_shared_layers reuse an earlier layer's cache (no k/v, no k_norm; a
// double-wide MLP with use_double_wide_mlp). hidden_size_per_layer_input > 0 adds
// the per-layer embeddings. Each layer stores a layer_scalar buffer.
std::optional<Error> gemma4_text(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 1, kMaxPositions, false, 512));
  VRAMCALC_TRY(global_dim, f.uint({"global_head_dim"}, 0, kMaxWidth, false, 0));
  VRAMCALC_TRY(k_eq_v, f.flag("attention_k_eq_v", false));
  VRAMCALC_TRY(global_kv, f.uint({"num_global_key_value_heads"}, 0, kMaxHeads, false, 0));
  VRAMCALC_TRY(shared, f.uint({"num_kv_shared_layers"}, 0, m.num_layers, false, 0));
  VRAMCALC_TRY(ple, f.uint({"hidden_size_per_layer_input"}, 0, kMaxWidth, false, 0));
  VRAMCALC_TRY(ple_vocab,
               f.uint({"vocab_size_per_layer_input"}, 1, kMaxVocab, false, m.vocab_size));
  VRAMCALC_TRY(wide, f.flag("use_double_wide_mlp", false));
  VRAMCALC_TRY(moe_on, f.flag("enable_moe_block", false));
  MoeShape e;
  if (moe_on) {
    VRAMCALC_TRY(n, f.uint({"num_experts"}, 1, kMaxExperts, true));
    VRAMCALC_TRY(k, f.uint({"top_k_experts", "num_experts_per_tok"}, 1, n, true));
    VRAMCALC_TRY(w, f.uint({"moe_intermediate_size"}, 1, kMaxWidth, true));
    e.experts = n, e.top_k = k, e.expert_width = w;
    e.router_scales = true;
  }
  const uint64_t first_shared = m.num_layers - shared;
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    const std::string type = layer_type(
        f, i, [](uint64_t j) { return (j + 1) % 6 == 0 ? "full_attention" : "sliding_attention"; });
    if (type == "sliding_attention") {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      ++m.sliding_window_layers;
    } else if (type == "full_attention") {
      if (global_dim) l.attn.head_dim = global_dim;
      l.attn.k_eq_v = k_eq_v;
      if (k_eq_v && global_kv) l.attn.kv_heads = global_kv;
    } else {
      return unknown_layer_type(f, i, type, "sliding_attention, full_attention");
    }
    l.attn.v_head_dim = 0;
    l.attn.shares_kv = i >= first_shared;
    l.attn.qk_norm = l.attn.head_dim * (l.attn.shares_kv ? 1 : 2);  // q_norm, k_norm
    l.ffn_width = m.intermediate_size * (wide && l.attn.shares_kv ? 2 : 1);
    l.norms = moe_on ? 7 : 4;
    if (moe_on) {
      l.ffn = Ffn::kMoe;  // the dense MLP (ffn_width) stays beside the experts
      l.moe = e;
    }
    l.per_layer_input = ple;
    append_layer(m.layers, l);
  }
  if (moe_on) summarize_moe(m, e, m.num_layers);
  if (ple) {  // embed_tokens_per_layer, per_layer_model_projection, per_layer_projection_norm
    m.per_layer_embedding_params =
        ple_vocab * m.num_layers * ple + m.hidden_size * m.num_layers * ple + ple;
  }
  m.stored_extra_params = m.num_layers;
  m.stored_extra_reason = "one layer_scalar buffer per layer";
  return std::nullopt;
}

// Gemma-3n text model (transformers src/transformers/models/gemma3n/modeling_gemma3n.py @
// 00aa0f5dc1ccd968335257cb871d41ee9c0bc21e; docs/research/architectures/gemma3n.md):
// sliding layers (window sliding_window) and a full one every fifth by layer_types;
// per-head Q/K norms; an MLP of intermediate_size (a number or one per layer); four
// norms; per layer AltUp over altup_num_inputs hidden copies, LAuReL of laurel_rank and
// the per-layer input of hidden_size_per_layer_input. The last num_kv_shared_layers
// reuse an earlier layer's cache yet store k_proj and v_proj. Model-level: the
// per-layer embeddings and their projection, and 2 (n - 1) AltUp projections h x h.
std::optional<Error> gemma3n_text(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  const uint64_t L = m.num_layers, h = m.hidden_size;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 1, kMaxPositions, false, 512));
  VRAMCALC_TRY(shared, f.uint({"num_kv_shared_layers"}, 0, L, false, 0));
  VRAMCALC_TRY(ple, f.uint({"hidden_size_per_layer_input"}, 0, kMaxWidth, false, 256));
  VRAMCALC_TRY(ple_vocab, f.uint({"vocab_size_per_layer_input"}, 1, kMaxVocab, false, 262144));
  VRAMCALC_TRY(altup, f.uint({"altup_num_inputs"}, 1, 64, false, 4));
  VRAMCALC_TRY(laurel, f.uint({"laurel_rank"}, 0, kMaxWidth, false, 64));
  std::vector<uint64_t> widths(static_cast<size_t>(L), m.intermediate_size);
  const auto listed = f.object().find("intermediate_size");
  if (listed != f.object().end() && listed->is_array()) {
    if (listed->size() != L) {
      return f.error(ErrorCode::kInconsistentModel,
                     "field 'intermediate_size' lists " + std::to_string(listed->size()) +
                         " widths for " + std::to_string(L) + " layers");
    }
    for (size_t i = 0; i < widths.size(); ++i) {
      const Json& w = (*listed)[i];
      if (!w.is_number_unsigned() || w.get<uint64_t>() == 0 || w.get<uint64_t>() > kMaxWidth) {
        return f.error(ErrorCode::kInvalidField,
                       "field 'intermediate_size' entry " + std::to_string(i) + " is " + brief(w));
      }
      widths[i] = w.get<uint64_t>();
    }
    m.intermediate_size = widths[0];
  }
  m.qk_norm_params = 2 * m.head_dim;
  if (auto e = sliding_layers(f, m, window, [](uint64_t i) { return (i + 1) % 5 != 0; })) {
    return e;
  }
  std::vector<LayerSpec> layers;
  for (uint64_t i = 0; i < L; ++i) {
    LayerSpec l = *layer_at(m.layers, i);
    l.repeat = 1;
    l.attn.shares_kv = l.attn.kv_proj_unused = i >= L - shared;
    l.ffn_width = widths[static_cast<size_t>(i)];
    l.per_layer_input = ple;
    l.altup_inputs = altup;
    l.laurel_rank = laurel;
    append_layer(layers, l);
  }
  m.layers = layers;
  // embed_tokens_per_layer, per_layer_model_projection, per_layer_projection_norm
  m.per_layer_embedding_params = ple_vocab * L * ple + h * L * ple + ple;
  m.altup_projection_params = 2 * (altup - 1) * h * h;
  return std::nullopt;
}

}  // namespace vramcalc::config
