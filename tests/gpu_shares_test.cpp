// Inference over several GPUs (gpu_shares.h, Estimate::gpu_shares): pipeline
// stages as vLLM splits layers, what one tensor-parallel rank holds, and the
// busiest GPU deciding the fit. Expected values derived by hand from the
// published Llama-3.3-70B config (80 layers, hidden 8192, 64 heads, 8 KV heads of
// 128, MLP 28672, vocab 128256, untied head): 70,553,706,496 parameters.
#include "gpu_shares.h"

#include <gtest/gtest.h>

#include "estimate.h"
#include "presets.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::EstimateWithOptions;
using testing::IsOk;

ModelSpec Llama70B() {
  const Preset* p = find_preset("llama-3.3-70b");
  EXPECT_NE(p, nullptr);
  auto m = load_preset(*p);
  EXPECT_TRUE(IsOk(m));
  return m.value();
}

TEST(gpu_shares_test, pipeline_stages_follow_vllm_get_pp_indices) {
  // vllm/distributed/utils.py: 30 layers over 4 stages -> [7, 8, 8, 7].
  const auto s = pipeline_stages(30, 4);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].last - s[0].first, 7u);
  EXPECT_EQ(s[1].last - s[1].first, 8u);
  EXPECT_EQ(s[2].last - s[2].first, 8u);
  EXPECT_EQ(s[3].last - s[3].first, 7u);
  EXPECT_EQ(s[3].last, 30u);
  const auto even = pipeline_stages(80, 2);
  EXPECT_EQ(even[0].last, 40u);
  EXPECT_EQ(even[1].first, 40u);
}

TEST(gpu_shares_test, tensor_parallel_rank_of_llama_70b) {
  const ModelSpec m = Llama70B();
  const RankShare r = rank_share(m, {0, 80}, true, true, 2);
  // Per layer on one of 2 ranks: Q 8192x8192/2 + K,V 2x1024x8192/2 + O 8192x8192/2
  // + MLP 3x8192x28672/2 + 2 norms of 8192 = 427,835,392; embedding and head
  // 128256x8192/2 each; the final norm 8192 (norms are replicated).
  EXPECT_EQ(r.params, 80ull * 427'835'392 + 2ull * 525'336'576 + 8192);
  EXPECT_EQ(r.kv_heads, 4u);
  EXPECT_EQ(r.kv_elements, 80u * 4 * 256);
  // 16 ranks, 8 KV heads: each rank keeps one head (max(1, 8 / 16)).
  const RankShare r16 = rank_share(m, {0, 80}, true, true, 16);
  EXPECT_EQ(r16.kv_heads, 1u);
  EXPECT_EQ(r16.kv_elements, 80u * 256);
}

