// 2025-26 families (config_families_2026.h). Each reader builds the layer list
// from the config's own per-layer fields (layer_types, intervals), so a layer's
// window, mixer and MLP come from the file rather than from the model_type.
#include "config_families_2026.h"

#include <string>
#include <vector>

#include "config_layer_blocks.h"

namespace vramcalc::config {

// gpt-oss (transformers models/gpt_oss): alternating sliding (window 128) and full
// attention with biases and one learned sink per head; every layer a MoE whose
// router and experts have biases.
std::optional<Error> gpt_oss(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 1, kMaxPositions, false, 128));
  auto shape = moe_shape(f, {"num_local_experts"}, {"intermediate_size"});
  if (!shape.ok()) return shape.error();
  MoeShape e = shape.value();
  e.router_linear_bias = e.expert_bias = true;
  // Even layers slide unless layer_types says otherwise; then every layer gets its
  // sinks and the experts.
  if (auto err = sliding_layers(f, m, window, [](uint64_t j) { return j % 2 == 0; })) return err;
  m.sliding_window = window;
  std::vector<LayerSpec> runs;
  for (LayerSpec l : m.layers) {
    l.attn.sinks = true;
    route_to_experts(l, e);
    append_layer(runs, l);
  }
  m.layers = std::move(runs);
  summarize_moe(m, e, m.num_layers);
  return std::nullopt;
}

// Qwen3-Next and Qwen3.5 (transformers models/qwen3_next, qwen3_5, qwen3_5_moe):
// Gated DeltaNet layers with a gated full-attention layer every
// full_attention_interval; Qwen3.5 dense or all-MoE, Qwen3-Next MoE by
// decoder_sparse_step; MTP layers (vLLM qwen3_next_mtp.py) kept beside the model.
std::optional<Error> qwen3_next(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  m.qk_norm_params = 2 * m.head_dim;
  VRAMCALC_TRY(gate, f.flag("attn_output_gate", true));
  VRAMCALC_TRY(interval, f.uint({"full_attention_interval"}, 1, kMaxLayers, false, 4));
  VRAMCALC_TRY(nk, f.uint({"linear_num_key_heads"}, 1, kMaxHeads, false, 16));
  VRAMCALC_TRY(nv, f.uint({"linear_num_value_heads"}, 1, kMaxHeads, false, 32));
  VRAMCALC_TRY(dk, f.uint({"linear_key_head_dim"}, 1, kMaxWidth, false, 128));
  VRAMCALC_TRY(dv, f.uint({"linear_value_head_dim"}, 1, kMaxWidth, false, 128));
  VRAMCALC_TRY(kernel, f.uint({"linear_conv_kernel_dim"}, 1, 64, false, 4));
  VRAMCALC_TRY(ssm, state_dtype(f));
  m.state_dtype = ssm;
  const bool dense_family = m.model_type == "qwen3_5_text";
  MoeShape e;
  uint64_t step = 1;
  std::vector<bool> dense_only(static_cast<size_t>(m.num_layers), dense_family);
  if (!dense_family) {
    auto shape = moe_shape(f, {"num_experts"}, {"moe_intermediate_size"});
    if (!shape.ok()) return shape.error();
    e = shape.value();
    VRAMCALC_TRY(shared, f.uint({"shared_expert_intermediate_size"}, 0, kMaxWidth, false, 0));
    e.shared_width = shared;
    e.shared_gate = shared > 0;
    VRAMCALC_TRY(sparse_step, f.uint({"decoder_sparse_step"}, 1, kMaxLayers, false, 1));
    step = sparse_step;
    VRAMCALC_TRY(listed, layer_set(f, "mlp_only_layers", m.num_layers));
    for (size_t i = 0; i < listed.size(); ++i) dense_only[i] = dense_only[i] || listed[i];
  }
  const auto channel = [&](LayerSpec& l, uint64_t i) {
    if (dense_only[static_cast<size_t>(i)] || (i + 1) % step != 0) return;
    route_to_experts(l, e);
  };
  uint64_t moe_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    l.attn.output_gate = gate;
    const std::string type = layer_type(f, i, [&](uint64_t j) {
      return (j + 1) % interval == 0 ? "full_attention" : "linear_attention";
    });
    if (type == "linear_attention") {
      l.mixer = Mixer::kDeltaNet;
      l.gdn = {nk, nv, dk, dv, kernel};
    } else if (type != "full_attention") {
      return unknown_layer_type(f, i, type, "linear_attention, full_attention");
    }
    channel(l, i);
    moe_layers += l.ffn == Ffn::kMoe;
    if (l.ffn == Ffn::kDense && l.ffn_width == 0) {
      return f.error(ErrorCode::kMissingField, "missing field 'intermediate_size'");
    }
    append_layer(m.layers, l);
  }
  if (!dense_family) summarize_moe(m, e, moe_layers);
  VRAMCALC_TRY(mtp, f.uint({"mtp_num_hidden_layers", "num_nextn_predict_layers"}, 0, 64, false, 0));
  if (mtp > 0) {
    // A full-attention decoder layer with the model's MLP per MTP layer, plus
    // fc (2h -> h) and three norms; embeddings and head shared with the model.
    LayerSpec l = layer_of(m);
    l.attn.output_gate = gate;
    channel(l, m.num_layers - 1);
    l.repeat = mtp;
    m.mtp_layers.push_back(l);
    m.mtp_extra_params = 2 * m.hidden_size * m.hidden_size + 3 * m.hidden_size;
  }
  return std::nullopt;
}

