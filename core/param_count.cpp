// Exact parameter counts per component, following the module structure of the
// Hugging Face implementations (nn.Linear weights + optional biases, norms with or
// without bias, embeddings, untied heads, BERT's pooler).
#include "param_count.h"

namespace vramcalc {

namespace {

// One nn.Linear(in, out, bias).
uint64_t linear(uint64_t in, uint64_t out, bool bias) { return in * out + (bias ? out : 0); }

uint64_t norm_params(const ModelSpec& m) {
  return m.hidden_size * (m.norm_bias ? 2 : 1);
}

uint64_t attention_per_layer(const ModelSpec& m) {
  const uint64_t h = m.hidden_size, q = q_dim(m), kv = kv_dim(m);
  return linear(h, q, m.qkv_bias) + 2 * linear(h, kv, m.qkv_bias) + linear(q, h, m.attn_out_bias);
}

uint64_t mlp_per_layer(const ModelSpec& m) {
  const uint64_t h = m.hidden_size, f = m.intermediate_size;
  if (m.gated_mlp) return 2 * linear(h, f, m.mlp_bias) + linear(f, h, m.mlp_bias);
  return linear(h, f, m.mlp_bias) + linear(f, h, m.mlp_bias);
}

}  // namespace

ParamBreakdown count_params(const ModelSpec& m) {
  ParamBreakdown p;
  if (m.kind == ModelKind::kParamsOnly) {
    p.total = p.active = m.bare_params;
    return p;
  }
  const uint64_t h = m.hidden_size;
  p.embedding = (m.vocab_size + m.learned_position_rows + m.type_vocab_size) * h +
                (m.embedding_norm ? norm_params(m) : 0);
  p.attention = m.num_layers * attention_per_layer(m);
  p.mlp = m.num_layers * mlp_per_layer(m);
  p.norms = m.num_layers * 2 * norm_params(m) + (m.final_norm ? norm_params(m) : 0);
  p.head = (m.has_lm_head && !m.tied_embeddings) ? m.vocab_size * h : 0;
  p.other = m.has_pooler ? linear(h, h, true) : 0;
  p.total = p.embedding + p.attention + p.mlp + p.norms + p.head + p.other;
  p.active = p.total;
  return p;
}

uint64_t block_linear_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  const uint64_t h = m.hidden_size, q = q_dim(m), kv = kv_dim(m), f = m.intermediate_size;
  const uint64_t per_layer = h * (q + 2 * kv) + q * h + (m.gated_mlp ? 3 : 2) * h * f;
  return m.num_layers * per_layer;
}

uint64_t textbook_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return m.bare_params;
  const uint64_t head = (m.has_lm_head && !m.tied_embeddings) ? m.vocab_size * m.hidden_size : 0;
  return (m.vocab_size + m.learned_position_rows) * m.hidden_size + block_linear_params(m) + head;
}

uint64_t lora_params(const ModelSpec& m, uint64_t rank) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  const uint64_t h = m.hidden_size, q = q_dim(m), kv = kv_dim(m), f = m.intermediate_size;
  // r x (in + out) for each adapted matrix: q, k, v, o, then the MLP matrices.
  uint64_t per_layer = (h + q) + 2 * (h + kv) + (q + h);
  per_layer += (m.gated_mlp ? 3 : 2) * (h + f);
  return m.num_layers * rank * per_layer;
}

}  // namespace vramcalc