// The acceptance: "Llama-3.3-70B, 2 x H100, TP 2, 32k" fits, with
// 35,277,512,704 parameters (the rank above) x 2 B = 70,555,025,408 B of weights
// per GPU (the whole model's 70.55e9 x 2 B / 2, plus the replicated norms) and
// 80 layers x 4 KV heads x 256 x 2 B x 32,768 tokens = 5 GiB of KV per GPU.
// Flash attention: eager attention's 64 x 32k x 32k score matrix alone would not fit.
TEST(gpu_shares_test, llama_70b_on_two_h100_tp2_fits_in_generic_and_hf) {
  const ModelSpec m = Llama70B();
  for (const char* rt : {"generic", "hf"}) {
    const Estimate e = EstimateWithOptions(m, {{"runtime", rt},
                                               {"gpu", "h100-80gb"},
                                               {"gpus", "2"},
                                               {"tp", "2"},
                                               {"seq", "32768"},
                                               {"attention", "flash"}});
    SCOPED_TRACE(rt);
    // hf also counts the rotary inv_freq buffer (64 x 4 B, half per rank).
    EXPECT_NEAR(static_cast<double>(e.at(Component::kWeights).bytes), 70'555'025'408.0, 128.0);
    EXPECT_EQ(e.at(Component::kKVCache).bytes, 5'368'709'120u);
    // hf's reference semantics (DESIGN.md) is one forward over the whole prompt with
    // FP32 logits for all 32k positions: 12.6 GB per rank, which does not fit.
    if (std::string(rt) == "generic") {
      EXPECT_TRUE(e.fits) << e.per_gpu_bytes;
    }
    ASSERT_EQ(e.gpu_shares.size(), 1u);
    EXPECT_EQ(e.gpu_shares[0].gpus, 2u);
    EXPECT_EQ(e.gpu_shares[0].total, e.per_gpu_bytes);
    EXPECT_EQ(e.total_bytes, 2 * e.per_gpu_bytes);
  }
  // Under hf, generate() keeps only the last position's logits: then it fits too.
  const Estimate gen = EstimateWithOptions(m, {{"runtime", "hf"},
                                               {"gpu", "h100-80gb"},
                                               {"gpus", "2"},
                                               {"tp", "2"},
                                               {"seq", "32768"},
                                               {"attention", "flash"},
                                               {"generate", "512"}});
  EXPECT_TRUE(gen.fits) << gen.per_gpu_bytes;
  // One GPU alone does not hold the 141 GB of weights.
  EXPECT_FALSE(EstimateWithOptions(m, {{"gpu", "h100-80gb"}, {"seq", "32768"}}).fits);
}

TEST(gpu_shares_test, pipeline_parallel_puts_embedding_first_and_head_last) {
  const ModelSpec m = Llama70B();
  const Estimate e =
      EstimateWithOptions(m, {{"gpu", "h100-80gb"}, {"gpus", "2"}, {"pp", "2"}, {"seq", "4096"}});
  ASSERT_EQ(e.gpu_shares.size(), 2u);
  // Stage 0: 40 layers of 855,654,400 parameters (427,835,392 x 2 minus nothing:
  // unsplit, with both norms) + the embedding 1,050,673,152; stage 1: the same
  // layers + head + final norm: 8,192 parameters more, so it is the busiest.
  const uint64_t layer = 855'654'400;
  EXPECT_EQ(e.gpu_shares[0].bytes[static_cast<int>(Component::kWeights)],
            2 * (40 * layer + 1'050'673'152));
  EXPECT_EQ(e.gpu_shares[1].bytes[static_cast<int>(Component::kWeights)],
            2 * (40 * layer + 1'050'673'152 + 8192));
  EXPECT_EQ(e.busiest_share, 1u);
  EXPECT_EQ(e.gpu_shares[1].first_layer, 40u);
  // Logits only on the last stage; KV: 40 layers of 8 heads x 256 x 2 B x 4096.
  EXPECT_EQ(e.gpu_shares[0].bytes[static_cast<int>(Component::kLogits)], 0u);
  EXPECT_EQ(e.gpu_shares[0].bytes[static_cast<int>(Component::kKVCache)],
            40ull * 8 * 256 * 2 * 4096);
  EXPECT_EQ(e.per_gpu_bytes, e.gpu_shares[1].total);
  EXPECT_EQ(e.total_bytes, e.gpu_shares[0].total + e.gpu_shares[1].total);
}

// INT4 weights over 2 stages: the block linear layers (855,638,016 per layer) in
// 4 bits, the 16-bit rest where it lives: stage 0 has the embedding, stage 1 the
// head and final norm (norms of 16,384 per layer on both).
TEST(gpu_shares_test, quantized_stages_weigh_what_they_hold) {
  const ModelSpec m = Llama70B();
  const Estimate e = EstimateWithOptions(m, {{"gpus", "2"}, {"pp", "2"}, {"weight-dtype", "int4"}});
  ASSERT_EQ(e.gpu_shares.size(), 2u);
  const int w = static_cast<int>(Component::kWeights);
  const uint64_t linear = 40ull * 855'638'016 / 2;
  EXPECT_EQ(e.gpu_shares[0].bytes[w], linear + 2 * (40ull * 16'384 + 1'050'673'152));
  EXPECT_EQ(e.gpu_shares[1].bytes[w], linear + 2 * (40ull * 16'384 + 1'050'673'152 + 8192));
}

TEST(gpu_shares_test, data_parallel_replicas_repeat_the_shares) {
  const ModelSpec m = Llama70B();
  const Estimate e = EstimateWithOptions(m, {{"gpus", "8"}, {"tp", "2"}, {"pp", "2"}});
  ASSERT_EQ(e.gpu_shares.size(), 2u);
  EXPECT_EQ(e.gpu_shares[0].gpus, 4u);  // 2 ranks x 2 replicas
  EXPECT_EQ(e.total_bytes, 4 * (e.gpu_shares[0].total + e.gpu_shares[1].total));
}

}  // namespace
}  // namespace vramcalc
