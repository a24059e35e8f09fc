// The answer first: whether the estimate fits the chosen GPU(s), by how much, how
// far batch and context go, how many GPUs it would take, and the notes that change
// that answer (a refusing runtime, a checkpoint that disagrees with its config).
// The page's verdict block, state().verdict and the screen-reader mirror's first
// sentence all come from here, so they cannot disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "estimate.h"
#include "fit_report.h"
#include "model_spec.h"
#include "status.h"
#include "tables.h"
#include "workload.h"

namespace vramcalc {

struct Verdict {
  // answer_fit() at these settings; empty without a GPU (no memory to fit into).
  std::optional<FitReport> fit;
  bool fits = false;           // Estimate::fits (false without a GPU)
  int64_t headroom_bytes = 0;  // GPU memory - the busiest GPU's total; < 0: short by that much
  // Notes of the estimate that change the answer, one line each (also in Estimate::notes).
  std::vector<std::string> warnings;
};

// The verdict for `e` = estimate(model, workload, hardware). Fails only when a
// solver call does (the estimate itself succeeded).
Result<Verdict> answer_verdict(const ModelSpec& model, const Workload& workload,
                               const Hardware& hardware, const Estimate& e);

// True for a note that changes the answer rather than explaining it.
bool note_changes_answer(const std::string& note);

// {"fits","headroom_bytes","gpu_memory_bytes","max_batch":{"value","per_gpu_bytes","capped"},
//  "max_seq":{...},"min_gpus","tp_splits","gpu_layers":{...}?,"busiest_gpu":{...}?,
//  "vllm":{"kv_tokens","max_concurrent_seqs","max_concurrency","failure"}?,"warnings":[...],
//  "text"}; the solver keys are null without a GPU. gpu_layers as in `vramcalc fit --json`.
std::string verdict_json(const Verdict& v, const Estimate& e, Units units);
// The first sentence alone: "Fits on 2 x NVIDIA H100 80GB (SXM, HBM3), tp 2: 12.34 GB free
// on the busiest GPU (stage 0 (GPUs 0-1))." or vLLM's refusal; without a GPU, what it needs.
std::string verdict_headline(const Verdict& v, const Estimate& e, Units units);
// The GPUs a fit report is for, as the headline names them: "2 x NVIDIA H100 80GB
// (SXM, HBM3), tp 2", or "1 x 24.00 GB GPU" for a memory size without a catalog GPU.
std::string fit_where(const FitReport& f, Units units);
// A solver answer for display: "1,234", "16,777,216+" (the search's bound), "none".
std::string solved_text(const SolveResult& r);
// answer_fit()'s fewest GPUs: "4", "none up to tp 1024", "none: splitting does not ...".
std::string min_gpus_text(const FitReport& f);
// llama.cpp's layers that fit (-ngl): "20 of 32", "all 32 + output layer", "none".
std::string gpu_layers_text(const FitReport& f);
// The headline and the solver answers, e.g. "Fits on 2 x NVIDIA H100 80GB (tp 2): 12.34 GB free on
// the busiest GPU. Largest batch 20 at 32,768 tokens; longest context 131,072 at batch 1."
std::string verdict_text(const Verdict& v, const Estimate& e, Units units);

}  // namespace vramcalc
