// solver.h: the largest batch / seq that fits a per-GPU budget. Checked against
// REFERENCE.md's "an 80 GB A100 fits a batch of about 50" (worked out exactly below)
// and, on several workloads, against estimate() itself: the answer fits and one more
// does not.
#include "solver.h"

#include <gtest/gtest.h>

#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

ModelSpec Load(const char* name) {
  auto r = testing::LoadTestConfig(name);
  EXPECT_TRUE(IsOk(r)) << name;
  return r.ok() ? r.value() : ModelSpec{};
}

// REFERENCE.md 3, LLaMA-6B INT8 training on an 80 GB (8e10 bytes) A100, textbook mode, on the
// llama-7B-shaped config (textbook params 6,738,149,376; see param_count_test):
//   static = 6,738,149,376 x (1 weights + 1 gradients + 2 AdamW) + 1.3e9 overhead
//          = 26,952,597,504 + 1,300,000,000 = 28,252,597,504
//   per sequence (seq 2048) = (4096 + 11008) x 2048 x 32 x 1 = 989,855,744
//   batch 52: 28,252,597,504 + 52 x 989,855,744 = 79,725,096,192 <= 8e10
//   batch 53: 80,714,951,936 > 8e10      -> 52 ("about 50")
TEST(solver_test, reference_int8_batch_on_80gb) {
  Workload w;
  w.mode = Mode::kTraining;
  w.precision = Precision::kINT8;
  w.textbook = true;
  w.seq = 2048;
  w.overhead_bytes = 1'300'000'000u;
  auto r = solve_max(Load("llama-7b.json"), w, Hardware{}, SolveFor::kBatch, 80'000'000'000u);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().value, 52u);
  EXPECT_EQ(r.value().bytes_at_value, 79'725'096'192u);
  EXPECT_FALSE(r.value().capped);
}

// The answer fits, the next value does not (or the search hit its cap).
void ExpectTight(const ModelSpec& m, Workload w, SolveFor what, uint64_t budget) {
  auto r = solve_max(m, w, Hardware{}, what, budget);
  ASSERT_TRUE(IsOk(r));
  const SolveResult s = r.value();
  if (s.value == 0) {
    (what == SolveFor::kBatch ? w.batch : w.seq) = 1;
    auto one = estimate(m, w, Hardware{});
    if (one.ok()) {
      EXPECT_GT(one.value().per_gpu_bytes, budget);
    }
    return;
  }
  uint64_t& knob = what == SolveFor::kBatch ? w.batch : w.seq;
  knob = s.value;
  auto at = estimate(m, w, Hardware{});
  ASSERT_TRUE(IsOk(at));
  EXPECT_LE(at.value().per_gpu_bytes, budget);
  EXPECT_EQ(at.value().per_gpu_bytes, s.bytes_at_value);
  if (s.capped) return;
  knob = s.value + 1;
  auto next = estimate(m, w, Hardware{});
  if (next.ok()) {
    EXPECT_GT(next.value().per_gpu_bytes, budget) << "value " << s.value;
  }
}

TEST(solver_test, answers_are_tight) {
  const ModelSpec llama = Load("llama-3.1-8b.json");
  const uint64_t k24GiB = uint64_t{24} << 30, k80GiB = uint64_t{80} << 30;
  Workload inf;
  for (uint64_t budget : {k24GiB, k80GiB}) {
    ExpectTight(llama, inf, SolveFor::kBatch, budget);
    ExpectTight(llama, inf, SolveFor::kSeq, budget);
  }
  Workload train;
  train.mode = Mode::kTraining;
  train.method = Method::kLoRA;
  train.seq = 1024;
  ExpectTight(llama, train, SolveFor::kBatch, k80GiB);
  train.batch = 2;
  ExpectTight(llama, train, SolveFor::kSeq, k80GiB);
}

// Below the static part (16 GB of BF16 weights for 8e9 params) not even batch 1 fits.
TEST(solver_test, nothing_fits_below_the_weights) {
  auto r = solve_max(Load("llama-3.1-8b.json"), Workload{}, Hardware{}, SolveFor::kBatch,
                     10'000'000'000u);
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().value, 0u);
}

// A bare count has no batch-dependent component: every batch fits, so the search caps.
TEST(solver_test, bare_count_caps) {
  auto r = solve_max(params_only_model(7'000'000'000u, "7b"), Workload{}, Hardware{},
                     SolveFor::kBatch, 80'000'000'000u);
  ASSERT_TRUE(IsOk(r));
  EXPECT_TRUE(r.value().capped);
  EXPECT_EQ(r.value().value, uint64_t{1} << 24);
}

}  // namespace
}  // namespace vramcalc
