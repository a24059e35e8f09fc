// Nominal memory of common GPUs (vendor data sheets: "80GB" HBM is 80 GiB).
#include "gpus.h"

namespace vramcalc {

namespace {

constexpr uint64_t GiB = 1ull << 30;

const std::vector<GpuInfo> kGpus = {
    {"t4-16gb", "NVIDIA T4 16GB", 16 * GiB},
    {"v100-16gb", "NVIDIA V100 16GB", 16 * GiB},
    {"v100-32gb", "NVIDIA V100 32GB", 32 * GiB},
    {"rtx3090-24gb", "NVIDIA RTX 3090 24GB", 24 * GiB},
    {"rtx4090-24gb", "NVIDIA RTX 4090 24GB", 24 * GiB},
    {"rtx5090-32gb", "NVIDIA RTX 5090 32GB", 32 * GiB},
    {"a10g-24gb", "NVIDIA A10G 24GB", 24 * GiB},
    {"l4-24gb", "NVIDIA L4 24GB", 24 * GiB},
    {"l40s-48gb", "NVIDIA L40S 48GB", 48 * GiB},
    {"rtx6000ada-48gb", "NVIDIA RTX 6000 Ada 48GB", 48 * GiB},
    {"a100-40gb", "NVIDIA A100 40GB", 40 * GiB},
    {"a100-80gb", "NVIDIA A100 80GB", 80 * GiB},
    {"h100-80gb", "NVIDIA H100 80GB", 80 * GiB},
    {"h200-141gb", "NVIDIA H200 141GB", 141 * GiB},
    {"b200-192gb", "NVIDIA B200 192GB", 192 * GiB},
    {"mi250x-128gb", "AMD MI250X 128GB", 128 * GiB},
    {"mi300x-192gb", "AMD MI300X 192GB", 192 * GiB},
    {"m2-ultra-192gb", "Apple M2 Ultra 192GB (unified)", 192 * GiB},
};

}  // namespace

const std::vector<GpuInfo>& all_gpus() { return kGpus; }

const GpuInfo* find_gpu(std::string_view id) {
  for (const auto& g : kGpus) {
    if (id == g.id) return &g;
  }
  return nullptr;
}

}  // namespace vramcalc
