// Building blocks of the family readers (config_layer_blocks.h).
#include "config_layer_blocks.h"

namespace vramcalc::config {

std::string layer_type(FieldReader& f, uint64_t i,
                       const std::function<std::string(uint64_t)>& fallback) {
  const auto it = f.object().find("layer_types");
  if (it != f.object().end() && it->is_array() && i < it->size() &&
      (*it)[static_cast<size_t>(i)].is_string()) {
    return (*it)[static_cast<size_t>(i)].get<std::string>();
  }
  return fallback(i);
}

Error unknown_layer_type(FieldReader& f, uint64_t i, const std::string& type, const char* known) {
  return f.error(ErrorCode::kInvalidField, "field 'layer_types' entry " + std::to_string(i) +
                                               " is '" + type.substr(0, 40) + "' (known: " + known +
                                               ")");
}

LayerSpec layer_of(const ModelSpec& m) { return base_layer(m); }

// Layer indices listed in an optional integer array field (Qwen-MoE mlp_only_layers).
Result<std::vector<bool>> layer_set(FieldReader& f, const char* field, uint64_t layers) {
  std::vector<bool> in(static_cast<size_t>(layers), false);
  const auto it = f.object().find(field);
  if (it == f.object().end() || it->is_null()) return in;
  if (!it->is_array())
    return f.error(ErrorCode::kInvalidField,
                   "field '" + std::string(field) + "' must be a list of layers");
  for (const auto& v : *it) {
    if (!v.is_number_unsigned() || v.get<uint64_t>() >= layers) {
      return f.error(ErrorCode::kInvalidField, "field '" + std::string(field) + "' holds " +
                                                   brief(v) + ", not a layer index");
    }
    in[static_cast<size_t>(v.get<uint64_t>())] = true;
  }
  return in;
}

Result<std::vector<bool>> layer_bits(FieldReader& f, const char* field, uint64_t layers,
                                     bool fallback) {
  std::vector<bool> bits(static_cast<size_t>(layers), fallback);
  const auto it = f.object().find(field);
  if (it == f.object().end() || !it->is_array()) return bits;
  if (it->size() != layers) {
    return f.error(ErrorCode::kInvalidField, "field '" + std::string(field) + "' has " +
                                                 std::to_string(it->size()) + " entries for " +
                                                 std::to_string(layers) + " layers");
  }
  for (size_t i = 0; i < bits.size(); ++i) {
    const Json& v = (*it)[i];
    if (!v.is_number_unsigned() || v.get<uint64_t>() > 1) {
      return f.error(ErrorCode::kInvalidField, "field '" + std::string(field) + "' entry " +
                                                   std::to_string(i) + " is " + brief(v) +
                                                   ", not 0 or 1");
    }
    bits[i] = v.get<uint64_t>() == 1;
  }
  return bits;
}

std::optional<Error> biases(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(attn, f.flag("attention_bias", m.qkv_bias));
  VRAMCALC_TRY(mlp, f.flag("mlp_bias", m.mlp_bias));
  m.qkv_bias = m.attn_out_bias = attn;
  m.mlp_bias = mlp;
  return std::nullopt;
}

Result<MoeShape> moe_shape(FieldReader& f, std::initializer_list<const char*> count,
                           std::initializer_list<const char*> width) {
  MoeShape e;
  auto n = f.uint(count, 1, kMaxExperts, true);
  if (!n.ok()) return n.error();
  auto k = f.uint({"num_experts_per_tok", "experts_per_token"}, 1, n.value(), true);
  if (!k.ok()) return k.error();
  auto w = f.uint(width, 1, kMaxWidth, true);
  if (!w.ok()) return w.error();
  e.experts = n.value();
  e.top_k = k.value();
  e.expert_width = w.value();
  return e;
}

std::optional<Error> every_layer_moe(FieldReader& f, ModelSpec& m,
                                     std::initializer_list<const char*> count,
                                     std::initializer_list<const char*> width) {
  auto shape = moe_shape(f, count, width);
  if (!shape.ok()) return shape.error();
  summarize_moe(m, shape.value(), m.num_layers);
  return std::nullopt;
}

void route_to_experts(LayerSpec& l, const MoeShape& e) {
  l.ffn = Ffn::kMoe;
  l.ffn_width = 0;
  l.moe = e;
}

void summarize_moe(ModelSpec& m, const MoeShape& e, uint64_t moe_layers) {
  m.moe.num_experts = e.experts;
  m.moe.experts_per_token = e.top_k;
  m.moe.expert_intermediate = e.expert_width;
  m.moe.shared_intermediate = e.shared_width;
  m.moe.shared_expert_gate = e.shared_gate;
  m.moe.router_bias = e.router_bias;
  m.moe.moe_layers = moe_layers;
}

std::optional<Error> sliding_layers(FieldReader& f, ModelSpec& m, uint64_t window,
                                    const std::function<bool(uint64_t)>& sliding) {
  m.sliding_window = window;
  m.sliding_window_layers = 0;
  m.layers.clear();
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    const std::string type = layer_type(f, i, [&](uint64_t j) {
      return window > 0 && sliding(j) ? "sliding_attention" : "full_attention";
    });
    if (type == "sliding_attention" && window > 0) {
      l.attn.span = Span::kSliding;
      l.attn.window = window;
      ++m.sliding_window_layers;
    } else if (type != "sliding_attention" && type != "full_attention") {
      return unknown_layer_type(f, i, type, "sliding_attention, full_attention");
    }
    append_layer(m.layers, l);
  }
  if (m.sliding_window_layers == 0) m.sliding_window = 0;
  return std::nullopt;
}

