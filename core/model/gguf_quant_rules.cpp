// llama_tensor_get_type and the per-tensor pipeline of llama_model_quantize_impl,
// llama.cpp ec98e2002 src/llama-quant.cpp (vendored in
// ollama/ollama@f63eea3d273816ffc27fbeb0662ab44d236abc45), in the order of the
// source's branches; docs/research/runtimes/llama_quant.md lists them.
#include "gguf_quant_rules.h"

#include <initializer_list>

#include "ggml_types.h"

namespace vramcalc {

namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }
bool any_of(const std::string& ft, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (ft == n) return true;
  }
  return false;
}

uint64_t block(const std::string& type) { return find_ggml_type_named(type)->block_elems; }

bool use_more_bits(uint64_t i, uint64_t n) {
  return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
}

// A row that is not whole blocks of the chosen type falls back (llama-quant.cpp).
std::string fallback(const std::string& t, uint64_t ne0) {
  if (ne0 % block(t) == 0) return t;
  std::string f = "F16";
  if (any_of(t, {"TQ1_0", "TQ2_0"})) f = "Q4_0";
  if (any_of(t, {"IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ3_XXS", "IQ3_S", "IQ1_S", "IQ1_M", "Q2_K", "Q3_K",
                 "IQ4_XS"})) {
    f = "IQ4_NL";
  }
  if (t == "Q4_K") f = "Q5_0";
  if (t == "Q5_K") f = "Q5_1";
  if (t == "Q6_K") f = "Q8_0";
  return ne0 % block(f) == 0 ? f : "F16";
}

