// The memory a PyTorch process's CUDA context holds on each GPU before its first
// tensor: what nvidia-smi shows for the process while torch reports 0 allocated.
// With lazy module loading (CUDA >= 11.7, PyTorch >= 1.13's default) almost no
// kernel code is resident at start, and what remains is dominated by the local
// memory the driver reserves for every thread the GPU can keep resident (NVIDIA:
// max threads per SM x SMs x local memory per thread, context-wide). So a figure
// measured on one GPU carries to another by its resident threads.
#pragma once

#include <cstdint>
#include <string>

#include "gpus.h"

namespace vramcalc {

// Resident threads per SM of a compute capability ("sm_86" -> 1536; CUDA C++
// Programming Guide, technical specifications per compute capability); 0 when
// `arch` is not an NVIDIA one.
uint32_t max_threads_per_sm(std::string_view arch);

// The context of one process on `gpu`, in bytes (0: none known): a published
// per-process measurement where there is one, else one scaled from the measured GPU
// of the same architecture (or else the nearest threads per SM) by resident threads.
// None for AMD, Intel and Apple GPUs: no published measurement of a ROCm or Level
// Zero context, and Metal keeps no such reserve. Allocates nothing.
uint64_t cuda_context_bytes(const GpuInfo& gpu);

// Where cuda_context_bytes(gpu) comes from, in one line ("measured on ...",
// "scaled from ...", or why there is none).
std::string cuda_context_basis(const GpuInfo& gpu);

}  // namespace vramcalc
