// `vramcalc fit`'s answers (how far one GPU model goes) and their renderings in
// every --format. The numbers come from solver.h and fit.h; this only writes them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model_spec.h"
#include "solver.h"
#include "status.h"
#include "tables.h"
#include "workload.h"

namespace vramcalc {

struct FitReport {
  std::string model;                  // display name
  std::string gpu;                    // catalog id, or "" for a custom --gpu-memory-bytes
  uint64_t gpu_memory_bytes = 0;      // memory of one GPU
  uint64_t gpus = 1, tp = 1, pp = 1;  // the hardware the answers below assume
  uint64_t batch = 1, seq = 1;        // the workload as given
  uint64_t per_gpu_bytes = 0;         // estimate as given
  bool fits = false;                  // as given
  SolveResult max_batch;              // at `seq`
  SolveResult max_seq;                // at `batch`
  uint64_t min_gpus = 0;  // fewest GPUs (tensor parallel, pp as given); 0: none up to tp 1024
  bool tp_splits = true;  // the per-GPU estimate shrinks at tp 2 (else min_gpus says nothing)
  // --runtime llamacpp only: llama.cpp's --fit at this context (fit.h): the largest
  // -ngl that fits with its 1 GiB margin (layers + 1 = all + output), after moving
  // the routed experts of n_cpu_moe layers to host memory first.
  std::optional<SolveResult> gpu_layers;
  bool gpu_layers_fit = false;  // false: not even -ngl 0 fits within the margin
  uint64_t n_cpu_moe = 0;
  uint64_t layers = 0;  // the model's blocks, for "N of L"
};

// The answers for `model` on `hardware` (one GPU model: hardware.gpu_memory_bytes
// each) as given: the estimate, the largest batch and context, the fewest
// tensor-parallel GPUs and, for llama.cpp, the largest -ngl. Shared by `vramcalc
// fit` and the npm package's solve().
Result<FitReport> answer_fit(const ModelSpec& model, const Workload& workload,
                             const Hardware& hardware);
// For fit, a GPU count given without --tp, --pp or --zero means that many
// tensor-parallel GPUs (one model split over them: what "does it fit on 2 x H100"
// asks), not data-parallel replicas. Callers apply it when that is what was given.
inline void fit_gpus_as_tensor_parallel(Hardware& h) { h.tp = h.gpus; }

// One solver answer: {"value","per_gpu_bytes","capped"} and "memory_allows" when
// the context was cut to the model's trained length.
nlohmann::ordered_json solve_json(const SolveResult& r);

// kJson: {"model","gpu","gpu_memory_bytes","gpus","tp","pp","batch","seq","per_gpu_bytes",
// "fits","max_batch":{"value","per_gpu_bytes","capped","memory_allows"?},"max_seq":{...},"min_gpus","tp_splits",
// "gpu_layers":{"value","layers","output_layer","per_gpu_bytes"}?}; else a table
// of question, answer and per-GPU bytes (text: a title line above it).
std::string fit_report(const FitReport& fit, Format format, Units units);

}  // namespace vramcalc
