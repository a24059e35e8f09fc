// More 2025 families of issue 8 (see families_2025_test.cpp for the conventions):
// Cohere2, EXAONE-4, ERNIE-4.5, Hunyuan, Seed-OSS, PhiMoE, GLM-4.
#include <gtest/gtest.h>

#include <string>

#include "config_parser.h"
#include "estimate.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

ParamBreakdown Count(const std::string& json, const char* name) {
  auto spec = parse_config_json(json, name);
  EXPECT_TRUE(testing::IsOk(spec)) << name;
  return spec.ok() ? count_params(spec.value()) : ParamBreakdown{};
}

// CohereLabs/c4ai-command-r7b-12-2024: the card says "7 billion" and prints the module
// tree (Embedding 256000 x 4096, 32 layers, q 4096, k/v 1024, MLP 14336, one LayerNorm
// each). Those are CohereLabs/aya-23-8B's shapes, whose HF total is 8,028,033,024
// (llmfit); the sliding layers change no weights.
TEST(families_2025_moe_test, cohere2_command_r7b) {
  auto spec = parse_config_json(R"({"model_type": "cohere2", "vocab_size": 256000,
    "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "max_position_embeddings": 8192,
    "sliding_window": 4096, "sliding_window_pattern": 4, "attention_bias": false,
    "tie_word_embeddings": true})",
                                "command-r7b");
  ASSERT_TRUE(testing::IsOk(spec));
  EXPECT_EQ(count_params(spec.value()).total, 8'028'033'024u);
  EXPECT_EQ(spec.value().sliding_window_layers, 24u);  // 3 of every 4
}

// LGAI-EXAONE/EXAONE-4.0-1.2B: llmfit 1,279,391,488; LGAI-EXAONE/EXAONE-4.0.1-32B:
// llmfit 32,003,216,384 ("LLLG": 48 of 64 layers windowed).
TEST(families_2025_moe_test, exaone4) {
  EXPECT_EQ(Count(R"({"model_type": "exaone4", "vocab_size": 102400, "hidden_size": 2048,
    "intermediate_size": 4096, "num_hidden_layers": 30, "num_attention_heads": 32,
    "num_key_value_heads": 8, "head_dim": 64, "max_position_embeddings": 65536,
    "sliding_window": null, "tie_word_embeddings": true})",
                  "EXAONE-4.0-1.2B")
                .total,
            1'279'391'488u);
  auto big = parse_config_json(R"({"model_type": "exaone4", "vocab_size": 102400,
    "hidden_size": 5120, "intermediate_size": 27392, "num_hidden_layers": 64,
    "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128,
    "max_position_embeddings": 131072, "sliding_window": 4096,
    "sliding_window_pattern": "LLLG", "tie_word_embeddings": false})",
                               "EXAONE-4.0.1-32B");
  ASSERT_TRUE(testing::IsOk(big));
  EXPECT_EQ(count_params(big.value()).total, 32'003'216'384u);
  EXPECT_EQ(big.value().sliding_window_layers, 48u);
}

// baidu/ERNIE-4.5-21B-A3B-PT: llmfit has 21,825,436,160 for its lmstudio-community MLX
// re-saves (4, 6 and 8 bit alike, so a parameter count, not packed storage). We count
// 1,728 = 27 MoE layers x 64 more: moe_statics.e_score_correction_bias, an
// nn.Parameter that baidu's checkpoints store and that total leaves out.
TEST(families_2025_moe_test, ernie4_5_moe) {
  const ParamBreakdown p = Count(R"({"model_type": "ernie4_5_moe", "vocab_size": 103424,
    "hidden_size": 2560, "intermediate_size": 12288, "num_hidden_layers": 28,
    "num_attention_heads": 20, "num_key_value_heads": 4, "head_dim": 128,
    "max_position_embeddings": 131072, "moe_num_experts": 64, "moe_k": 6,
    "moe_intermediate_size": 1536, "moe_num_shared_experts": 2, "moe_layer_start_index": 1,
    "moe_layer_interval": 1, "moe_layer_end_index": 27, "use_bias": false,
    "tie_word_embeddings": true})",
                                 "ERNIE-4.5-21B-A3B");
  EXPECT_EQ(p.total, 21'825'436'160u + 27 * 64);
}

