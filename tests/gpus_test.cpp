// gpus.h: the GPU catalog: nominal capacities in GiB (as vendors size HBM/GDDR)
// and the totals runtimes see, from logs where one exists.
#include "gpus.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "workload.h"

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

constexpr uint64_t kMiB = uint64_t{1} << 20;

// Logged totals, kept to the MiB of their two printed decimals: H100 79.19 GiB
// (vLLM v0.19.0 logs) = 81,091 MiB, A100 80GB 79.15 GiB (vllm-008), RTX 3090
// 23.58 GiB (vllm-005), T4 14.56 GiB (vllm-010).
TEST(gpus_test, usable_totals_come_from_the_logs) {
  EXPECT_EQ(find_gpu("h100-80gb")->usable_bytes, 81091 * kMiB);
  EXPECT_EQ(find_gpu("a100-80gb")->usable_bytes, 81050 * kMiB);
  EXPECT_EQ(find_gpu("rtx3090-24gb")->usable_bytes, 24146 * kMiB);
  EXPECT_EQ(find_gpu("t4-16gb")->usable_bytes, 14909 * kMiB);
  for (const GpuInfo& g : all_gpus()) {
    EXPECT_LT(g.usable_bytes, g.memory_bytes) << g.id;
    EXPECT_GT(g.usable_bytes, g.memory_bytes / 2) << g.id;
    EXPECT_NE(std::string(g.source), "") << g.id;
  }
}

// Metal's recommendedMaxWorkingSetSize as llama.cpp logs it: 51539.61 MB on a 64 GB
// Mac (3/4), 22906.50 MB on a 32 GB one (2/3).
TEST(gpus_test, apple_unified_memory_share) {
  EXPECT_EQ(find_gpu("m1-max-64gb")->usable_bytes, 48 * kGiB);
  EXPECT_NEAR(static_cast<double>(find_gpu("m4-32gb")->usable_bytes) / 1e6, 22906.50, 0.01);
  EXPECT_EQ(find_gpu("m1-max-64gb")->kind, GpuClass::kApple);
}

TEST(gpus_test, fifty_gpus_of_every_class) {
  EXPECT_GE(all_gpus().size(), 50u);
  for (const char* id : {"rtx3060ti-8gb", "rtx3060-12gb", "rtx4060ti-16gb", "rtx4090-24gb",
                         "rtx5090-32gb", "rtxa6000-48gb", "h20-96gb", "h200-141gb", "b200-192gb",
                         "mi300x-192gb", "m2-ultra-192gb"}) {
    EXPECT_NE(find_gpu(id), nullptr) << id;
  }
}

// Each id once (the catalog once listed the RTX 4080 SUPER twice).
TEST(gpus_test, ids_are_unique) {
  std::set<std::string> ids;
  for (const GpuInfo& g : all_gpus()) EXPECT_TRUE(ids.insert(g.id).second) << g.id;
}

// Compute units from the vendors' specification sheets: H100 SXM5 132 SMs, H100
// PCIe 114, A100 108, RTX 4090 128 (AD102 as sold), MI300X 304 CUs; and the
// compiler target the runtimes key on (torch's cuBLAS workspace: sm_90).
TEST(gpus_test, compute_units_and_arch) {
  EXPECT_EQ(find_gpu("h100-80gb")->compute_units, 132u);
  EXPECT_EQ(find_gpu("h100-pcie-80gb")->compute_units, 114u);
  EXPECT_EQ(find_gpu("a100-80gb")->compute_units, 108u);
  EXPECT_EQ(find_gpu("rtx4090-24gb")->compute_units, 128u);
  EXPECT_EQ(find_gpu("mi300x-192gb")->compute_units, 304u);
  EXPECT_STREQ(find_gpu("h200-141gb")->arch, "sm_90");
  EXPECT_STREQ(find_gpu("a100-40gb")->arch, "sm_80");
  EXPECT_STREQ(find_gpu("mi300x-192gb")->arch, "gfx942");
  for (const GpuInfo& g : all_gpus()) {
    EXPECT_NE(std::string(g.arch), "") << g.id;
    if (g.kind != GpuClass::kApple && std::string(g.arch) != "gaudi3") {
      EXPECT_GT(g.compute_units, 0u) << g.id;
    }
  }
}

TEST(gpus_test, search_by_words_of_the_name) {
  const auto h100 = search_gpus("H100");
  EXPECT_EQ(h100.size(), 3u);  // SXM, PCIe, NVL
  const auto rtx3060 = search_gpus("rtx 3060 12");
  ASSERT_EQ(rtx3060.size(), 1u);
  EXPECT_STREQ(rtx3060[0]->id, "rtx3060-12gb");
  EXPECT_EQ(search_gpus("m3 max").size(), 1u);
  EXPECT_EQ(search_gpus("").size(), all_gpus().size());
  EXPECT_TRUE(search_gpus("no such card").empty());
}

// --gpu sets the memory the runtime sees, not the nominal size.
TEST(gpus_test, the_gpu_option_uses_the_usable_total) {
  Workload w;
  Hardware h;
  ASSERT_FALSE(apply_option(w, h, "gpu", "h100-80gb").has_value());
  EXPECT_EQ(h.gpu_memory_bytes, 81091 * kMiB);
  auto err = apply_option(w, h, "gpu", "4090");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->message.find("rtx4090-24gb"), std::string::npos);
}

TEST(gpus_test, unknown_id_is_null) {
  EXPECT_EQ(find_gpu("no-such-gpu"), nullptr);
  EXPECT_EQ(find_gpu(""), nullptr);
}

}  // namespace
}  // namespace vramcalc
