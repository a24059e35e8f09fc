// Verdict (verdict.h): answer_fit()'s solver answers plus the headroom and the
// notes that change the answer, as JSON and as the sentence the page leads with.
#include "verdict.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "gpus.h"
#include "report.h"
#include "term.h"

namespace vramcalc {
namespace {

using OJson = nlohmann::ordered_json;

// Notes are one line of prose each (Estimate::notes); these beginnings mark the
// ones after which the fit answer is wrong or absent, so the page shows them
// beside the verdict instead of among the assumptions. Each is written by one
// place in core (named here) and tested in verdict_test.
constexpr const char* kAnswerChangingNotes[] = {
    "vLLM would not start: ",               // runtime_vllm.cpp: the engine refuses
    "checkpoint stores ",                   // checkpoint.cpp: shards disagree with the config
    "llama.cpp refuses ",                   // runtime_llamacpp.cpp: quantized V without flash
    "only a parameter count is known",      // estimate.cpp: KV cache and activations missing
    "quantization_config ",                 // quant_config.cpp: not priced / modules kept
    "bitsandbytes quantization_config ",    // quant_config.cpp: loads neither 4- nor 8-bit
    "compressed-tensors: only the first ",  // quant_config.cpp: later groups unpriced
};

OJson solve(const SolveResult& r) { return solve_json(r); }

uint64_t magnitude(int64_t v) {
  return v < 0 ? static_cast<uint64_t>(-(v + 1)) + 1 : static_cast<uint64_t>(v);
}

}  // namespace

std::string fit_where(const FitReport& f, Units units) {
  const GpuInfo* g = find_gpu(f.gpu);
  std::string out = std::to_string(f.gpus) + " x " +
                    (g ? std::string(g->name) : format_bytes(f.gpu_memory_bytes, units) + " GPU");
  if (f.tp > 1) out += ", tp " + std::to_string(f.tp);
  if (f.pp > 1) out += ", pp " + std::to_string(f.pp);
  return out;
}

std::string solved_text(const SolveResult& r) {
  if (r.memory_value) {
    return group_digits(r.value) + " (the model's trained context; memory holds " +
           group_digits(r.memory_value) + (r.capped ? "+" : "") + ")";
  }
  return r.value == 0 ? "none" : group_digits(r.value) + (r.capped ? "+" : "");
}

std::string min_gpus_text(const FitReport& f) {
  if (f.min_gpus > 0) return group_digits(f.min_gpus);
  return f.tp_splits ? "none up to tp 1024" : "none: splitting does not shrink this estimate";
}

std::string gpu_layers_text(const FitReport& f) {
  if (!f.gpu_layers || f.gpu_layers->bytes_at_value > f.gpu_memory_bytes) return "none";
  const uint64_t n = f.gpu_layers->value;
  if (n > f.layers) return "all " + group_digits(f.layers) + " + output layer";
  return group_digits(n) + " of " + group_digits(f.layers);
}

bool note_changes_answer(const std::string& note) {
  return std::any_of(std::begin(kAnswerChangingNotes), std::end(kAnswerChangingNotes),
                     [&](const char* p) { return note.rfind(p, 0) == 0; });
}

Result<Verdict> answer_verdict(const ModelSpec& m, const Workload& w, const Hardware& h,
                               const Estimate& e) {
  Verdict v;
  for (const std::string& n : e.notes) {
    if (note_changes_answer(n)) v.warnings.push_back(n);
  }
  if (h.gpu_memory_bytes == 0) return v;
  auto f = answer_fit(m, w, h);
  if (!f.ok()) return f.error();
  v.fit = std::move(f.value());
  v.fits = e.fits;
  // Both below 2^64; the difference is clamped to int64 (an 8 EiB gap reads the same).
  const uint64_t mem = e.gpu_memory_bytes, used = e.per_gpu_bytes;
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  v.headroom_bytes = mem >= used ? static_cast<int64_t>(std::min(mem - used, kMax))
                                 : -static_cast<int64_t>(std::min(used - mem, kMax));
  return v;
}

std::string verdict_headline(const Verdict& v, const Estimate& e, Units units) {
  // One stage over several GPUs (tensor parallel, replicas): each holds the same.
  const std::string busiest =
      e.gpu_shares.size() > 1 ? " on the busiest GPU (" + e.gpu_shares[e.busiest_share].device + ")"
      : v.fit && v.fit->gpus > 1 ? " on each GPU"
                                 : " on the GPU";
  if (!v.fit) {
    return "Needs " + format_bytes(e.per_gpu_bytes, units) + busiest +
           "; pick a GPU to see whether it fits.";
  }
  std::string out = (v.fits ? "Fits on " : "Does not fit on ") + fit_where(*v.fit, units) + ": ";
  if (!e.runtime.failure.empty()) return out + "vLLM would not start: " + e.runtime.failure + ".";
  return out + format_bytes(magnitude(v.headroom_bytes), units) +
         (v.headroom_bytes >= 0 ? " free" : " short") + busiest + ".";
}

std::string verdict_text(const Verdict& v, const Estimate& e, Units units) {
  std::string out = verdict_headline(v, e, units);
  if (!v.fit) return out;
  const FitReport& f = *v.fit;
  const RuntimeDetails& r = e.runtime;
  out += " Largest batch " + solved_text(f.max_batch) + " at " + group_digits(f.seq) +
         " tokens; longest context " + solved_text(f.max_seq) + " at batch " +
         group_digits(f.batch) + ".";
  if (!v.fits) out += " Fewest GPUs (tensor parallel): " + min_gpus_text(f) + ".";
  if (f.gpu_layers) out += " llama.cpp layers that fit on the GPU: " + gpu_layers_text(f) + ".";
  if (r.budget_bytes > 0 && r.failure.empty()) {
    out += " vLLM: KV cache of " + group_digits(r.kv_tokens) + " tokens, " +
           group_digits(r.max_concurrent_seqs) + " sequences of " + group_digits(f.seq) +
           " tokens at once.";
  }
  if (r.ollama.layers_model > 0) {
    out += " Ollama offloads " + group_digits(r.ollama.layers_offload) + " of " +
           group_digits(r.ollama.layers_model) + " layers.";
  }
  return out;
}

std::string verdict_json(const Verdict& v, const Estimate& e, Units units) {
  OJson j;
  const bool gpu = v.fit.has_value();
  j["fits"] = v.fits;
  j["headroom_bytes"] = gpu ? OJson(v.headroom_bytes) : OJson(nullptr);
  j["gpu_memory_bytes"] = gpu ? OJson(v.fit->gpu_memory_bytes) : OJson(nullptr);
  j["max_batch"] = gpu ? solve(v.fit->max_batch) : OJson(nullptr);
  j["max_seq"] = gpu ? solve(v.fit->max_seq) : OJson(nullptr);
  j["min_gpus"] = gpu ? OJson(v.fit->min_gpus) : OJson(nullptr);
  j["tp_splits"] = gpu ? OJson(v.fit->tp_splits) : OJson(nullptr);
  if (gpu && v.fit->gpu_layers) {
    const FitReport& f = *v.fit;
    const bool any = f.gpu_layers->bytes_at_value <= f.gpu_memory_bytes;
    j["gpu_layers"] = {{"value", any ? std::min(f.gpu_layers->value, f.layers) : 0},
                       {"layers", f.layers},
                       {"output_layer", any && f.gpu_layers->value > f.layers},
                       {"per_gpu_bytes", f.gpu_layers->bytes_at_value}};
  }
  if (e.gpu_shares.size() > 1) {
    const GpuShare& s = e.gpu_shares[e.busiest_share];
    j["busiest_gpu"] = {{"index", e.busiest_share},
                        {"device", s.device},
                        {"stage", s.stage},
                        {"first_layer", s.first_layer},
                        {"last_layer", s.last_layer},
                        {"gpus", s.gpus},
                        {"bytes", s.total}};
  }
  const RuntimeDetails& r = e.runtime;
  if (r.budget_bytes > 0) {
    j["vllm"] = {{"kv_tokens", r.kv_tokens},
                 {"max_concurrent_seqs", r.max_concurrent_seqs},
                 {"max_concurrency", r.max_concurrency},
                 {"failure", r.failure.empty() ? OJson(nullptr) : OJson(r.failure)}};
  }
  j["warnings"] = v.warnings;
  j["text"] = verdict_text(v, e, units);
  return j.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace vramcalc
