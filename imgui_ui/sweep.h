// Sweeps for the plot panel: core's estimate() at sequence lengths or batch sizes
// around the current inputs, four points per doubling. The UI sums nothing: each
// point's component bytes are estimate()'s own.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "estimate.h"
#include "model_spec.h"
#include "workload.h"

namespace vramcalc::ui {

enum class SweepAxis { kSeq, kBatch };

struct Sweep {
  SweepAxis axis = SweepAxis::kSeq;
  std::vector<uint64_t> x;  // tokens per sequence (kSeq) or sequences (kBatch), increasing
  // bytes[i][c]: bytes per GPU of Component c at x[i], from estimate()
  std::vector<std::array<uint64_t, kComponentCount>> bytes;
  std::vector<uint64_t> totals;  // per_gpu_bytes at x[i]
};

// Limits of a sweep (zero-initialised fields keep the defaults).
struct SweepOptions {
  uint64_t first = 0;  // first value (0: 128 tokens / 1 sequence)
  uint64_t last = 0;   // last value at most (0: from the model and the current value)
  int points_per_doubling = 4;
  // Stop once a point's total passes this many times the larger of the current
  // total and the GPU memory, so the interesting range fills the plot.
  uint64_t stop_factor = 2;
};

// The sweep along `axis`, every other input as in `workload`. Points whose
// estimate() fails end the sweep there (an empty sweep when the first fails).
Sweep RunSweep(const ModelSpec& model, const Workload& workload, const Hardware& hardware,
               SweepAxis axis, const SweepOptions& options = {});

}  // namespace vramcalc::ui
