// GPU catalog: memory capacity of common accelerators, for fit verdicts and the
// solver. Capacities are the nominal memory sizes (GiB, as vendors size HBM/GDDR);
// what a framework can use is less (CUDA context, reserved memory).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace vramcalc {

struct GpuInfo {
  const char* id;          // "h100-80gb"
  const char* name;        // "NVIDIA H100 80GB"
  uint64_t memory_bytes;   // nominal capacity in bytes
};

const std::vector<GpuInfo>& all_gpus();
const GpuInfo* find_gpu(std::string_view id);  // nullptr when unknown

}  // namespace vramcalc
