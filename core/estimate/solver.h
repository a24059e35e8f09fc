// Solver: the largest batch or sequence length whose estimate fits in a memory
// budget per GPU. Every component is non-decreasing in batch and in sequence
// length, so a binary search over estimate() is exact.
#pragma once

#include <cstdint>

#include "estimate.h"

namespace vramcalc {

enum class SolveFor { kBatch, kSeq };

struct SolveResult {
  uint64_t value = 0;           // largest batch / seq that fits (0: not even 1 fits)
  uint64_t bytes_at_value = 0;  // per-GPU bytes at that value
  bool capped = false;          // the search stopped at its upper bound (2^24)
  // Context only: what memory alone allows when the model's trained context
  // (max_position_embeddings) is shorter and `value` was cut to it (0: not cut).
  uint64_t memory_value = 0;
};

// Largest value of `what` in 1..2^24 with estimate(...).per_gpu_bytes <= budget_bytes.
Result<SolveResult> solve_max(const ModelSpec& model, Workload workload, const Hardware& hardware,
                              SolveFor what, uint64_t budget_bytes);

}  // namespace vramcalc
