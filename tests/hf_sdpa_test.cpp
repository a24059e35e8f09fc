// --runtime hf inference under attn_implementation="sdpa", transformers' default
// since 4.36 (runtime_hf_inference.cpp): no 4D mask for an unpadded batch and no
// score matrix. Expected values derived by hand for Llama-3.1-8B (hidden 4096, 32
// heads, 8 KV heads of 128, MLP 14336, vocab 128256), batch 1, 4096 tokens.
#include <gtest/gtest.h>

#include "estimate.h"
#include "presets.h"
#include "test_support.h"

namespace vramcalc {
namespace {

Estimate Hf(const char* attention) {
  Workload w;
  Hardware h;
  EXPECT_FALSE(apply_option(w, h, "runtime", "hf").has_value());
  EXPECT_FALSE(apply_option(w, h, "seq", "4096").has_value());
  if (*attention) {
    EXPECT_FALSE(apply_option(w, h, "attention", attention).has_value());
  }
  auto e = estimate(load_preset(*find_preset("llama-3.1-8b")).value(), w, h);
  EXPECT_TRUE(testing::IsOk(e));
  return e.ok() ? e.value() : Estimate{};
}

TEST(hf_sdpa_test, sdpa_is_the_default_and_keeps_no_scores) {
  const Estimate sdpa = Hf("");
  EXPECT_EQ(sdpa.at(Component::kActivations).bytes, Hf("sdpa").at(Component::kActivations).bytes);
  // The logits moment decides: lm_head output (2 B) and its FP32 copy (4 B) of
  // 4096 x 128256 values, beside the final hidden state 4096 x 4096 x 2 B and the
  // int64 input_ids and attention_mask (2 x 4096 x 8 B).
  EXPECT_EQ(sdpa.at(Component::kLogits).bytes, 4096ull * 128256 * 6);
  EXPECT_EQ(sdpa.at(Component::kActivations).bytes, 4096ull * 4096 * 2 + 2 * 4096 * 8);
  // The attention moment it beat: cos/sin 2 x 4096 x 128 x 2 B, position ids 4096 x
  // 8 B, inputs_embeds + layer input 2 x 4096 x 4096 x 2 B, normed input and q
  // (4096 x 4096 x 2 B each), repeat_kv K,V copies 2 x 4096 x 4096 x 2 B, the sdpa
  // output 4096 x 4096 x 2 B and its logsumexp 32 x 4096 x 4 B = 237,535,232 B.
  EXPECT_NE(sdpa.at(Component::kActivations).assumption.find("attention 237,535,232 B"),
            std::string::npos);
  // Eager materialises 32 x 4096 x 4096 scores (BF16 + FP32 copy + FP32 softmax): its
  // peak (shown as activations beside the logits) holds more than those.
  const Estimate eager = Hf("eager");
  EXPECT_GT(eager.at(Component::kActivations).bytes + eager.at(Component::kLogits).bytes,
            32ull * 4096 * 4096 * 10);
}

// generate(): the prefill keeps the last position's logits only (128,256 x (2 + 4)
// B), the cache grows to 4,096 + 100 tokens (2 x 32 x 8 x 128 x 2 B x 4,196), and a
// decode step's torch.cat holds one layer's grown K and V twice: 2 x 8 x 128 x 4,196
// x 2 B beside the logits = 17,956,352 B.
TEST(hf_sdpa_test, generate_grows_the_cache_and_keeps_one_row_of_logits) {
  Workload w;
  Hardware h;
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"runtime", "hf"}, {"seq", "4096"}, {"generate", "100"}}) {
    ASSERT_FALSE(apply_option(w, h, k, v).has_value()) << k;
  }
  auto e = estimate(load_preset(*find_preset("llama-3.1-8b")).value(), w, h);
  ASSERT_TRUE(testing::IsOk(e));
  EXPECT_EQ(e.value().at(Component::kKVCache).bytes, 2ull * 32 * 8 * 128 * 2 * 4196);
  EXPECT_EQ(e.value().at(Component::kLogits).bytes, 128256ull * 6);
  EXPECT_NE(e.value().at(Component::kActivations).assumption.find("decode 17,956,352 B"),
            std::string::npos);
}

}  // namespace
}  // namespace vramcalc
