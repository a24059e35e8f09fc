// GPU catalog: the memory of common accelerators, nominal (what the vendor sells:
// GDDR/HBM "GB" are GiB) and usable (the total a program sees: what CUDA's
// cudaMemGetInfo / torch report, ROCm's hipMemGetInfo, or Metal's
// recommendedMaxWorkingSetSize on Apple's unified memory). Fit verdicts and the
// solver use the usable figure; each entry names where it comes from.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace vramcalc {

enum class GpuClass { kConsumer, kWorkstation, kDatacenter, kApple };

struct GpuInfo {
  const char* id;         // "h100-80gb"
  const char* name;       // "NVIDIA H100 80GB (SXM, HBM3)"
  uint64_t memory_bytes;  // nominal capacity in bytes (unified memory for Apple)
  uint64_t usable_bytes;  // total as the runtime sees it (Apple: the share the GPU may use)
  GpuClass kind;
  const char* source;  // where usable_bytes comes from (a log, or how it is derived)
  // Streaming multiprocessors (NVIDIA) or compute units (AMD), from the vendors'
  // specifications; 0 where no runtime here keys on it (Apple, Gaudi).
  uint32_t compute_units = 0;
  const char* arch = "";  // "sm_90" (compute capability 9.0), "gfx942", "apple", ...
};

const std::vector<GpuInfo>& all_gpus();
const GpuInfo* find_gpu(std::string_view id);  // nullptr when unknown

// GPUs whose id or name holds every word of `query`, ignoring case, spaces and
// dashes ("4090", "rtx 3060", "H100", "m3 max"); all of them for an empty query.
std::vector<const GpuInfo*> search_gpus(std::string_view query);

const char* to_string(GpuClass c);  // "consumer", "workstation", "datacenter", "apple"

}  // namespace vramcalc
