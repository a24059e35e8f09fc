// gguf_mix.h: llama-quantize's per-tensor types, checked by hand against the rules of
// llama.cpp ec98e2002 src/llama-quant.cpp (docs/research/runtimes/llama_quant.md) and
// against the tensor counts a log prints (refdata runlogs ollama-001).
#include "gguf_mix.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

std::map<std::string, int> CountTypes(const TensorInventory& inv, const std::string& part = "") {
  std::map<std::string, int> n;
  for (const TensorInfo& t : inv.tensors) {
    if (part.empty() || t.name.find(part) != std::string::npos) ++n[t.dtype];
  }
  return n;
}

ModelSpec Preset(const char* id) {
  auto m = resolve_model_name(id);
  EXPECT_TRUE(IsOk(m));
  return m.ok() ? m.value() : ModelSpec{};
}

// ollama-001's runner prints "225 q4_0 tensors, 1 q6_K" for llama3.1:8b Q4_0 (no
// imatrix): token_embd + 32 x 7 matrices in Q4_0, the output in Q6_K.
TEST(gguf_mix_test, q4_0_matches_the_logged_tensor_counts) {
  const TensorInventory inv =
      gguf_quant_mix(Preset("llama-3.1-8b"), *find_gguf_file_type("q4_0"), false);
  const auto n = CountTypes(inv);
  EXPECT_EQ(n.at("Q4_0"), 225);
  EXPECT_EQ(n.at("Q6_K"), 1);
  EXPECT_EQ(n.count("Q4_1"), 0u);  // the Q4_1 ffn_down of the first n/8 needs an imatrix
  const auto im = CountTypes(
      gguf_quant_mix(Preset("llama-3.1-8b"), *find_gguf_file_type("q4_0"), true), "ffn_down");
  EXPECT_EQ(im.at("Q4_1"), 4);  // 32 / 8
}

// Q4_K_M: attn_v and ffn_down in Q6_K on use_more_bits layers (i < 4, i >= 28, and
// i = 6, 9, ..., 27: 16 of 32), the output in Q6_K: 33 Q6_K tensors.
TEST(gguf_mix_test, q4_k_m_uses_more_bits_on_half_the_layers) {
  const TensorInventory inv =
      gguf_quant_mix(Preset("llama-3.1-8b"), *find_gguf_file_type("Q4_K_M"));
  const auto n = CountTypes(inv);
  EXPECT_EQ(n.at("Q6_K"), 33);
  EXPECT_EQ(n.at("Q4_K"), 1 + 32 * 5 + 16 + 16);
  EXPECT_EQ(CountTypes(inv, "blk.6.attn_v").at("Q6_K"), 1);
  EXPECT_EQ(CountTypes(inv, "blk.7.attn_v").at("Q4_K"), 1);
  // _L: the same mix with token_embd and output in Q8_0.
  const auto l = CountTypes(gguf_quant_mix(Preset("llama-3.1-8b"), *find_gguf_file_type("q4_k_l")));
  EXPECT_EQ(l.at("Q8_0"), 2);
  EXPECT_EQ(l.at("Q6_K"), 32);
}

// Qwen2.5-72B's ffn_down rows of 29568 = 115.5 x 256 are not whole K blocks: Q4_K falls
// back to Q5_0 and Q6_K to Q8_0. use_more_bits(i, 80): i < 10, i >= 70, i = 12, ..., 69
// (20): 40 layers Q8_0, 40 Q5_0. 80 layers make it LLM_TYPE_70B: attn_v Q4_K -> Q5_K.
TEST(gguf_mix_test, rows_not_divisible_by_the_block_fall_back) {
  auto m = resolve_model_name("qwen2.5-72b");
  if (!m.ok()) GTEST_SKIP() << "no qwen2.5-72b preset";
  const TensorInventory inv = gguf_quant_mix(m.value(), *find_gguf_file_type("Q4_K_M"));
  const auto down = CountTypes(inv, "ffn_down");
  EXPECT_EQ(down.at("Q8_0"), 40);
  EXPECT_EQ(down.at("Q5_0"), 40);
  const auto v = CountTypes(inv, "attn_v.weight");
  EXPECT_EQ(v.at("Q6_K"), 40);
  EXPECT_EQ(v.at("Q5_K"), 40);
}

TEST(gguf_mix_test, names_in_any_case) {
  EXPECT_NE(find_gguf_file_type("iq2_xxs"), nullptr);
  EXPECT_NE(find_gguf_file_type("Q3_K_XL"), nullptr);
  EXPECT_EQ(find_gguf_file_type("q4_k_x"), nullptr);
  EXPECT_EQ(std::string(find_gguf_file_type("q4_k_m")->default_type), "Q4_K");
}

}  // namespace
}  // namespace vramcalc