// llama_tensor_get_type: the first matching branch wins, in the source's order.
std::string get_type(const QuantModel& m, QuantState& s, const std::string& ft,
                     const QuantTensor& t, std::string type) {
  const std::string& n = t.name;
  const bool falcon = m.arch == "falcon";
  const uint64_t nexp = m.n_expert, L = m.n_layer;
  if (n == "output.weight" || (!s.has_output && n == "token_embd.weight")) {
    if (ft == "MXFP4_MOE") {
      type = "Q8_0";
    } else if (falcon || t.ne0 % block(type) != 0) {
      type = "Q8_0";
    } else if (any_of(ft, {"IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M"})) {
      type = "Q5_K";
    } else if (type != "Q8_0") {
      type = "Q6_K";
    }
  } else if (ft == "MXFP4_MOE") {
    type = has(n, "_exps.weight") ? "MXFP4" : "Q8_0";
  } else if (n == "token_embd.weight") {
    if (any_of(ft, {"IQ2_XXS", "IQ2_XS", "IQ1_S", "IQ1_M"})) type = "Q2_K";
    if (any_of(ft, {"IQ2_S", "IQ2_M", "IQ3_XXS"})) type = "IQ3_S";
    if (any_of(ft, {"TQ1_0", "TQ2_0"})) type = "Q4_K";
  } else if (any_of(ft, {"IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ1_S", "IQ1_M"})) {
    const bool s_m = any_of(ft, {"IQ2_S", "IQ2_M"});
    if (has(n, "attn_v.weight")) {
      type = m.gqa >= 4 || nexp >= 4 ? "Q4_K" : (s_m ? "IQ3_S" : "Q2_K");
      ++s.i_attention_wv;
    } else if (nexp == 8 && has(n, "attn_k.weight")) {
      type = "Q4_K";
    } else if (has(n, "ffn_down")) {
      if (s.i_ffn_down < L / 8) type = s_m ? "IQ3_S" : "Q2_K";
      ++s.i_ffn_down;
    } else if (has(n, "attn_output.weight")) {
      if (nexp == 8) {
        type = "Q5_K";
      } else if (any_of(ft, {"IQ1_S", "IQ1_M"})) {
        type = "IQ2_XXS";
      } else if (s_m) {
        type = "IQ3_S";
      }
    }
  } else if (has(n, "attn_v.weight")) {
    const uint64_t i = s.i_attention_wv;
    if (ft == "Q2_K") {
      type = m.gqa >= 4 ? "Q4_K" : "Q3_K";
    } else if (ft == "Q2_K_S" && m.gqa >= 4) {
      type = "Q4_K";
    } else if (ft == "IQ3_XXS") {
      type = m.gqa >= 4 ? "Q4_K" : (s.imatrix ? "IQ3_XXS" : "IQ3_S");
    } else if (any_of(ft, {"IQ3_XS", "IQ3_S"}) && m.gqa >= 4) {
      type = "Q4_K";
    } else if (ft == "IQ3_M") {
      type = "Q4_K";
    } else if (ft == "Q3_K_M") {
      type = i < 2 ? "Q5_K" : "Q4_K";
    } else if (ft == "Q3_K_L") {
      type = "Q5_K";
    } else if (any_of(ft, {"IQ4_NL", "IQ4_XS"}) && m.gqa >= 4) {
      type = "Q5_K";
    } else if (any_of(ft, {"Q4_K_M", "Q5_K_M"}) && use_more_bits(i, s.n_attention_wv)) {
      type = "Q6_K";
    } else if (ft == "Q4_K_S" && i < 4) {
      type = "Q5_K";
    }
    if (m.is70b && any_of(type, {"Q3_K", "Q4_K"})) type = "Q5_K";
    if (nexp == 8) type = "Q8_0";
    ++s.i_attention_wv;
  } else if (has(n, "attn_k.weight")) {
    if (nexp == 8)
      type = "Q8_0";
    else if (ft == "IQ3_XS")
      type = "IQ3_XXS";
    else if (ft == "IQ3_XXS")
      type = "IQ2_S";
  } else if (has(n, "attn_q.weight")) {
    if (ft == "IQ3_XS")
      type = "IQ3_XXS";
    else if (ft == "IQ3_XXS")
      type = "IQ2_S";
  } else if (has(n, "ffn_down")) {
    // MoE models parse the layer from the name; dense ones count the tensors.
    const uint64_t il = nexp > 1 ? static_cast<uint64_t>(t.layer) : s.i_ffn_down;
    if (ft == "Q2_K") {
      type = "Q3_K";
    } else if (ft == "Q2_K_S") {
      if (il < L / 8) type = "Q4_K";
    } else if (ft == "IQ3_XXS" && !s.imatrix) {
      type = il < L / 8 ? "Q4_K" : "Q3_K";
    } else if (ft == "Q3_K_M") {
      type = il < L / 16 ? "Q5_K" : (!falcon || use_more_bits(il, L) ? "Q4_K" : "Q3_K");
    } else if (ft == "IQ3_M" && (il < L / 8 || (nexp == 8 && use_more_bits(il, L)))) {
      type = "Q4_K";
    } else if (ft == "Q3_K_L") {
      type = falcon ? "Q4_K" : "Q5_K";
    } else if (ft == "Q4_K_M") {
      if (falcon) {
        type = il < L / 16 ? "Q6_K" : (use_more_bits(il, L) ? "Q5_K" : "Q4_K");
      } else if (use_more_bits(il, L)) {
        type = "Q6_K";
      }
    } else if (il < L / 8 && any_of(ft, {"IQ4_NL", "IQ4_XS"}) && !s.imatrix) {
      type = "Q5_K";
    } else if (ft == "Q5_K_M" && use_more_bits(il, L)) {
      type = "Q6_K";
    } else if (ft == "Q4_K_S" && !falcon && il < L / 8) {
      type = "Q5_K";
    } else if (any_of(ft, {"Q4_0", "Q5_0"}) && s.imatrix && il < L / 8) {
      type = ft == "Q4_0" ? "Q4_1" : "Q5_1";
    }
    ++s.i_ffn_down;
  } else if (has(n, "attn_output.weight")) {
    if (!falcon && nexp == 8) {
      if (any_of(ft, {"Q2_K", "IQ3_XS", "IQ3_XXS", "Q3_K_S", "Q3_K_M", "IQ4_NL", "Q4_K_S", "Q4_K_M",
                      "IQ3_S", "IQ3_M", "IQ4_XS"})) {
        type = "Q5_K";
      }
    } else if (!falcon) {
      if (ft == "Q2_K") type = "Q3_K";
      if (ft == "IQ3_XXS") type = "IQ3_S";
      if (ft == "Q3_K_M" || ft == "IQ3_M") type = "Q4_K";
      if (ft == "Q3_K_L") type = "Q5_K";
    } else if (ft == "Q3_K_L") {
      type = "Q4_K";
    }
  } else if (has(n, "attn_qkv.weight")) {
    if (any_of(ft, {"Q3_K_M", "Q3_K_L", "IQ3_M"}))
      type = "Q4_K";
    else if (ft == "Q4_K_M")
      type = "Q5_K";
    else if (ft == "Q5_K_M")
      type = "Q6_K";
  } else if (has(n, "ffn_gate") || has(n, "ffn_up")) {
    const uint64_t il = static_cast<uint64_t>(t.layer);
    if (ft == "IQ3_XS" && il >= L / 8 && il < 7 * L / 8) type = "IQ3_XXS";
  }
  return fallback(type, t.ne0);
}

// The pipeline per tensor (llama_model_quantize_impl): MoE routers and norms are
// not matrices here; quantized defaults go through the rules; the _L / _XL names
// then set token_embd and output to Q8_0.
}  // namespace

std::string quant_tensor_type(const QuantModel& m, QuantState& s, const GgufFileType& ft,
                              const QuantTensor& t) {
  std::string type = ft.default_type;
  const std::string base = ft.base;
  const bool quantized = !any_of(type, {"F32", "F16", "BF16"});
  if (quantized && base == "Q4_0_X") {
    const bool out = t.name == "output.weight" || (!s.has_output && t.name == "token_embd.weight");
    type = out ? "Q6_K" : "Q4_0";
  } else if (quantized) {
    type = get_type(m, s, base, t, type);
  }
  if (ft.q8_embed_output && (t.name == "token_embd.weight" || t.name == "output.weight")) {
    type = "Q8_0";
  }
  return type;
}

}  // namespace vramcalc
