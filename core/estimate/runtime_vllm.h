// Internal to runtime_vllm*.cpp: the parts of vLLM v0.19's memory plan for one
// GPU (one tensor-parallel rank of one pipeline stage). Sources: vLLM main
// @66e86f1dbd56 (2026-04-03, the v0.19 line), read for docs/research/runtimes/
// vllm_v019.md; the figures vLLM measures rather than computes come from the
// v0.19.0 startup logs in ../shared/refdata/runlogs (case ids cited).
#pragma once

#include <cstdint>
#include <string>

#include "estimate_parts.h"
#include "gpu_shares.h"

namespace vramcalc::detail::vllm {

// vLLM's refusal of a tensor-parallel degree the heads do not divide by.
std::optional<Error> check_tensor_parallel(const ModelSpec& m, uint64_t tp);

// Python's cdiv: a / b rounded up (0 for b = 0).
inline uint64_t cdiv(uint64_t a, uint64_t b) { return b ? (a + b - 1) / b : 0; }

// EngineArgs.get_batch_defaults (engine/arg_utils.py), `vllm serve`: GPUs with
// >= 70 GiB that are not A100s profile 8192 tokens over 1024 sequences, others
// 2048 over 256. The user's --max-num-batched-tokens / --max-num-seqs win.
struct Batch {
  uint64_t tokens = 0;  // max_num_batched_tokens
  uint64_t seqs = 0;    // max_num_seqs
  std::string why;      // "vLLM default for GPUs >= 70 GiB (not A100)" or "set"
};
Batch batch_of(const Workload& w, const Hardware& h);

// The torch peak increase of the profile run on one rank, and its text.
struct Peak {
  uint64_t bytes = 0;
  std::string formula;
  std::string assumption;
};
// What the profile run's allocations depend on in the GPU: its compute units
// (the Triton sampler's scratch rows) and the BLAS workspace torch gives it.
struct Device {
  uint64_t compute_units = 0;
  uint64_t blas_workspace = 0;
  std::string arch;    // "sm_90", "gfx942", ...
  bool named = false;  // from the catalog (else an H100 is assumed)
  std::string text;    // "132 SMs, sm_90"
};
Device device_of(const Hardware& h);

// Bytes one rank's MXFP4 experts take beyond the checkpoint's in the MoE kernel's
// layout (runtime_vllm_mxfp4.cpp), for the layers of `stage`.
struct KernelLayout {
  uint64_t bytes = 0;
  std::string text;
};
KernelLayout mxfp4_kernel_layout(const ModelSpec& m, const StageLayers& stage, uint64_t tp,
                                 const Device& dev);

// `last_stage`: the sampler warm-up runs where the logits are (the last stage).
Peak profile_peak(const ModelSpec& m, const Batch& b, uint64_t tp, bool last_stage, DType act,
                  const Device& dev);

// Non-torch memory that appears between the init snapshot and the end of the
// profile run (cuBLAS workspaces, NCCL / custom all-reduce buffers): a measured
// figure per parallel layout, not a formula.
struct NonTorch {
  uint64_t bytes = 0;
  const char* source = "";  // which log it was read from
};
NonTorch non_torch_increase(uint64_t tp, uint64_t pp);

// vLLM's own "Estimated CUDA graph memory" (printed, not subtracted in v0.19).
uint64_t cuda_graph_estimate(const ModelSpec& m, uint64_t tp);

// The KV-cache groups of one stage's layers on one rank, as the hybrid allocator
// pages them (kv_cache_interface.py specs; kv_cache_utils.py grouping).
struct KvPlan {
  uint64_t page_bytes = 0;          // one block of one layer (after page unification)
  uint64_t block_tokens = 0;        // tokens per block (block_size, raised for Mamba hybrids)
  uint64_t group_size = 0;          // layers per group (tensors sharing the block pool)
  uint64_t groups = 0;              // KV-cache groups
  uint64_t blocks_per_request = 0;  // blocks one max_model_len request takes over all groups
  uint64_t layers = 0;              // layers with a cache on the stage
  std::string text;                 // what the groups are
};
// `draft`: MTP layers the last stage adds (speculative decoding), or nullptr.
KvPlan kv_plan(const ModelSpec& m, const StageLayers& stage, uint64_t tp, DType kv, DType act,
               const Workload& w, const Batch& b, const std::vector<LayerSpec>* draft);

}  // namespace vramcalc::detail::vllm
