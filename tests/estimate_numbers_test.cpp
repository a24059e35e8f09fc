// The numbers-only path (estimate_into with Detail::kNumbers) against the full one:
// every byte count, verdict and runtime figure equal over every preset, runtime and
// a spread of workloads; no text written; and, for the generic runtime with a reused
// Estimate, not one heap allocation (this binary counts them in operator new).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "estimate.h"
#include "presets.h"
#include "test_support.h"

namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

// The replacements below pair malloc with free themselves; GCC sees only the
// standard operator new inlined beside std::free and would warn.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Every allocation of this test binary is counted; the tests read the difference.
void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace vramcalc {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

struct Case {
  Workload w;
  Hardware h;
};

Case MakeCase(const Options& options) {
  Case c;
  for (const auto& [key, value] : options) {
    auto err = apply_option(c.w, c.h, key, value);
    EXPECT_FALSE(err.has_value()) << key << "=" << value << ": " << err->message;
  }
  return c;
}

// Workloads over the paths of estimate(): runtimes, modes, methods, splits, dtypes.
std::vector<Options> Workloads() {
  const Options h100{{"gpu", "h100-80gb"}};
  std::vector<Options> out = {
      {{"seq", "8192"}},
      {{"batch", "4"}, {"seq", "2048"}, {"weight-dtype", "int4"}},
      {{"seq", "4096"}, {"weight-dtype", "nf4"}, {"kv-dtype", "fp8"}},
      {{"seq", "1024"}, {"textbook", "true"}},
      {{"seq", "32768"}, {"tp", "2"}, {"gpus", "2"}},
      {{"seq", "4096"}, {"pp", "2"}, {"tp", "2"}, {"gpus", "8"}},
      {{"mode", "training"}, {"method", "lora"}, {"batch", "4"}, {"seq", "2048"}},
      {{"mode", "training"}, {"method", "qlora"}, {"checkpointing", "full"}},
      {{"mode", "training"}, {"precision", "mixed"}, {"gpus", "8"}, {"zero", "3"}},
      {{"mode", "training"}, {"optimizer", "adamw-8bit"}, {"offload", "optimizer"}},
      {{"mode", "training"}, {"textbook", "true"}},
      {{"runtime", "hf"}, {"seq", "2048"}},
      {{"runtime", "vllm"}, {"seq", "8192"}},
      {{"runtime", "vllm"}, {"seq", "131072"}, {"batch", "64"}},  // may refuse
      {{"runtime", "vllm"}, {"tp", "2"}, {"gpus", "2"}, {"kv-dtype", "fp8"}},
      {{"runtime", "llamacpp"}, {"weight-dtype", "q4_k_m"}, {"seq", "16384"}},
      {{"runtime", "llamacpp"}, {"gpus", "2"}, {"gpu-layers", "20"}},
      {{"runtime", "ollama"}, {"weight-dtype", "q4_k_m"}},
  };
  for (Options& o : out) o.insert(o.begin(), h100.begin(), h100.end());
  return out;
}

void ExpectSameNumbers(const Estimate& text, const Estimate& numbers, const std::string& where) {
  SCOPED_TRACE(where);
  for (int i = 0; i < kComponentCount; ++i) {
    EXPECT_EQ(text.components[i].bytes, numbers.components[i].bytes) << to_string(Component(i));
    EXPECT_EQ(text.components[i].known, numbers.components[i].known) << to_string(Component(i));
  }
  EXPECT_EQ(text.per_gpu_bytes, numbers.per_gpu_bytes);
  EXPECT_EQ(text.total_bytes, numbers.total_bytes);
  EXPECT_EQ(text.gpu_memory_bytes, numbers.gpu_memory_bytes);
  EXPECT_EQ(text.fits, numbers.fits);
  EXPECT_EQ(text.params.total, numbers.params.total);
  EXPECT_EQ(text.params.trainable, numbers.params.trainable);
  EXPECT_EQ(text.params.active, numbers.params.active);
  const RuntimeDetails &a = text.runtime, &b = numbers.runtime;
  EXPECT_EQ(a.refused, !a.failure.empty());
  EXPECT_EQ(a.refused, b.refused);
  EXPECT_EQ(a.budget_bytes, b.budget_bytes);
  EXPECT_EQ(a.kv_blocks, b.kv_blocks);
  EXPECT_EQ(a.kv_tokens, b.kv_tokens);
  EXPECT_EQ(a.max_concurrent_seqs, b.max_concurrent_seqs);
  EXPECT_EQ(a.max_concurrency, b.max_concurrency);
  EXPECT_EQ(a.cuda_graph_bytes, b.cuda_graph_bytes);
  EXPECT_EQ(a.host_bytes, b.host_bytes);
  EXPECT_EQ(a.gpu_layers, b.gpu_layers);
  EXPECT_EQ(a.ollama.layers_offload, b.ollama.layers_offload);
  EXPECT_EQ(a.ollama.required_full, b.ollama.required_full);
  ASSERT_EQ(text.gpu_shares.size(), numbers.gpu_shares.size());
  EXPECT_EQ(text.busiest_share, numbers.busiest_share);
  for (size_t k = 0; k < text.gpu_shares.size(); ++k) {
    EXPECT_EQ(text.gpu_shares[k].bytes, numbers.gpu_shares[k].bytes) << "share " << k;
    EXPECT_EQ(text.gpu_shares[k].total, numbers.gpu_shares[k].total) << "share " << k;
    EXPECT_EQ(text.gpu_shares[k].gpus, numbers.gpu_shares[k].gpus) << "share " << k;
    EXPECT_EQ(text.gpu_shares[k].last_layer, numbers.gpu_shares[k].last_layer) << "share " << k;
  }
}

void ExpectNoText(const Estimate& e, const std::string& where) {
  SCOPED_TRACE(where);
  if (e.detail == Detail::kText) return;  // --runtime hf writes its parts' text anyway
  for (const ComponentEstimate& c : e.components) {
    EXPECT_EQ(c.formula, "") << to_string(c.id);
    EXPECT_EQ(c.assumption, "") << to_string(c.id);
  }
  EXPECT_TRUE(e.notes.empty()) << e.notes.front();
  EXPECT_EQ(e.runtime.failure, "");
  for (const GpuShare& s : e.gpu_shares) EXPECT_EQ(s.device, "");
}

TEST(EstimateNumbers, EqualToTheFullEstimateForEveryPresetAndPath) {
  const std::vector<Options> workloads = Workloads();
  Estimate reused;  // one Estimate through every case, as a sweep reuses it
  int compared = 0, refused = 0;
  for (const Preset& p : all_presets()) {
    Result<ModelSpec> m = load_preset(p);
    ASSERT_TRUE(m.ok()) << p.id;
    for (const Options& o : workloads) {
      const Case c = MakeCase(o);
      std::string where = std::string(p.id);
      for (const auto& [k, v] : o) where += " --" + k + " " + v;
      Result<Estimate> text = estimate(m.value(), c.w, c.h);
      std::optional<Error> err = estimate_into(reused, m.value(), c.w, c.h, Detail::kNumbers);
      ASSERT_EQ(text.ok(), !err.has_value()) << where;
      if (!text.ok()) {
        EXPECT_EQ(text.error().message, err->message) << where;
        continue;
      }
      ExpectSameNumbers(text.value(), reused, where);
      ExpectNoText(reused, where);
      ++compared;
      refused += reused.runtime.refused ? 1 : 0;
    }
  }
  // Enough of each outcome that the comparison meant something.
  EXPECT_GT(compared, 500);
  EXPECT_GT(refused, 5);
}

TEST(EstimateNumbers, TextModeIntoAReusedEstimateEqualsAFreshOne) {
  // A numbers-only estimate first, then a full one into the same storage: nothing
  // of the first (empty texts, shares) may leak into the second.
  const ModelSpec m = load_preset(*find_preset("qwen3-next-80b-a3b")).value();
  Estimate reused;
  for (const Options& o : Workloads()) {
    const Case c = MakeCase(o);
    Result<Estimate> fresh = estimate(m, c.w, c.h);
    if (!fresh.ok()) continue;
    ASSERT_FALSE(estimate_into(reused, m, c.w, c.h, Detail::kNumbers).has_value());
    ASSERT_FALSE(estimate_into(reused, m, c.w, c.h, Detail::kText).has_value());
    ExpectSameNumbers(fresh.value(), reused, o.back().first);
    for (int i = 0; i < kComponentCount; ++i) {
      EXPECT_EQ(fresh.value().components[i].formula, reused.components[i].formula);
      EXPECT_EQ(fresh.value().components[i].assumption, reused.components[i].assumption);
    }
    EXPECT_EQ(fresh.value().notes, reused.notes);
    EXPECT_EQ(fresh.value().runtime.failure, reused.runtime.failure);
  }
}

// Heap allocations of one numbers-only estimate into an Estimate that a first call
// sized (the second call's count).
uint64_t AllocationsOfASecondCall(const CountedModel& counted, const Case& c) {
  Estimate e;
  EXPECT_FALSE(estimate_into(e, counted, c.w, c.h, Detail::kNumbers).has_value());
  const uint64_t before = g_allocations.load();
  EXPECT_FALSE(estimate_into(e, counted, c.w, c.h, Detail::kNumbers).has_value());
  return g_allocations.load() - before;
}

TEST(EstimateNumbers, GenericRuntimeAllocatesNothingWithAReusedEstimate) {
  const std::vector<Options> generic = {
      {{"seq", "8192"}},
      {{"gpu", "rtx4090-24gb"}, {"batch", "8"}, {"seq", "4096"}, {"weight-dtype", "int4"}},
      {{"seq", "4096"}, {"weight-dtype", "nf4"}, {"kv-dtype", "fp8"}},
      {{"seq", "1024"}, {"textbook", "true"}},
      {{"mode", "training"}, {"method", "lora"}, {"batch", "4"}, {"seq", "2048"}},
      {{"mode", "training"}, {"method", "qlora"}, {"checkpointing", "full"}},
      {{"mode", "training"}, {"precision", "mixed"}, {"gpus", "8"}, {"zero", "3"}},
  };
  for (const char* id : {"llama-3.1-8b", "qwen3-30b-a3b", "gemma-3-27b", "qwen3-next-80b-a3b"}) {
    const ModelSpec m = load_preset(*find_preset(id)).value();
    const CountedModel counted = count_model(m).value();
    for (const Options& o : generic) {
      EXPECT_EQ(AllocationsOfASecondCall(counted, MakeCase(o)), 0u) << id << " " << o.back().first;
    }
  }
  // The counter itself works: a full estimate allocates its texts.
  const ModelSpec m = load_preset(*find_preset("llama-3.1-8b")).value();
  const uint64_t before = g_allocations.load();
  ASSERT_TRUE(estimate(m, MakeCase({{"seq", "8192"}}).w, {}).ok());
  EXPECT_GT(g_allocations.load() - before, 10u);
}

TEST(MulOverflows, AgreesWithTheBuiltinAtTheEdges) {
  const uint64_t edges[] = {0,
                            1,
                            2,
                            3,
                            (1ull << 32) - 1,
                            1ull << 32,
                            (1ull << 32) + 1,
                            0x9E3779B97F4A7C15ull,
                            (1ull << 63) - 1,
                            1ull << 63,
                            UINT64_MAX - 1,
                            UINT64_MAX};
  for (uint64_t a : edges) {
    for (uint64_t b : edges) {
      uint64_t want = 0, got = 0;
      const bool wraps = __builtin_mul_overflow(a, b, &want);
      EXPECT_EQ(mul_overflows(a, b, &got), wraps) << a << " x " << b;
      EXPECT_EQ(got, want) << a << " x " << b;
    }
  }
}

}  // namespace
}  // namespace vramcalc
