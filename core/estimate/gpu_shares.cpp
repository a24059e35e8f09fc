// Pipeline stages and tensor-parallel ranks (gpu_shares.h). Sources cited there.
#include "gpu_shares.h"

#include <algorithm>

#include "cache_layers.h"
#include "layer_params.h"
#include "param_count.h"

namespace vramcalc {

namespace {

uint64_t cdiv(uint64_t a, uint64_t b) { return b ? (a + b - 1) / b : a; }

// Parameters of one attention layer's K and V projections (and their biases): the
// part that is replicated rather than split when kv_heads < tp.
uint64_t kv_projection_params(const ModelSpec& m, const LayerSpec& l) {
  if (l.mixer != Mixer::kAttention) return 0;
  const uint64_t vd = l.attn.v_head_dim ? l.attn.v_head_dim : l.attn.head_dim;
  const uint64_t cols = l.attn.k_eq_v ? l.attn.head_dim : l.attn.head_dim + vd;
  return l.attn.kv_heads * cols * (m.hidden_size + (l.attn.qkv_bias ? 1 : 0));
}

// One layer on one rank of `tp`.
void add_layer(const ModelSpec& m, const LayerSpec& l, uint64_t count, uint64_t tp, RankShare& r) {
  const LayerParams<uint64_t> p = layer_params(m, l);
  Piece pieces[kMaxPieces];
  uint64_t lin = 0;
  for (int i = 0, n = layer_pieces(m, l, pieces); i < n; ++i) {
    if (pieces[i].linear) lin += pieces[i].copies * pieces[i].rows * pieces[i].cols;
  }
  uint64_t attention = cdiv(p.attention, tp), linear = cdiv(lin, tp);
  uint64_t kv = kv_elements_per_token(l);
  if (l.mixer == Mixer::kAttention && l.attn.kv_heads > 0) {
    const uint64_t heads = std::max<uint64_t>(1, l.attn.kv_heads / tp);
    const uint64_t kvp = kv_projection_params(m, l);
    const uint64_t kvw = kvp / (m.hidden_size + (l.attn.qkv_bias ? 1 : 0)) * m.hidden_size;
    attention = cdiv(p.attention - kvp, tp) + kvp / l.attn.kv_heads * heads;
    if (kvw <= lin) linear = cdiv(lin - kvw, tp) + kvw / l.attn.kv_heads * heads;
    kv = kv / l.attn.kv_heads * heads;
    r.kv_heads = std::max(r.kv_heads, heads);
  } else if (l.mixer == Mixer::kLatentAttention) {
    r.kv_heads = std::max<uint64_t>(r.kv_heads, 1);  // the latent, whole on every rank
  }
  const uint64_t split = attention + cdiv(p.recurrent, tp) + cdiv(p.mlp, tp) + cdiv(p.experts, tp);
  r.params += count * (split + p.norms);
  r.linear += count * linear;
  r.kv_elements += count * kv;
  if (l.mixer == Mixer::kMamba || l.mixer == Mixer::kDeltaNet) r.recurrent_layers += count;
}

}  // namespace

std::vector<StageLayers> pipeline_stages(uint64_t layers, uint64_t pp) {
  if (pp == 0) pp = 1;
  const size_t stages = static_cast<size_t>(pp);  // validate() caps --pp
  std::vector<uint64_t> n(stages, layers / pp);
  const size_t rest = static_cast<size_t>(layers % pp);
  for (size_t i = 0; i < rest && stages >= 2; ++i) n[stages - 2 - i % (stages - 1)] += 1;
  if (pp == 1) n[0] = layers;
  std::vector<StageLayers> out;
  uint64_t first = 0;
  for (uint64_t k : n) {
    out.push_back({first, first + k});
    first += k;
  }
  return out;
}

RankShare rank_share(const ModelSpec& m, const StageLayers& stage, bool first_stage,
                     bool last_stage, uint64_t tp) {
  RankShare r;
  if (tp == 0) tp = 1;
  uint64_t index = 0;
  std::vector<LayerSpec> scratch;
  for (const LayerSpec& l : layers_of(m, scratch)) {
    const uint64_t lo = std::max(stage.first, index), hi = std::min(stage.last, index + l.repeat);
    if (lo < hi) add_layer(m, l, hi - lo, tp, r);
    index += l.repeat;
  }
  const ParamBreakdown p = count_params(m);
  const uint64_t vocab_rows = cdiv(m.vocab_size, tp) * m.hidden_size;  // VocabParallelEmbedding
  if (first_stage) {
    const uint64_t table = m.vocab_size * m.hidden_size;
    r.params +=
        cdiv(std::min(table, p.embedding), tp) + (p.embedding > table ? p.embedding - table : 0);
    r.params += cdiv(p.towers, tp) + p.other;
  }
  if (last_stage) {
    r.params += m.final_norm ? norm_params(m, m.hidden_size) : 0;
    r.params += cdiv(p.head, tp);
    // A tied head on a later stage than the embedding loads its own copy (vLLM's
    // ParallelLMHead with tie_word_embeddings under pipeline parallelism).
    if (m.tied_embeddings && m.has_lm_head && !first_stage) r.params += vocab_rows;
  }
  return r;
}

}  // namespace vramcalc
