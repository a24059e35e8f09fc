// PEFT LoRA adapter configs, matched against the base model's module names with
// PEFT's rules: a list of names matches a module whose full name equals one of
// them or ends with "." + one of them; a single string is a regular expression
// that must match the whole name (TargetPattern: std::regex would throw, which
// the wasm build cannot catch, and costs ~95 KB of wasm); "all-linear" means every linear layer but
// the output head (peft/tuners/tuners_utils.py check_target_module_exists).
#include "adapter.h"

#include "file_limits.h"
#include "json_util.h"
#include "modules.h"
#include "target_pattern.h"

namespace vramcalc {

namespace {

Result<std::vector<std::string>> string_list(const Json& cfg, const char* field,
                                             std::string_view source) {
  std::vector<std::string> out;
  const auto it = cfg.find(field);
  if (it == cfg.end() || it->is_null()) return out;
  if (!it->is_array()) {
    return make_error(ErrorCode::kInvalidField, std::string(source) + ": field '" + field +
                                                    "' must be a list of module names");
  }
  if (it->size() > 10000) {
    return make_error(ErrorCode::kInvalidField,
                      std::string(source) + ": field '" + field + "' lists too many names");
  }
  for (const auto& v : *it) {
    if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 512) {
      return make_error(ErrorCode::kInvalidField, std::string(source) + ": field '" + field +
                                                      "' holds " + brief(v) +
                                                      ", not a module name");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

bool ends_with_component(const std::string& name, const std::string& target) {
  if (name == target) return true;
  return name.size() > target.size() &&
         name.compare(name.size() - target.size(), target.size(), target) == 0 &&
         name[name.size() - target.size() - 1] == '.';
}

// PEFT's default LoRA targets per model type (peft/utils/constants.py).
std::vector<std::string> default_targets(const std::string& type) {
  if (type == "gpt2") return {"c_attn"};
  if (type == "gpt_neox" || type == "falcon" || type == "RefinedWeb" || type == "RefinedWebModel" ||
      type == "bloom") {
    return {"query_key_value"};
  }
  if (type == "bert" || type == "roberta") return {"query", "value"};
  if (type == "phi") return {"q_proj", "v_proj", "fc1", "fc2"};
  if (type == "phi3") return {"qkv_proj"};
  if (type == "internlm2") return {"wqkv"};
  return {"q_proj", "v_proj"};
}

constexpr uint64_t kMaxEnumerated = 1u << 20;  // module instances named one by one

}  // namespace

Result<AdapterConfig> parse_adapter_config(std::string_view bytes, std::string_view source) {
  auto parsed = parse_json(bytes, source, kMaxConfigJsonBytes);
  if (!parsed.ok()) return parsed.error();
  const Json& cfg = parsed.value();
  const std::string where(source);
  if (!cfg.is_object()) {
    return make_error(ErrorCode::kInvalidJson, where + ": adapter_config.json must be an object");
  }
  AdapterConfig a;
  auto type = get_string(cfg, "peft_type", source);
  if (!type.ok()) return type.error();
  a.peft_type = type.value().value_or("");
  if (a.peft_type != "LORA") {
    return make_error(ErrorCode::kUnsupported, where + ": field 'peft_type' is '" +
                                                   a.peft_type.substr(0, 40) +
                                                   "'; only LORA adapters are supported");
  }
  auto r = get_uint(cfg, "r", source, 1, 1u << 16);
  if (!r.ok()) return r.error();
  a.rank = r.value().value_or(8);  // PEFT's LoraConfig default
  const auto alpha = cfg.find("lora_alpha");
  if (alpha != cfg.end() && alpha->is_number()) a.alpha = alpha->get<double>();

  const auto targets = cfg.find("target_modules");
  if (targets == cfg.end() || targets->is_null()) {
    a.targets_default = true;
  } else if (targets->is_string()) {
    const std::string t = targets->get<std::string>();
    if (t == "all-linear") {
      a.all_linear = true;
    } else if (t.empty() || t.size() > 1024) {
      return make_error(ErrorCode::kInvalidField,
                        where + ": field 'target_modules' regex is empty or over 1024 characters");
    } else if (auto compiled = TargetPattern::compile(t); !compiled.ok()) {
      return make_error(ErrorCode::kInvalidField,
                        where + ": field 'target_modules' regex: " + compiled.error().message);
    } else {
      a.target_regex = t;
    }
  } else {
    auto list = string_list(cfg, "target_modules", source);
    if (!list.ok()) return list.error();
    a.target_modules = list.value();
  }
  auto save = string_list(cfg, "modules_to_save", source);
  if (!save.ok()) return save.error();
  a.modules_to_save = save.value();
  auto bias = get_string(cfg, "bias", source);
  if (!bias.ok()) return bias.error();
  a.bias = bias.value().value_or("none");
  if (a.bias != "none" && a.bias != "all" && a.bias != "lora_only") {
    return make_error(ErrorCode::kInvalidField,
                      where + ": field 'bias' must be none, all or lora_only");
  }
  auto dora = get_bool(cfg, "use_dora", source);
  if (!dora.ok()) return dora.error();
  a.use_dora = dora.value().value_or(false);
  const auto layers = cfg.find("layers_to_transform");
  if (layers != cfg.end() && !layers->is_null()) {
    if (layers->is_number_unsigned()) {
      a.layers_to_transform.push_back(layers->get<uint64_t>());
    } else if (layers->is_array() && layers->size() <= 100000) {
      for (const auto& v : *layers) {
        if (!v.is_number_unsigned()) {
          return make_error(ErrorCode::kInvalidField,
                            where + ": field 'layers_to_transform' holds " + brief(v));
        }
        a.layers_to_transform.push_back(v.get<uint64_t>());
      }
    } else {
      return make_error(ErrorCode::kInvalidField,
                        where + ": field 'layers_to_transform' must be a layer or a list");
    }
  }
  auto base = get_string(cfg, "base_model_name_or_path", source);
  if (!base.ok()) return base.error();
  a.base_model = base.value().value_or("");
  return a;
}

Result<AdapterSpec> count_adapter(const AdapterConfig& a, const ModelSpec& base,
                                  std::string_view source) {
  if (base.kind == ModelKind::kParamsOnly) {
    return make_error(ErrorCode::kUnsupported, std::string(source) +
                                                   ": an adapter needs its base model's "
                                                   "config.json, not a bare parameter count");
  }
  const std::vector<std::string> names =
      a.targets_default ? default_targets(base.model_type) : a.target_modules;
  TargetPattern pattern;
  if (!a.target_regex.empty()) {
    auto compiled = TargetPattern::compile(a.target_regex);
    if (!compiled.ok()) return compiled.error();
    pattern = compiled.value();
  }
  auto layer_allowed = [&](uint64_t layer) {
    if (a.layers_to_transform.empty()) return true;
    for (uint64_t l : a.layers_to_transform) {
      if (l == layer) return true;
    }
    return false;
  };
  auto is_target = [&](const Module& m, const std::string& name) {
    if (!m.linear) return false;
    if (a.all_linear) return !m.output_layer;
    if (!a.target_regex.empty()) return pattern.full_match(name);
    for (const auto& t : names) {
      if (ends_with_component(name, t)) return true;
    }
    return false;
  };
  auto is_saved = [&](const std::string& name) {
    for (const auto& t : a.modules_to_save) {
      if (ends_with_component(name, t)) return true;
    }
    return false;
  };

  AdapterSpec spec;
  spec.present = true;
  spec.rank = a.rank;
  std::vector<std::string> matched_leaves;
  for (const Module& m : model_modules(base)) {
    // Name every instance, unless there are too many (then experts share expert 0's fate).
    const bool per_expert = m.copies() <= kMaxEnumerated;
    const uint64_t experts = per_expert ? m.experts : 1;
    const uint64_t weight = per_expert ? 1 : m.experts;
    for (uint64_t l = 0; l < m.layers; ++l) {
      const bool layered = m.path.find("{L}") != std::string::npos;
      if (layered && !layer_allowed(l)) continue;
      for (uint64_t e = 0; e < experts; ++e) {
        const std::string name = module_name(m, l, e);
        if (is_saved(name)) {
          spec.trainable_params += weight * (m.in * m.out + (m.bias ? m.out : 0));
        } else if (is_target(m, name)) {
          spec.adapted_modules += weight;
          spec.trainable_params += weight * (a.rank * (m.in + m.out) + (a.use_dora ? m.out : 0) +
                                             (a.bias != "none" && m.bias ? m.out : 0));
          const std::string leaf = m.path.substr(m.path.rfind('.') + 1);
          bool seen = false;
          for (const auto& s : matched_leaves) seen = seen || s == leaf;
          if (!seen) matched_leaves.push_back(leaf);
        }
      }
    }
  }
  if (spec.adapted_modules == 0) {
    std::string t = a.all_linear ? "all-linear" : (!a.target_regex.empty() ? a.target_regex : "");
    for (const auto& n : names) t += (t.empty() ? "" : ", ") + n;
    return make_error(ErrorCode::kInconsistentModel,
                      std::string(source) + ": field 'target_modules' (" + t.substr(0, 80) +
                          ") matches no linear layer of this " + base.model_type + " model");
  }
  std::string leaves;
  for (const auto& s : matched_leaves) leaves += (leaves.empty() ? "" : ", ") + s;
  spec.description = "LoRA r=" + std::to_string(a.rank) + " on " + leaves + " (" +
                     std::to_string(spec.adapted_modules) + " modules" +
                     (a.use_dora ? ", DoRA" : "") +
                     (a.modules_to_save.empty() ? "" : ", plus saved modules") + ")";
  return spec;
}

}  // namespace vramcalc
