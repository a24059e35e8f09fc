// FitReport (fit_report.h): the answers from solver.h and fit.h, and their
// renderings through tables.h, so Markdown and CSV escape and align as every
// other table does.
#include "fit_report.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "estimate.h"
#include "fit.h"

namespace vramcalc {
namespace {

std::string n(uint64_t v) { return std::to_string(v); }

// "123", "16777216+" when the search stopped at its bound, "none" when not even 1 fits.
// A context cut to the model's trained length says so.
std::string solved(const SolveResult& r) {
  if (r.memory_value) return n(r.value) + " (trained context)";
  return r.value == 0 ? "none" : n(r.value) + (r.capped ? "+" : "");
}

std::string layers_text(const FitReport& f) {
  const uint64_t v = f.gpu_layers->value;
  const std::string moe =
      f.n_cpu_moe ? ", experts of " + n(f.n_cpu_moe) + " layers in host memory" : "";
  if (v > f.layers) return n(f.layers) + " of " + n(f.layers) + " + output layer" + moe;
  return n(v) + " of " + n(f.layers) + moe;
}

}  // namespace

nlohmann::ordered_json solve_json(const SolveResult& r) {
  nlohmann::ordered_json j{
      {"value", r.value}, {"per_gpu_bytes", r.bytes_at_value}, {"capped", r.capped}};
  if (r.memory_value) j["memory_allows"] = r.memory_value;  // cut to the trained context
  return j;
}

namespace {

std::string json(const FitReport& f) {
  using OJson = nlohmann::ordered_json;
  const auto solve = solve_json;
  OJson j;
  j["model"] = f.model;
  j["gpu"] = f.gpu.empty() ? OJson(nullptr) : OJson(f.gpu);
  j["gpu_memory_bytes"] = f.gpu_memory_bytes;
  j["gpus"] = f.gpus;
  j["tp"] = f.tp;
  j["pp"] = f.pp;
  j["batch"] = f.batch;
  j["seq"] = f.seq;
  j["per_gpu_bytes"] = f.per_gpu_bytes;
  j["fits"] = f.fits;
  j["max_batch"] = solve(f.max_batch);
  j["max_seq"] = solve(f.max_seq);
  j["min_gpus"] = f.min_gpus;
  j["tp_splits"] = f.tp_splits;
  if (f.gpu_layers) {
    j["gpu_layers"] = {{"value", std::min(f.gpu_layers->value, f.layers)},
                       {"layers", f.layers},
                       {"output_layer", f.gpu_layers->value > f.layers},
                       {"n_cpu_moe", f.n_cpu_moe},
                       {"fits", f.gpu_layers_fit},
                       {"per_gpu_bytes", f.gpu_layers->bytes_at_value}};
  }
  return j.dump(-1, ' ', false, OJson::error_handler_t::replace) + "\n";
}

}  // namespace

std::string fit_report(const FitReport& f, Format format, Units u) {
  if (format == Format::kJson) return json(f);
  const bool csv = format == Format::kCsv;
  TextTable t;
  t.header = csv ? std::vector<std::string>{"question", "answer", "per_gpu_bytes"}
                 : std::vector<std::string>{"Question", "Answer", "Per GPU", "Per GPU bytes"};
  t.numeric =
      csv ? std::vector<bool>{false, true, true} : std::vector<bool>{false, true, true, true};
  auto row = [&](const std::string& q, const std::string& a, uint64_t bytes, bool has_bytes) {
    std::vector<std::string> r = {q, a};
    if (!csv) r.push_back(has_bytes ? format_bytes(bytes, u) : "");
    r.push_back(has_bytes ? n(bytes) : "");
    t.rows.push_back(std::move(r));
  };
  row("Fits as given", f.fits ? "yes" : "no", f.per_gpu_bytes, true);
  row("Largest batch at seq " + n(f.seq), solved(f.max_batch), f.max_batch.bytes_at_value,
      f.max_batch.value > 0);
  row("Largest seq at batch " + n(f.batch), solved(f.max_seq), f.max_seq.bytes_at_value,
      f.max_seq.value > 0);
  row("Fewest GPUs (tensor parallel" + std::string(f.pp > 1 ? ", pp " + n(f.pp) : "") + ")",
      f.min_gpus > 0 ? n(f.min_gpus)
      : f.tp_splits  ? "none up to tp 1024"
                     : "none: this estimate does not shrink with tp",
      0, false);
  if (f.gpu_layers) {
    const bool any = f.gpu_layers_fit;
    row("llama.cpp GPU layers (-ngl, 1 GiB margin)", any ? layers_text(f) : "none",
        f.gpu_layers->bytes_at_value, any);
  }
  std::string out;
  if (format == Format::kTable) {
    out = f.model + " on " + n(f.gpus) + " x " + (f.gpu.empty() ? "GPU" : f.gpu) + " (" +
          format_bytes(f.gpu_memory_bytes, u) + " each, tp " + n(f.tp) + ", pp " + n(f.pp) + ")\n";
  }
  return out + render_table(t, format);
}

Result<FitReport> answer_fit(const ModelSpec& m, const Workload& w, const Hardware& h) {
  const uint64_t budget = h.gpu_memory_bytes;
  if (budget == 0) {
    return make_error(ErrorCode::kInvalidOption,
                      "fit needs the GPU's memory (--gpu ID or --gpu-memory-bytes N)");
  }
  auto est = estimate(m, w, h);
  if (!est.ok()) return est.error();
  auto batch = solve_max(m, w, h, SolveFor::kBatch, budget);
  if (!batch.ok()) return batch.error();
  auto seq = solve_max(m, w, h, SolveFor::kSeq, budget);
  if (!seq.ok()) return seq.error();
  auto gpus = solve_min_gpus(m, w, h, budget);
  if (!gpus.ok()) return gpus.error();
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
  // Past its trained context a model is not meant to run (vLLM refuses a
  // max_model_len beyond it): the answer is the shorter of the two, saying so.
  const uint64_t trained = m.max_position_embeddings;
  if (trained > 0 && f.max_seq.value > trained) {
    Workload at = w;
    at.seq = trained;
    auto e = estimate(m, at, h);
    if (!e.ok()) return e.error();
    f.max_seq = SolveResult{trained, e.value().per_gpu_bytes, false, f.max_seq.value};
  }
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
    auto layers = fit_llamacpp(m, w, h, /*seq_given=*/true);
    if (!layers.ok()) return layers.error();
    f.gpu_layers = SolveResult{layers.value().gpu_layers, layers.value().per_gpu_bytes, false};
    f.gpu_layers_fit = layers.value().fits;
    f.n_cpu_moe = layers.value().n_cpu_moe;
  }
  return f;
}

}  // namespace vramcalc