// baidu/ERNIE-4.5-300B-A47B-Paddle: llmfit 300,474,051,776, which holds the MTP layer:
// 299,484,163,264 for the model (51 MoE layers with their moe_statics) + 989,888,512
// (a dense layer, mtp_linear_proj 2 x 8,192^2, two norms).
TEST(families_2025_moe_test, ernie4_5_moe_300b_with_its_mtp_layer) {
  const ParamBreakdown p = Count(R"({"model_type": "ernie4_5_moe", "vocab_size": 103424,
    "hidden_size": 8192, "intermediate_size": 28672, "num_hidden_layers": 54,
    "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 128,
    "max_position_embeddings": 131072, "moe_num_experts": 64, "moe_k": 8,
    "moe_intermediate_size": 3584, "moe_num_shared_experts": 0, "moe_layer_start_index": 3,
    "moe_layer_interval": 1, "num_nextn_predict_layers": 1, "use_bias": false,
    "tie_word_embeddings": false})",
                                 "ERNIE-4.5-300B-A47B");
  EXPECT_EQ(p.total, 300'474'051'776u);
  EXPECT_EQ(p.mtp, 989'888'512u);
}

// tencent/Hunyuan-A13B-Instruct: no exact published figure found; the card says 80B
// total and 13B active (A13B).
TEST(families_2025_moe_test, hunyuan_v1_moe_within_the_card_rounding) {
  const ParamBreakdown p = Count(R"({"model_type": "hunyuan_v1_moe", "vocab_size": 128167,
    "hidden_size": 4096, "intermediate_size": 3072, "moe_intermediate_size": 3072,
    "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
    "head_dim": 128, "num_experts": 64, "moe_topk": 8, "num_shared_expert": 1,
    "use_mixed_mlp_moe": true, "use_qk_norm": true, "attention_bias": false,
    "max_position_embeddings": 32768, "tie_word_embeddings": true})",
                                 "Hunyuan-A13B");
  EXPECT_NEAR(static_cast<double>(p.total), 80e9, 0.5e9);
  EXPECT_NEAR(static_cast<double>(p.active), 13e9, 0.5e9);
  // The same with per-layer lists, as HunYuanMoEV1Config allows.
  std::string experts, topk;
  for (int i = 0; i < 32; ++i) {
    experts += std::string(i ? "," : "") + "64";
    topk += std::string(i ? "," : "") + "8";
  }
  EXPECT_EQ(Count(R"({"model_type": "hunyuan_v1_moe", "vocab_size": 128167,
    "hidden_size": 4096, "intermediate_size": 3072, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
    "use_mixed_mlp_moe": true, "tie_word_embeddings": true, "num_experts": [)" +
                      experts + R"(], "moe_topk": [)" + topk + "]}",
                  "Hunyuan-A13B-lists")
                .total,
            p.total);
}

// ByteDance-Seed/Seed-OSS-36B-Instruct: llmfit 36,151,104,512 (its lmstudio-community
// MLX re-saves, equal at 4, 5, 6 and 8 bit).
TEST(families_2025_moe_test, seed_oss) {
  EXPECT_EQ(Count(R"({"model_type": "seed_oss", "vocab_size": 155136, "hidden_size": 5120,
    "intermediate_size": 27648, "num_hidden_layers": 64, "num_attention_heads": 80,
    "num_key_value_heads": 8, "head_dim": 128, "attention_bias": true,
    "attention_out_bias": false, "mlp_bias": false, "max_position_embeddings": 524288,
    "tie_word_embeddings": false})",
                  "Seed-OSS-36B")
                .total,
            36'151'104'512u);
}

