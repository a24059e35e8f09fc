// UiState rendered for machines and screen readers: the page contract's JSON
// (window.vramcalc.state() in the browser tests) and the plain-text mirror kept in
// the page's aria-live element. Both reuse core's report.h renderings so the page,
// the CLI and the JS API print the same numbers.
#include <nlohmann/json.hpp>

#include "report.h"
#include "ui_state.h"

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
  in["model_source"] = ChoiceId(s.choice);
  if (!s.gpu_id.empty()) in["gpu"] = s.gpu_id;
  if (s.choice == ModelChoice::kPreset) in["preset"] = s.preset_id;
  if (s.choice == ModelChoice::kLoadedFile) in["file"] = s.loaded_name;
  if (s.choice == ModelChoice::kParamCount) in["count"] = s.count_text;
  return in.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string StateJson(const UiState& s) {
  std::string out = "{\"inputs\":" + InputsJson(s);
  out += ",\"model\":" + model_json(s.model);
  out += ",\"estimate\":" + (s.estimate ? estimate_json(*s.estimate) : std::string("null"));
  out += ",\"frames\":" + std::to_string(s.frames);
  out += ",\"error\":";
  // error_handler_t::replace: a message quoting a file's broken UTF-8 must not abort.
  out += s.error.empty() ? std::string("null")
                         : nlohmann::json(s.error).dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace);
  out += "}";
  return out;
}

std::string ResultsText(const UiState& s) {
  std::string out = "Model: " + s.model.name + "\n";
  if (!s.error.empty()) out += "Error: " + s.error + "\n";
  if (s.estimate) out += estimate_text(*s.estimate, s.units);
  return out;
}

}  // namespace vramcalc::ui
