// NVIDIA's families (config_families_2026.h): Nemotron-H hybrids and DeciLM
// (nemotron-nas) block lists.
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"
#include "printable.h"

namespace vramcalc::config {

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
  const Mamba2Keys keys{"mamba_num_heads",
                        "mamba_head_dim",
                        "ssm_state_size",
                        "n_groups",
                        "conv_kernel",
                        "use_conv_bias",
                        "use_bias",
                        128,
                        128,
                        8,
                        pattern.find('M') != std::string::npos};
  VRAMCALC_TRY(mamba, read_mamba2(f, keys, [](uint64_t) { return 64; }));
  VRAMCALC_TRY(mlp_bias, f.flag("mlp_bias", false));
  VRAMCALC_TRY(ssm, state_dtype(f));
  m.state_dtype = ssm.value_or(DType::kFP32);  // NemotronHConfig default: float32
  m.mlp_bias = mlp_bias;
  m.gated_mlp = false;
  m.norms_per_layer = 1;
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
      case 'M':
        l.mixer = Mixer::kMamba;
        l.mamba = mamba;
        return true;
      case '*':
        return true;
      case '-':
        l.mixer = Mixer::kNone;
        l.ffn = Ffn::kDense;
        return true;
      case 'E':
        l.mixer = Mixer::kNone;
        route_to_experts(l, e);
        return true;
      default:
        return false;
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
    if (!b.is_object() || a == b.end() || ffn == b.end() || !a->is_object() || !ffn->is_object()) {
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
          return f.error(ErrorCode::kInvalidField,
                         "field 'block_configs' entry " + std::to_string(i) +
                             ": ffn.ffn_mult must be a number in (0, 64]");
        }
        // DeciLM's _ffn_mult_to_intermediate_size: 2/3 x mult x hidden, up to a multiple of 256.
        const auto width = static_cast<uint64_t>(2.0 * mult->get<double>() *
                                                 static_cast<double>(m.hidden_size) / 3.0);
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

}  // namespace vramcalc::config
