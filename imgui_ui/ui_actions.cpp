// The actions that change UiState. Each one validates through core first and
// commits only on success, so a bad file or option never loses the model or the
// knobs the user already set; then it re-estimates exactly once.
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "config_parser.h"
#include "dtype.h"
#include "fit_report.h"
#include "hub.h"
#include "model_source.h"
#include "presets.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

// The preset shown on first load: a current, widely used model.
constexpr const char* kDefaultPreset = "llama-3.1-8b";

// The current value of every option, as apply_option() spells it, from core's
// workload_json() (keyed by the same names), for the knob widgets.
void RefreshOptionValues(UiState& s) {
  s.option_values.clear();
  const nlohmann::json in = nlohmann::json::parse(workload_json(s.workload, s.hardware), nullptr,
                                                  /*allow_exceptions=*/false);
  if (!in.is_object()) return;  // cannot happen: core wrote it
  for (const auto& [key, value] : in.items()) {
    if (value.is_string()) {
      s.option_values[key] = value.get<std::string>();
    } else if (value.is_null()) {
      s.option_values[key] = "";  // kv-dtype auto, no catalog GPU, all gpu-layers
    } else {
      s.option_values[key] = value.dump();
    }
  }
  if (s.option_values["kv-dtype"].empty()) s.option_values["kv-dtype"] = "auto";
  if (s.model.checkpoint.present && s.workload.weights_from_checkpoint) {
    s.option_values["weight-dtype"] = "checkpoint";
  }
}

// Runs estimate() for the current inputs; called once after every change.
void Reestimate(UiState& s) {
  ++s.estimates_run;
  ++s.version;
  RefreshOptionValues(s);
  Result<Estimate> r = estimate(s.model, s.workload, s.hardware);
  if (!r.ok()) {
    // The last good results stay on screen, under the error, until inputs work again.
    s.results_stale = s.estimate.has_value();
    s.error = with_option_labels(r.error().message);
    return;
  }
  s.results_stale = false;
  s.shown_workload = s.workload;
  s.shown_hardware = s.hardware;
  s.verdict.reset();
  s.estimate = std::move(r.value());
  // The plot's sweeps: a few dozen estimate() calls, microseconds each.
  s.seq_sweep = RunSweep(s.model, s.workload, s.hardware, SweepAxis::kSeq);
  s.batch_sweep = RunSweep(s.model, s.workload, s.hardware, SweepAxis::kBatch);
  // The verdict's solver searches (batch, context, fewest GPUs, llama.cpp layers):
  // binary and linear searches over estimate(), run here once per change so a
  // frame only draws them.
  Result<Verdict> v = answer_verdict(s.model, s.workload, s.hardware, *s.estimate);
  if (v.ok()) s.verdict = std::move(v.value());
}

// Every refusal reaches the screen here, in the UI's words (one translation of
// core's flags, from the option table).
bool Fail(UiState& s, std::string_view message) {
  s.error = with_option_labels(message);
  ++s.version;
  return false;
}

// Commits a new model and clears the previous failure.
void SetModel(UiState& s, ModelSpec model, ModelChoice choice) {
  s.model = std::move(model);
  s.params = count_params(s.model);
  s.choice = choice;
  // The field shows a count only while one is in use: a stale "7b" beside a chosen
  // preset or file reads as if it were the model.
  if (choice != ModelChoice::kParamCount) s.count_text.clear();
  s.error.clear();
  Reestimate(s);
}

// The recipe people run when they pick LoRA or QLoRA, on the knobs still at their
// defaults (a value set by hand is kept): gradient checkpointing, as PEFT's
// prepare_model_for_kbit_training turns on unless told not to
// (use_gradient_checkpointing=True) and the PEFT/TRL examples enable; for QLoRA the
// paged 8-bit AdamW of Hugging Face's QLoRA notebook (optim="paged_adamw_8bit").
void ApplyAdapterRecipe(Workload& w, Hardware& h) {
  if (w.method == Method::kFull) return;
  if (w.checkpointing == Checkpointing::kNone) apply_option(w, h, "checkpointing", "full");
  if (w.method == Method::kQLoRA && w.optimizer == Optimizer::kAdamW) {
    apply_option(w, h, "optimizer", "paged-adamw-8bit");
  }
}

// After an adapter_config.json: LoRA training at its rank (QLoRA stays QLoRA),
// on a runtime that trains. Every value is one apply_option() accepts.
void SwitchToAdapter(UiState& s, uint64_t rank) {
  Workload w = s.workload;
  Hardware h = s.hardware;
  apply_option(w, h, "mode", "training");
  if (w.method == Method::kFull) apply_option(w, h, "method", "lora");
  if (w.runtime == Runtime::kVLLM || w.runtime == Runtime::kLlamaCpp ||
      w.runtime == Runtime::kOllama) {
    apply_option(w, h, "runtime", "generic");
  }
  if (rank > 0) apply_option(w, h, "lora-rank", std::to_string(rank));
  ApplyAdapterRecipe(w, h);
  s.workload = w;
  s.hardware = h;
}

}  // namespace

