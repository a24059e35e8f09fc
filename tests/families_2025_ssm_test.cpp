// The state-space families of issue 8 (Jamba, Mamba-2, Falcon-H1, Granite-4.0-H): the
// published counts (see families_2025_test.cpp for the conventions) and the recurrent
// state per sequence, derived by hand from the reference cache shapes (vLLM
// mamba_utils.py: Mamba-1 conv (K-1) x d_inner and ssm d_inner x N; Mamba-2 conv (K-1) x
// (d_inner + 2 x groups x N) and ssm heads x head_dim x N; docs/research/architectures).
#include <gtest/gtest.h>

#include <string>

#include "config_parser.h"
#include "estimate.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::Bytes;
using testing::InferBf16;

ModelSpec Parse(const std::string& json, const char* name) {
  auto spec = parse_config_json(json, name);
  EXPECT_TRUE(testing::IsOk(spec)) << name;
  return spec.ok() ? spec.value() : ModelSpec{};
}

// ai21labs/Jamba-v0.1 (its config.json is JambaConfig's defaults): 51,570,323,328 by
// docs/research/architectures/count_jamba.py; the card says 52B total, 12B active.
// State (BF16): 28 Mamba-1 layers x (8,192 x 3 conv + 8,192 x 16 ssm) x 2 B =
// 8,716,288 B per sequence; KV: 4 attention layers x 2 x 8 x 128 x 2 B = 16,384 B/token.
TEST(families_2025_ssm_test, jamba_mamba1_state_and_kv) {
  const ModelSpec m = Parse(R"({"model_type": "jamba", "vocab_size": 65536,
    "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
    "num_attention_heads": 32, "num_key_value_heads": 8, "num_experts": 16,
    "num_experts_per_tok": 2, "expert_layer_period": 2, "expert_layer_offset": 1,
    "attn_layer_period": 8, "attn_layer_offset": 4, "mamba_d_state": 16, "mamba_d_conv": 4,
    "mamba_expand": 2, "mamba_dt_rank": "auto", "mamba_conv_bias": true,
    "mamba_proj_bias": false, "max_position_embeddings": 262144,
    "tie_word_embeddings": false})",
                            "Jamba-v0.1");
  const ParamBreakdown p = count_params(m);
  EXPECT_EQ(p.total, 51'570'323'328u);
  EXPECT_NEAR(static_cast<double>(p.active), 12e9, 0.5e9);
  const Estimate e = InferBf16(m, 1000, 2);
  EXPECT_EQ(Bytes(e, Component::kState), 2u * 8'716'288);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 16'384u * 1000 * 2);
}

// mistralai/Mamba-Codestral-7B-v0.1 (mamba2): 7,285,403,648 by hand (embeddings and
// head 2 x 32,768 x 4,096; per layer in_proj 4,096 x (8,192 + 10,240 + 128), conv
// 10,240 x 4 + 10,240, dt_bias/A_log/D 3 x 128, gated norm 8,192, out_proj 8,192 x
// 4,096, norm 4,096; norm_f); the HF page rounds it to 7.29B. No KV; state per
// sequence (BF16): 64 x (128 x 64 x 128 + 10,240 x 3) x 2 B = 138,149,888 B.
TEST(families_2025_ssm_test, mamba2_codestral_state) {
  const ModelSpec m = Parse(R"({"model_type": "mamba2", "vocab_size": 32768,
    "hidden_size": 4096, "num_hidden_layers": 64, "num_heads": 128, "head_dim": 64,
    "state_size": 128, "n_groups": 8, "conv_kernel": 4, "expand": 2, "use_bias": false,
    "use_conv_bias": true, "rms_norm": true, "time_step_limit": [0.0, Infinity],
    "tie_word_embeddings": false})",
                            "Mamba-Codestral-7B");
  const uint64_t layer =
      4096 * (8192 + 10240 + 128) + 10240 * 5 + 3 * 128 + 8192 + 8192 * 4096 + 4096;
  EXPECT_EQ(count_params(m).total, 2u * 32768 * 4096 + 64 * layer + 4096);
  EXPECT_NEAR(static_cast<double>(count_params(m).total), 7.29e9, 0.005e9);
  const Estimate e = InferBf16(m, 4096, 1);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 0u);
  EXPECT_EQ(Bytes(e, Component::kState), 138'149'888u);
}

