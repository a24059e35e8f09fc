// IBM's Granite families (config_families_2026.h).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"
#include "printable.h"

namespace vramcalc::config {

// Granite 3.x (transformers src/transformers/models/granite/modeling_granite.py @
// b6dd89b47daad100034ac4e3b7beb2101f07d7f1): Llama layers; the muP multipliers
// (embedding, attention, residual, logits) hold no weights.
std::optional<Error> granite(FieldReader& f, ModelSpec& m) { return biases(f, m); }

// GraniteMoE (transformers src/transformers/models/granitemoe/modeling_granitemoe.py @
// c7a438e9d42b8c427670de4a674d06b7a728aa1b): every layer routes num_local_experts
// experts of intermediate_size (fused input_linear 2I x h, output_linear h x I, a
// router without bias), no shared expert.
std::optional<Error> granitemoe(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  return every_layer_moe(f, m, {"num_local_experts"}, {"intermediate_size"});
}

// Granite 4.0 (transformers src/transformers/models/granitemoehybrid/
// modular_granitemoehybrid.py @ 023633dd63876e9f65e733a9f547952052b63d6a;
// docs/research/architectures/granitemoehybrid.md): layer_types (or
// layers_block_type) names each layer "mamba" (Bamba's Mamba-2 mixer, mamba_expand x
// hidden channels in mamba_n_heads heads, gated norm) or "attention"; every layer has
// the shared_mlp of shared_intermediate_size and, with num_local_experts > 0, experts
// of intermediate_size beside it.
std::optional<Error> granitemoehybrid(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  const uint64_t h = m.hidden_size;
  VRAMCALC_TRY(shared, f.uint({"shared_intermediate_size"}, 1, kMaxWidth, true));
  VRAMCALC_TRY(experts, f.uint({"num_local_experts"}, 0, kMaxExperts, false, 0));
  VRAMCALC_TRY(expand, f.uint({"mamba_expand"}, 1, 64, false, 2));
  VRAMCALC_TRY(mamba, read_mamba2(f, kMambaPrefixedKeys,
                                  [&](uint64_t heads) { return expand * h / heads; }));
  VRAMCALC_TRY(ssm, state_dtype(f));
  m.state_dtype = ssm;
  MoeShape e;
  if (experts > 0) {
    auto shape = moe_shape(f, {"num_local_experts"}, {"intermediate_size"});
    if (!shape.ok()) return shape.error();
    e = shape.value();
    e.shared_width = shared;
  }
  const auto types = f.object().find(f.has("layer_types") ? "layer_types" : "layers_block_type");
  const bool listed =
      types != f.object().end() && types->is_array() && types->size() == m.num_layers;
  for (uint64_t i = 0; i < m.num_layers; ++i) {
    LayerSpec l = layer_of(m);
    const Json* t = listed ? &(*types)[static_cast<size_t>(i)] : nullptr;
    const std::string type = t && t->is_string() ? t->get<std::string>() : "attention";
    if (type == "mamba") {
      l.mixer = Mixer::kMamba;
      l.mamba = mamba;
    } else if (type != "attention") {
      return f.error(ErrorCode::kInvalidField, "layer " + std::to_string(i) + " is '" +
                                                   printable(type.substr(0, 40), 48) +
                                                   "' (known: mamba, attention)");
    }
    l.ffn_width = shared;
    if (experts > 0) {
      route_to_experts(l, e);
    }
    append_layer(m.layers, l);
  }
  if (experts > 0) summarize_moe(m, e, m.num_layers);
  m.intermediate_size = shared;
  return std::nullopt;
}

}  // namespace vramcalc::config
