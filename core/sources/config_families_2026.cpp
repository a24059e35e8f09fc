// 2025-26 families (config_families_2026.h). Each reader builds the layer list
// from the config's own per-layer fields (layer_types, intervals), so a layer's
// window, mixer and MLP come from the file rather than from the model_type.
#include "config_families_2026.h"

#include <algorithm>
#include <functional>
#include <string>

#include "printable.h"

namespace vramcalc::config {

namespace {

// layer_types[i] when the config lists it (config_parser checks its length and
// element type), else fallback(i): transformers' own default for the family.
std::string layer_type(FieldReader& f, uint64_t i, const std::function<std::string(uint64_t)>& fallback) {
  const auto it = f.object().find("layer_types");
  if (it != f.object().end() && it->is_array() && i < it->size() && (*it)[i].is_string()) {
    return (*it)[static_cast<size_t>(i)].get<std::string>();
  }
  return fallback(i);
}

Error unknown_layer_type(FieldReader& f, uint64_t i, const std::string& type,
                         const char* known) {
  return f.error(ErrorCode::kInvalidField, "field 'layer_types' entry " + std::to_string(i) +
                                               " is '" + type.substr(0, 40) +
                                               "' (known: " + known + ")");
}

// Softmax attention from the common fields.
AttentionSpec attention_of(const ModelSpec& m) {
  AttentionSpec a;
  a.q_heads = m.num_heads;
  a.kv_heads = m.num_kv_heads;
  a.head_dim = m.head_dim;
  a.qkv_bias = m.qkv_bias;
  a.out_bias = m.attn_out_bias;
  a.qk_norm = m.qk_norm_params;
  return a;
}

LayerSpec layer_of(const ModelSpec& m) {
  LayerSpec l;
  l.attn = attention_of(m);
  l.norms = m.norms_per_layer;
  l.gated = m.gated_mlp;
  l.ffn_bias = m.mlp_bias;
  l.ffn_width = m.intermediate_size;
  return l;
}

std::optional<Error> biases(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(attn, f.flag("attention_bias", m.qkv_bias));
  VRAMCALC_TRY(mlp, f.flag("mlp_bias", m.mlp_bias));
  m.qkv_bias = m.attn_out_bias = attn;
  m.mlp_bias = mlp;
  return std::nullopt;
}

// Routed experts every token of a MoE layer chooses from.
Result<MoeShape> moe_shape(FieldReader& f, std::initializer_list<const char*> count,
                           std::initializer_list<const char*> width) {
  MoeShape e;
  auto n = f.uint(count, 1, kMaxExperts, true);
  if (!n.ok()) return n.error();
  auto k = f.uint({"num_experts_per_tok", "experts_per_token"}, 1, n.value(), true);
  if (!k.ok()) return k.error();
  auto w = f.uint(width, 1, kMaxWidth, true);
  if (!w.ok()) return w.error();
  e.experts = n.value();
  e.top_k = k.value();
  e.expert_width = w.value();
  return e;
}

void summarize_moe(ModelSpec& m, const MoeShape& e, uint64_t moe_layers) {
  m.moe.num_experts = e.experts;
  m.moe.experts_per_token = e.top_k;
  m.moe.expert_intermediate = e.expert_width;
  m.moe.shared_intermediate = e.shared_width;
  m.moe.shared_expert_gate = e.shared_gate;
  m.moe.router_bias = e.router_bias;
  m.moe.moe_layers = moe_layers;
}

Result<std::optional<DType>> state_dtype(FieldReader& f) {
  for (const char* key : {"mamba_ssm_cache_dtype", "mamba_ssm_dtype"}) {
    if (!f.has(key)) continue;
    auto name = f.text(key, "");
    if (!name.ok()) return name.error();
    if (name.value() == "float32") return std::optional<DType>(DType::kFP32);
    if (name.value() == "bfloat16") return std::optional<DType>(DType::kBF16);
    if (name.value() == "float16") return std::optional<DType>(DType::kFP16);
    return f.error(ErrorCode::kInvalidField, "field '" + std::string(key) + "' is '" +
                                                 name.value().substr(0, 20) +
                                                 "' (known: float32, bfloat16, float16)");
  }
  return std::optional<DType>();
}

}  // namespace

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
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    l.attn.sinks = true;
    const std::string type =
        layer_type(f, i, [](uint64_t j) { return j % 2 == 0 ? "sliding_attention" : "full_attention"; });
    if (type == "sliding_attention") {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      ++m.sliding_window_layers;
    } else if (type != "full_attention") {
      return unknown_layer_type(f, i, type, "sliding_attention, full_attention");
    }
    l.ffn = Ffn::kMoe;
    l.ffn_width = 0;
    l.moe = e;
    append_layer(m.layers, l);
  }
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
    const auto it = f.object().find("mlp_only_layers");
    if (it != f.object().end() && it->is_array()) {
      for (const auto& v : *it) {
        if (!v.is_number_unsigned() || v.get<uint64_t>() >= m.num_layers) {
          return f.error(ErrorCode::kInvalidField,
                         "field 'mlp_only_layers' holds " + brief(v) + ", not a layer index");
        }
        dense_only[static_cast<size_t>(v.get<uint64_t>())] = true;
      }
    }
  }
  const auto channel = [&](LayerSpec& l, uint64_t i) {
    if (dense_only[static_cast<size_t>(i)] || (i + 1) % step != 0) return;
    l.ffn = Ffn::kMoe;
    l.ffn_width = 0;
    l.moe = e;
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
  VRAMCALC_TRY(mtp, f.uint({"mtp_num_hidden_layers", "num_nextn_predict_layers"}, 0, 64, false,
                           0));
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

// Nemotron-H (transformers models/nemotron_h; vLLM nemotron_h_mtp.py): one
// sublayer per block, spelled by hybrid_override_pattern: M = Mamba-2 (heads x
// head_dim channels, grouped B/C, gated RMSNorm), * = attention without biases,
// - = ReLU^2 MLP (up, down), E = MoE of ReLU^2 experts with a shared expert, in a
// latent width when moe_latent_size is set. The router's e_score_correction_bias
// is a buffer (not a parameter). MTP steps follow mtp_hybrid_override_pattern.
std::optional<Error> nemotron_h(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(pattern, f.text("hybrid_override_pattern", ""));
  if (pattern.size() != m.num_layers) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field 'hybrid_override_pattern' has " + std::to_string(pattern.size()) +
                       " layers but num_hidden_layers is " + std::to_string(m.num_layers));
  }
  VRAMCALC_TRY(heads, f.uint({"mamba_num_heads"}, 1, kMaxHeads, pattern.find('M') != std::string::npos, 128));
  VRAMCALC_TRY(head_dim, f.uint({"mamba_head_dim"}, 1, 1 << 12, false, 64));
  VRAMCALC_TRY(groups, f.uint({"n_groups"}, 1, kMaxHeads, false, 8));
  VRAMCALC_TRY(state, f.uint({"ssm_state_size"}, 1, 1 << 12, false, 128));
  VRAMCALC_TRY(kernel, f.uint({"conv_kernel"}, 1, 64, false, 4));
  VRAMCALC_TRY(proj_bias, f.flag("use_bias", false));
  VRAMCALC_TRY(conv_bias, f.flag("use_conv_bias", true));
  VRAMCALC_TRY(mlp_bias, f.flag("mlp_bias", false));
  VRAMCALC_TRY(ssm, state_dtype(f));
  m.state_dtype = ssm.value_or(DType::kFP32);  // NemotronHConfig default: float32
  m.mlp_bias = mlp_bias;
  m.gated_mlp = false;
  m.norms_per_layer = 1;
  MambaSpec mamba;
  mamba.heads = heads;
  mamba.head_dim = head_dim;
  mamba.inner = heads * head_dim;  // not expand x hidden
  mamba.state_size = state;
  mamba.groups = groups;
  mamba.conv_kernel = kernel;
  mamba.conv_bias = conv_bias;
  mamba.proj_bias = proj_bias;
  MoeShape e;
  const bool has_moe = pattern.find('E') != std::string::npos;
  if (has_moe) {
    auto shape = moe_shape(f, {"n_routed_experts"}, {"moe_intermediate_size"});
    if (!shape.ok()) return shape.error();
    e = shape.value();
    VRAMCALC_TRY(shared, f.uint({"moe_shared_expert_intermediate_size"}, 0, kMaxWidth, false, 0));
    VRAMCALC_TRY(latent, f.uint({"moe_latent_size"}, 0, kMaxWidth, false, 0));
    e.shared_width = shared;
    e.latent_width = latent;
  }
  const auto block = [&](char kind, LayerSpec& l) -> bool {
    l = layer_of(m);
    l.norms = 1;
    l.ffn = Ffn::kNone;
    l.attn.qkv_bias = l.attn.out_bias = false;
    switch (kind) {
      case 'M': l.mixer = Mixer::kMamba; l.mamba = mamba; return true;
      case '*': return true;
      case '-': l.mixer = Mixer::kNone; l.ffn = Ffn::kDense; return true;
      case 'E': l.mixer = Mixer::kNone; l.ffn = Ffn::kMoe; l.ffn_width = 0; l.moe = e; return true;
      default: return false;
    }
  };
  uint64_t moe_layers = 0, local = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l;
    if (!block(pattern[static_cast<size_t>(i)], l)) {
      return f.error(ErrorCode::kInvalidField,
                     "field 'hybrid_override_pattern' has '" +
                         printable(pattern.substr(static_cast<size_t>(i), 1), 8) + "' at layer " +
                         std::to_string(i) + " (known: M, *, -, E)");
    }
    if (l.ffn == Ffn::kDense && l.ffn_width == 0) {
      return f.error(ErrorCode::kMissingField, "missing field 'intermediate_size'");
    }
    moe_layers += l.ffn == Ffn::kMoe;
    local += l.mixer == Mixer::kMamba;
    append_layer(m.layers, l);
  }
  (void)local;
  if (has_moe) summarize_moe(m, e, moe_layers);
  VRAMCALC_TRY(mtp, f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0));
  VRAMCALC_TRY(mtp_pattern, f.text("mtp_hybrid_override_pattern", "*E"));
  if (mtp > 0) {
    for (uint64_t step = 0; step < mtp; ++step) {
      for (char kind : mtp_pattern) {
        LayerSpec l;
        if (!block(kind, l)) {
          return f.error(ErrorCode::kInvalidField,
                         "field 'mtp_hybrid_override_pattern' holds an unknown layer kind");
        }
        append_layer(m.mtp_layers, l);
      }
    }
    // Per step: enorm, hnorm, eh_proj (2h -> h) on its first layer, a final norm.
    const uint64_t h = m.hidden_size;
    m.mtp_extra_params = mtp * (2 * h + 2 * h * h + h);
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
  std::vector<bool> moe(static_cast<size_t>(m.num_layers), false);
  const auto listed = f.object().find("moe_layers");
  if (listed != f.object().end() && listed->is_array()) {
    for (const auto& v : *listed) {
      if (!v.is_number_unsigned() || v.get<uint64_t>() >= m.num_layers) {
        return f.error(ErrorCode::kInvalidField,
                       "field 'moe_layers' holds " + brief(v) + ", not a layer index");
      }
      moe[static_cast<size_t>(v.get<uint64_t>())] = true;
    }
  } else {
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
      l.ffn = Ffn::kMoe;
      l.ffn_width = 0;
      l.moe = e;
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
    const std::string type = layer_type(f, i, [&](uint64_t) {
      return window > 0 ? "sliding_attention" : "full_attention";
    });
    if (type == "sliding_attention" && window > 0) {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      ++m.sliding_window_layers;
    }
    if (moe) {
      l.ffn = Ffn::kMoe;
      l.ffn_width = 0;
      l.moe = e;
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

// DeciLM / Llama-Nemotron (nemotron-nas; NVIDIA-NeMo/Automodel decilm/layers.py
// @973123ec, vLLM nemotron_nas.py @00bd1493): one block_configs entry per layer,
// its attention GQA with n_heads_in_group, a no-op or one linear matrix, its FFN
// a SwiGLU of width from ffn_mult, a no-op or one linear matrix; a norm only in
// front of the sublayers that exist.
std::optional<Error> nemotron_nas(FieldReader& f, ModelSpec& m) {
  const auto blocks = f.object().find("block_configs");
  if (blocks == f.object().end() || !blocks->is_array() || blocks->size() != m.num_layers) {
    return f.error(ErrorCode::kInconsistentModel,
                   "field 'block_configs' must list one block per layer (" +
                       std::to_string(m.num_layers) + ")");
  }
  const auto flag = [](const Json& o, const char* key) {
    const auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
  };
  uint64_t attention_layers = 0, kv_heads = 0;
  for (size_t i = 0; i < blocks->size(); ++i) {
    const Json& b = (*blocks)[i];
    const auto a = b.find("attention"), ffn = b.find("ffn");
    if (!b.is_object() || a == b.end() || ffn == b.end() || !a->is_object() ||
        !ffn->is_object()) {
      return f.error(ErrorCode::kInvalidField, "field 'block_configs' entry " + std::to_string(i) +
                                                   " needs 'attention' and 'ffn' objects");
    }
    LayerSpec l = layer_of(m);
    l.norms = 0;
    if (flag(*a, "no_op")) {
      l.mixer = Mixer::kNone;
    } else {
      ++l.norms;
      if (flag(*a, "replace_with_linear")) {
        l.mixer = Mixer::kLinear;
      } else {
        const auto g = a->find("n_heads_in_group");
        if (g == a->end() || !g->is_number_unsigned() || g->get<uint64_t>() == 0 ||
            m.num_heads % g->get<uint64_t>() != 0) {
          return f.error(ErrorCode::kInvalidField,
                         "field 'block_configs' entry " + std::to_string(i) +
                             ": attention.n_heads_in_group must divide num_attention_heads");
        }
        l.attn.kv_heads = m.num_heads / g->get<uint64_t>();
        ++attention_layers;
        kv_heads = l.attn.kv_heads;
      }
    }
    if (flag(*ffn, "no_op")) {
      l.ffn = Ffn::kNone;
    } else {
      ++l.norms;
      if (flag(*ffn, "replace_with_linear")) {
        l.ffn = Ffn::kLinear;
      } else {
        const auto mult = ffn->find("ffn_mult");
        if (mult == ffn->end() || !mult->is_number() || mult->get<double>() <= 0 ||
            mult->get<double>() > 64) {
          return f.error(ErrorCode::kInvalidField, "field 'block_configs' entry " +
                                                       std::to_string(i) +
                                                       ": ffn.ffn_mult must be a number in (0, 64]");
        }
        // DeciLM's _ffn_mult_to_intermediate_size: 2/3 x mult x hidden, up to a multiple of 256.
        const auto width =
            static_cast<uint64_t>(2.0 * mult->get<double>() * static_cast<double>(m.hidden_size) / 3.0);
        l.ffn_width = (width + 255) / 256 * 256;
      }
    }
    append_layer(m.layers, l);
  }
  if (kv_heads) m.num_kv_heads = kv_heads;
  m.notes.push_back(std::to_string(attention_layers) + " of " + std::to_string(m.num_layers) +
                    " layers have attention (block_configs)");
  return std::nullopt;
}

namespace {

// Llama-4 vision encoder and projector (transformers Llama4VisionModel +
// Llama4MultiModalProjector): unfold patch embedding, class and position
// embeddings, LayerNorms before and after, ViT layers with biases, the pixel-
// shuffle adapter MLP, and the projector to the LM width.
Result<uint64_t> llama4_vision(const Json& v, uint64_t text_hidden, std::string_view source) {
  FieldReader f(v, source);
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 768));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 5632));
  VRAMCALC_TRY(layers, f.uint({"num_hidden_layers"}, 0, 1024, false, 34));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 14));
  VRAMCALC_TRY(channels, f.uint({"num_channels"}, 1, 8, false, 3));
  VRAMCALC_TRY(image, f.uint({"image_size"}, 1, 1 << 14, false, 448));
  VRAMCALC_TRY(out, f.uint({"vision_output_dim"}, 1, 1 << 18, false, 7680));
  VRAMCALC_TRY(proj_in, f.uint({"projector_input_dim"}, 1, 1 << 18, false, 4096));
  VRAMCALC_TRY(proj_out, f.uint({"projector_output_dim"}, 1, 1 << 18, false, 4096));
  const uint64_t patches = (image / patch) * (image / patch) + 1;
  uint64_t t = channels * patch * patch * h + h + patches * h + 4 * h;
  t += layers * (4 * (h * h + h) + (h * inter + inter) + (inter * h + h) + 4 * h);
  t += inter * proj_in + proj_out * proj_out;
  t += out * text_hidden;
  return t;
}

