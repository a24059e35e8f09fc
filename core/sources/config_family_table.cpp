// The family table: each config.json model_type, its defaults (norm kind, biases,
// tied head, norms per layer, ...) and the reader of its own fields. Readers live
// in config_families*.cpp, one file per vendor or era.
#include "config_families.h"
#include "config_families_2026.h"
#include "config_families_classic.h"
#include "config_layer_blocks.h"  // biases

namespace vramcalc::config {

namespace {

constexpr auto D = ModelKind::kDecoder;
constexpr auto E = ModelKind::kEncoder;
constexpr auto RMS = NormKind::kRMSNorm;
constexpr auto LN = NormKind::kLayerNorm;
constexpr auto NP = NormKind::kNonParametric;

// clang-format off
const Family kFamilies[] = {
  // type            kind norm nbias  gated  lpos   qkvb   outb   mlpb   tied   enc    drop  norms sw     adjust
  {"llama",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, biases},
  {"mistral",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, true,  nullptr},
  {"mixtral",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, true,  mixtral},
  {"qwen2",          D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, true,  qwen2},
  {"qwen2_vl",       D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, true,  qwen2},
  {"qwen2_5_vl",     D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, true,  qwen2},
  {"qwen2_moe",      D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, true,  qwen2_moe},
  {"qwen3",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, true,  qwen3},
  {"qwen3_moe",      D,  RMS, false, true,  false, false, false, false, false, false, false, 2, true,  qwen3_moe},
  {"gemma",          D,  RMS, false, true,  false, false, false, false, true,  false, false, 2, false, biases},
  {"gemma2",         D,  RMS, false, true,  false, false, false, false, true,  false, false, 4, false, gemma2},
  {"gemma3_text",    D,  RMS, false, true,  false, false, false, false, true,  false, false, 4, false, gemma3},
  {"phi",            D,  LN,  true,  false, false, true,  true,  true,  false, false, true,  1, false, phi},
  {"phi3",           D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, phi3},
  {"gpt2",           D,  LN,  true,  false, true,  true,  true,  true,  true,  false, true,  2, false, gpt2},
  {"gpt_neox",       D,  LN,  true,  false, false, true,  true,  true,  false, false, false, 2, false, gpt_neox},
  {"gptj",           D,  LN,  true,  false, false, false, false, true,  false, false, true,  1, false, gptj},
  {"falcon",         D,  LN,  true,  false, false, false, false, false, true,  false, false, 1, false, falcon},
  {"RefinedWebModel",D,  LN,  true,  false, false, false, false, false, true,  false, false, 1, false, falcon},
  {"RefinedWeb",     D,  LN,  true,  false, false, false, false, false, true,  false, false, 1, false, falcon},
  {"opt",            D,  LN,  true,  false, true,  true,  true,  true,  true,  false, true,  2, false, opt},
  {"bloom",          D,  LN,  true,  false, false, true,  true,  true,  true,  false, true,  2, false, bloom},
  {"starcoder2",     D,  LN,  true,  false, false, true,  true,  true,  true,  false, true,  2, true,  starcoder2},
  {"olmo",           D,  NP,  false, true,  false, false, false, false, false, false, false, 2, false, biases},
  {"cohere",         D,  LN,  false, true,  false, false, false, false, true,  false, false, 1, false, cohere},
  {"internlm2",      D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, internlm2},
  {"deepseek_v2",    D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek},
  {"deepseek_v3",    D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek},
  {"kimi_k2",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek},
  {"deepseek_v32",   D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek},
  {"deepseek_v4",    D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek_v4},
  {"glm_moe_dsa",    D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, deepseek},
  {"minimax_m2",     D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, minimax_m2},
  {"bert",           E,  LN,  true,  false, true,  true,  true,  true,  true,  true,  true,  2, false, bert},
  {"gpt_oss",        D,  RMS, false, true,  false, true,  true,  false, false, false, false, 2, false, gpt_oss},
  {"qwen3_next",     D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, qwen3_next},
  {"qwen3_5_text",   D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, qwen3_next},
  {"qwen3_5_moe_text",D, RMS, false, true,  false, false, false, false, false, false, false, 2, false, qwen3_next},
  {"qwen3_vl_text",  D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, qwen3},
  {"qwen3_vl_moe_text",D,RMS, false, true,  false, false, false, false, false, false, false, 2, false, qwen3_moe},
  {"mimo",           D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, true,  mimo},
  {"mimo_v2_flash",  D,  RMS, false, true,  false, false, false, false, false, false, false, 2, true,  mimo_v2_flash},
  {"nemotron_h",     D,  RMS, false, false, false, false, false, false, false, false, false, 1, false, nemotron_h},
  {"llama4_text",    D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, llama4_text},
  {"gemma3n_text",   D,  RMS, false, true,  false, false, false, false, true,  false, false, 4, false, gemma3n_text},
  {"gemma4_text",    D,  RMS, false, true,  false, false, false, false, true,  false, false, 4, false, gemma4_text},
  {"step3p5",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, step3p7},
  {"step3p7",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, step3p7},
  {"nemotron-nas",   D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, nemotron_nas},
  {"glm4",           D,  RMS, false, true,  false, true,  false, false, false, false, false, 4, false, glm4},
  {"glm4_moe",       D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, glm4_moe},
  {"olmo2",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, olmo2},
  {"olmo3",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, olmo3},
  {"olmoe",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, olmoe},
  {"granite",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, granite},
  {"granitemoe",     D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, granitemoe},
  {"granitemoehybrid",D, RMS, false, true,  false, false, false, false, false, false, false, 2, false, granitemoehybrid},
  {"jamba",          D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, jamba},
  {"mamba2",         D,  RMS, false, true,  false, false, false, false, false, false, false, 1, false, mamba2},
  {"falcon_h1",      D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, falcon_h1},
  {"phimoe",         D,  LN,  true,  true,  false, false, false, false, false, false, false, 2, false, phimoe},
  {"smollm3",        D,  RMS, false, true,  false, false, false, false, true,  false, false, 2, true,  smollm3},
  {"cohere2",        D,  LN,  false, true,  false, false, false, false, true,  false, false, 1, false, cohere2},
  {"exaone4",        D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, exaone4},
  {"ernie4_5",       D,  RMS, false, true,  false, false, false, false, true,  false, false, 2, false, ernie4_5},
  {"ernie4_5_moe",   D,  RMS, false, true,  false, false, false, false, true,  false, false, 2, false, ernie4_5_moe},
  {"hunyuan_v1_moe", D,  RMS, false, true,  false, false, false, false, false, false, false, 2, false, hunyuan_v1_moe},
  {"seed_oss",       D,  RMS, false, true,  false, true,  false, false, false, false, false, 2, false, seed_oss},
  {"roberta",        E,  LN,  true,  false, true,  true,  true,  true,  true,  true,  true,  2, false, nullptr},
};
// clang-format on

}  // namespace

const Family* find_family(const std::string& model_type) {
  for (const auto& f : kFamilies) {
    if (model_type == f.model_type) return &f;
  }
  return nullptr;
}

const Family& generic_family() {
  // type  kind norm nbias gated lpos qkvb outb mlpb tied enc drop norms sw adjust
  static const Family kGeneric = {"(generic decoder)",
                                  D,
                                  RMS,
                                  false,
                                  true,
                                  false,
                                  false,
                                  false,
                                  false,
                                  false,
                                  false,
                                  false,
                                  2,
                                  false,
                                  generic_decoder};
  return kGeneric;
}

std::string supported_families() {
  std::string s;
  for (const auto& f : kFamilies) s += (s.empty() ? "" : ", ") + std::string(f.model_type);
  return s;
}

}  // namespace vramcalc::config
