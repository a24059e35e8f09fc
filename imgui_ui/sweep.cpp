// Sweeps (see sweep.h): which points to estimate, and the estimate() calls (numbers
// only, into one reused Estimate: the plot shows no formula text).
#include "sweep.h"

#include <algorithm>
#include <cmath>

namespace vramcalc::ui {
namespace {

constexpr uint64_t kFirstSeq = 128;           // tokens
constexpr uint64_t kMinLastSeq = 8192;        // tokens: the sweep reaches at least this far
constexpr uint64_t kMaxLastSeq = 1u << 20;    // tokens
constexpr uint64_t kMinLastBatch = 64;        // sequences
constexpr uint64_t kMaxLastBatch = 1u << 14;  // sequences

uint64_t DefaultLast(const ModelSpec& m, const Workload& w, SweepAxis axis) {
  if (axis == SweepAxis::kSeq) {
    const uint64_t context = m.max_position_embeddings;
    return std::min(kMaxLastSeq, std::max({kMinLastSeq, 2 * w.seq, context}));
  }
  return std::min(kMaxLastBatch, std::max(kMinLastBatch, 4 * w.batch));
}

}  // namespace

Sweep RunSweep(const ModelSpec& model, const Workload& workload, const Hardware& hardware,
               SweepAxis axis, const SweepOptions& o) {
  Sweep out;
  out.axis = axis;
  const uint64_t first = o.first > 0 ? o.first : (axis == SweepAxis::kSeq ? kFirstSeq : 1);
  const uint64_t last = std::max(first, o.last > 0 ? o.last : DefaultLast(model, workload, axis));
  const int per = std::max(1, o.points_per_doubling);

  // The current inputs set the scale the sweep stops at.
  uint64_t stop_bytes = UINT64_MAX;
  Estimate e;
  Result<CountedModel> counted_or = count_model(model);
  if (!counted_or.ok()) return out;
  const CountedModel& counted = counted_or.value();
  if (estimate_into(e, counted, workload, hardware, Detail::kNumbers)) return out;
  const uint64_t ref = std::max(e.per_gpu_bytes, hardware.gpu_memory_bytes);
  if (o.stop_factor > 0 && ref < UINT64_MAX / o.stop_factor) stop_bytes = ref * o.stop_factor;

  Workload w = workload;
  uint64_t prev = 0;
  for (int k = 0;; ++k) {
    const double v = static_cast<double>(first) * std::exp2(static_cast<double>(k) / per);
    uint64_t x = static_cast<uint64_t>(std::llround(v));
    if (x > last || v > 1.8e19) break;
    if (x <= prev) continue;  // small values repeat after rounding (1, 1, 1, 2, ...)
    prev = x;
    (axis == SweepAxis::kSeq ? w.seq : w.batch) = x;
    if (estimate_into(e, counted, w, hardware, Detail::kNumbers)) break;
    std::array<uint64_t, kComponentCount> row{};
    for (int c = 0; c < kComponentCount; ++c)
      row[static_cast<size_t>(c)] = e.components[static_cast<size_t>(c)].bytes;
    out.x.push_back(x);
    out.bytes.push_back(row);
    out.totals.push_back(e.per_gpu_bytes);
    if (e.per_gpu_bytes > stop_bytes && out.x.size() >= 2) break;
  }
  return out;
}

}  // namespace vramcalc::ui
