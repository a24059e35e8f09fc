// Readers of the families up to 2024 (config_families_classic.h), from the
// Hugging Face transformers implementations (models/<family>/modeling_*.py and
// configuration_*.py): the fields only some families have.
#include <vector>

#include "config_families_classic.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// Qwen2 adds Q/K/V biases (fixed) and uses the window only with use_sliding_window.
std::optional<Error> qwen2(FieldReader& f, ModelSpec& m) {
  auto use = f.flag("use_sliding_window", false);
  if (!use.ok()) return use.error();
  if (!use.value()) m.sliding_window = m.sliding_window_layers = 0;
  return std::nullopt;
}

// Per-layer RMSNorm over head_dim on queries and keys.
std::optional<Error> qwen3(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  m.qk_norm_params = 2 * m.head_dim;
  return qwen2(f, m);
}

namespace {

// Reads the routed-expert fields shared by the MoE families.
std::optional<Error> experts(FieldReader& f, ModelSpec& m, std::initializer_list<const char*> count,
                             std::initializer_list<const char*> width, uint64_t width_fallback) {
  auto n = f.uint(count, 1, kMaxExperts, true);
  if (!n.ok()) return n.error();
  auto k = f.uint({"num_experts_per_tok"}, 1, n.value(), true);
  if (!k.ok()) return k.error();
  auto w = f.uint(width, 1, kMaxWidth, width_fallback == 0, width_fallback);
  if (!w.ok()) return w.error();
  m.moe.num_experts = n.value();
  m.moe.experts_per_token = k.value();
  m.moe.expert_intermediate = w.value();
  return std::nullopt;
}

}  // namespace

std::optional<Error> mixtral(FieldReader& f, ModelSpec& m) {
  if (auto e = experts(f, m, {"num_local_experts"}, {"intermediate_size"}, 0)) return e;
  m.moe.moe_layers = m.num_layers;
  return std::nullopt;
}

