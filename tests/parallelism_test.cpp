// Training over many GPUs and with offload (estimate.h): tensor/pipeline parallel
// splits, ZeRO over the data-parallel replicas, CPU offload, and the optimizers
// added beyond REFERENCE.md's table. All expected values derived by hand for a
// bare 8e9-parameter model in BF16 mixed precision (REFERENCE.md section 3:
// weights 2 B, master 4 B, gradients 2 B, AdamW 4 + 4 B per parameter).
#include <gtest/gtest.h>

#include "estimate.h"
#include "model_source.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

Estimate Train(const std::vector<std::pair<std::string, std::string>>& options) {
  Workload w;
  Hardware h;
  w.mode = Mode::kTraining;
  for (const auto& [k, v] : options) {
    auto err = apply_option(w, h, k, v);
    EXPECT_FALSE(err.has_value()) << k << "=" << v << ": " << (err ? err->message : "");
  }
  auto e = estimate(params_only_model(8'000'000'000u, "8e9"), w, h);
  EXPECT_TRUE(IsOk(e));
  return e.ok() ? e.value() : Estimate{};
}

TEST(parallelism_test, tensor_parallel_splits_weights_grads_and_states) {
  const Estimate e = Train({{"gpus", "8"}, {"tp", "8"}});
  EXPECT_EQ(e.at(Component::kWeights).bytes, 2'000'000'000u);        // 16e9 / 8
  EXPECT_EQ(e.at(Component::kGradients).bytes, 2'000'000'000u);      // 16e9 / 8
  EXPECT_EQ(e.at(Component::kMasterWeights).bytes, 4'000'000'000u);  // 32e9 / 8
  EXPECT_EQ(e.at(Component::kOptimizer).bytes, 8'000'000'000u);      // 64e9 / 8
  EXPECT_EQ(e.total_bytes, 8 * e.per_gpu_bytes);
}

TEST(parallelism_test, zero_shards_over_data_parallel_replicas_only) {
  // 16 GPUs = tp 8 x 2 replicas; ZeRO-1 shards the states over the 2 replicas.
  const Estimate e = Train({{"gpus", "16"}, {"tp", "8"}, {"zero", "1"}});
  EXPECT_EQ(e.at(Component::kOptimizer).bytes, 4'000'000'000u);  // 64e9 / 8 / 2
  EXPECT_EQ(e.at(Component::kMasterWeights).bytes, 2'000'000'000u);
  EXPECT_EQ(e.at(Component::kGradients).bytes, 2'000'000'000u);  // not sharded by ZeRO-1
  const Estimate pp = Train({{"gpus", "4"}, {"pp", "4"}});
  EXPECT_EQ(pp.at(Component::kWeights).bytes, 4'000'000'000u);  // 16e9 / 4 stages
}

TEST(parallelism_test, gpus_must_be_a_multiple_of_tp_times_pp) {
  Workload w;
  Hardware h;
  ASSERT_FALSE(apply_option(w, h, "gpus", "6").has_value());
  ASSERT_FALSE(apply_option(w, h, "tp", "4").has_value());
  auto e = estimate(params_only_model(8'000'000'000u, "8e9"), w, h);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidOption);
  EXPECT_NE(e.error().message.find("--tp"), std::string::npos);
}

TEST(parallelism_test, optimizer_offload_moves_states_and_master_to_the_host) {
  const Estimate e = Train({{"offload", "optimizer"}});
  EXPECT_EQ(e.at(Component::kOptimizer).bytes, 0u);
  EXPECT_EQ(e.at(Component::kMasterWeights).bytes, 0u);
  EXPECT_EQ(e.runtime.host_bytes, 96'000'000'000u);  // 64e9 + 32e9
  EXPECT_EQ(e.per_gpu_bytes, 32'000'000'000u);       // weights 16e9 + gradients 16e9
}

TEST(parallelism_test, lion_and_paged_optimizers) {
  EXPECT_EQ(Train({{"optimizer", "lion"}}).at(Component::kOptimizer).bytes,
            32'000'000'000u);  // one FP32 momentum: 8e9 x 4 B
  EXPECT_EQ(Train({{"optimizer", "paged-adamw"}}).at(Component::kOptimizer).bytes,
            64'000'000'000u);  // same bytes as AdamW; paging only acts under pressure
  EXPECT_EQ(Train({{"optimizer", "paged-adamw-8bit"}}).at(Component::kOptimizer).bytes,
            16'000'000'000u);  // 2 x 1 B
}

}  // namespace
}  // namespace vramcalc
