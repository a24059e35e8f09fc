// Searches over estimate() for fit.h, both linear: tp that estimate() refuses is
// skipped (so a divisibility rule of a runtime cannot end the search early), and
// a model has at most a few hundred layers (microseconds per estimate).
#include "fit.h"

#include <algorithm>

namespace vramcalc {

Result<uint64_t> solve_min_gpus(const ModelSpec& model, Workload w, Hardware h, uint64_t budget,
                                uint64_t max_tp) {
  // Splitting over tp GPUs gives them, together, at least the weights one GPU
  // holds (replicated parts only add), so the busiest holds >= that / tp: no tp
  // below weights / budget can fit, and the search starts there (over pp too, in
  // case the weights component counts every stage).
  uint64_t start = 1;
  Estimate e;
  Result<CountedModel> counted_or = count_model(model);
  if (!counted_or.ok()) return counted_or.error();
  const CountedModel& counted = counted_or.value();
  for (uint64_t tp = 1; tp <= max_tp; tp = std::max(tp + 1, start)) {
    h.tp = tp;
    h.gpus = tp * h.pp;
    if (auto err = estimate_into(e, counted, w, h, Detail::kNumbers)) {
      if (tp == 1) return *err;
      continue;
    }
    if (e.per_gpu_bytes <= budget && !e.runtime.refused) return tp * h.pp;
    if (tp == 1 && budget > 0) {
      const uint64_t weights = e.at(Component::kWeights).bytes / h.pp;
      start = std::max<uint64_t>(1, weights / budget + (weights % budget != 0));
      if (start > max_tp) return uint64_t{0};
    }
  }
  return uint64_t{0};
}

Result<SolveResult> solve_max_gpu_layers(const ModelSpec& model, Workload w, const Hardware& h,
                                         uint64_t budget) {
  if (model.kind == ModelKind::kParamsOnly) {
    return make_error(ErrorCode::kInvalidOption,
                      "llama.cpp GPU layers need the model's layers: a parameter count has none");
  }
  w.runtime = Runtime::kLlamaCpp;
  // Down from "all + output" to the first that fits: at most layers + 2 estimates.
  SolveResult r;
  Estimate e;
  Result<CountedModel> counted_or = count_model(model);
  if (!counted_or.ok()) return counted_or.error();
  const CountedModel& counted = counted_or.value();
  for (uint64_t layers = model.num_layers + 1;; --layers) {
    w.gpu_layers = layers;
    if (auto err = estimate_into(e, counted, w, h, Detail::kNumbers)) return *err;
    r.value = layers;
    r.bytes_at_value = e.per_gpu_bytes;
    if (r.bytes_at_value <= budget || layers == 0) return r;
  }
}

Result<LlamaCppFit> fit_llamacpp(const ModelSpec& model, Workload w, const Hardware& h,
                                 bool seq_given, uint64_t margin) {
  if (model.kind == ModelKind::kParamsOnly) {
    return make_error(ErrorCode::kInvalidOption,
                      "llama.cpp's fit needs the model's layers: a parameter count has none");
  }
  if (h.gpu_memory_bytes == 0) {
    return make_error(ErrorCode::kInvalidOption, "llama.cpp's fit needs --gpu (the memory)");
  }
  w.runtime = Runtime::kLlamaCpp;
  const uint64_t L = model.num_layers;
  const uint64_t budget = h.gpu_memory_bytes > margin ? h.gpu_memory_bytes - margin : 0;
  LlamaCppFit f;
  Estimate e;
  Result<CountedModel> counted_or = count_model(model);
  if (!counted_or.ok()) return counted_or.error();
  const CountedModel& counted = counted_or.value();
  auto at = [&](uint64_t seq, uint64_t ngl, uint64_t cpu_moe) -> Result<bool> {
    w.seq = seq, w.gpu_layers = ngl, w.n_cpu_moe = cpu_moe;
    if (auto err = estimate_into(e, counted, w, h, Detail::kNumbers)) return *err;
    f = {seq, ngl, cpu_moe, e.per_gpu_bytes, e.per_gpu_bytes <= budget};
    return f.fits;
  };
  // 1. The context: the training context shrunk to what fits with every layer.
  uint64_t seq = w.seq;
  if (!seq_given) {
    const uint64_t train = model.max_position_embeddings ? model.max_position_embeddings : 4096;
    const uint64_t min_ctx = std::min(train, kLlamaCppFitMinCtx);
    w.gpu_layers = L + 1;
    w.n_cpu_moe = 0;
    auto s = solve_max(model, w, h, SolveFor::kSeq, budget);
    if (!s.ok()) return s.error();
    seq = std::clamp(s.value().value, min_ctx, train);
  }
  auto all = at(seq, L + 1, 0);
  if (!all.ok()) return all.error();
  if (all.value()) return f;
  // 2. MoE: the fewest layers' experts in host memory that lets every layer fit.
  const bool moe = model.moe.num_experts > 0;
  if (moe) {
    auto none = at(seq, L + 1, L);
    if (!none.ok()) return none.error();
    if (none.value()) {
      uint64_t lo = 0, hi = L;  // at(hi) fits, at(lo) does not
      while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        auto r = at(seq, L + 1, mid);
        if (!r.ok()) return r.error();
        (r.value() ? hi : lo) = mid;
      }
      auto r = at(seq, L + 1, hi);
      if (!r.ok()) return r.error();
      return f;
    }
  }
  // 3. Whole layers off the GPU (their experts go with them): the largest -ngl that
  // fits, by bisection (each layer more only adds bytes; a model may have thousands
  // of layers, and the page asks this on every change).
  const uint64_t cpu_moe = moe ? L : 0;
  auto zero = at(seq, 0, cpu_moe);
  if (!zero.ok()) return zero.error();
  if (!zero.value()) return f;  // not even -ngl 0 fits
  uint64_t lo = 0, hi = L;      // at(lo) fits; at(L + 1) does not (checked above)
  auto top = at(seq, L, cpu_moe);
  if (!top.ok()) return top.error();
  if (top.value()) return f;
  while (hi - lo > 1) {
    const uint64_t mid = lo + (hi - lo) / 2;
    auto r = at(seq, mid, cpu_moe);
    if (!r.ok()) return r.error();
    (r.value() ? lo : hi) = mid;
  }
  auto r = at(seq, lo, cpu_moe);
  if (!r.ok()) return r.error();
  return f;
}

}  // namespace vramcalc
