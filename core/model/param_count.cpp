// Exact parameter counts per component, following the module structure of the
// Hugging Face implementations: nn.Linear weights + optional biases, norms with or
// without weights and biases, embeddings, untied heads, MoE experts and routers,
// DeepSeek's latent attention, BERT's pooler.
#include "param_count.h"

#include <vector>

#include "layer_params.h"

namespace vramcalc {

namespace {

uint64_t linear(uint64_t in, uint64_t out, bool bias) { return in * out + (bias ? out : 0); }

uint64_t embedding_width(const ModelSpec& m) {
  return m.embedding_proj_dim ? m.embedding_proj_dim : m.hidden_size;
}

uint64_t lm_head_params(const ModelSpec& m) {
  if (!m.has_lm_head) return 0;
  return (m.tied_embeddings ? 0 : m.vocab_size * embedding_width(m)) +
         (m.lm_head_bias ? m.vocab_size : 0);
}

// Calls f(piece, repeat) for every piece of every layer.
template <class F>
void for_each_piece(const ModelSpec& m, F&& f) {
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    Piece pieces[kMaxPieces];
    const int n = layer_pieces(m, l, pieces);
    for (int i = 0; i < n; ++i) f(pieces[i], l.repeat);
  }
}

}  // namespace

std::optional<Error> check_model_bounds(const ModelSpec& m) {
  constexpr double kLimit = 4.6e18;  // ~2^62
  auto too_big = [&](const char* what) {
    return make_error(ErrorCode::kInconsistentModel,
                      std::string("model too large: ") + what + " exceeds 2^62 elements");
  };
  if (m.kind == ModelKind::kParamsOnly) {
    if (static_cast<double>(m.bare_params) > kLimit) return too_big("the parameter count");
    return std::nullopt;
  }
  if (m.params_from_checkpoint && static_cast<double>(m.checkpoint.params) > kLimit) {
    return too_big("the stored parameter count");
  }
  const auto d = [](uint64_t v) { return static_cast<double>(v); };
  // The same pieces count_params() sums, in floating point (no wrap-around),
  // with every single tensor also checked, plus the embeddings and head.
  double total =
      3 *
      (d(m.vocab_size) + d(m.learned_position_rows) + d(m.type_vocab_size) + d(m.hidden_size) + 4) *
      (d(m.hidden_size) + 4);
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const double layer = layer_params_bound(m, l).total() + 4 * d(m.hidden_size);
    if (layer > kLimit) return too_big("the parameter count");
    total += layer * d(l.repeat);
  }
  for (const LayerSpec& l : m.mtp_layers) total += layer_params_bound(m, l).total() * d(l.repeat);
  total += d(m.mtp_extra_params) + d(m.per_layer_embedding_params) + d(m.head_mix_params) +
           d(m.altup_projection_params);
  for (const ModelSpec::Tower& t : m.towers) total += d(t.params);
  if (total > kLimit) return too_big("the parameter count");
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
    p.total = p.active = p.active_no_embedding = m.bare_params;
    if (m.checkpoint.present && m.checkpoint.params == m.bare_params) from_tensor_names(p);
    return p;
  }
  if (m.params_from_checkpoint) {
    p.total = m.checkpoint.params;
    p.active = m.checkpoint_active_params;
    from_tensor_names(p);
    p.active_no_embedding = p.active > p.embedding ? p.active - p.embedding : 0;
    return p;
  }
  const uint64_t h = m.hidden_size;
  p.embedding = m.vocab_size * embedding_width(m) +
                (m.learned_position_rows + m.type_vocab_size) * h +
                (m.embedding_norm ? norm_params(m, h) : 0) +
                (m.embedding_proj_dim ? 2 * m.embedding_proj_dim * h : 0) +  // OPT project_in/out
                m.per_layer_embedding_params;
  uint64_t idle = 0;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const LayerParams<uint64_t> lp = layer_params(m, l);
    p.attention += l.repeat * lp.attention;
    p.recurrent += l.repeat * lp.recurrent;
    p.mlp += l.repeat * lp.mlp;
    p.experts += l.repeat * lp.experts;
    p.norms += l.repeat * lp.norms;
    idle += l.repeat * lp.idle;
  }
  p.norms += m.final_norm ? norm_params(m, h) : 0;
  p.head = lm_head_params(m);
  p.other = (m.has_pooler ? linear(h, h, true) : 0) + m.head_mix_params + m.altup_projection_params;
  for (const ModelSpec::Tower& t : m.towers) p.towers += t.params;
  p.mtp = m.mtp_extra_params;
  for (const LayerSpec& l : m.mtp_layers) p.mtp += l.repeat * layer_params(m, l).total();
  p.total = p.embedding + p.attention + p.recurrent + p.mlp + p.experts + p.norms + p.head +
            p.other + p.towers + p.mtp;
  p.active = p.total - p.mtp - p.towers - idle;  // per text token
  p.active_no_embedding = p.active - p.embedding;
  return p;
}

uint64_t block_linear_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  uint64_t n = 0;
  for_each_piece(m, [&](const Piece& q, uint64_t repeat) {
    if (q.linear) n += repeat * q.copies * q.rows * q.cols;
  });
  return n;
}

uint64_t textbook_params(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return m.bare_params;
  const uint64_t head = (m.has_lm_head && !m.tied_embeddings) ? m.vocab_size * m.hidden_size : 0;
  return (m.vocab_size + m.learned_position_rows) * m.hidden_size + block_linear_params(m) + head;
}

uint64_t lora_params(const ModelSpec& m, uint64_t rank) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  uint64_t n = 0;  // r x (in + out) for each adapted matrix
  for_each_piece(m, [&](const Piece& q, uint64_t repeat) {
    if (q.lora_target) n += repeat * q.copies * (q.rows + q.cols);
  });
  return rank * n;
}

uint64_t adafactor_state_elements(const ModelSpec& m) {
  if (m.kind == ModelKind::kParamsOnly) return 0;
  const uint64_t h = m.hidden_size;
  uint64_t matrix = 0, factored = 0;
  auto add = [&](uint64_t rows, uint64_t cols, uint64_t copies) {
    matrix += copies * rows * cols;
    factored += copies * (rows + cols);
  };
  for_each_piece(m, [&](const Piece& q, uint64_t repeat) {
    if (q.linear) add(q.rows, q.cols, repeat * q.copies);
  });
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
