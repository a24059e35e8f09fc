// The actions that change UiState. Each one validates through core first and
// commits only on success, so a bad file or option never loses the model or the
// knobs the user already set; then it re-estimates exactly once.
#include <utility>

#include "config_parser.h"
#include "model_source.h"
#include "presets.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

// The preset shown on first load: a current, widely used model.
constexpr const char* kDefaultPreset = "llama-3.1-8b";

// Runs estimate() for the current inputs; called once after every change.
void Reestimate(UiState& s) {
  ++s.estimates_run;
  ++s.version;
  Result<Estimate> r = estimate(s.model, s.workload, s.hardware);
  s.max_batch.reset();
  s.max_seq.reset();
  if (!r.ok()) {
    s.estimate.reset();
    s.error = r.error().message;
    return;
  }
  s.estimate = std::move(r.value());
  // How far batch and context can go on the chosen GPU (a binary search over
  // estimate(): a few dozen microseconds, so it runs with every change).
  const uint64_t budget = s.hardware.gpu_memory_bytes;
  if (budget == 0) return;
  Result<SolveResult> b = solve_max(s.model, s.workload, s.hardware, SolveFor::kBatch, budget);
  if (b.ok()) s.max_batch = b.value();
  Result<SolveResult> q = solve_max(s.model, s.workload, s.hardware, SolveFor::kSeq, budget);
  if (q.ok()) s.max_seq = q.value();
}

bool Fail(UiState& s, std::string message) {
  s.error = std::move(message);
  ++s.version;
  return false;
}

// Commits a new model and clears the previous failure.
void SetModel(UiState& s, ModelSpec model, ModelChoice choice) {
  s.model = std::move(model);
  s.choice = choice;
  s.error.clear();
  Reestimate(s);
}

}  // namespace

UiState MakeInitialState() {
  UiState s;
  const Preset* p = find_preset(kDefaultPreset);
  if (p == nullptr && !all_presets().empty()) p = &all_presets().front();
  if (p != nullptr && SelectPreset(s, p->id)) return s;
  // No usable preset (should not happen): fall back to a bare count so the page
  // still shows weights, gradients and optimizer states.
  UseParamCount(s, s.count_text);
  return s;
}

bool SelectPreset(UiState& s, std::string_view id) {
  const Preset* p = find_preset(id);
  if (p == nullptr) return Fail(s, "unknown preset '" + std::string(id.substr(0, 60)) + "'");
  Result<ModelSpec> m = load_preset(*p);
  if (!m.ok()) return Fail(s, m.error().message);
  s.preset_id = p->id;
  SetModel(s, std::move(m.value()), ModelChoice::kPreset);
  return true;
}

bool UseLoadedFile(UiState& s) {
  if (!s.has_loaded_file) return Fail(s, "no config.json loaded yet: drop one on the page");
  SetModel(s, s.loaded_model, ModelChoice::kLoadedFile);
  return true;
}

bool UseParamCount(UiState& s, std::string_view text) {
  Result<uint64_t> n = parse_param_count(text);
  if (!n.ok()) return Fail(s, n.error().message);
  s.count_text = std::string(text);
  SetModel(s, params_only_model(n.value(), text), ModelChoice::kParamCount);
  return true;
}

bool LoadModelBytes(UiState& s, std::string_view bytes, std::string_view name) {
  Result<ModelSpec> m = parse_config_json(bytes, name);
  if (!m.ok()) return Fail(s, m.error().message);
  // A file is named after itself unless the parser found a better name.
  if (m.value().name.empty()) m.value().name = std::string(name);
  s.loaded_model = m.value();
  s.loaded_name = std::string(name);
  s.has_loaded_file = true;
  SetModel(s, std::move(m.value()), ModelChoice::kLoadedFile);
  return true;
}

bool SetOption(UiState& s, const std::string& key, const std::string& value) {
  if (key == "units") {
    if (value == "gb" || value == "GB") {
      s.units = Units::kGB;
    } else if (value == "gib" || value == "GiB") {
      s.units = Units::kGiB;
    } else {
      return Fail(s, "option units: '" + value.substr(0, 40) + "' is not gb|gib");
    }
    s.error.clear();
    ++s.version;  // only the display changes: no re-estimate
    return true;
  }
  if (key == "kv-dtype" && value == "auto") {
    // apply_option has no spelling for "follow the compute dtype" (the default).
    s.workload.kv_dtype.reset();
  } else if (std::optional<Error> e = apply_option(s.workload, s.hardware, key, value)) {
    return Fail(s, e->message);
  }
  if (key == "gpu") s.gpu_id = value;
  if (key == "gpu-memory-bytes") s.gpu_id.clear();
  s.error.clear();
  Reestimate(s);
  return true;
}

void ReportError(UiState& s, std::string message) { Fail(s, std::move(message)); }

void ClearError(UiState& s) {
  if (s.error.empty()) return;
  s.error.clear();
  ++s.version;
}

}  // namespace vramcalc::ui
