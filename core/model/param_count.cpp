// Exact parameter counts per component, following the module structure of the
// Hugging Face implementations: nn.Linear weights + optional biases, norms with or
// without weights and biases, embeddings, untied heads, MoE experts and routers,
// DeepSeek's latent attention, BERT's pooler.
#include "param_count.h"

namespace vramcalc {

namespace {

// One nn.Linear(in, out, bias).
uint64_t linear(uint64_t in, uint64_t out, bool bias) { return in * out + (bias ? out : 0); }

uint64_t norm_params(const ModelSpec& m, uint64_t width) {
  switch (m.norm) {
    case NormKind::kNonParametric: return 0;
    case NormKind::kRMSNorm: return width;
    case NormKind::kLayerNorm: return width * (m.norm_bias ? 2 : 1);
  }
  return 0;
}

// One linear layer of the attention block: (in, out, bias).
struct Matrix {
  uint64_t in, out;
  bool bias;
};

// The attention projections of one layer, in module order.
int attention_matrices(const ModelSpec& m, Matrix (&out)[5]) {
  const uint64_t h = m.hidden_size;
  if (m.mla_attention) {
    const MlaSpec& a = m.mla;
    const uint64_t qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
    int n = 0;
    if (a.q_lora_rank > 0) {
      out[n++] = {h, a.q_lora_rank, false};                         // q_a_proj
      out[n++] = {a.q_lora_rank, m.num_heads * qk_head, false};     // q_b_proj
    } else {
      out[n++] = {h, m.num_heads * qk_head, false};                 // q_proj
    }
    out[n++] = {h, a.kv_lora_rank + a.qk_rope_head_dim, false};     // kv_a_proj_with_mqa
    out[n++] = {a.kv_lora_rank,
                m.num_heads * (a.qk_nope_head_dim + a.v_head_dim), false};  // kv_b_proj
    out[n++] = {m.num_heads * a.v_head_dim, h, false};              // o_proj
    return n;
  }
  out[0] = {h, q_dim(m), m.qkv_bias};
  out[1] = {h, kv_dim(m), m.qkv_bias};
  out[2] = {h, kv_dim(m), m.qkv_bias};
  out[3] = {q_dim(m), h, m.attn_out_bias};
  return 4;
}

uint64_t attention_per_layer(const ModelSpec& m) {
  Matrix mats[5];
  const int n = attention_matrices(m, mats);
  uint64_t total = m.qk_norm_params;
  for (int i = 0; i < n; ++i) total += linear(mats[i].in, mats[i].out, mats[i].bias);
  if (m.mla_attention) {
    // RMSNorms on the query and KV latents.
    total += m.mla.q_lora_rank + m.mla.kv_lora_rank;
  }
  return total;
}

// One MLP of inner width f (dense MLP, one expert, or the shared expert).
uint64_t mlp_params(const ModelSpec& m, uint64_t f) {
  const uint64_t h = m.hidden_size;
  if (m.gated_mlp) return 2 * linear(h, f, m.mlp_bias) + linear(f, h, m.mlp_bias);
  return linear(h, f, m.mlp_bias) + linear(f, h, m.mlp_bias);
}

uint64_t dense_layers(const ModelSpec& m) { return m.num_layers - m.moe.moe_layers; }

// Per MoE layer, everything but the routed experts: router, shared expert, gate.
uint64_t moe_layer_shared(const ModelSpec& m) {
  const MoeSpec& e = m.moe;
  return m.hidden_size * e.num_experts + (e.router_bias ? e.num_experts : 0) +
         (e.shared_intermediate ? mlp_params(m, e.shared_intermediate) : 0) +
         (e.shared_expert_gate ? m.hidden_size : 0);
}

uint64_t embedding_width(const ModelSpec& m) {
  return m.embedding_proj_dim ? m.embedding_proj_dim : m.hidden_size;
}

uint64_t lm_head_params(const ModelSpec& m) {
  if (!m.has_lm_head) return 0;
  return (m.tied_embeddings ? 0 : m.vocab_size * embedding_width(m)) +
         (m.lm_head_bias ? m.vocab_size : 0);
}

}  // namespace

std::optional<Error> check_model_bounds(const ModelSpec& m) {
  constexpr long double kLimit = 4.6e18L;  // ~2^62
  auto too_big = [&](const char* what) {
    return make_error(ErrorCode::kInconsistentModel,
                      std::string("model too large: ") + what + " exceeds 2^62 elements");
  };
  if (m.kind == ModelKind::kParamsOnly) {
    if (static_cast<long double>(m.bare_params) > kLimit) return too_big("the parameter count");
    return std::nullopt;
  }
  if (m.params_from_checkpoint && static_cast<long double>(m.checkpoint.params) > kLimit) {
    return too_big("the stored parameter count");
  }
  using LD = long double;
  const LD h = static_cast<LD>(m.hidden_size), L = static_cast<LD>(m.num_layers);
  const LD heads = static_cast<LD>(m.num_heads), hd = static_cast<LD>(m.head_dim);
  const LD q = heads * hd, kv = static_cast<LD>(m.num_kv_heads) * hd;
  const LD f = static_cast<LD>(m.intermediate_size);
  const LD fe = static_cast<LD>(m.moe.expert_intermediate), E = static_cast<LD>(m.moe.num_experts);
  const LD V = static_cast<LD>(m.vocab_size), mla = static_cast<LD>(
      m.mla.q_lora_rank + m.mla.kv_lora_rank + m.mla.qk_rope_head_dim + m.mla.qk_nope_head_dim +
      m.mla.v_head_dim);
  // Generous upper bound of every term count_params() adds.
  const LD per_layer = 2 * h * (q + 2 * kv) + 4 * h * (f + fe * (E + 1) + mla + E + 4) +
                       heads * mla * (h + mla) + 4 * (q + kv);
  const LD total = L * per_layer + 3 * (V + static_cast<LD>(m.learned_position_rows) +
                                        static_cast<LD>(m.type_vocab_size) + h + 4) * (h + 4);
  if (total > kLimit || per_layer > kLimit) return too_big("the parameter count");
  return std::nullopt;
}

ParamBreakdown count_params(const ModelSpec& m) {
  ParamBreakdown p;
  // A checkpoint without its config: the parts from the tensor names.
  const auto from_tensor_names = [&](ParamBreakdown& b) {
    const TensorParts& t = m.checkpoint.parts;
    b.embedding = t.embedding, b.attention = t.attention, b.mlp = t.mlp;
    b.experts = t.experts, b.norms = t.norms, b.head = t.head, b.other = t.other;
  };
  if (m.kind == ModelKind::kParamsOnly) {
    p.total = p.active = m.bare_params;
    if (m.checkpoint.present && m.checkpoint.params == m.bare_params) from_tensor_names(p);
    return p;
  }
  if (m.params_from_checkpoint) {
    p.total = m.checkpoint.params;
    p.active = m.checkpoint_active_params;
    from_tensor_names(p);
    return p;
  }
  const uint64_t h = m.hidden_size;
  p.embedding = m.vocab_size * embedding_width(m) +
                (m.learned_position_rows + m.type_vocab_size) * h +
                (m.embedding_norm ? norm_params(m, h) : 0) +
                (m.embedding_proj_dim ? 2 * m.embedding_proj_dim * h : 0);  // OPT project_in/out
  p.attention = m.num_layers * attention_per_layer(m);
  p.mlp = dense_layers(m) * mlp_params(m, m.intermediate_size) +
          m.moe.moe_layers * moe_layer_shared(m);
  p.experts = m.moe.moe_layers * m.moe.num_experts * mlp_params(m, m.moe.expert_intermediate);
  p.norms = m.num_layers * m.norms_per_layer * norm_params(m, h) +
            (m.final_norm ? norm_params(m, h) : 0);
  p.head = lm_head_params(m);
  p.other = m.has_pooler ? linear(h, h, true) : 0;
  p.total = p.embedding + p.attention + p.mlp + p.experts + p.norms + p.head + p.other;
  const uint64_t idle_experts = m.moe.num_experts - m.moe.experts_per_token;
  p.active = p.total - m.moe.moe_layers * idle_experts * mlp_params(m, m.moe.expert_intermediate);
  return p;
}

uint64_t block_linear_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  Matrix mats[5];
  const int n = attention_matrices(m, mats);
  uint64_t attn = 0;
  for (int i = 0; i < n; ++i) attn += mats[i].in * mats[i].out;
  const uint64_t h = m.hidden_size, mats_per_mlp = m.gated_mlp ? 3 : 2;
  const MoeSpec& e = m.moe;
  const uint64_t moe = e.num_experts * e.expert_intermediate + e.shared_intermediate;
  return m.num_layers * attn + dense_layers(m) * mats_per_mlp * h * m.intermediate_size +
         e.moe_layers * (mats_per_mlp * h * moe + h * e.num_experts);
}

