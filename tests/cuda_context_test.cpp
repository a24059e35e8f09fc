// cuda_context.h: each GPU's CUDA context, counted by default under the generic and
// hf runtimes. Expected values: the published per-process measurements (nvidia-smi,
// a fresh torch process after torch.cuda.mem_get_info(), lazy loading) and, for
// unmeasured GPUs, the same measurement scaled by resident threads, worked out here
// by hand from the vendors' SM counts and the CUDA guide's threads per SM.
#include "cuda_context.h"

#include <gtest/gtest.h>

#include "estimate.h"
#include "presets.h"
#include "test_support.h"
#include "workload.h"

namespace vramcalc {
namespace {

using testing::EstimateWithOptions;
using testing::IsOk;
constexpr uint64_t kMiB = uint64_t{1} << 20;

uint64_t ContextMiB(const char* id) {
  const GpuInfo* g = find_gpu(id);
  EXPECT_NE(g, nullptr) << id;
  return g == nullptr ? 0 : cuda_context_bytes(*g) / kMiB;
}

TEST(cuda_context_test, threads_per_sm_follow_the_cuda_guide) {
  EXPECT_EQ(max_threads_per_sm("sm_75"), 1024u);   // Turing
  EXPECT_EQ(max_threads_per_sm("sm_80"), 2048u);   // A100
  EXPECT_EQ(max_threads_per_sm("sm_86"), 1536u);   // GA10x
  EXPECT_EQ(max_threads_per_sm("sm_89"), 1536u);   // Ada
  EXPECT_EQ(max_threads_per_sm("sm_90"), 2048u);   // Hopper
  EXPECT_EQ(max_threads_per_sm("sm_100"), 2048u);  // B200
  EXPECT_EQ(max_threads_per_sm("sm_120"), 1536u);  // RTX 50, RTX PRO 6000
  EXPECT_EQ(max_threads_per_sm("gfx942"), 0u);
  EXPECT_EQ(max_threads_per_sm("sm_9x"), 0u);
  EXPECT_EQ(max_threads_per_sm("apple"), 0u);
}

// RTX 3090 256 MiB (InvokeAI #9413), RTX 6000 Ada 426 MiB (unsloth-zoo PR #1053),
// B200 612 MiB (unsloth PRs #8669/#8677).
TEST(cuda_context_test, measured_gpus_are_their_published_figures) {
  EXPECT_EQ(ContextMiB("rtx3090-24gb"), 256u);
  EXPECT_EQ(ContextMiB("rtx6000ada-48gb"), 426u);
  EXPECT_EQ(ContextMiB("b200-192gb"), 612u);
  const std::string basis = cuda_context_basis(*find_gpu("rtx6000ada-48gb"));
  EXPECT_NE(basis.find("measured on this GPU: 426 MiB"), std::string::npos) << basis;
}

// The three measurements are 2.08, 2.00 and 2.07 KiB per resident thread
// (256 MiB / (82 x 1536), 426 / (142 x 1536), 612 / (148 x 2048)): the mechanism the
// unmeasured GPUs are priced by.
TEST(cuda_context_test, unmeasured_gpus_scale_by_resident_threads) {
  // Same architecture first: the RTX 4090 (sm_89, 128 SMs) from the 6000 Ada (142):
  // 426 x 128/142 = 383.99 -> 384.
  EXPECT_EQ(ContextMiB("rtx4090-24gb"), 384u);
  // The RTX A6000 (sm_86, 84 SMs) from the 3090 (82): 256 x 84/82 = 262.2 -> 262.
  EXPECT_EQ(ContextMiB("rtxa6000-48gb"), 262u);
  // Else the same threads per SM: H100 SXM (sm_90, 132 x 2048) from the B200
  // (148 x 2048): 612 x 132/148 = 545.8 -> 546 MiB, under the 0.61 GiB (625 MiB)
  // vLLM v0.19 sees used at its start on an H100 after NCCL and its imports.
  EXPECT_EQ(ContextMiB("h100-80gb"), 546u);
  EXPECT_LT(ContextMiB("h100-80gb"), 625u);
  // A100 (108 x 2048): 612 x 108/148 = 446.6 -> 447.
  EXPECT_EQ(ContextMiB("a100-80gb"), 447u);
  // RTX 5090 (sm_120, 170 x 1536): a 1536 tie, the newer stack's 6000 Ada:
  // 426 x 170/142 = 510.0 -> 510.
  EXPECT_EQ(ContextMiB("rtx5090-32gb"), 510u);
  // T4 (sm_75, 40 x 1024): nearest threads per SM is 1536 (6000 Ada):
  // 426 x 40,960 / 218,112 = 80.0 -> 80.
  EXPECT_EQ(ContextMiB("t4-16gb"), 80u);
  const std::string basis = cuda_context_basis(*find_gpu("h100-80gb"));
  EXPECT_NE(basis.find("546 MiB"), std::string::npos) << basis;
  EXPECT_NE(basis.find("scaled by resident threads"), std::string::npos) << basis;
  EXPECT_NE(basis.find("132 SMs x 2048 vs 148 x 2048"), std::string::npos) << basis;
}

TEST(cuda_context_test, no_figure_for_amd_intel_or_apple) {
  for (const char* id : {"mi300x-192gb", "rx7900xtx-24gb", "arc-b580-12gb", "m3-max-128gb"}) {
    EXPECT_EQ(ContextMiB(id), 0u) << id;
    EXPECT_FALSE(cuda_context_basis(*find_gpu(id)).empty()) << id;
  }
  EXPECT_NE(cuda_context_basis(*find_gpu("mi300x-192gb")).find("no published measurement"),
            std::string::npos);
}

ModelSpec Llama8B() {
  const Preset* p = find_preset("llama-3.1-8b");
  EXPECT_NE(p, nullptr);
  auto m = load_preset(*p);
  EXPECT_TRUE(IsOk(m));
  return m.value();
}

uint64_t Overhead(const Estimate& e) { return e.at(Component::kOverhead).bytes; }

TEST(cuda_context_test, generic_and_hf_count_it_on_every_gpu_by_default) {
  const ModelSpec m = Llama8B();
  for (const char* rt : {"generic", "hf"}) {
    SCOPED_TRACE(rt);
    const Estimate on = EstimateWithOptions(m, {{"runtime", rt}, {"gpu", "h100-80gb"}});
    const Estimate off =
        EstimateWithOptions(m, {{"runtime", rt}, {"gpu", "h100-80gb"}, {"cuda-context", "0"}});
    EXPECT_EQ(Overhead(on), 546 * kMiB);
    EXPECT_EQ(Overhead(off), 0u);
    EXPECT_EQ(on.per_gpu_bytes, off.per_gpu_bytes + 546 * kMiB);
    EXPECT_NE(on.at(Component::kOverhead).assumption.find("CUDA context"), std::string::npos);
    // Two tensor-parallel ranks: one context each.
    const Estimate tp =
        EstimateWithOptions(m, {{"runtime", rt}, {"gpu", "h100-80gb"}, {"gpus", "2"}, {"tp", "2"}});
    ASSERT_FALSE(tp.gpu_shares.empty());
    for (const GpuShare& s : tp.gpu_shares) {
      EXPECT_EQ(s.bytes[static_cast<int>(Component::kOverhead)], 546 * kMiB);
    }
  }
}

TEST(cuda_context_test, a_given_overhead_replaces_it) {
  const Estimate e =
      EstimateWithOptions(Llama8B(), {{"gpu", "h100-80gb"}, {"overhead-bytes", "1000000000"}});
  EXPECT_EQ(Overhead(e), 1'000'000'000u);
}

TEST(cuda_context_test, left_out_without_a_catalog_gpu_and_in_textbook_mode) {
  const ModelSpec m = Llama8B();
  const Estimate custom = EstimateWithOptions(m, {{"gpu-memory-bytes", "24000000000"}});
  EXPECT_EQ(Overhead(custom), 0u);
  EXPECT_NE(custom.at(Component::kOverhead).assumption.find("GPU from the catalog"),
            std::string::npos);
  EXPECT_EQ(Overhead(EstimateWithOptions(m, {{"gpu", "h100-80gb"}, {"textbook", "true"}})), 0u);
  EXPECT_EQ(Overhead(EstimateWithOptions(m, {{"gpu", "mi300x-192gb"}})), 0u);
}

// vLLM, llama.cpp and Ollama bring their own reserve: the option changes nothing.
TEST(cuda_context_test, serving_runtimes_ignore_it) {
  const ModelSpec m = Llama8B();
  for (const char* rt : {"vllm", "llamacpp", "ollama"}) {
    SCOPED_TRACE(rt);
    const Estimate on = EstimateWithOptions(m, {{"runtime", rt}, {"gpu", "h100-80gb"}});
    const Estimate off =
        EstimateWithOptions(m, {{"runtime", rt}, {"gpu", "h100-80gb"}, {"cuda-context", "false"}});
    EXPECT_EQ(on.per_gpu_bytes, off.per_gpu_bytes);
    EXPECT_EQ(Overhead(on), Overhead(off));
    Workload w;
    Hardware h;
    ASSERT_FALSE(apply_option(w, h, "runtime", rt).has_value());
    EXPECT_FALSE(option_applies("cuda-context", w));
  }
  Workload w;
  EXPECT_TRUE(option_applies("cuda-context", w));
  w.textbook = true;
  EXPECT_FALSE(option_applies("cuda-context", w));
  w.textbook = false;
  w.overhead_bytes = 1'000'000'000;  // a given overhead replaces it
  EXPECT_FALSE(option_applies("cuda-context", w));
}

TEST(cuda_context_test, option_takes_true_or_false_only) {
  Workload w;
  Hardware h;
  EXPECT_TRUE(w.cuda_context);
  ASSERT_FALSE(apply_option(w, h, "cuda-context", "false").has_value());
  EXPECT_FALSE(w.cuda_context);
  const auto err = apply_option(w, h, "cuda-context", "maybe");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->message.find("--cuda-context"), std::string::npos) << err->message;
}

}  // namespace
}  // namespace vramcalc
