// fit.h: the fewest GPUs on REFERENCE.md's training example (128 GB split by
// tensor parallelism) and llama.cpp's -ngl, checked against its definition (the
// answer fits, one more layer does not) and at both ends.
#include "fit.h"

#include <gtest/gtest.h>

#include "model_source.h"
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

}  // namespace
}  // namespace vramcalc
