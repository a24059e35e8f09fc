// Run bookkeeping for the per-layer model (layers.h).
#include "layers.h"

#include <tuple>

namespace vramcalc {

namespace {

auto key(const AttentionSpec& a) {
  return std::tie(a.q_heads, a.kv_heads, a.head_dim, a.v_head_dim, a.span, a.window, a.qkv_bias,
                  a.out_bias, a.output_gate, a.sinks, a.head_gate, a.k_eq_v, a.qk_norm, a.shares_kv,
                  a.kv_proj_unused);
}
auto key(const MlaSpec& a) {
  return std::tie(a.q_lora_rank, a.kv_lora_rank, a.qk_rope_head_dim, a.qk_nope_head_dim,
                  a.v_head_dim, a.index_heads, a.index_head_dim, a.heads);
}
auto key(const DeltaNetSpec& a) {
  return std::tie(a.key_heads, a.value_heads, a.key_head_dim, a.value_head_dim, a.conv_kernel);
}
auto key(const MambaSpec& a) {
  return std::tie(a.version, a.heads, a.head_dim, a.inner, a.state_size, a.groups, a.conv_kernel,
                  a.dt_rank, a.conv_bias, a.proj_bias, a.out_proj_bias, a.gated_norm,
                  a.dt_bc_norms);
}
auto key(const CsaSpec& a) {
  return std::tie(a.heads, a.head_dim, a.q_lora_rank, a.o_lora_rank, a.o_groups, a.ratio, a.window,
                  a.index_heads, a.index_head_dim);
}
auto key(const MoeShape& a) {
  return std::tie(a.experts, a.top_k, a.expert_width, a.shared_width, a.shared_gate, a.router_bias,
                  a.router_linear_bias, a.expert_bias, a.latent_width, a.router_scales);
}

}  // namespace

bool same_layer(const LayerSpec& a, const LayerSpec& b) {
  // Only the parts the layer's kinds use are compared: an unused AttentionSpec left
  // over from a default does not split runs.
  if (a.mixer != b.mixer || a.ffn != b.ffn || a.norms != b.norms ||
      a.per_layer_input != b.per_layer_input || a.hyper_connections != b.hyper_connections ||
      a.input_proj != b.input_proj || a.mamba_beside != b.mamba_beside ||
      a.altup_inputs != b.altup_inputs || a.laurel_rank != b.laurel_rank) {
    return false;
  }
  if (a.mamba_beside && key(a.mamba) != key(b.mamba)) return false;
  switch (a.mixer) {
    case Mixer::kAttention:
      if (key(a.attn) != key(b.attn)) return false;
      break;
    case Mixer::kLatentAttention:
      if (key(a.mla) != key(b.mla)) return false;
      break;
    case Mixer::kDeltaNet:
      if (key(a.gdn) != key(b.gdn)) return false;
      break;
    case Mixer::kMamba:
      if (key(a.mamba) != key(b.mamba)) return false;
      break;
    case Mixer::kCompressedAttention:
      if (key(a.csa) != key(b.csa)) return false;
      break;
    case Mixer::kNone:
    case Mixer::kLinear:
      break;
  }
  if (a.ffn == Ffn::kNone || a.ffn == Ffn::kLinear) return true;
  if (a.gated != b.gated || a.ffn_bias != b.ffn_bias) return false;
  if (a.ffn == Ffn::kDense) return a.ffn_width == b.ffn_width;
  return key(a.moe) == key(b.moe) && a.ffn_width == b.ffn_width;
}

void append_layer(std::vector<LayerSpec>& runs, const LayerSpec& layer) {
  if (!runs.empty() && same_layer(runs.back(), layer)) {
    runs.back().repeat += layer.repeat;
    return;
  }
  runs.push_back(layer);
}

uint64_t layer_count(const std::vector<LayerSpec>& runs) {
  uint64_t n = 0;
  for (const LayerSpec& r : runs) n += r.repeat;
  return n;
}

const LayerSpec* layer_at(const std::vector<LayerSpec>& runs, uint64_t index) {
  for (const LayerSpec& r : runs) {
    if (index < r.repeat) return &r;
    index -= r.repeat;
  }
  return nullptr;
}

}  // namespace vramcalc
