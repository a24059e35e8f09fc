// UiState rendered for machines and screen readers: the page contract's JSON
// (window.vramcalc.state() in the browser tests) and the plain-text mirror kept in
// the page's aria-live element. Both reuse core's report.h renderings so the page,
// the CLI and the JS API print the same numbers.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report.h"
#include "tables.h"
#include "ui_state.h"
#include "verdict.h"

namespace vramcalc::ui {
namespace {

const char* ChoiceId(ModelChoice c) {
  switch (c) {
    case ModelChoice::kPreset:
      return "preset";
    case ModelChoice::kLoadedFile:
      return "file";
    case ModelChoice::kParamCount:
      return "count";
  }
  return "preset";
}

// workload_json() plus what only the UI has: display units and the model choice.
std::string InputsJson(const UiState& s) {
  nlohmann::json in = nlohmann::json::parse(workload_json(s.workload, s.hardware), nullptr,
                                            /*allow_exceptions=*/false);
  if (!in.is_object()) in = nlohmann::json::object();  // cannot happen: core wrote it
  in["units"] = s.units == Units::kGB ? "gb" : "gib";
  in["lang"] = LangId(s.lang);
  in["plot"] = s.plot_axis == SweepAxis::kSeq ? "seq" : "batch";
  in["memory-units"] = s.memory_units == Units::kGB ? "gb" : "gib";
  in["theme"] = ThemeId(ShownTheme(s));
  in["model_source"] = ChoiceId(s.choice);
  if (!s.gpu_id.empty()) in["gpu"] = s.gpu_id;
  if (s.model.checkpoint.present && s.workload.weights_from_checkpoint) {
    in["weight-dtype"] = "checkpoint";  // the stored bytes, not a dtype (SetOption)
  }
  if (s.choice == ModelChoice::kPreset) in["preset"] = s.preset_id;
  if (s.choice == ModelChoice::kLoadedFile) in["file"] = s.loaded_name;
  if (s.choice == ModelChoice::kLoadedFile && !s.loaded_hub.empty()) in["hub"] = s.loaded_hub;
  if (s.choice == ModelChoice::kParamCount) in["count"] = s.count_text;
  return in.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// model_json() plus what the UI shows beside it: the parameter breakdown, the
// checkpoint read from file headers and a loaded adapter.
std::string ModelJson(const UiState& s) {
  nlohmann::json m = nlohmann::json::parse(model_json(s.model), nullptr, false);
  if (!m.is_object()) m = nlohmann::json::object();  // cannot happen: core wrote it
  // The breakdown and stored count exactly as `vramcalc params` prints them.
  const nlohmann::json params =
      nlohmann::json::parse(params_json(s.model, s.params), nullptr, false);
  if (params.is_object()) {
    m["breakdown"] = params.value("breakdown", nlohmann::json::object());
    m["breakdown"]["total"] = s.params.total;
    m["breakdown"]["active"] = s.params.active;
    m["breakdown"]["active_without_embeddings"] = s.params.active_no_embedding;
    for (const char* key : {"stored_params", "stored_params_reason"}) {
      if (params.contains(key)) m[key] = params[key];
    }
  }
  const CheckpointSummary& c = s.model.checkpoint;
  if (c.present) {
    m["checkpoint"] = {{"format", c.format},
                       {"params", c.params},
                       {"bytes", c.bytes},
                       {"tensors", c.tensors},
                       {"dtypes", c.dtypes}};
  }
  const AdapterSpec& a = s.model.adapter;
  if (a.present) {
    m["adapter"] = {{"rank", a.rank},
                    {"trainable_params", a.trainable_params},
                    {"adapted_modules", a.adapted_modules},
                    {"description", a.description}};
  }
  return m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The bit explorer: fields, raw pattern and core's decoded value (null when it is
// an infinity or NaN, which JSON cannot hold; `kind` says which).
std::string BitsJson(const BitExplorer& b) {
  const DTypeInfo& info = dtype_info(b.dtype);
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%0*X", (info.storage_bits + 3) / 4, BitsPattern(b));
  nlohmann::json j = {{"dtype", info.id},       {"name", info.name},      {"sign", b.sign},
                      {"exponent", b.exponent}, {"mantissa", b.mantissa}, {"hex", hex},
                      {"kind", b.decoded.kind}};
  j["value"] = std::isfinite(b.decoded.value) ? nlohmann::json(b.decoded.value) : nlohmann::json();
  return j.dump();
}

}  // namespace

std::string BitsText(const BitExplorer& b) {
  const DTypeInfo& info = dtype_info(b.dtype);
  char text[200];
  std::snprintf(text, sizeof text, "%s sign %u, exponent %u, mantissa %u (0x%0*X) = %.17g (%s)",
                info.name, b.sign, b.exponent, b.mantissa, (info.storage_bits + 3) / 4,
                BitsPattern(b), b.decoded.value, b.decoded.kind);
  return text;
}

std::string StateJson(const UiState& s) {
  std::string out = "{\"inputs\":" + InputsJson(s);
  out += ",\"model\":" + ModelJson(s);
  const bool current = s.estimate && !s.results_stale;  // for these inputs
  out += ",\"estimate\":" + (current ? estimate_json(*s.estimate) : std::string("null"));
  out += ",\"verdict\":" +
         (current && s.verdict ? verdict_json(*s.verdict, *s.estimate, s.units) : "null");
  out += ",\"results_stale\":" + std::string(s.results_stale ? "true" : "false");
  out += ",\"frames\":" + std::to_string(s.frames);
  out += ",\"lang\":\"" + std::string(LangId(s.lang)) + "\"";  // also inputs.lang
  out += ",\"error\":";
  // error_handler_t::replace: a message quoting a file's broken UTF-8 must not abort.
  out += s.error.empty() ? std::string("null")
                         : nlohmann::json(s.error).dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace);
  out += ",\"bits\":" + BitsJson(s.bits);
  out += ",\"theme\":" + nlohmann::json{{"shown", ThemeId(ShownTheme(s))},
                                        {"system", ThemeId(s.system_theme)},
                                        {"chosen", s.theme_choice.has_value()}}
                             .dump();
  out += ",\"dtypes_open\":" + std::string(s.dtypes_open ? "true" : "false");
  out += ",\"embed\":" + std::string(s.embed ? "true" : "false");
  out += ",\"embed_knobs\":" + nlohmann::json(s.embed_knobs).dump();
  const UiState::KeyboardFocus& f = s.focus;
  nlohmann::json focus = {{"index", f.index}, {"count", f.count}, {"ring", f.ring},
                          {"popup", f.popup}, {"name", f.name},   {"x", f.x},
                          {"y", f.y},         {"w", f.w},         {"h", f.h}};
  out += ",\"focus\":" + focus.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += "}";
  return out;
}

std::string ExportText(const UiState& s, std::string_view format) {
  const std::optional<Format> f = parse_format(format);
  if (!s.estimate || s.results_stale || !f || *f == Format::kTable) return "";
  return estimate_report(*s.estimate, *f, s.units);
}

std::string ResultsText(const UiState& s) {
  // The answer first: a screen reader hears the verdict before the breakdown.
  std::string out;
  if (s.estimate && s.verdict) out = verdict_text(*s.verdict, *s.estimate, s.units) + "\n";
  if (s.verdict) {
    for (const std::string& w : s.verdict->warnings) out += "Warning: " + w + "\n";
  }
  out += "Model: " + s.model.name + "\n";
  if (!s.error.empty()) out += "Error: " + s.error + "\n";
  if (s.results_stale) out += std::string(kStaleNote) + "\n";
  if (s.estimate) out += estimate_text(*s.estimate, s.units);
  out += "Bit explorer: " + BitsText(s.bits) + "\n";
  return out;
}

}  // namespace vramcalc::ui
