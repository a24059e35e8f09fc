// uniform_layers(): the layer list the uniform ModelSpec fields describe, for
// families whose layers differ only in window, KV heads or dense/MoE MLP.
#include <algorithm>

#include "model_spec.h"

namespace vramcalc {

LayerSpec base_layer(const ModelSpec& m) {
  LayerSpec base;
  base.norms = m.norms_per_layer;
  base.gated = m.gated_mlp;
  base.ffn_bias = m.mlp_bias;
  base.ffn_width = m.intermediate_size;
  if (m.mla_attention) {
    base.mixer = Mixer::kLatentAttention;
    base.mla = m.mla;
    base.mla.heads = m.num_heads;
  } else {
    AttentionSpec& a = base.attn;
    a.q_heads = m.num_heads;
    a.kv_heads = m.num_kv_heads;
    a.head_dim = m.head_dim;
    a.qkv_bias = m.qkv_bias;
    a.out_bias = m.attn_out_bias;
    a.qk_norm = m.qk_norm_params;
  }
  return base;
}

std::vector<LayerSpec> uniform_layers(const ModelSpec& m) {
  std::vector<LayerSpec> runs;
  if (m.kind == ModelKind::kParamsOnly) return runs;
  const LayerSpec base = base_layer(m);
  const MoeSpec& e = m.moe;
  const uint64_t dense = m.num_layers - std::min(e.moe_layers, m.num_layers);
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = base;
    if (l.mixer == Mixer::kAttention) {
      if (i < m.kv_heads_per_layer.size()) {
        l.attn.kv_heads = m.kv_heads_per_layer[static_cast<size_t>(i)];
        if (l.attn.kv_heads == 0) l.mixer = Mixer::kNone;
      }
      if (m.sliding_window > 0 && i < m.sliding_window_layers) {
        l.attn.span = Span::kSliding;
        l.attn.window = m.sliding_window;
      }
    }
    if (i >= dense) {
      l.ffn = Ffn::kMoe;
      l.ffn_width = 0;  // no dense MLP beside the experts
      l.moe = {e.num_experts,
               e.experts_per_token,
               e.expert_intermediate,
               e.shared_intermediate,
               e.shared_expert_gate,
               e.router_bias,
               false,
               false};
    }
    append_layer(runs, l);
  }
  return runs;
}

const std::vector<LayerSpec>& layers_of(const ModelSpec& m, std::vector<LayerSpec>& scratch) {
  if (!m.layers.empty()) return m.layers;
  scratch = uniform_layers(m);
  return scratch;
}

}  // namespace vramcalc
