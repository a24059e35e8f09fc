// KV cache to the byte (issue "Accuracy"): GQA, sliding windows (Mistral-v0.1 on
// every layer, Gemma-2 alternating, Gemma-3 five local layers per global one) and
// DeepSeek's MLA latent cache. Hyperparameters from the presets (the models'
// published config.json values); expected bytes derived by hand in each comment.
#include <gtest/gtest.h>

#include "estimate.h"
#include "presets.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

uint64_t Kv(const char* preset, uint64_t seq, uint64_t batch = 1) {
  const Preset* p = find_preset(preset);
  EXPECT_NE(p, nullptr) << preset;
  if (!p) return 0;
  auto m = load_preset(*p);
  EXPECT_TRUE(IsOk(m));
  Workload w;
  w.seq = seq;
  w.batch = batch;
  auto e = estimate(m.value(), w, Hardware{});
  EXPECT_TRUE(IsOk(e));
  return e.ok() ? e.value().at(Component::kKVCache).bytes : 0;
}

// Llama-3.1-8B: 2 x 32 layers x 8 KV heads x 128 x 2 B x 4 x 8192 tokens.
TEST(kv_cache_test, gqa_llama_3_1_8b) {
  EXPECT_EQ(Kv("llama-3.1-8b", 8192, 4), 2ull * 32 * 8 * 128 * 2 * 4 * 8192);  // 4 GiB
  EXPECT_EQ(Kv("llama-3.1-8b", 8192, 4), 4294967296ull);
}

// Mistral-7B-v0.1: window 4096 on all 32 layers (8 KV heads x 128).
TEST(kv_cache_test, mistral_sliding_window_caps_every_layer) {
  EXPECT_EQ(Kv("mistral-7b-v0.1", 2048), 268435456u);  // 2 x 32 x 8 x 128 x 2 B x 2048
  EXPECT_EQ(Kv("mistral-7b-v0.1", 8192), 536870912u);  // capped at 4096 tokens
  EXPECT_EQ(Kv("mistral-7b-v0.1", 65536), 536870912u);
}

// Gemma-2-9B: 42 layers, half local (window 4096), 8 KV heads x 256 x 2 B = 8192 B per
// layer-token; at 8192 tokens: 21 x 8192 + 21 x 4096 = 258,048 layer-tokens.
TEST(kv_cache_test, gemma2_alternates_local_and_global_layers) {
  EXPECT_EQ(Kv("gemma-2-9b", 8192), 8192ull * 258048);  // 2,113,929,216
  EXPECT_EQ(Kv("gemma-2-9b", 4096), 8192ull * 42 * 4096);
}

// Gemma-3-27B: 62 layers, every 6th global (10), 52 local with window 1024; 16 KV heads
// x 128 x 2 (K,V) x 2 B = 8192 B per layer-token. At 8192: 10 x 8192 + 52 x 1024 = 135,168.
TEST(kv_cache_test, gemma3_keeps_one_global_layer_in_six) {
  EXPECT_EQ(Kv("gemma-3-27b", 8192), 8192ull * 135168);  // 1,107,296,256
}

// DeepSeek-V2-Lite: MLA caches kv_lora_rank 512 + rope dim 64 = 576 values per token and
// layer: 27 layers x 576 x 2 B x 4096 tokens.
TEST(kv_cache_test, deepseek_mla_latent_cache) {
  EXPECT_EQ(Kv("deepseek-v2-lite", 4096), 27ull * 576 * 2 * 4096);  // 127,401,984
  // DeepSeek-V3: 61 layers, same latent width.
  EXPECT_EQ(Kv("deepseek-v3", 4096), 61ull * 576 * 2 * 4096);  // 287,834,112
}

}  // namespace
}  // namespace vramcalc
