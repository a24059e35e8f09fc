// Fit questions the solver (solver.h) does not answer, for `vramcalc fit` and the
// page's verdict: the fewest GPUs and llama.cpp's -ngl that fit a memory budget.
// Both search over estimate() like solve_max(): per-GPU bytes never grow with the
// tensor-parallel degree and never shrink with the layers offloaded to the GPU.
#pragma once

#include <cstdint>

#include "estimate.h"
#include "solver.h"

namespace vramcalc {

// Fewest GPUs whose per-GPU estimate fits `budget_bytes` (bytes of one GPU): the
// smallest tensor-parallel degree tp in 1..max_tp, with pp as given and
// gpus = tp x pp (one replica). 0 when none fits; an error only for tp = 1.
Result<uint64_t> solve_min_gpus(const ModelSpec& model, Workload workload, Hardware hardware,
                                uint64_t budget_bytes, uint64_t max_tp = 1024);

// llama.cpp (-ngl): the most layers offloaded to the GPU that fit, in 0..layers,
// or layers + 1 when the output layer fits too (llama.cpp's "all"). Needs the
// architecture; `value` = -ngl, `bytes_at_value` = per-GPU bytes there (when even
// -ngl 0 does not fit: value 0 and bytes_at_value above the budget).
Result<SolveResult> solve_max_gpu_layers(const ModelSpec& model, Workload workload,
                                         const Hardware& hardware, uint64_t budget_bytes);

// llama.cpp's --fit (llama_params_fit, src/llama.cpp of ec98e2002; defaults in
// common/common.h): keep `margin_bytes` (1 GiB) free on the GPU. An unset context
// (`seq_given` false) starts at the model's training context and shrinks, never
// below 4096 tokens, until every layer fits; then MoE models move the routed
// experts of the first layers to host memory (--n-cpu-moe), and then whole layers
// leave the GPU (-ngl).
struct LlamaCppFit {
  uint64_t seq = 0;            // context per slot (n_ctx = batch x seq)
  uint64_t gpu_layers = 0;     // -ngl; layers + 1 = every layer and the output layer
  uint64_t n_cpu_moe = 0;      // layers whose routed experts stay in host memory
  uint64_t per_gpu_bytes = 0;  // the estimate there (without the margin)
  bool fits = false;           // false: not even -ngl 0 fits within the margin
};
constexpr uint64_t kLlamaCppFitMargin = 1ull << 30;  // fit_params_target, 1024 MiB
constexpr uint64_t kLlamaCppFitMinCtx = 4096;        // fit_params_min_ctx
Result<LlamaCppFit> fit_llamacpp(const ModelSpec& model, Workload workload,
                                 const Hardware& hardware, bool seq_given,
                                 uint64_t margin_bytes = kLlamaCppFitMargin);

}  // namespace vramcalc
