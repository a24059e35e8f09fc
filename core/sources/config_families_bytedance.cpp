// ByteDance Seed's Seed-OSS (config_families_2026.h).
#include "config_families_2026.h"

namespace vramcalc::config {

// Seed-OSS (transformers src/transformers/models/seed_oss/modeling_seed_oss.py @
// 8652eb23e269ed13d0f1affa074374ae7ba4f56f): Llama layers whose Q/K/V have biases
// (attention_bias), o_proj one only with attention_out_bias, the MLP with mlp_bias.
std::optional<Error> seed_oss(FieldReader& f, ModelSpec& m) {
  VRAMCALC_TRY(qkv, f.flag("attention_bias", true));
  VRAMCALC_TRY(out, f.flag("attention_out_bias", false));
  VRAMCALC_TRY(mlp, f.flag("mlp_bias", false));
  m.qkv_bias = qkv;
  m.attn_out_bias = out;
  m.mlp_bias = mlp;
  return std::nullopt;
}

}  // namespace vramcalc::config