// MiMo-7B (XiaomiMiMo remote code): Qwen2 with num_nextn_predict_layers MTP layers,
// each a Qwen2 decoder layer with three more norms and an input projection 2h -> h.
std::optional<Error> mimo(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(use_window, f.flag("use_sliding_window", false));
  if (!use_window) m.sliding_window = m.sliding_window_layers = 0;
  m.layers = uniform_layers(m);
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  if (mtp > 0) {
    LayerSpec l = layer_of(m);
    l.repeat = mtp;
    m.mtp_layers.push_back(l);
    // token_layernorm, hidden_layernorm, final_layernorm + input_proj (2h -> h, no bias).
    m.mtp_extra_params = mtp * (3 * m.hidden_size + 2 * m.hidden_size * m.hidden_size);
  }
  return std::nullopt;
}

// MiMo-V2-Flash (transformers models/mimo_v2_flash/modeling_mimo_v2_flash.py @
// 019770ddcfd6, vLLM models/mimo_v2_flash.py @ 01ed47b4166b; mimo_v2_flash.md):
// hybrid_layer_pattern 1 = a sliding-window layer with its own heads (swa_*),
// value heads narrower than query/key heads, a sink logit per head where
// add_*_attention_sink_bias; moe_layer_freq 1 = 256 routed experts with a sigmoid
// router whose e_score_correction_bias is a buffer (stored, not a parameter).
// MTP layers (the checkpoint's model.mtp.*): the sliding-window attention and the
// dense MLP, with enorm, hnorm, final_layernorm and eh_proj (2h -> h).
std::optional<Error> mimo_v2_flash(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  const uint64_t L = m.num_layers;
  VRAMCALC_TRY(v_dim, f.uint({"v_head_dim"}, 1, kMaxWidth, false, m.head_dim));
  VRAMCALC_TRY(full_sinks, f.flag("add_full_attention_sink_bias", false));
  VRAMCALC_TRY(swa_sinks, f.flag("add_swa_attention_sink_bias", false));
  VRAMCALC_TRY(window,
               f.uint({"sliding_window_size", "sliding_window"}, 1, kMaxPositions, false, 128));
  VRAMCALC_TRY(swa_q, f.uint({"swa_num_attention_heads"}, 1, kMaxHeads, false, m.num_heads));
  VRAMCALC_TRY(swa_kv, f.uint({"swa_num_key_value_heads"}, 1, swa_q, false, m.num_kv_heads));
  VRAMCALC_TRY(swa_dim, f.uint({"swa_head_dim"}, 1, kMaxWidth, false, m.head_dim));
  VRAMCALC_TRY(swa_v, f.uint({"swa_v_head_dim"}, 1, kMaxWidth, false, v_dim));
  VRAMCALC_TRY(swa, layer_bits(f, "hybrid_layer_pattern", L, false));
  VRAMCALC_TRY(sparse, layer_bits(f, "moe_layer_freq", L, true));
  auto shape = moe_shape(f, {"n_routed_experts"}, {"moe_intermediate_size"});
  if (!shape.ok()) return shape.error();
  const MoeShape e = shape.value();
  LayerSpec full = layer_of(m), windowed = layer_of(m);
  full.attn.v_head_dim = v_dim;
  full.attn.sinks = full_sinks;
  windowed.attn = {swa_q, swa_kv, swa_dim, swa_v, Span::kSliding, window};
  windowed.attn.qkv_bias = windowed.attn.out_bias = m.qkv_bias;
  windowed.attn.sinks = swa_sinks;
  uint64_t moe_layers = 0;
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  for (uint64_t i = 0; i < L; ++i) {
    const bool sliding = swa[static_cast<size_t>(i)];
    LayerSpec l = sliding ? windowed : full;
    m.sliding_window_layers += sliding;
    if (sparse[static_cast<size_t>(i)]) {
      route_to_experts(l, e);
      ++moe_layers;
    }
    append_layer(m.layers, l);
  }
  summarize_moe(m, e, moe_layers);
  m.stored_extra_params = moe_layers * e.experts;
  m.stored_extra_reason = "e_score_correction_bias router buffers";
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  if (!f.has("num_nextn_predict_layers")) {
    m.notes.push_back("num_nextn_predict_layers absent: no MTP layers counted");
  }
  if (mtp > 0) {
    windowed.repeat = mtp;
    m.mtp_layers.push_back(windowed);
    m.mtp_extra_params = mtp * (2 * m.hidden_size * m.hidden_size + 3 * m.hidden_size);
  }
  return std::nullopt;
}