Result<uint64_t> uint_or_auto(FieldReader& f, const char* key, uint64_t max_value,
                              uint64_t automatic) {
  const auto it = f.object().find(key);
  if (it != f.object().end() && it->is_string() && it->get<std::string>() == "auto") {
    return automatic;
  }
  return f.uint({key}, 1, max_value, false, automatic);
}

const Mamba2Keys kMambaPrefixedKeys{"mamba_n_heads",
                                    "mamba_d_head",
                                    "mamba_d_state",
                                    "mamba_n_groups",
                                    "mamba_d_conv",
                                    "mamba_conv_bias",
                                    "mamba_proj_bias",
                                    128,
                                    256,
                                    1,
                                    false};

Result<MambaSpec> read_mamba2(FieldReader& f, const Mamba2Keys& k,
                              const std::function<uint64_t(uint64_t)>& head_dim_default) {
  VRAMCALC_TRY(heads, f.uint({k.heads}, 1, kMaxHeads, k.heads_required, k.heads_default));
  VRAMCALC_TRY(head_dim, uint_or_auto(f, k.head_dim, 1 << 12,
                                      std::max<uint64_t>(1, head_dim_default(heads))));
  VRAMCALC_TRY(state, f.uint({k.state}, 1, 1 << 12, false, k.state_default));
  VRAMCALC_TRY(groups, f.uint({k.groups}, 1, kMaxHeads, false, k.groups_default));
  VRAMCALC_TRY(kernel, f.uint({k.kernel}, 1, 64, false, 4));
  VRAMCALC_TRY(conv_bias, f.flag(k.conv_bias, true));
  VRAMCALC_TRY(proj_bias, f.flag(k.proj_bias, false));
  MambaSpec s;
  s.heads = heads;
  s.head_dim = head_dim;
  s.inner = heads * head_dim;  // not expand x hidden
  s.state_size = state;
  s.groups = groups;
  s.conv_kernel = kernel;
  s.conv_bias = conv_bias;
  s.proj_bias = s.out_proj_bias = proj_bias;
  return s;
}

Result<std::optional<DType>> state_dtype(FieldReader& f) {
  for (const char* key : {"mamba_ssm_cache_dtype", "mamba_ssm_dtype"}) {
    if (!f.has(key)) continue;
    auto name = f.text(key, "");
    if (!name.ok()) return name.error();
    if (name.value() == "float32") return std::optional<DType>(DType::kFP32);
    if (name.value() == "bfloat16") return std::optional<DType>(DType::kBF16);
    if (name.value() == "float16") return std::optional<DType>(DType::kFP16);
    return f.error(ErrorCode::kInvalidField, "field '" + std::string(key) + "' is '" +
                                                 name.value().substr(0, 20) +
                                                 "' (known: float32, bfloat16, float16)");
  }
  return std::optional<DType>();
}

}  // namespace vramcalc::config
