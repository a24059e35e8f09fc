// Searches over estimate() for fit.h, both linear: tp that estimate() refuses is
// skipped (so a divisibility rule of a runtime cannot end the search early), and
// a model has at most a few hundred layers (microseconds per estimate).
#include "fit.h"

namespace vramcalc {

Result<uint64_t> solve_min_gpus(const ModelSpec& model, Workload w, Hardware h, uint64_t budget,
                                uint64_t max_tp) {
  for (uint64_t tp = 1; tp <= max_tp; ++tp) {
    h.tp = tp;
    h.gpus = tp * h.pp;
    auto e = estimate(model, w, h);
    if (!e.ok()) {
      if (tp == 1) return e.error();
      continue;
    }
    if (e.value().per_gpu_bytes <= budget && e.value().runtime.failure.empty()) return tp * h.pp;
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
  for (uint64_t layers = model.num_layers + 1;; --layers) {
    w.gpu_layers = layers;
    auto e = estimate(model, w, h);
    if (!e.ok()) return e.error();
    r.value = layers;
    r.bytes_at_value = e.value().per_gpu_bytes;
    if (r.bytes_at_value <= budget || layers == 0) return r;
  }
}

}  // namespace vramcalc