// tiiuae/Falcon-H1-0.5B-Base: llmfit 521,411,104; tiiuae/Falcon-H1-Tiny-90M-Instruct:
// llmfit 91,131,072 (tied). Every layer caches K and V and keeps a Mamba-2 state:
// 0.5B: KV 36 x 2 x 2 x 64 x 2 B = 18,432 B/token; state 36 x (24 x 64 x 128 + 1,792 x
// 3) x 2 B = 14,542,848 B per sequence.
TEST(families_2025_ssm_test, falcon_h1_parallel_attention_and_mamba) {
  const ModelSpec m = Parse(R"({"model_type": "falcon_h1", "vocab_size": 32784,
    "hidden_size": 1024, "intermediate_size": 2048, "num_hidden_layers": 36,
    "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 64,
    "mamba_d_ssm": 1536, "mamba_n_heads": 24, "mamba_d_head": 64, "mamba_d_state": 128,
    "mamba_n_groups": 1, "mamba_d_conv": 4, "mamba_expand": 2, "mamba_conv_bias": true,
    "mamba_proj_bias": false, "projectors_bias": false, "mamba_rms_norm": false,
    "attention_bias": false, "mlp_bias": false, "max_position_embeddings": 16384,
    "tie_word_embeddings": false})",
                            "Falcon-H1-0.5B");
  EXPECT_EQ(count_params(m).total, 521'411'104u);
  const Estimate e = InferBf16(m, 2048, 3);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 18'432u * 2048 * 3);
  EXPECT_EQ(Bytes(e, Component::kState), 3u * 14'542'848);
  EXPECT_EQ(count_params(Parse(R"({"model_type": "falcon_h1", "vocab_size": 32768,
    "hidden_size": 512, "intermediate_size": 768, "num_hidden_layers": 24,
    "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 64,
    "mamba_d_ssm": 768, "mamba_n_heads": 24, "mamba_d_head": 32, "mamba_d_state": 64,
    "mamba_n_groups": 1, "mamba_d_conv": 4, "mamba_rms_norm": false,
    "max_position_embeddings": 262144, "tie_word_embeddings": true})",
                               "Falcon-H1-Tiny-90M"))
                .total,
            91'131'072u);
}

// Granite-4.0-H layout (granitemoehybrid with Mamba-2 layers and experts) on a
// 4-layer config: 3 mamba + 1 attention layer, each with the shared MLP and 4 experts.
// State by hand: 3 x (8 x 64 x 16 + (512 + 2 x 16) x 3) x 2 B = 3 x 9,824 x 2 = 58,944 B; KV: 1 x 2
// x 2 x 64 x 2 B = 512 B/token.
TEST(families_2025_ssm_test, granitemoehybrid_mamba_layers_keep_state) {
  const ModelSpec m = Parse(R"({"model_type": "granitemoehybrid", "vocab_size": 1000,
    "hidden_size": 256, "intermediate_size": 64, "shared_intermediate_size": 512,
    "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2,
    "num_local_experts": 4, "num_experts_per_tok": 2, "mamba_n_heads": 8,
    "mamba_d_head": 64, "mamba_d_state": 16, "mamba_n_groups": 1, "mamba_d_conv": 4,
    "mamba_expand": 2, "layer_types": ["mamba", "mamba", "attention", "mamba"],
    "tie_word_embeddings": true})",
                            "granite-4.0-h-shape");
  const Estimate e = InferBf16(m, 100, 1);
  EXPECT_EQ(Bytes(e, Component::kState), 58'944u);
  EXPECT_EQ(Bytes(e, Component::kKVCache), 512u * 100);
  EXPECT_EQ(m.moe.moe_layers, 4u);
}

}  // namespace
}  // namespace vramcalc