// Qwen3-VL / Qwen3.5 vision encoder (transformers Qwen3VLVisionModel): a Conv3d
// patch embedding with bias, learned positions, `depth` ViT blocks (LayerNorms,
// qkv and proj with bias, fc1/fc2 with bias), the patch merger (LayerNorm over the
// hidden size, fc1 over merged patches, fc2 to the LM width) and, for Qwen3-VL,
// one deepstack merger (LayerNorm over the merged width) per deepstack index.
Result<uint64_t> qwen_vision(const Json& v, bool deepstack, std::string_view source) {
  FieldReader f(v, source);
  // Bounds far above real encoders that keep every product below 2^63.
  VRAMCALC_TRY(h, f.uint({"hidden_size"}, 1, 1 << 16, false, 1152));
  VRAMCALC_TRY(inter, f.uint({"intermediate_size"}, 1, 1 << 18, false, 4304));
  VRAMCALC_TRY(depth, f.uint({"depth"}, 0, 1024, false, 27));
  VRAMCALC_TRY(patch, f.uint({"patch_size"}, 1, 64, false, 16));
  VRAMCALC_TRY(temporal, f.uint({"temporal_patch_size"}, 1, 8, false, 2));
  VRAMCALC_TRY(channels, f.uint({"in_channels"}, 1, 8, false, 3));
  VRAMCALC_TRY(merge, f.uint({"spatial_merge_size"}, 1, 8, false, 2));
  VRAMCALC_TRY(out, f.uint({"out_hidden_size"}, 1, kMaxWidth, false, 3584));
  VRAMCALC_TRY(positions, f.uint({"num_position_embeddings"}, 0, 1 << 20, false, 2304));
  uint64_t stacks = 0;
  if (deepstack) {
    const auto it = v.find("deepstack_visual_indexes");
    if (it != v.end() && it->is_array()) stacks = std::min<uint64_t>(it->size(), 1024);
  }
  const uint64_t merged = h * merge * merge;
  const uint64_t merger_tail = merged * merged + merged + merged * out + out;
  uint64_t t = channels * temporal * patch * patch * h + h + positions * h;
  t += depth * (4 * h + 3 * h * h + 3 * h + h * h + h + h * inter + inter + inter * h + h);
  t += 2 * h + merger_tail;
  t += stacks * (2 * merged + merger_tail);
  return t;
}

}  // namespace

Result<bool> add_towers(const std::string& outer_type, const Json& outer, ModelSpec& m,
                        std::string_view source) {
  if (outer_type == "llama4") {
    const auto v = outer.find("vision_config");
    if (v == outer.end() || !v->is_object()) return false;
    auto params = llama4_vision(*v, m.hidden_size, source);
    if (!params.ok()) return params.error();
    m.towers.push_back({"vision tower and projector", params.value()});
    return true;
  }
  const bool qwen3_vl = outer_type == "qwen3_vl" || outer_type == "qwen3_vl_moe";
  const bool qwen3_5 = outer_type == "qwen3_5" || outer_type == "qwen3_5_moe";
  const auto it = outer.find("vision_config");
  if (!(qwen3_vl || qwen3_5) || it == outer.end() || !it->is_object()) return false;
  auto params = qwen_vision(*it, qwen3_vl, source);
  if (!params.ok()) return params.error();
  m.towers.push_back({"vision tower", params.value()});
  return true;
}

}  // namespace vramcalc::config
