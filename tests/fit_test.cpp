// fit.h: the fewest GPUs on REFERENCE.md's training example (128 GB split by
// tensor parallelism) and llama.cpp's -ngl, checked against its definition (the
// answer fits, one more layer does not) and at both ends.
#include "fit.h"

#include <gtest/gtest.h>

#include "model_source.h"
#include "presets.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

Workload ReferenceTraining() {
  Workload w;
  w.mode = Mode::kTraining;
  w.textbook = true;
  return w;
}

// 128 GB per GPU at tp 1 (REFERENCE.md 3); 128/3 = 42.67 GB > 40 GB >= 128/4 = 32 GB.
TEST(fit_test, fewest_gpus_for_reference_training) {
  const ModelSpec m = params_only_model(8'000'000'000u, "8e9");
  auto n = solve_min_gpus(m, ReferenceTraining(), Hardware{}, 40'000'000'000u);
  ASSERT_TRUE(IsOk(n));
  EXPECT_EQ(n.value(), 4u);
  auto one = solve_min_gpus(m, ReferenceTraining(), Hardware{}, 128'000'000'000u);
  ASSERT_TRUE(IsOk(one));
  EXPECT_EQ(one.value(), 1u);
  Hardware pp2;
  pp2.pp = 2;
  pp2.gpus = 2;
  // pp 2 counts two GPUs per tensor-parallel rank: tp 4 x pp 2 = 8 GPUs.
  auto with_pp = solve_min_gpus(m, ReferenceTraining(), pp2, 40'000'000'000u);
  ASSERT_TRUE(IsOk(with_pp));
  EXPECT_EQ(with_pp.value() % 2, 0u);
  EXPECT_LE(with_pp.value(), 8u);  // pp can only help: never more than tp 4 x pp 2
}

TEST(fit_test, fewest_gpus_none_within_bound) {
  const ModelSpec m = params_only_model(8'000'000'000u, "8e9");
  auto n = solve_min_gpus(m, ReferenceTraining(), Hardware{}, 1'000'000u, 8);
  ASSERT_TRUE(IsOk(n));
  EXPECT_EQ(n.value(), 0u);  // 128 GB / 8 = 16 GB > 1 MB
}

// The search starts at weights / budget: the answers equal a plain walk from tp 1
// (each tp's estimate checked in turn) for every runtime, GPU size and layout.
TEST(fit_test, fewest_gpus_equal_a_walk_from_one) {
  auto m = load_preset(*find_preset("llama-3.1-70b"));
  ASSERT_TRUE(IsOk(m));
  for (Runtime r : {Runtime::kGeneric, Runtime::kHF, Runtime::kVLLM, Runtime::kLlamaCpp}) {
    for (uint64_t budget : {12'000'000'000ull, 24'000'000'000ull, 80'000'000'000ull}) {
      for (uint64_t pp : {1u, 2u}) {
        Workload w;
        w.runtime = r;
        w.seq = 8192;
        Hardware h;
        h.gpu_memory_bytes = budget;
        h.pp = pp;
        h.gpus = pp;
        uint64_t walk = 0;
        for (uint64_t tp = 1; tp <= 64 && walk == 0; ++tp) {
          Hardware t = h;
          t.tp = tp;
          t.gpus = tp * pp;
          auto e = estimate(m.value(), w, t);
          if (e.ok() && e.value().per_gpu_bytes <= budget && e.value().runtime.failure.empty()) {
            walk = tp * pp;
          }
        }
        auto n = solve_min_gpus(m.value(), w, h, budget, 64);
        ASSERT_TRUE(IsOk(n));
        EXPECT_EQ(n.value(), walk) << to_string(r) << " " << budget << " pp " << pp;
      }
    }
  }
}

uint64_t LlamaCppBytes(const ModelSpec& m, uint64_t layers) {
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.gpu_layers = layers;
  auto e = estimate(m, w, Hardware{});
  EXPECT_TRUE(IsOk(e));
  return e.ok() ? e.value().per_gpu_bytes : 0;
}

TEST(fit_test, llamacpp_layers_are_tight) {
  auto m = testing::LoadTestConfig("llama-7b.json");
  ASSERT_TRUE(IsOk(m));
  const uint64_t L = m.value().num_layers;
  ASSERT_EQ(L, 32u);
  // A budget halfway between 10 and 11 layers on the GPU: the answer is 10.
  const uint64_t budget = (LlamaCppBytes(m.value(), 10) + LlamaCppBytes(m.value(), 11)) / 2;
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  auto r = solve_max_gpu_layers(m.value(), w, Hardware{}, budget);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().value, 10u);
  EXPECT_EQ(r.value().bytes_at_value, LlamaCppBytes(m.value(), 10));
  // Everything fits: all 32 blocks and the output layer (-ngl 33).
  auto all = solve_max_gpu_layers(m.value(), w, Hardware{}, 1ull << 50);
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(all.value().value, L + 1);
  // A 1-byte GPU: -ngl 0, which keeps everything in host memory (0 bytes on the GPU).
  auto none = solve_max_gpu_layers(m.value(), w, Hardware{}, 1);
  ASSERT_TRUE(IsOk(none));
  EXPECT_EQ(none.value().value, 0u);
  EXPECT_EQ(none.value().bytes_at_value, 0u);
  // With a framework overhead above the budget not even -ngl 0 fits.
  w.overhead_bytes = 1000;
  auto over = solve_max_gpu_layers(m.value(), w, Hardware{}, 999);
  ASSERT_TRUE(IsOk(over));
  EXPECT_EQ(over.value().value, 0u);
  EXPECT_GT(over.value().bytes_at_value, 999u);
}

TEST(fit_test, llamacpp_layers_need_an_architecture) {
  Workload w;
  auto r = solve_max_gpu_layers(params_only_model(7'000'000'000u, "7b"), w, Hardware{}, 1ull << 40);
  EXPECT_TRUE(testing::FailsWith(r, ErrorCode::kInvalidOption));
}

// llama.cpp --fit on the ollama-001 runner log (llama3.1:8b Q4_0, 4 x 2048, FA off):
// CUDA0 weights 4156.00 + KV 1024.00 + compute 560.00 = 5740 MiB with all 33 layers.
// With 1 GiB margin, 5741 MiB + 1 GiB holds them all; 1 MiB less than 5740 + 1 GiB
// drops the output layer (Q6_K 128256 x 4096 x 210/256 B = 411 MiB) and keeps 32.
namespace llama_fit {
constexpr uint64_t kMiB = 1ull << 20;
Workload Ollama001() {
  Workload w;
  w.runtime = Runtime::kLlamaCpp;
  w.batch = 4;
  w.seq = 2048;
  w.flash_attn = FlashAttn::kOff;
  w.kv_unified = true;
  w.gguf_file_type = "Q4_0";
  w.gguf_imatrix = false;
  w.weights_from_checkpoint = false;
  return w;
}
}  // namespace llama_fit

TEST(fit_test, llamacpp_fit_keeps_one_gib_free) {
  using namespace llama_fit;
  auto m = resolve_model_name("llama-3.1-8b");
  ASSERT_TRUE(IsOk(m));
  Hardware h;
  h.gpu_memory_bytes = 5741 * kMiB + kLlamaCppFitMargin;
  auto all = fit_llamacpp(m.value(), Ollama001(), h, true);
  ASSERT_TRUE(IsOk(all));
  EXPECT_TRUE(all.value().fits);
  EXPECT_EQ(all.value().gpu_layers, 33u);
  EXPECT_EQ(all.value().seq, 2048u);  // given: never shrunk
  h.gpu_memory_bytes = 5739 * kMiB + kLlamaCppFitMargin;
  auto less = fit_llamacpp(m.value(), Ollama001(), h, true);
  ASSERT_TRUE(IsOk(less));
  EXPECT_EQ(less.value().gpu_layers, 32u);
  EXPECT_NEAR(static_cast<double>(all.value().per_gpu_bytes - less.value().per_gpu_bytes) / kMiB,
              411.0, 1.0);
}

// Without --seq the context starts at the training context (131072) and shrinks to
// what fits with every layer, in whole tokens: the answer fits, 256 tokens more do not.
TEST(fit_test, llamacpp_fit_shrinks_an_unset_context) {
  using namespace llama_fit;
  auto m = resolve_model_name("llama-3.1-8b");
  ASSERT_TRUE(IsOk(m));
  Hardware h;
  h.gpu_memory_bytes = 12ull << 30;
  auto f = fit_llamacpp(m.value(), Ollama001(), h, false);
  ASSERT_TRUE(IsOk(f));
  ASSERT_TRUE(f.value().fits);
  EXPECT_EQ(f.value().gpu_layers, 33u);
  EXPECT_GE(f.value().seq, kLlamaCppFitMinCtx);
  EXPECT_LT(f.value().seq, 131072u);
  Workload w = Ollama001();
  w.seq = f.value().seq + 256;
  auto more = estimate(m.value(), w, h);
  ASSERT_TRUE(IsOk(more));
  EXPECT_GT(more.value().per_gpu_bytes, h.gpu_memory_bytes - kLlamaCppFitMargin);
}

// MoE: routed experts leave the GPU before layers do, the fewest that must: one layer
// fewer in host memory no longer fits.
TEST(fit_test, llamacpp_fit_moves_experts_first) {
  auto m = resolve_model_name("qwen3-30b-a3b");
  ASSERT_TRUE(IsOk(m));
  Workload w;
  w.seq = 8192;
  w.gguf_file_type = "Q4_K_M";
  w.weights_from_checkpoint = false;
  Hardware h;
  h.gpu_memory_bytes = 12ull << 30;
  auto f = fit_llamacpp(m.value(), w, h, true);
  ASSERT_TRUE(IsOk(f));
  ASSERT_TRUE(f.value().fits);
  EXPECT_EQ(f.value().gpu_layers, 49u);  // 48 blocks + output
  ASSERT_GT(f.value().n_cpu_moe, 0u);
  w.runtime = Runtime::kLlamaCpp;
  w.n_cpu_moe = f.value().n_cpu_moe - 1;
  auto fewer = estimate(m.value(), w, h);
  ASSERT_TRUE(IsOk(fewer));
  EXPECT_GT(fewer.value().per_gpu_bytes, h.gpu_memory_bytes - kLlamaCppFitMargin);
}

}  // namespace
}  // namespace vramcalc
