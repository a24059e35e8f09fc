// Pieces per token mixer and channel mixer, in the module order of the reference
// implementations (transformers' modeling_<family>.py; the sources of each rule
// are named in docs/research/architectures/).
#include "layer_params.h"

namespace vramcalc {

namespace {

struct Pieces {
  Piece (&out)[kMaxPieces];
  int n = 0;
  Part part = Part::kAttention;
  bool lora = false;

  bool keep = false;  // the next pieces stay 16-bit in quantized checkpoints

  void add(uint64_t rows, uint64_t cols, uint64_t copies, bool linear) {
    if (rows == 0 || cols == 0 || copies == 0 || n == kMaxPieces) return;
    out[n++] = {part, rows, cols, copies, linear, linear && lora, keep};
  }
  // nn.Linear(in, out, bias), `copies` times.
  void linear(uint64_t in, uint64_t out_features, bool bias, uint64_t copies = 1) {
    add(out_features, in, copies, true);
    if (bias) add(out_features, 1, copies, false);
  }
  void vector(uint64_t size, uint64_t copies = 1) { add(size, 1, copies, false); }
};

void attention(const ModelSpec& m, const AttentionSpec& a, Pieces& p) {
  const uint64_t h = m.hidden_size, vd = a.v_head_dim ? a.v_head_dim : a.head_dim;
  const uint64_t q = a.q_heads * a.head_dim * (a.output_gate ? 2 : 1);
  p.lora = true;
  p.linear(h, q, a.qkv_bias);                          // q_proj
  if (!a.shares_kv || a.kv_proj_unused) {              // layers reusing a cache mostly have no k/v
    p.linear(h, a.kv_heads * a.head_dim, a.qkv_bias);  // k_proj
    if (!a.k_eq_v) p.linear(h, a.kv_heads * vd, a.qkv_bias);  // v_proj
  }
  p.linear(a.q_heads * vd, h, a.out_bias);  // o_proj
  p.lora = false;
  if (a.head_gate) p.linear(h, a.q_heads, false);  // g_proj
  p.vector(a.qk_norm);                             // q_norm, k_norm
  if (a.sinks) p.vector(a.q_heads);                // attention sinks
}

void latent_attention(const ModelSpec& m, const MlaSpec& a, Pieces& p) {
  const uint64_t h = m.hidden_size, qk_head = a.qk_nope_head_dim + a.qk_rope_head_dim;
  p.lora = true;
  if (a.q_lora_rank > 0) {
    p.linear(h, a.q_lora_rank, false);                  // q_a_proj
    p.linear(a.q_lora_rank, a.heads * qk_head, false);  // q_b_proj
  } else {
    p.linear(h, a.heads * qk_head, false);  // q_proj
  }
  p.linear(h, a.kv_lora_rank + a.qk_rope_head_dim, false);  // kv_a_proj_with_mqa
  p.linear(a.kv_lora_rank, a.heads * (a.qk_nope_head_dim + a.v_head_dim), false);  // kv_b_proj
  p.linear(a.heads * a.v_head_dim, h, false);                                      // o_proj
  p.lora = false;
  p.vector(a.q_lora_rank + a.kv_lora_rank);  // q_a_layernorm, kv_a_layernorm
  if (a.index_heads > 0) {
    // DSA lightning indexer: wq_b from the query latent, wk, a LayerNorm on the
    // key (weight and bias) and the per-head weights_proj.
    p.linear(a.q_lora_rank, a.index_heads * a.index_head_dim, false);
    p.linear(h, a.index_head_dim, false);
    p.vector(2 * a.index_head_dim);
    p.keep = true;
    p.linear(h, a.index_heads, false);  // weights_proj (BF16 in FP8 checkpoints)
    p.keep = false;
  }
}

// A DeepSeek-V4 compressor over `head`-wide entries: the FP32 position bias (ape),
// wkv and wgate (BF16 in the checkpoint; doubled for the overlapping ratio-4
// windows) and a norm.
void compressor(const ModelSpec& m, uint64_t ratio, uint64_t head, Pieces& p) {
  const uint64_t coff = ratio == 4 ? 2 : 1;
  p.vector(ratio * coff * head);
  p.out[p.n - 1].fp32 = true;
  p.keep = true;
  p.linear(m.hidden_size, coff * head, false, 2);  // wkv, wgate
  p.keep = false;
  p.vector(head);
}

// DeepSeek-V4 (inference/model.py of the HF repo, mirrored at
// Nicooo-Wang/DeepSeek-V4-Pro-code @ 0ec3a03c; deepseek_v4.md).
void compressed_attention(const ModelSpec& m, const CsaSpec& a, Pieces& p) {
  const uint64_t h = m.hidden_size;
  p.vector(a.heads);  // attn_sink, FP32
  p.out[p.n - 1].fp32 = true;
  p.lora = true;
  p.linear(h, a.q_lora_rank, false);  // wq_a
  p.lora = false;
  p.vector(a.q_lora_rank);  // q_norm
  p.lora = true;
  p.linear(a.q_lora_rank, a.heads * a.head_dim, false);  // wq_b
  p.linear(h, a.head_dim, false);                        // wkv (one KV head)
  p.lora = false;
  p.vector(a.head_dim);  // kv_norm
  p.lora = true;
  const uint64_t groups = a.o_groups ? a.o_groups : 1;
  p.linear(a.heads * a.head_dim / groups, groups * a.o_lora_rank, false);  // wo_a
  p.linear(groups * a.o_lora_rank, h, false);                              // wo_b
  p.lora = false;
  if (a.ratio == 0) return;
  compressor(m, a.ratio, a.head_dim, p);
  if (a.ratio != 4) return;
  p.linear(a.q_lora_rank, a.index_heads * a.index_head_dim, false);  // indexer wq_b
  p.keep = true;
  p.linear(h, a.index_heads, false);  // indexer weights_proj (BF16)
  p.keep = false;
  compressor(m, 4, a.index_head_dim, p);
}

void delta_net(const ModelSpec& m, const DeltaNetSpec& g, Pieces& p) {
  const uint64_t h = m.hidden_size;
  const uint64_t kd = g.key_heads * g.key_head_dim, vd = g.value_heads * g.value_head_dim;
  const uint64_t conv = 2 * kd + vd;
  p.part = Part::kRecurrent;
  p.linear(h, 2 * kd + 2 * vd, false);    // in_proj q, k, v and the output gate z
  p.linear(h, 2 * g.value_heads, false);  // in_proj beta and alpha (a)
  p.add(conv, g.conv_kernel, 1, false);   // depthwise conv1d, no bias
  p.vector(2 * g.value_heads);            // dt_bias, A_log
  p.vector(g.value_head_dim);             // gated RMSNorm over one value head
  p.linear(vd, h, false);                 // out_proj
}

void mamba(const ModelSpec& m, const MambaSpec& s, Pieces& p) {
  const uint64_t h = m.hidden_size, di = s.inner;
  p.part = Part::kRecurrent;
  if (s.version == 1) {
    p.linear(h, 2 * di, s.proj_bias);    // in_proj (x, z)
    p.add(di, s.conv_kernel, 1, false);  // depthwise conv1d
    if (s.conv_bias) p.vector(di);
    p.linear(di, s.dt_rank + 2 * s.state_size, false);          // x_proj (dt, B, C)
    p.linear(s.dt_rank, di, true);                              // dt_proj
    p.add(di, s.state_size, 1, false);                          // A_log
    p.vector(di);                                               // D
    p.linear(di, h, s.out_proj_bias);                           // out_proj
    if (s.dt_bc_norms) p.vector(s.dt_rank + 2 * s.state_size);  // dt/b/c_layernorm
    return;
  }
  const uint64_t conv = di + 2 * s.groups * s.state_size;
  p.linear(h, di + conv + s.heads, s.proj_bias);  // in_proj (z, x, B, C, dt)
  p.add(conv, s.conv_kernel, 1, false);           // depthwise conv1d
  if (s.conv_bias) p.vector(conv);
  p.vector(3 * s.heads);             // dt_bias, A_log, D
  if (s.gated_norm) p.vector(di);    // RMSNormGated
  p.linear(di, h, s.out_proj_bias);  // out_proj
}

// One MLP of inner width f over `width` (0: the hidden size): gate (when gated),
// up and down.
void mlp(const ModelSpec& m, const LayerSpec& l, uint64_t f, uint64_t copies, Pieces& p,
         uint64_t width = 0) {
  const uint64_t h = width ? width : m.hidden_size;
  p.linear(h, f, l.ffn_bias, copies * (l.gated ? 2 : 1));  // gate + up
  p.linear(f, h, l.ffn_bias, copies);                      // down
}

void channel_mixer(const ModelSpec& m, const LayerSpec& l, Pieces& p) {
  p.part = Part::kMlp;
  p.lora = true;
  if (l.ffn == Ffn::kDense) return mlp(m, l, l.ffn_width, 1, p);
  if (l.ffn == Ffn::kLinear) return p.linear(m.hidden_size, m.hidden_size, false);  // linear_mlp
  if (l.ffn != Ffn::kMoe) return;
  const MoeShape& e = l.moe;
  const uint64_t h = m.hidden_size;
  if (e.shared_width) mlp(m, l, e.shared_width, 1, p);  // shared expert(s)
  if (l.ffn_width) mlp(m, l, l.ffn_width, 1, p);        // a dense MLP beside the experts
  p.lora = false;
  p.keep = true;
  p.linear(h, e.experts, e.router_linear_bias);  // router
  if (e.router_bias) {                           // score-correction bias, FP32
    p.vector(e.experts);
    p.out[p.n - 1].fp32 = true;
  }
  if (e.shared_gate) p.linear(h, 1, false);  // shared_expert_gate
  if (e.router_scales) {
    p.vector(h);          // router.scale
    p.vector(e.experts);  // router.per_expert_scale
  }
  p.keep = false;
  if (e.latent_width) {  // fc1_latent_proj h -> latent, fc2_latent_proj latent -> h
    p.linear(h, e.latent_width, l.ffn_bias);
    p.linear(e.latent_width, h, l.ffn_bias);
  }
  p.part = Part::kExperts;
  LayerSpec expert = l;
  expert.ffn_bias = l.ffn_bias || e.expert_bias;
  mlp(m, expert, e.expert_width, e.experts, p, e.latent_width);
}

template <class T>
LayerParams<T> sum(const ModelSpec& m, const LayerSpec& l) {
  Piece pieces[kMaxPieces];
  const int n = layer_pieces(m, l, pieces);
  LayerParams<T> r;
  for (int i = 0; i < n; ++i) {
    const Piece& q = pieces[i];
    const T v = static_cast<T>(q.rows) * static_cast<T>(q.cols) * static_cast<T>(q.copies);
    switch (q.part) {
      case Part::kAttention:
        r.attention += v;
        break;
      case Part::kRecurrent:
        r.recurrent += v;
        break;
      case Part::kMlp:
        r.mlp += v;
        break;
      case Part::kExperts:
        r.experts += v;
        break;
      case Part::kNorms:
        r.norms += v;
        break;
    }
  }
  if (l.ffn == Ffn::kMoe && l.moe.experts > 0) {
    // Every expert piece has `experts` (times matrices) copies: exact division.
    r.idle =
        r.experts / static_cast<T>(l.moe.experts) * static_cast<T>(l.moe.experts - l.moe.top_k);
  }
  return r;
}

}  // namespace

uint64_t norm_params(const ModelSpec& m, uint64_t width) {
  switch (m.norm) {
    case NormKind::kNonParametric:
      return 0;
    case NormKind::kRMSNorm:
      return width;
    case NormKind::kLayerNorm:
      return width * (m.norm_bias ? 2 : 1);
  }
  return 0;
}

int layer_pieces(const ModelSpec& m, const LayerSpec& l, Piece (&out)[kMaxPieces]) {
  Pieces p{out};
  switch (l.mixer) {
    case Mixer::kAttention:
      attention(m, l.attn, p);
      if (l.mamba_beside) mamba(m, l.mamba, p);
      break;
    case Mixer::kLatentAttention:
      latent_attention(m, l.mla, p);
      break;
    case Mixer::kDeltaNet:
      delta_net(m, l.gdn, p);
      break;
    case Mixer::kMamba:
      mamba(m, l.mamba, p);
      break;
    case Mixer::kCompressedAttention:
      compressed_attention(m, l.csa, p);
      break;
    case Mixer::kNone:
      break;
    case Mixer::kLinear:
      p.linear(m.hidden_size, m.hidden_size, false);  // self_attn.linear_attn
      break;
  }
  channel_mixer(m, l, p);
  if (l.per_layer_input) {  // per_layer_input_gate, per_layer_projection
    p.part = Part::kMlp;
    p.lora = false;
    p.linear(m.hidden_size, l.per_layer_input, false);
    p.linear(l.per_layer_input, m.hidden_size, false);
    p.add(norm_params(m, m.hidden_size), 1, 1, false);  // post_per_layer_input_norm
  }
  if (l.input_proj) {  // MTP e_proj / h_proj
    p.part = Part::kAttention;
    p.lora = false;
    p.linear(l.input_proj * m.hidden_size, m.hidden_size, false);
  }
  p.lora = false;
  if (l.laurel_rank) {  // laurel.linear_left, linear_right, post_laurel_norm
    p.part = Part::kMlp;
    p.linear(m.hidden_size, l.laurel_rank, false);
    p.linear(l.laurel_rank, m.hidden_size, false);
    p.vector(m.hidden_size);
  }
  if (const uint64_t n = l.altup_inputs) {
    p.part = Part::kMlp;
    p.vector(2 * m.hidden_size);        // correct_output_scale, router_norm
    p.add(n, n + n * n, 1, false);      // correction_coefs [n, n], prediction_coefs [n^2, n]
    p.linear(m.hidden_size, n, false);  // modality_router
  }
  p.part = Part::kNorms;
  p.lora = false;
  p.add(norm_params(m, m.hidden_size), 1, l.norms, false);
  if (l.hyper_connections) {  // hc_attn / hc_ffn: fn [(2+hc)hc, hc*h], base, scale [3]; FP32
    const uint64_t hc = l.hyper_connections, mix = (2 + hc) * hc;
    p.vector(2 * mix * hc * m.hidden_size + 2 * mix + 6);
    p.out[p.n - 1].fp32 = true;
  }
  return p.n;
}

LayerParams<uint64_t> layer_params(const ModelSpec& m, const LayerSpec& l) {
  return sum<uint64_t>(m, l);
}

LayerParams<double> layer_params_bound(const ModelSpec& m, const LayerSpec& l) {
  return sum<double>(m, l);
}

}  // namespace vramcalc