namespace {

// Qwen2-MoE / Qwen3-MoE: layer i routes when (i + 1) % decoder_sparse_step == 0
// and i is not in mlp_only_layers.
std::optional<Error> qwen_moe(FieldReader& f, ModelSpec& m, bool shared) {
  if (auto e = experts(f, m, {"num_experts"}, {"moe_intermediate_size"}, 0)) return e;
  auto step = f.uint({"decoder_sparse_step"}, 1, kMaxLayers, false, 1);
  if (!step.ok()) return step.error();
  auto dense = layer_set(f, "mlp_only_layers", m.num_layers);
  if (!dense.ok()) return dense.error();
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    if (!dense.value()[static_cast<size_t>(i)] && (i + 1) % step.value() == 0) ++m.moe.moe_layers;
  }
  if (shared) {
    auto w = f.uint({"shared_expert_intermediate_size"}, 0, kMaxWidth, false, 0);
    if (!w.ok()) return w.error();
    m.moe.shared_intermediate = w.value();
    m.moe.shared_expert_gate = w.value() > 0;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> qwen2_moe(FieldReader& f, ModelSpec& m) {
  if (auto e = qwen2(f, m)) return e;
  return qwen_moe(f, m, true);
}

std::optional<Error> qwen3_moe(FieldReader& f, ModelSpec& m) {
  if (auto e = qwen3(f, m)) return e;
  return qwen_moe(f, m, false);
}

// DeepSeek-V2/V3 (and Kimi-K2, DeepSeek-V3.2, GLM-5 on the same layout):
// multi-head latent attention, shared experts, dense first layers, an optional
// DSA indexer per layer (index_n_heads), and num_nextn_predict_layers MTP layers
// (DeepSeek's own repo: each stores its own embed_tokens and shared_head.head;
// GLM-5 shares them with the model).
std::optional<Error> deepseek(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  auto q = f.uint({"q_lora_rank"}, 1, kMaxWidth, false, 0);
  auto kv = f.uint({"kv_lora_rank"}, 1, kMaxWidth, true);
  auto rope = f.uint({"qk_rope_head_dim"}, 1, kMaxWidth, true);
  auto nope = f.uint({"qk_nope_head_dim"}, 1, kMaxWidth, true);
  auto v = f.uint({"v_head_dim"}, 1, kMaxWidth, true);
  auto index_heads = f.uint({"index_n_heads"}, 0, kMaxHeads, false, 0);
  auto index_dim = f.uint({"index_head_dim"}, 1, kMaxWidth, false, 128);
  for (const auto* r : {&q, &kv, &rope, &nope, &v, &index_heads, &index_dim}) {
    if (!r->ok()) return r->error();
  }
  m.mla_attention = true;
  m.mla = {q.value(), kv.value(), rope.value(), nope.value(), v.value(), 0, 0, m.num_heads};
  if (index_heads.value() > 0) {
    if (q.value() == 0) {
      return f.error(
          ErrorCode::kInconsistentModel,
          "field 'index_n_heads' needs a q_lora_rank (the indexer reads the query latent)");
    }
    m.mla.index_heads = index_heads.value();
    m.mla.index_head_dim = index_dim.value();
  }
  m.head_dim = nope.value() + rope.value();

  auto routed = f.uint({"n_routed_experts"}, 0, kMaxExperts, false, 0);
  auto mtp = f.uint({"num_nextn_predict_layers"}, 0, 64, false, 0);
  if (!routed.ok()) return routed.error();
  if (!mtp.ok()) return mtp.error();
  uint64_t first_dense = m.num_layers, freq = 1;
  if (routed.value() > 0) {
    if (auto e = experts(f, m, {"n_routed_experts"}, {"moe_intermediate_size"}, 0)) return e;
    auto shared = f.uint({"n_shared_experts"}, 0, kMaxExperts, false, 0);
    auto first = f.uint({"first_k_dense_replace"}, 0, m.num_layers, false, 0);
    auto every = f.uint({"moe_layer_freq"}, 1, kMaxLayers, false, 1);
    auto topk = f.text("topk_method", "");
    if (!shared.ok()) return shared.error();
    if (!first.ok()) return first.error();
    if (!every.ok()) return every.error();
    if (!topk.ok()) return topk.error();
    m.moe.shared_intermediate = shared.value() * m.moe.expert_intermediate;
    m.moe.router_bias =
        topk.value() == "noaux_tc" || m.model_type == "glm_moe_dsa";  // e_score_correction_bias
    first_dense = first.value();
    freq = every.value();
  }
  LayerSpec dense;
  dense.mixer = Mixer::kLatentAttention;
  dense.mla = m.mla;
  dense.ffn_width = m.intermediate_size;
  dense.ffn_bias = m.mlp_bias;
  LayerSpec moe = dense;
  moe.ffn = Ffn::kMoe;
  moe.ffn_width = 0;
  moe.moe = {m.moe.num_experts,
             m.moe.experts_per_token,
             m.moe.expert_intermediate,
             m.moe.shared_intermediate,
             false,
             m.moe.router_bias,
             false,
             false,
             0};
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    const bool routes = routed.value() > 0 && i >= first_dense && i % freq == 0;
    m.moe.moe_layers += routes;
    append_layer(m.layers, routes ? moe : dense);
  }
  if (mtp.value() > 0) {
    LayerSpec l = routed.value() > 0 ? moe : dense;
    l.repeat = mtp.value();
    m.mtp_layers.push_back(l);
    // enorm, hnorm, shared_head.norm and eh_proj (2h -> h) per layer.
    const uint64_t h = m.hidden_size;
    m.mtp_extra_params = mtp.value() * (3 * h + 2 * h * h);
    if (m.model_type != "glm_moe_dsa") {
      m.mtp_extra_params += mtp.value() * 2 * m.vocab_size * h;  // own embed_tokens + head
    }
  }
  return std::nullopt;
}

// MiniMax-M2 (transformers models/minimax_m2): attention without biases and Q/K
// RMSNorms over all heads (qk_norm_type per_layer), every layer a MoE of SwiGLU
// experts with a routing-bias vector and no shared expert. Checkpoints ship no MTP
// weights although use_mtp is set.
std::optional<Error> minimax_m2(FieldReader& f, ModelSpec& m) {
  if (auto e = experts(f, m, {"num_local_experts"}, {"intermediate_size"}, 0)) return e;
  auto qk = f.flag("use_qk_norm", true);
  auto bias = f.flag("use_routing_bias", true);
  auto shared = f.uint({"shared_intermediate_size"}, 0, kMaxWidth, false, 0);
  if (!qk.ok()) return qk.error();
  if (!bias.ok()) return bias.error();
  if (!shared.ok()) return shared.error();
  if (qk.value()) m.qk_norm_params = (m.num_heads + m.num_kv_heads) * m.head_dim;
  m.moe.router_bias = bias.value();
  m.moe.shared_intermediate = shared.value();
  m.moe.moe_layers = m.num_layers;
  if (f.has("use_mtp")) {
    m.notes.push_back(
        "use_mtp is set, but MiniMax-M2 checkpoints store no MTP weights: none counted");
  }
  return std::nullopt;
}

namespace {

// Gemma-2/3: four norms per layer and local (sliding) layers between global ones.
std::optional<Error> gemma_local_layers(FieldReader& f, ModelSpec& m, uint64_t pattern) {
  auto window = f.uint({"sliding_window"}, 0, kMaxPositions, false, 0);
  if (!window.ok()) return window.error();
  m.sliding_window = window.value();
  m.sliding_window_layers = 0;
  const auto it = f.object().find("layer_types");
  if (it != f.object().end() && it->is_array()) {
    for (const auto& t : *it) {
      if (t.is_string() && t.get<std::string>() == "sliding_attention") ++m.sliding_window_layers;
    }
  } else if (m.sliding_window > 0) {
    auto p = f.uint({"sliding_window_pattern"}, 1, kMaxLayers, false, pattern);
    if (!p.ok()) return p.error();
    // Every p-th layer (1-based) is global; the others are local.
    m.sliding_window_layers = m.num_layers - m.num_layers / p.value();
  }
  if (m.sliding_window == 0) m.sliding_window_layers = 0;
  return std::nullopt;
}

}  // namespace

std::optional<Error> gemma2(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  return gemma_local_layers(f, m, 2);
}

std::optional<Error> gemma3(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  m.qk_norm_params = 2 * m.head_dim;
  return gemma_local_layers(f, m, 6);
}

// phi-2: parallel block with one LayerNorm, biases everywhere, LM head with bias,
// optional per-head LayerNorms on Q and K.
std::optional<Error> phi(FieldReader& f, ModelSpec& m) {
  auto qk = f.flag("qk_layernorm", false);
  if (!qk.ok()) return qk.error();
  if (qk.value()) m.qk_norm_params = 2 * 2 * m.head_dim;
  m.lm_head_bias = true;
  return std::nullopt;
}

std::optional<Error> phi3(FieldReader& f, ModelSpec& m) {
  if (f.has("sliding_window")) {
    m.notes.push_back("sliding_window is set but the Hugging Face cache keeps every token");
  }
  return std::nullopt;
}

// GPT-NeoX: Q/K/V and dense biases switchable; causal-mask and rotary buffers
// are stored in the checkpoint (not learnable).
std::optional<Error> gpt_neox(FieldReader& f, ModelSpec& m) {
  auto bias = f.flag("attention_bias", true);
  if (!bias.ok()) return bias.error();
  m.qkv_bias = m.attn_out_bias = bias.value();
  auto pct_ok = f.object().find("rotary_pct");
  double pct = 0.25;  // GPTNeoXConfig default
  if (pct_ok != f.object().end() && pct_ok->is_number()) pct = pct_ok->get<double>();
  if (pct < 0.0 || pct > 1.0) {
    return f.error(ErrorCode::kInvalidField, "field 'rotary_pct' must be in 0..1");
  }
  const auto rotary_dims = static_cast<uint64_t>(static_cast<double>(m.head_dim) * pct);
  m.stored_extra_params =
      m.num_layers * (m.max_position_embeddings * m.max_position_embeddings + rotary_dims / 2);
  m.stored_extra_reason =
      "per-layer buffers attention.bias (max_positions^2 causal mask) and rotary inv_freq";
  return std::nullopt;
}

std::optional<Error> gptj(FieldReader& /*f*/, ModelSpec& m) {
  if (m.intermediate_size == 0) m.intermediate_size = 4 * m.hidden_size;
  m.lm_head_bias = true;
  return std::nullopt;
}

std::optional<Error> gpt2(FieldReader& /*f*/, ModelSpec& m) {
  if (m.intermediate_size == 0) {
    m.intermediate_size = 4 * m.hidden_size;  // n_inner null means 4 x n_embd
    m.notes.push_back("n_inner absent: MLP width 4 x n_embd = " +
                      std::to_string(m.intermediate_size));
  }
  m.stored_extra_params = m.num_layers * m.max_position_embeddings * m.max_position_embeddings;
  m.stored_extra_reason = "causal-mask buffers h.N.attn.bias (n_positions^2 per layer)";
  return std::nullopt;
}

// Falcon: fused QKV with one KV head (multi_query) or n_head_kv heads (new
// architecture); one LayerNorm for parallel blocks, two for the new architecture.
std::optional<Error> falcon(FieldReader& f, ModelSpec& m) {
  // The original Falcon-40B code (model_type RefinedWeb) always used the new
  // decoder architecture (two LayerNorms, n_head_kv grouped KV heads).
  auto new_arch = f.flag("new_decoder_architecture", m.model_type == "RefinedWeb");
  auto multi_query = f.flag("multi_query", true);
  auto parallel = f.flag("parallel_attn", true);
  auto bias = f.flag("bias", false);
  for (const auto* r : {&new_arch, &multi_query, &parallel, &bias}) {
    if (!r->ok()) return r->error();
  }
  if (!new_arch.value() && multi_query.value()) m.num_kv_heads = 1;
  if (!new_arch.value() && !multi_query.value()) m.num_kv_heads = m.num_heads;
  m.norms_per_layer = new_arch.value() ? 2 : (parallel.value() ? 1 : 2);
  m.qkv_bias = m.attn_out_bias = m.mlp_bias = bias.value();
  if (m.intermediate_size == 0) m.intermediate_size = 4 * m.hidden_size;
  if (m.tied_embeddings) {
    m.stored_extra_params = m.vocab_size * m.hidden_size;
    m.stored_extra_reason = "checkpoints store lm_head.weight separately; it is tied at load";
  }
  return std::nullopt;
}

// OPT: positions offset by 2, optional narrower embeddings with projections,
// final LayerNorm only with do_layer_norm_before.
std::optional<Error> opt(FieldReader& f, ModelSpec& m) {
  auto proj = f.uint({"word_embed_proj_dim"}, 1, kMaxWidth, false, m.hidden_size);
  auto before = f.flag("do_layer_norm_before", true);
  auto bias = f.flag("enable_bias", true);
  auto affine = f.flag("layer_norm_elementwise_affine", true);
  if (!proj.ok()) return proj.error();
  if (!before.ok()) return before.error();
  if (!bias.ok()) return bias.error();
  if (!affine.ok()) return affine.error();
  m.learned_position_rows = m.max_position_embeddings + 2;
  if (proj.value() != m.hidden_size) m.embedding_proj_dim = proj.value();
  m.final_norm = before.value();
  m.qkv_bias = m.attn_out_bias = m.mlp_bias = bias.value();
  if (!affine.value()) m.norm = NormKind::kNonParametric;
  return std::nullopt;
}

// BERT checkpoints (Google's) also hold BertForPreTraining's heads: the MLM
// transform (dense + LayerNorm), the decoder bias (decoder weight tied) and NSP.
std::optional<Error> bert(FieldReader& /*f*/, ModelSpec& m) {
  const uint64_t h = m.hidden_size;
  m.stored_extra_params = (h * h + h) + 2 * h + m.vocab_size + (2 * h + 2);
  m.stored_extra_reason =
      "the checkpoint also stores the pre-training heads (MLM transform, decoder bias, NSP)";
  return std::nullopt;
}

// BLOOM: ALiBi (no position table), a LayerNorm right after the embeddings.
std::optional<Error> bloom(FieldReader& /*f*/, ModelSpec& m) {
  m.embedding_norm = true;
  if (m.intermediate_size == 0) m.intermediate_size = 4 * m.hidden_size;
  return std::nullopt;
}

std::optional<Error> starcoder2(FieldReader& f, ModelSpec& m) {
  auto bias = f.flag("use_bias", true);
  if (!bias.ok()) return bias.error();
  m.qkv_bias = m.attn_out_bias = m.mlp_bias = bias.value();
  return std::nullopt;
}

// Cohere: weight-only LayerNorm, parallel block, optional per-head Q/K norms.
std::optional<Error> cohere(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  auto qk = f.flag("use_qk_norm", false);
  if (!qk.ok()) return qk.error();
  if (qk.value()) m.qk_norm_params = (m.num_heads + m.num_kv_heads) * m.head_dim;
  return std::nullopt;
}

std::optional<Error> internlm2(FieldReader& f, ModelSpec& m) {
  auto bias = f.flag("bias", false);
  if (!bias.ok()) return bias.error();
  m.qkv_bias = m.attn_out_bias = bias.value();
  return std::nullopt;
}

}  // namespace vramcalc::config
