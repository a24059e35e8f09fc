// CUDA context figures (cuda_context.h). The measurements are nvidia-smi's
// per-process memory right after a fresh process touched the GPU with
// torch.cuda.mem_get_info() (allocated and reserved 0), lazy loading on:
//   RTX 3090      256 MiB  invoke-ai/InvokeAI#9413 (torch 2.7.1+cu128)
//   RTX 6000 Ada  426 MiB  unslothai/unsloth-zoo PR #1053 (torch 2.10.0+cu130)
//   B200          612 MiB  unslothai/unsloth PRs #8669, #8677
// Per resident thread they are 2.08, 2.00 and 2.07 KiB: the per-thread reserve is
// the mechanism, and the one that carries to unmeasured GPUs. (vLLM v0.19 on an
// H100 sees 0.61 GiB used at its start, after NCCL and its imports: an upper bound
// that the H100's scaled 546 MiB stays under.)
#include "cuda_context.h"

#include <cstdlib>
#include <string_view>

namespace vramcalc {
namespace {

constexpr uint64_t MiB = 1ull << 20;

struct Measured {
  const char* gpu_id;
  uint64_t mib;
  const char* source;
};

// Newest first: a tie in threads per SM goes to the newer software stack.
constexpr Measured kMeasured[] = {
    {"b200-192gb", 612, "unsloth PRs #8669/#8677"},
    {"rtx6000ada-48gb", 426, "unsloth-zoo PR #1053, torch 2.10"},
    {"rtx3090-24gb", 256, "InvokeAI #9413, torch 2.7.1"},
};

uint64_t resident_threads(const GpuInfo& g) {
  return static_cast<uint64_t>(g.compute_units) * max_threads_per_sm(g.arch);
}

struct Anchor {
  const Measured* measured = nullptr;  // null: no figure
  const GpuInfo* gpu = nullptr;
  bool same = false;  // the GPU itself was measured
};

// The measurement `gpu` is priced from: its own, else the same architecture's,
// else the nearest threads per SM.
Anchor anchor_for(const GpuInfo& gpu) {
  Anchor out;
  if (gpu.kind == GpuClass::kApple || resident_threads(gpu) == 0) return out;
  long best = 0;
  for (const Measured& m : kMeasured) {
    const GpuInfo* a = find_gpu(m.gpu_id);
    if (std::string_view(a->id) == gpu.id) return {&m, a, true};
    const long gap = std::labs(static_cast<long>(max_threads_per_sm(a->arch)) -
                               static_cast<long>(max_threads_per_sm(gpu.arch)));
    const long rank = std::string_view(a->arch) == gpu.arch ? -1 : gap;
    if (out.measured == nullptr || rank < best) out = {&m, a, false}, best = rank;
  }
  return out;
}

// Whole MiB, as the measurements are.
uint64_t scaled_mib(const Anchor& a, const GpuInfo& gpu) {
  if (a.same) return a.measured->mib;
  return (a.measured->mib * resident_threads(gpu) * 2 / resident_threads(*a.gpu) + 1) / 2;
}

}  // namespace

uint32_t max_threads_per_sm(std::string_view arch) {
  if (arch.substr(0, 3) != "sm_") return 0;
  int cc = 0;
  for (char c : arch.substr(3)) {
    if (c < '0' || c > '9') return 0;
    cc = cc * 10 + (c - '0');
    if (cc > 10000) return 0;
  }
  if (cc == 75) return 1024;                           // Turing
  if (cc == 86 || cc == 89 || cc >= 120) return 1536;  // GA10x, Ada, consumer Blackwell
  return cc >= 50 ? 2048 : 0;                          // Maxwell..Hopper, datacenter Blackwell
}

uint64_t cuda_context_bytes(const GpuInfo& gpu) {
  const Anchor a = anchor_for(gpu);
  return a.measured == nullptr ? 0 : scaled_mib(a, gpu) * MiB;
}

std::string cuda_context_basis(const GpuInfo& gpu) {
  if (gpu.kind == GpuClass::kApple) return "none: Metal keeps no CUDA context";
  const Anchor a = anchor_for(gpu);
  if (a.measured == nullptr) {
    return std::string("left out: no published measurement of a ") + gpu.arch +
           " context (set an overhead to include it)";
  }
  const std::string mib = std::to_string(scaled_mib(a, gpu));
  if (a.same) {
    return "CUDA context measured on this GPU: " + mib + " MiB per process (" + a.measured->source +
           ", lazy loading)";
  }
  return "CUDA context " + mib + " MiB: the " + std::to_string(a.measured->mib) +
         " MiB measured on the " + a.gpu->name + " (" + a.measured->source +
         ") scaled by resident threads, " + std::to_string(gpu.compute_units) + " SMs x " +
         std::to_string(max_threads_per_sm(gpu.arch)) + " vs " +
         std::to_string(a.gpu->compute_units) + " x " +
         std::to_string(max_threads_per_sm(a.gpu->arch));
}

}  // namespace vramcalc
