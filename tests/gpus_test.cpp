// gpus.h: the GPU catalog (nominal capacities in GiB, as vendors size HBM/GDDR).
#include "gpus.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vramcalc {
namespace {

constexpr uint64_t kGiB = uint64_t{1} << 30;

TEST(gpus_test, catalog_ids_are_unique_and_findable) {
  const auto& all = all_gpus();
  ASSERT_FALSE(all.empty());
  std::set<std::string> ids;
  for (const GpuInfo& g : all) {
    EXPECT_TRUE(ids.insert(g.id).second) << "duplicate " << g.id;
    EXPECT_NE(std::string(g.name), "") << g.id;
    EXPECT_GT(g.memory_bytes, 0u) << g.id;
    EXPECT_EQ(find_gpu(g.id), &g) << g.id;
  }
}

// A100 80GB and H100 80GB: 80 GiB of HBM (nvidia-smi shows 81920 MiB on the A100);
// V100 16GB: 16 GiB.
TEST(gpus_test, nominal_capacities) {
  const GpuInfo* a100 = find_gpu("a100-80gb");
  ASSERT_NE(a100, nullptr);
  EXPECT_EQ(a100->memory_bytes, 80 * kGiB);
  const GpuInfo* h100 = find_gpu("h100-80gb");
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->memory_bytes, 80 * kGiB);
  const GpuInfo* v100 = find_gpu("v100-16gb");
  ASSERT_NE(v100, nullptr);
  EXPECT_EQ(v100->memory_bytes, 16 * kGiB);
}

TEST(gpus_test, unknown_id_is_null) {
  EXPECT_EQ(find_gpu("no-such-gpu"), nullptr);
  EXPECT_EQ(find_gpu(""), nullptr);
}

}  // namespace
}  // namespace vramcalc
