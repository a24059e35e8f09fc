// `vramcalc fit MODEL --gpu ID [--gpus N] [options]`: how far the given GPU goes
// (largest batch and context, fewest GPUs, llama.cpp's -ngl), from solver.h and
// fit.h. --gpus N without --tp, --pp or --zero means N tensor-parallel GPUs (one
// model split over them), which is what "does it fit on 2 x H100" asks; core's
// --gpus alone would count data-parallel replicas.
#include <cstdio>

#include "cli_args.h"
#include "commands.h"
#include "fit.h"
#include "fit_report.h"
#include "model_file.h"

namespace vramcalc::cli {

int run_fit(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, "fit");
  if (!parsed.ok()) return fail(parsed.error().message);
  CliArgs& c = parsed.value();
  if (!c.sweeps.empty() || !c.solve.empty()) return fail("fit takes no --sweep or --solve");
  Hardware& h = c.hardware;
  if (h.gpu_memory_bytes == 0)
    return fail("fit needs --gpu ID or --gpu-memory-bytes N (see --list-gpus)");
  if (c.given.count("gpus") && !c.given.count("tp") && !c.given.count("pp") &&
      !c.given.count("zero")) {
    h.tp = h.gpus;
  }
  auto model = load_model(c.model);
  if (!model.ok()) return fail(model.error().message);
  const ModelSpec& m = model.value();
  if (m.adapter.present && c.given.count("method") == 0) c.workload.method = Method::kLoRA;
  const Workload& w = c.workload;
  const uint64_t budget = h.gpu_memory_bytes;

  auto est = estimate(m, w, h);
  if (!est.ok()) return fail(est.error().message);
  auto batch = solve_max(m, w, h, SolveFor::kBatch, budget);
  if (!batch.ok()) return fail(batch.error().message);
  auto seq = solve_max(m, w, h, SolveFor::kSeq, budget);
  if (!seq.ok()) return fail(seq.error().message);
  auto gpus = solve_min_gpus(m, w, h, budget);
  if (!gpus.ok()) return fail(gpus.error().message);

  FitReport f;
  f.model = m.name;
  f.gpu = h.gpu_id;
  f.gpu_memory_bytes = budget;
  f.gpus = h.gpus;
  f.tp = h.tp;
  f.pp = h.pp;
  f.batch = w.batch;
  f.seq = w.seq;
  f.per_gpu_bytes = est.value().per_gpu_bytes;
  f.fits = est.value().fits;
  f.max_batch = batch.value();
  f.max_seq = seq.value();
  f.min_gpus = gpus.value();
  if (f.min_gpus == 0) {  // say why when splitting the model does not help at all
    Hardware two = h;
    two.tp = h.tp * 2;
    two.gpus = two.tp * h.pp;
    auto e2 = estimate(m, w, two);
    f.tp_splits = e2.ok() && e2.value().per_gpu_bytes < est.value().per_gpu_bytes;
  }
  f.layers = m.num_layers;
  if (w.runtime == Runtime::kLlamaCpp && m.kind != ModelKind::kParamsOnly) {
    auto layers = solve_max_gpu_layers(m, w, h, budget);
    if (!layers.ok()) return fail(layers.error().message);
    f.gpu_layers = layers.value();
  }
  const std::string text = fit_report(f, c.format, c.units);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace vramcalc::cli