// Llama-4 text model (transformers models/llama4): chunked attention (chunk
// attention_chunk_size) on the RoPE layers, full attention on every
// no_rope_layer_interval-th (NoPE) layer; MoE every interleave_moe_layer_step-th
// layer with one shared expert of intermediate_size, dense layers of
// intermediate_size_mlp; attention without biases, parameter-free QK L2 norm.
std::optional<Error> llama4_text(FieldReader& f, ModelSpec& m) {
  m.qkv_bias = m.attn_out_bias = false;
  VRAMCALC_TRY(chunk, f.uint({"attention_chunk_size"}, 1, kMaxPositions, false, 8192));
  VRAMCALC_TRY(nope_interval, f.uint({"no_rope_layer_interval"}, 1, kMaxLayers, false, 4));
  VRAMCALC_TRY(step, f.uint({"interleave_moe_layer_step"}, 1, kMaxLayers, false, 1));
  VRAMCALC_TRY(dense_width, f.uint({"intermediate_size_mlp"}, 1, kMaxWidth, false, 16384));
  auto shape = moe_shape(f, {"num_local_experts"}, {"intermediate_size"});
  if (!shape.ok()) return shape.error();
  MoeShape e = shape.value();
  e.shared_width = e.expert_width;
  VRAMCALC_TRY(listed, layer_set(f, "moe_layers", m.num_layers));
  std::vector<bool> moe = listed;
  const auto given = f.object().find("moe_layers");
  if (given == f.object().end() || given->is_null()) {
    for (uint64_t i = step - 1; i < m.num_layers; i += step) moe[static_cast<size_t>(i)] = true;
  }
  uint64_t moe_layers = 0;
  m.sliding_window = chunk;
  m.sliding_window_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    const std::string type = layer_type(f, i, [&](uint64_t j) {
      return (j + 1) % nope_interval != 0 ? "chunked_attention" : "full_attention";
    });
    if (type == "chunked_attention") {
      l.attn.span = Span::kChunked;
      l.attn.window = chunk;
      ++m.sliding_window_layers;
    } else if (type != "full_attention") {
      return unknown_layer_type(f, i, type, "chunked_attention, full_attention");
    }
    if (moe[static_cast<size_t>(i)]) {
      route_to_experts(l, e);
      ++moe_layers;
    } else {
      l.ffn_width = dense_width;
    }
    append_layer(m.layers, l);
  }
  summarize_moe(m, e, moe_layers);
  m.intermediate_size = dense_width;
  return std::nullopt;
}

std::optional<Error> generic_decoder(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  std::string read = "vocab_size, hidden_size, num_hidden_layers, num_attention_heads";
  for (const char* key : {"num_key_value_heads", "head_dim", "intermediate_size"}) {
    if (f.has(key)) read += std::string(", ") + key;
  }
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 0));
  MoeShape e;
  bool moe = false;
  for (const char* count : {"num_experts", "num_local_experts", "n_routed_experts"}) {
    VRAMCALC_TRY(n, f.uint({count}, 0, kMaxExperts, false, 0));
    if (n == 0) continue;
    auto shape = moe_shape(f, {count}, {"moe_intermediate_size", "intermediate_size"});
    if (!shape.ok()) return shape.error();
    e = shape.value();
    VRAMCALC_TRY(shared, f.uint({"shared_expert_intermediate_size"}, 0, kMaxWidth, false, 0));
    e.shared_width = shared;
    moe = true;
    read += std::string(", ") + count + ", num_experts_per_tok";
    break;
  }
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    const std::string type = layer_type(
        f, i, [&](uint64_t) { return window > 0 ? "sliding_attention" : "full_attention"; });
    if (type == "sliding_attention" && window > 0) {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      ++m.sliding_window_layers;
    }
    if (moe) {
      route_to_experts(l, e);
    } else if (l.ffn_width == 0) {
      return f.error(ErrorCode::kMissingField, "missing field 'intermediate_size'");
    }
    append_layer(m.layers, l);
  }
  if (moe) summarize_moe(m, e, m.num_layers);
  m.notes.push_back("model_type '" + m.model_type.substr(0, 40) +
                    "' is not a known family: read as a Llama-style decoder from " + read +
                    "; the count is approximate");
  return std::nullopt;
}

}  // namespace vramcalc::config
