// quantization_config readers (quant_config.h). Keys and defaults per method:
// docs/research/architectures/quant_*.md (transformers utils/quantization_config.py
// @ 000e2231, AutoGPTQ config.py, AutoAWQ _config.py, compressed-tensors
// quant_args.py / quant_scheme.py; commits in SUMMARY-QUANT.md).
#include "quant_config.h"

#include <string>

namespace vramcalc::config {

namespace {

using Method = QuantSpec::Method;

Result<uint64_t> pair_item(FieldReader& f, const Json& v, const char* field) {
  if (!v.is_number_unsigned() || v.get<uint64_t>() == 0 || v.get<uint64_t>() > (1u << 20)) {
    return f.error(ErrorCode::kInvalidField, std::string("field 'quantization_config.") + field +
                                                 "' must be two positive integers (got " +
                                                 brief(v) + ")");
  }
  return v.get<uint64_t>();
}

std::optional<Error> fp8_blocks(FieldReader& f, const Json& q, const char* field, QuantSpec& out) {
  const auto block = q.find(field);
  if (block == q.end() || block->is_null()) return std::nullopt;
  if (!block->is_array() || block->size() != 2) {
    return f.error(ErrorCode::kInvalidField, std::string("field 'quantization_config.") + field +
                                                 "' must be two positive integers (got " +
                                                 brief(*block) + ")");
  }
  VRAMCALC_TRY(bo, pair_item(f, (*block)[0], field));
  VRAMCALC_TRY(bi, pair_item(f, (*block)[1], field));
  out.block_out = bo, out.block_in = bi;
  return std::nullopt;
}

// group_size: -1 (or 0) means one group over the whole input row.
Result<uint64_t> group_size(const Json& q, const char* key, uint64_t fallback) {
  const auto it = q.find(key);
  if (it == q.end() || it->is_null()) return fallback;
  if (it->is_number_integer() && it->get<int64_t>() <= 0) return uint64_t{0};
  if (it->is_number_unsigned() && it->get<uint64_t>() <= (1u << 20)) return it->get<uint64_t>();
  return make_error(ErrorCode::kInvalidField, "field 'quantization_config." + std::string(key) +
                                                  "' must be an integer (got " + brief(*it) + ")");
}

// Which modules a list (modules_to_not_convert, ignored_layers, ignore) keeps in
// 16 bits. Embeddings, the head and routers are kept by every method already.
void kept_modules(const Json& q, QuantSpec& out, std::string& unmatched) {
  for (const char* key :
       {"modules_to_not_convert", "ignored_layers", "ignore", "llm_int8_skip_modules"}) {
    const auto list = q.find(key);
    if (list == q.end() || !list->is_array()) continue;
    for (const auto& v : *list) {
      if (!v.is_string()) continue;
      const std::string name = v.get<std::string>();
      if (name.find("self_attn") != std::string::npos) {
        out.attention_kept = true;
      } else if (name.find("shared_expert") != std::string::npos ||
                 name.find("mlp\\.(gate") != std::string::npos ||
                 name.find("mlp.(gate") != std::string::npos) {
        out.mlp_kept = true;
      } else if (name.find("gate") == std::string::npos &&
                 name.find("router") == std::string::npos &&
                 name.find("lm_head") == std::string::npos &&
                 name.find("embed") == std::string::npos &&
                 name.find("e_score_correction_bias") == std::string::npos) {
        unmatched += (unmatched.empty() ? "" : ", ") + name.substr(0, 60);
      }
    }
  }
}

// compressed-tensors: the first config group's weight args set the format.
std::optional<Error> compressed_tensors(FieldReader& f, const Json& q, QuantSpec& out,
                                        ModelSpec& m) {
  VRAMCALC_TRY(format, f.text("format", ""));
  const auto groups = q.find("config_groups");
  const Json* w = nullptr;
  if (groups != q.end() && groups->is_object() && !groups->empty()) {
    const auto weights = groups->begin()->find("weights");
    if (weights != groups->begin()->end() && weights->is_object()) w = &*weights;
    if (groups->size() > 1)
      m.notes.push_back("compressed-tensors: only the first config group is priced");
  }
  if (!w)
    return f.error(ErrorCode::kInvalidField, "quantization_config has no config_groups weights");
  FieldReader args(*w, f.source());
  VRAMCALC_TRY(bits, args.uint({"num_bits"}, 1, 16, false, 8));
  VRAMCALC_TRY(type, args.text("type", "int"));
  VRAMCALC_TRY(symmetric, args.flag("symmetric", true));
  VRAMCALC_TRY(strategy, args.text("strategy", ""));
  VRAMCALC_TRY(group, group_size(*w, "group_size", 0));
  VRAMCALC_TRY(actorder, args.text("actorder", ""));
  out.bits = bits;
  out.group = strategy == "channel" ? 0 : group;
  out.zero_points = !symmetric;
  out.g_idx = out.desc_act = actorder == "group";
  out.scale_bytes = 2;  // scales in the weights' dtype (BF16)
  if (type == "float" && bits == 4) {
    out.method = Method::kNvfp4;
    const auto acts = groups->begin()->find("input_activations");
    out.global_scales = acts != groups->begin()->end() && acts->is_object() ? 2 : 1;
  } else if (type == "float" && bits == 8) {
    out.method = Method::kFp8;
    if (auto e = fp8_blocks(args, *w, "block_structure", out)) return e;
    out.channel_scales = strategy == "channel";
  } else if (type == "int" && (format == "pack-quantized" || bits < 8)) {
    out.method = Method::kIntPacked;
  } else if (type == "int" && bits == 8) {
    out.method = Method::kInt8;
  } else {
    m.notes.push_back("compressed-tensors " + format.substr(0, 40) + " " + type.substr(0, 10) +
                      std::to_string(bits) + " is not priced yet: weights follow the chosen dtype");
    out.method = Method::kNone;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> read_quantization(const Json& cfg, std::string_view source, ModelSpec& m) {
  const auto it = cfg.find("quantization_config");
  if (it == cfg.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) {
    return make_error(ErrorCode::kInvalidField, std::string(source) +
                                                    ": field 'quantization_config' must be an "
                                                    "object (got " +
                                                    brief(*it) + ")");
  }
  const Json& q = *it;
  FieldReader f(q, source);
  VRAMCALC_TRY(method, f.text("quant_method", ""));
  QuantSpec out;
  if (method == "fp8") {
    out.method = Method::kFp8;
    if (auto e = fp8_blocks(f, q, "weight_block_size", out)) return e;
    VRAMCALC_TRY(scale_fmt, f.text("scale_fmt", ""));
    if (scale_fmt == "ue8m0") out.scale_bytes = 1;  // E8M0 scales (DeepSeek-V4)
    // DeepSeek-V4 writes its experts' format beside the config: expert_dtype fp4.
    const auto experts = cfg.find("expert_dtype");
    out.experts_fp4 = experts != cfg.end() && experts->is_string() && *experts == "fp4";
  } else if (method == "mxfp4") {
    out.method = Method::kMxfp4;
  } else if (method == "gptq" || method == "awq") {
    out.method = method == "gptq" ? Method::kGptq : Method::kAwq;
    VRAMCALC_TRY(bits, f.uint({"bits", "w_bit"}, 2, 8, false, 4));
    VRAMCALC_TRY(group,
                 group_size(q, q.contains("group_size") ? "group_size" : "q_group_size", 128));
    out.bits = bits;
    out.group = group;
    out.g_idx = method == "gptq";  // written for every layer, with or without desc_act
    VRAMCALC_TRY(desc_act, f.flag("desc_act", false));
    out.desc_act = desc_act;
    VRAMCALC_TRY(version, f.text("version", "gemm"));
    if (method == "awq" && version != "gemm" && version != "GEMM") {
      m.notes.push_back("AWQ " + version.substr(0, 20) +
                        " packs like GEMM here (GEMV pads groups)");
    }
  } else if (method == "bitsandbytes") {
    VRAMCALC_TRY(four, f.flag("load_in_4bit", false));
    VRAMCALC_TRY(four_private, f.flag("_load_in_4bit", four));
    VRAMCALC_TRY(eight, f.flag("load_in_8bit", false));
    VRAMCALC_TRY(eight_private, f.flag("_load_in_8bit", eight));
    VRAMCALC_TRY(dq, f.flag("bnb_4bit_use_double_quant", false));
    if (!four_private && !eight_private) {
      m.notes.push_back(
          "bitsandbytes quantization_config loads neither 4- nor 8-bit: weights as chosen");
      return std::nullopt;
    }
    out.method = four_private ? Method::kBnb4 : Method::kBnb8;
    out.double_quant = dq;
    out.routers_quantized = true;
  } else if (method == "compressed-tensors") {
    if (auto e = compressed_tensors(f, q, out, m)) return e;
    if (out.method == Method::kNone) return std::nullopt;
  } else {
    m.notes.push_back("quantization_config '" + method.substr(0, 40) +
                      "' is not priced yet: weights follow the chosen weight dtype");
    return std::nullopt;
  }
  std::string unmatched;
  kept_modules(q, out, unmatched);
  if (!unmatched.empty()) {
    m.notes.push_back("quantization_config keeps modules the estimate quantizes: " + unmatched);
  }
  m.quant = out;
  return std::nullopt;
}

}  // namespace vramcalc::config