// microsoft/Phi-mini-MoE-instruct: llmfit 7,647,632,704 (LayerNorms with bias, all
// four attention biases, lm_head bias).
TEST(families_2025_moe_test, phimoe) {
  EXPECT_EQ(Count(R"({"model_type": "phimoe", "vocab_size": 32064, "hidden_size": 4096,
    "intermediate_size": 960, "num_hidden_layers": 32, "num_attention_heads": 16,
    "num_key_value_heads": 4, "num_local_experts": 16, "num_experts_per_tok": 2,
    "attention_bias": true, "lm_head_bias": true, "max_position_embeddings": 4096,
    "tie_word_embeddings": false})",
                  "Phi-mini-MoE")
                .total,
            7'647'632'704u);
}

// zai-org/GLM-4-32B-0414: no exact published figure found; the name says 32B. Four
// norms per layer and Q/K/V biases: 32,566,487,552 by hand (embeddings 2 x 151,552 x
// 6,144; per layer 6,144 x (6,144 + 2 x 256) + 6,144 + 512 (q, k, v with biases) +
// 6,144^2 (o) + 3 x 6,144 x 23,040 (MLP) + 4 x 6,144; the final norm).
TEST(families_2025_moe_test, glm4) {
  const ParamBreakdown p = Count(R"({"model_type": "glm4", "vocab_size": 151552,
    "hidden_size": 6144, "intermediate_size": 23040, "num_hidden_layers": 61,
    "num_attention_heads": 48, "num_key_value_heads": 2, "head_dim": 128,
    "attention_bias": true, "partial_rotary_factor": 0.5, "max_position_embeddings": 32768,
    "tie_word_embeddings": false})",
                                 "GLM-4-32B-0414");
  const uint64_t h = 6144, layer = h * (h + 2 * 256) + h + 512 + h * h + 3 * h * 23040 + 4 * h;
  EXPECT_EQ(p.total, 2 * 151552 * h + 61 * layer + h);
  EXPECT_NEAR(static_cast<double>(p.total), 32.5e9, 0.6e9);
}

// google/gemma-3n-E4B (Gemma3nConfig defaults, E4B style; gemma3n.md): text model and
// the vision/audio embedders 6,874,502,640 by docs/research/architectures/
// count_gemma3n.py (from the transformers file; 2,348,810,240 of it the per-layer
// embedding table). The card's "8B raw" adds the MobileNetV5 and USM towers, which are
// not counted. KV: layers 20-34 reuse a cache; of layers 0-19, 4 full and 16 sliding
// (512 tokens) at 2 x 2 x 256 x 2 B = 2,048 B/token: at 4,096 tokens (4 x 4,096 + 16 x
// 512) x 2,048 = 50,331,648 B.
TEST(families_2025_moe_test, gemma3n_text_and_embedders) {
  auto spec = parse_config_json(R"({"model_type": "gemma3n",
    "text_config": {"model_type": "gemma3n_text", "vocab_size": 262400, "hidden_size": 2048,
      "intermediate_size": 16384, "num_hidden_layers": 35, "num_attention_heads": 8,
      "num_key_value_heads": 2, "head_dim": 256, "sliding_window": 512,
      "vocab_size_per_layer_input": 262144, "hidden_size_per_layer_input": 256,
      "altup_num_inputs": 4, "num_kv_shared_layers": 15, "laurel_rank": 64,
      "max_position_embeddings": 32768, "tie_word_embeddings": true},
    "vision_config": {"hidden_size": 2048, "vocab_size": 128},
    "audio_config": {"hidden_size": 1536, "vocab_size": 128}})",
                                "gemma-3n-E4B");
  ASSERT_TRUE(testing::IsOk(spec));
  EXPECT_EQ(count_params(spec.value()).total, 6'874'502'640u);
  EXPECT_EQ(testing::Bytes(testing::InferBf16(spec.value(), 4096), Component::kKVCache),
            50'331'648u);
}

}  // namespace
}  // namespace vramcalc