uint64_t textbook_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return m.bare_params;
  const uint64_t head = (m.has_lm_head && !m.tied_embeddings) ? m.vocab_size * m.hidden_size : 0;
  return (m.vocab_size + m.learned_position_rows) * m.hidden_size + block_linear_params(m) + head;
}

uint64_t lora_params(const ModelSpec& m, uint64_t rank) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  Matrix mats[5];
  const int n = attention_matrices(m, mats);
  uint64_t attn = 0;
  for (int i = 0; i < n; ++i) attn += mats[i].in + mats[i].out;
  // r x (in + out) for each adapted matrix.
  const uint64_t h = m.hidden_size, mats_per_mlp = m.gated_mlp ? 3 : 2;
  const uint64_t dense_mlp = mats_per_mlp * (h + m.intermediate_size);
  const uint64_t shared =
      m.moe.shared_intermediate ? mats_per_mlp * (h + m.moe.shared_intermediate) : 0;
  return rank * (m.num_layers * attn + dense_layers(m) * dense_mlp + m.moe.moe_layers * shared);
}

uint64_t adafactor_state_elements(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  const uint64_t h = m.hidden_size;
  Matrix mats[5];
  const int n = attention_matrices(m, mats);
  uint64_t matrix = 0, factored = 0;
  auto add = [&](uint64_t rows, uint64_t cols, uint64_t copies) {
    matrix += copies * rows * cols;
    factored += copies * (rows + cols);
  };
  for (int i = 0; i < n; ++i) add(mats[i].in, mats[i].out, m.num_layers);
  const uint64_t mats_per_mlp = m.gated_mlp ? 3 : 2;
  add(h, m.intermediate_size, mats_per_mlp * dense_layers(m));
  add(h, m.moe.expert_intermediate, mats_per_mlp * m.moe.num_experts * m.moe.moe_layers);
  if (m.moe.shared_intermediate) add(h, m.moe.shared_intermediate, mats_per_mlp * m.moe.moe_layers);
  if (m.moe.num_experts) add(h, m.moe.num_experts, m.moe.moe_layers);
  add(m.vocab_size, embedding_width(m), 1);
  if (m.learned_position_rows) add(m.learned_position_rows, h, 1);
  if (m.type_vocab_size) add(m.type_vocab_size, h, 1);
  if (m.embedding_proj_dim) add(m.embedding_proj_dim, h, 2);
  if (m.has_lm_head && !m.tied_embeddings) add(m.vocab_size, embedding_width(m), 1);
  if (m.has_pooler) add(h, h, 1);
  // Vectors keep full states. (A GGUF's stored total can be below what its
  // metadata shapes imply: never let the difference wrap.)
  const uint64_t total = count_params(m).total;
  return factored + (total > matrix ? total - matrix : 0);
}

}  // namespace vramcalc
