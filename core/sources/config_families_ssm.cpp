// State-space families (config_families_2026.h): AI21's Jamba, the Mamba-2 language
// model and TII's Falcon-H1. Cache shapes: docs/research/architectures/ (jamba.md,
// mamba2.md, falcon_h1.md).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// Jamba (transformers src/transformers/models/jamba/modeling_jamba.py @
// 008f5c8c29be84d4721dc6d1e0fcd72300580be4): layer i has attention (no biases) when
// i % attn_layer_period == attn_layer_offset, else a Mamba-1 mixer (mamba_expand x
// hidden channels, dt_rank "auto" = ceil(hidden / 16), a bias on dt_proj and
// RMSNorms on dt, B and C); it routes num_experts experts of intermediate_size when
// i % expert_layer_period == expert_layer_offset, else has the dense MLP.
std::optional<Error> jamba(FieldReader& f, ModelSpec& m) {
  const uint64_t h = m.hidden_size;
  VRAMCALC_TRY(attn_period, f.uint({"attn_layer_period"}, 1, kMaxLayers, false, 8));
  VRAMCALC_TRY(attn_offset, f.uint({"attn_layer_offset"}, 0, kMaxLayers, false, 4));
  VRAMCALC_TRY(expert_period, f.uint({"expert_layer_period"}, 1, kMaxLayers, false, 2));
  VRAMCALC_TRY(expert_offset, f.uint({"expert_layer_offset"}, 0, kMaxLayers, false, 1));
  VRAMCALC_TRY(expand, f.uint({"mamba_expand"}, 1, 64, false, 2));
  VRAMCALC_TRY(state, f.uint({"mamba_d_state"}, 1, 1 << 12, false, 16));
  VRAMCALC_TRY(kernel, f.uint({"mamba_d_conv"}, 1, 64, false, 4));
  VRAMCALC_TRY(dt_rank, uint_or_auto(f, "mamba_dt_rank", kMaxWidth, (h + 15) / 16));
  VRAMCALC_TRY(conv_bias, f.flag("mamba_conv_bias", true));
  VRAMCALC_TRY(proj_bias, f.flag("mamba_proj_bias", false));
  VRAMCALC_TRY(n, f.uint({"num_experts"}, 1, kMaxExperts, false, 16));
  VRAMCALC_TRY(k, f.uint({"num_experts_per_tok"}, 1, n, false, 2));
  MambaSpec mamba;
  mamba.version = 1;
  mamba.inner = expand * h;
  mamba.state_size = state;
  mamba.conv_kernel = kernel;
  mamba.dt_rank = dt_rank;
  mamba.conv_bias = conv_bias;
  mamba.proj_bias = mamba.out_proj_bias = proj_bias;
  mamba.gated_norm = false;
  mamba.dt_bc_norms = true;
  MoeShape e;
  e.experts = n, e.top_k = k, e.expert_width = m.intermediate_size;
  m.qkv_bias = m.attn_out_bias = false;
  uint64_t moe_layers = 0;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    if (i % attn_period != attn_offset) {
      l.mixer = Mixer::kMamba;
      l.mamba = mamba;
    }
    if (n > 1 && i % expert_period == expert_offset) {
      route_to_experts(l, e);
      ++moe_layers;
    }
    append_layer(m.layers, l);
  }
  if (moe_layers) summarize_moe(m, e, moe_layers);
  return std::nullopt;
}

// Mamba-2 language model (transformers src/transformers/models/mamba2/
// modeling_mamba2.py @ 020a37d2264e60dc7beb9634c3e87ad870073e2c): every block one
// norm and one Mamba2Mixer of num_heads x head_dim channels (expand x hidden),
// n_groups groups of B and C, a gated RMSNorm; no attention, no MLP.
std::optional<Error> mamba2(FieldReader& f, ModelSpec& m) {
  const Mamba2Keys keys{
      "num_heads", "head_dim", "state_size", "n_groups", "conv_kernel", "use_conv_bias",
      "use_bias",  128,        128,          8,          true};
  VRAMCALC_TRY(mamba, read_mamba2(f, keys, [](uint64_t) { return 64; }));
  VRAMCALC_TRY(gated, f.flag("rms_norm", true));
  VRAMCALC_TRY(ssm, state_dtype(f));
  m.state_dtype = ssm;
  LayerSpec l = layer_of(m);
  l.mixer = Mixer::kMamba;
  l.mamba = mamba;
  l.mamba.gated_norm = gated;
  l.ffn = Ffn::kNone;
  l.norms = 1;
  l.repeat = m.num_layers;
  m.layers = {l};
  return std::nullopt;
}

// Falcon-H1 (transformers src/transformers/models/falcon_h1/modeling_falcon_h1.py @
// 001f85b38fb432858ace93f18622f07cec46d874): every layer runs attention and a Mamba-2
// mixer side by side (mamba_d_ssm channels in mamba_n_heads heads of mamba_d_head,
// "auto" = d_ssm / heads; in_proj bias mamba_proj_bias, out_proj bias projectors_bias,
// the gated norm only with mamba_rms_norm), then the dense MLP; two norms. The muP
// multipliers and the non-persistent mup_vector buffer hold nothing stored.
std::optional<Error> falcon_h1(FieldReader& f, ModelSpec& m) {
  const uint64_t h = m.hidden_size;
  VRAMCALC_TRY(expand, f.uint({"mamba_expand"}, 1, 64, false, 2));
  VRAMCALC_TRY(d_ssm, f.uint({"mamba_d_ssm"}, 1, kMaxWidth, false, expand * h));
  VRAMCALC_TRY(mamba,
               read_mamba2(f, kMambaPrefixedKeys, [&](uint64_t heads) { return d_ssm / heads; }));
  VRAMCALC_TRY(out_bias, f.flag("projectors_bias", false));
  VRAMCALC_TRY(gated, f.flag("mamba_rms_norm", false));
  VRAMCALC_TRY(ssm, state_dtype(f));
  if (auto e = biases(f, m)) return e;
  m.state_dtype = ssm;
  LayerSpec l = layer_of(m);
  l.mamba_beside = true;
  l.mamba = mamba;
  l.mamba.out_proj_bias = out_bias;
  l.mamba.gated_norm = gated;
  l.repeat = m.num_layers;
  m.layers = {l};
  return std::nullopt;
}

}  // namespace vramcalc::config
