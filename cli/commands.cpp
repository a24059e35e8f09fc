// `params` and `estimate` (with --solve and --sweep): load the model, call core,
// print one rendering from core/report in the chosen --format.
#include "commands.h"

#include <algorithm>
#include <cstdio>

#include "cli_args.h"
#include "fit.h"
#include "model_file.h"
#include "param_count.h"
#include "solver.h"

namespace vramcalc::cli {
namespace {

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

// An adapter_config.json means LoRA unless the user chose another method.
void adapter_defaults(const ModelSpec& m, CliArgs& c) {
  if (m.adapter.present && c.given.count("method") == 0) c.workload.method = Method::kLoRA;
}

// Every point of the sweeps' product (the first sweep varies slowest), estimated.
Result<std::vector<SweepRow>> run_sweeps(const ModelSpec& m, const CliArgs& c) {
  std::vector<SweepRow> rows;
  std::vector<size_t> at(c.sweeps.size(), 0);
  for (;;) {
    Workload w = c.workload;
    Hardware h = c.hardware;
    SweepRow row;
    for (size_t i = 0; i < c.sweeps.size(); ++i) {
      const SweepAxisSpec& s = c.sweeps[i];
      const uint64_t v = s.values[at[i]];
      if (auto err = apply_option(w, h, s.key, std::to_string(v))) return *err;
      row.inputs.emplace_back(s.key, v);
    }
    auto e = estimate(m, w, h);
    if (!e.ok()) return e.error();
    row.estimate = std::move(e.value());
    rows.push_back(std::move(row));
    size_t i = c.sweeps.size();
    while (i > 0 && ++at[i - 1] == c.sweeps[i - 1].values.size()) at[--i] = 0;
    if (i == 0) return rows;
  }
}

// --solve layers: llama.cpp's --fit (fit.h) on the --gpu, printed as JSON.
int solve_layers(const ModelSpec& m, const CliArgs& c) {
  auto r = fit_llamacpp(m, c.workload, c.hardware, c.given.count("seq") > 0);
  if (!r.ok()) return fail(r.error().message);
  const LlamaCppFit& f = r.value();
  const uint64_t L = m.num_layers;
  std::printf(
      "{\"solve\":\"layers\",\"runtime\":\"llamacpp\",\"fits\":%s,\"gpu_layers\":%llu,"
      "\"layers\":%llu,\"output_layer\":%s,\"n_cpu_moe\":%llu,\"seq\":%llu,\"n_ctx\":%llu,"
      "\"per_gpu_bytes\":%llu,\"margin_bytes\":%llu}\n",
      f.fits ? "true" : "false", static_cast<unsigned long long>(std::min(f.gpu_layers, L)),
      static_cast<unsigned long long>(L), f.gpu_layers > L ? "true" : "false",
      static_cast<unsigned long long>(f.n_cpu_moe), static_cast<unsigned long long>(f.seq),
      static_cast<unsigned long long>(f.seq * c.workload.batch),
      static_cast<unsigned long long>(f.per_gpu_bytes),
      static_cast<unsigned long long>(kLlamaCppFitMargin));
  return 0;
}

}  // namespace

int fail(const std::string& message) {
  std::string line = message;
  for (char& ch : line) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  std::fprintf(stderr, "vramcalc: %s\n", line.c_str());
  return 1;
}

int run_params(const std::vector<std::string>& args) {
  // The contract's default is JSON; --format picks another table.
  Format format = Format::kJson;
  std::string model_arg;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    if (a == "--json") {
      format = Format::kJson;
      continue;
    }
    if (a == "--format" && i + 1 < args.size()) {
      value = args[++i];
    } else if (a.rfind("--format=", 0) == 0) {
      value = a.substr(9);
    } else if (a.rfind("--", 0) == 0) {
      return fail("params takes MODEL and --format table|json|markdown|csv only (got " +
                  a.substr(0, 42) + ")");
    } else if (model_arg.empty()) {
      model_arg = a;
      continue;
    } else {
      return fail("params takes exactly one MODEL argument");
    }
    const auto f = parse_format(value);
    if (!f)
      return fail("option --format: '" + value.substr(0, 40) +
                  "' is not one of table|json|markdown|csv");
    format = *f;
  }
  if (model_arg.empty()) return fail("params takes exactly one MODEL argument");
  auto model = load_model(model_arg);
  if (!model.ok()) return fail(model.error().message);
  print(params_report(model.value(), count_params(model.value()), format));
  return 0;
}

int run_estimate(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, "estimate");
  if (!parsed.ok()) return fail(parsed.error().message);
  CliArgs& c = parsed.value();
  auto model = load_model(c.model);
  if (!model.ok()) return fail(model.error().message);
  const ModelSpec& m = model.value();
  adapter_defaults(m, c);
  const Workload& w = c.workload;
  const Hardware& h = c.hardware;
  if (!c.solve.empty()) {
    if (h.gpu_memory_bytes == 0) return fail("option --solve needs --gpu (the memory budget)");
    if (c.format == Format::kMarkdown || c.format == Format::kCsv) {
      return fail(
          "option --solve prints JSON; for a table use vramcalc fit MODEL --gpu ID --format ...");
    }
    if (c.solve == "layers") return solve_layers(m, c);
    auto r = solve_max(m, w, h, c.solve == "batch" ? SolveFor::kBatch : SolveFor::kSeq,
                       h.gpu_memory_bytes);
    if (!r.ok()) return fail(r.error().message);
    std::printf("{\"solve\":\"%s\",\"max\":%llu,\"per_gpu_bytes\":%llu,\"capped\":%s}\n",
                c.solve.c_str(), static_cast<unsigned long long>(r.value().value),
                static_cast<unsigned long long>(r.value().bytes_at_value),
                r.value().capped ? "true" : "false");
    return 0;
  }
  if (!c.sweeps.empty()) {
    auto rows = run_sweeps(m, c);
    if (!rows.ok()) return fail(rows.error().message);
    print(sweep_report(rows.value(), c.format, c.units));
    return 0;
  }
  auto est = estimate(m, w, h);
  if (!est.ok()) return fail(est.error().message);
  if (c.format == Format::kTable) {
    std::printf("%s (%s, batch %llu, seq %llu)\n", m.name.c_str(), to_string(w.mode),
                static_cast<unsigned long long>(w.batch), static_cast<unsigned long long>(w.seq));
  }
  print(estimate_report(est.value(), c.format, c.units));
  if (c.format == Format::kTable) {
    for (const auto& note : est.value().notes) std::printf("note: %s\n", note.c_str());
  }
  return 0;
}

}  // namespace vramcalc::cli
