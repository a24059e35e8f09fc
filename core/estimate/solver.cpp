// Binary search over estimate(): exact because every component is monotonic. The
// points are numbers-only estimates into one reused Estimate (no text, no allocation).
#include "solver.h"

namespace vramcalc {

Result<SolveResult> solve_max(const ModelSpec& model, Workload w, const Hardware& hw, SolveFor what,
                              uint64_t budget) {
  constexpr uint64_t kUpper = 1ull << 24;
  Estimate e;
  Result<CountedModel> counted_or = count_model(model);
  if (!counted_or.ok()) return counted_or.error();
  const CountedModel& counted = counted_or.value();
  auto bytes_at = [&](uint64_t v) -> Result<uint64_t> {
    (what == SolveFor::kBatch ? w.batch : w.seq) = v;
    if (auto err = estimate_into(e, counted, w, hw, Detail::kNumbers)) return *err;
    // A serving runtime that would refuse to start (vLLM: the KV cache holds less
    // than one request, or fewer sequences than the batch) does not fit at any size.
    if (e.runtime.refused) return UINT64_MAX;
    return e.per_gpu_bytes;
  };
  auto one = bytes_at(1);
  if (!one.ok()) return one.error();
  SolveResult r;
  if (one.value() > budget) return r;
  uint64_t lo = 1, hi = kUpper;  // bytes_at(lo) fits; answer in [lo, hi]
  auto top = bytes_at(hi);
  if (top.ok() && top.value() <= budget) {
    r.value = hi;
    r.bytes_at_value = top.value();
    r.capped = true;
    return r;
  }
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo + 1) / 2;
    auto b = bytes_at(mid);
    if (b.ok() && b.value() <= budget) {
      lo = mid;
    } else {
      hi = mid - 1;  // too big (or overflowed: also too big)
    }
  }
  auto at = bytes_at(lo);
  if (!at.ok()) return at.error();
  r.value = lo;
  r.bytes_at_value = at.value();
  return r;
}

}  // namespace vramcalc
