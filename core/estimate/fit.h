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

}  // namespace vramcalc
