// `vramcalc fit MODEL --gpu ID [--gpus N] [options]`: how far the given GPU goes
// (largest batch and context, fewest GPUs, llama.cpp's -ngl), from solver.h and
// fit.h. --gpus N without --tp, --pp or --zero means N tensor-parallel GPUs (one
// model split over them), which is what "does it fit on 2 x H100" asks; core's
// --gpus alone would count data-parallel replicas.
#include <cstdio>

#include "cli_args.h"
#include "commands.h"
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
    fit_gpus_as_tensor_parallel(h);
  }
  auto model = load_model(c.model);
  if (!model.ok()) return fail(model.error().message);
  const ModelSpec& m = model.value();
  if (m.adapter.present && c.given.count("method") == 0) c.workload.method = Method::kLoRA;
  auto fit = answer_fit(m, c.workload, h);
  if (!fit.ok()) return fail(fit.error().message);
  const FitReport& f = fit.value();
  const std::string text = fit_report(f, c.format, c.units);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace vramcalc::cli