UiState MakeInitialState() {
  UiState s;
  SetBits(s, "bf16", 1, 17, 5);  // REFERENCE.md's worked example
  s.dtypes_open = false;         // the section starts closed: the results come first
  const Preset* p = find_preset(kDefaultPreset);
  if (p == nullptr && !all_presets().empty()) p = &all_presets().front();
  if (p != nullptr && SelectPreset(s, p->id)) return s;
  // No usable preset (should not happen): fall back to a bare count so the page
  // still shows weights, gradients and optimizer states.
  UseParamCount(s, "7b");
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

bool SetLoadedHub(UiState& s, std::string_view repo) {
  if (!s.has_loaded_file) return Fail(s, "no model was loaded from the Hub");
  Result<HubRef> ref = parse_hub_ref(repo);
  if (!ref.ok()) return Fail(s, ref.error().message);
  s.loaded_hub =
      ref.value().repo + (ref.value().revision == "main" ? "" : "@" + ref.value().revision);
  ++s.version;
  return true;
}

bool LoadModelBytes(UiState& s, std::string_view bytes, std::string_view name) {
  return LoadModelFiles(s, {ModelFile{std::string(name), std::string(bytes), bytes.size()}});
}

bool LoadModelFiles(UiState& s, const std::vector<ModelFile>& files) {
  Result<LoadedFiles> r = model_from_files(files);
  if (!r.ok()) return Fail(s, r.error().message);
  LoadedFiles& loaded = r.value();
  s.loaded_model = loaded.model;
  s.loaded_name = loaded.label;
  s.loaded_hub.clear();  // the page names the Hub source after a fetch (SetLoadedHub)
  s.has_loaded_file = true;
  if (loaded.adapter) SwitchToAdapter(s, loaded.adapter_rank);
  // A checkpoint just dropped: its stored bytes are what inference weights take.
  if (loaded.model.checkpoint.present) s.workload.weights_from_checkpoint = true;
  // A .gguf is run by llama.cpp (or Ollama, when that is chosen): serve it there.
  if (loaded.model.checkpoint.format == "gguf" && s.workload.mode == Mode::kInference &&
      s.workload.runtime != Runtime::kLlamaCpp && s.workload.runtime != Runtime::kOllama) {
    s.workload.runtime = Runtime::kLlamaCpp;
  }
  SetModel(s, std::move(loaded.model), ModelChoice::kLoadedFile);
  return true;
}

uint64_t PresetParams(UiState& s, const Preset& p) {
  if (p.published_params > 0) return p.published_params;
  auto it = s.preset_params.find(p.id);
  if (it != s.preset_params.end()) return it->second;
  Result<ModelSpec> m = load_preset(p);
  const uint64_t n = m.ok() ? count_params(m.value()).total : 0;
  s.preset_params.emplace(p.id, n);
  return n;
}

bool SetOption(UiState& s, const std::string& key, const std::string& value) {
  if (key == "lang") {
    if (!ParseLang(value, &s.lang)) {
      return Fail(s, "option lang: '" + value.substr(0, 40) + "' is not en|zh");
    }
    ++s.version;  // only the display changes: no re-estimate
    return true;
  }
  if (key == "plot") {
    if (value == "seq") {
      s.plot_axis = SweepAxis::kSeq;
    } else if (value == "batch") {
      s.plot_axis = SweepAxis::kBatch;
    } else {
      return Fail(s, "option plot: '" + value.substr(0, 40) + "' is not seq|batch");
    }
    s.error.clear();
    ++s.version;  // display only, like units
    return true;
  }
  if (key == "units" || key == "memory-units") {
    Units& u = key == "units" ? s.units : s.memory_units;
    if (value == "gb" || value == "GB") {
      u = Units::kGB;
    } else if (value == "gib" || value == "GiB") {
      u = Units::kGiB;
    } else {
      return Fail(s, "option " + key + ": '" + value.substr(0, 40) + "' is not gb|gib");
    }
    s.error.clear();
    ++s.version;  // only the display changes: no re-estimate
    return true;
  }
  if (key == "theme") {
    const std::optional<Theme> t = ParseTheme(value);
    if (!t) return Fail(s, "option theme: '" + value.substr(0, 40) + "' is not dark|light");
    // The browser's own theme is no choice: a later change of the browser's wins.
    s.theme_choice = *t == s.system_theme ? std::nullopt : t;
    s.error.clear();
    ++s.version;  // display only
    return true;
  }
  if (key == "weight-dtype" && value == "checkpoint" && !s.model.checkpoint.present) {
    return Fail(s, "option --weight-dtype: 'checkpoint' needs a loaded .safetensors or .gguf");
  }
  if (std::optional<Error> e = apply_option(s.workload, s.hardware, key, value)) {
    return Fail(s, e->message);
  }
  if (key == "gpu") s.gpu_id = value;
  if (key == "gpu-memory-bytes") s.gpu_id.clear();
  s.error.clear();
  Reestimate(s);
  return true;
}

bool SetKnob(UiState& s, const std::string& key, const std::string& value) {
  const Hardware& h = s.hardware;
  const bool tp_follows = key == "gpus" && s.workload.mode == Mode::kInference && h.pp == 1 &&
                          h.zero_stage == 0 && h.tp == h.gpus;
  const bool recipe = key == "method" && s.workload.method == Method::kFull;
  if (!tp_follows && !recipe) return SetOption(s, key, value);
  Workload w = s.workload;
  Hardware next = h;
  if (std::optional<Error> e = apply_option(w, next, key, value)) return Fail(s, e->message);
  if (tp_follows) fit_gpus_as_tensor_parallel(next);  // core's rule, as `vramcalc fit --gpus N`
  if (recipe) ApplyAdapterRecipe(w, next);
  s.workload = w;
  s.hardware = next;
  s.error.clear();
  Reestimate(s);
  return true;
}

namespace {

// A float dtype core knows, or the reason it cannot be explored.
std::optional<DType> FloatDType(std::string_view id, std::string* why) {
  const std::optional<DType> t = parse_dtype(std::string(id.substr(0, 40)));
  if (!t) {
    *why = "bits: unknown data type '" + std::string(id.substr(0, 40)) + "'";
  } else if (!dtype_info(*t).is_float) {
    *why = std::string("bits: ") + dtype_info(*t).name + " has no sign/exponent/mantissa fields";
  } else {
    return t;
  }
  return std::nullopt;
}

}  // namespace

bool SetBits(UiState& s, std::string_view dtype, int64_t sign, int64_t exponent, int64_t mantissa) {
  std::string why;
  const std::optional<DType> t = FloatDType(dtype, &why);
  if (!t) return Fail(s, why);
  const DTypeInfo& info = dtype_info(*t);
  const struct {
    const char* name;
    int64_t value;
    int bits;
  } fields[] = {{"sign", sign, info.sign_bits},
                {"exponent", exponent, info.exponent_bits},
                {"mantissa", mantissa, info.mantissa_bits}};
  for (const auto& f : fields) {
    const int64_t max = (int64_t{1} << f.bits) - 1;
    if (f.value < 0 || f.value > max) {
      return Fail(s, std::string("bits: ") + f.name + " " + std::to_string(f.value) +
                         " is out of range for " + info.name + " (0.." + std::to_string(max) +
                         ", " + std::to_string(f.bits) + " bits)");
    }
  }
  const std::optional<DecodedFloat> d =
      decode_fields(*t, static_cast<uint32_t>(sign), static_cast<uint32_t>(exponent),
                    static_cast<uint32_t>(mantissa));
  if (!d) return Fail(s, std::string("bits: core cannot decode this ") + info.name + " pattern");
  s.bits = BitExplorer{*t, static_cast<uint32_t>(sign), static_cast<uint32_t>(exponent),
                       static_cast<uint32_t>(mantissa), *d};
  s.dtypes_open = true;
  s.error.clear();
  ++s.version;  // display only, like units: no re-estimate
  return true;
}

bool SetBitsPattern(UiState& s, std::string_view dtype, uint64_t pattern) {
  std::string why;
  const std::optional<DType> t = FloatDType(dtype, &why);
  if (!t) return Fail(s, why);
  const DTypeInfo& info = dtype_info(*t);
  const int width = info.sign_bits + info.exponent_bits + info.mantissa_bits;
  if (pattern >> width != 0) {
    return Fail(s, std::string("bits: pattern wider than ") + info.name + "'s " +
                       std::to_string(width) + " bits");
  }
  const auto m = static_cast<int64_t>(pattern & ((uint64_t{1} << info.mantissa_bits) - 1));
  const auto e = static_cast<int64_t>((pattern >> info.mantissa_bits) &
                                      ((uint64_t{1} << info.exponent_bits) - 1));
  const auto sg = static_cast<int64_t>(pattern >> (info.mantissa_bits + info.exponent_bits));
  return SetBits(s, info.id, sg, e, m);
}

uint32_t BitsPattern(const BitExplorer& b) {
  const DTypeInfo& info = dtype_info(b.dtype);
  return (b.sign << (info.exponent_bits + info.mantissa_bits)) |
         (b.exponent << info.mantissa_bits) | b.mantissa;
}

void SetSystemTheme(UiState& s, Theme theme) {
  if (theme == s.system_theme) return;
  s.system_theme = theme;
  if (s.theme_choice == theme) s.theme_choice.reset();  // the choice is the browser's now
  ++s.version;
}

Theme ShownTheme(const UiState& s) { return s.theme_choice.value_or(s.system_theme); }

void ShowDataTypes(UiState& s) {
  s.dtypes_open = true;
  s.scroll_to_dtypes = true;
  ++s.version;
}

void ReportError(UiState& s, std::string message) { Fail(s, std::move(message)); }

void ClearError(UiState& s) {
  if (s.error.empty()) return;
  s.error.clear();
  ++s.version;
}

}  // namespace vramcalc::ui
