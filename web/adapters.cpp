// Adapters (see adapters.h). Every path is exception-free: JSON from JS is parsed
// with allow_exceptions=false and type-checked before use, and core reports
// failures as Result values, which become error strings or error JSON here.
#include "adapters.h"

#include <nlohmann/json.hpp>

#include "config_parser.h"
#include "estimate.h"
#include "model_source.h"
#include "param_count.h"
#include "presets.h"
#include "report.h"

namespace vramcalc::web {
namespace {

// The attached page state; null until main() runs.
ui::UiState* g_state = nullptr;

constexpr const char* kNotStarted = "vramcalc is not started yet";

std::string Dump(const nlohmann::json& j) {
  // replace: a message quoting broken UTF-8 from a file must not abort the module.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ErrorJson(const Error& e) {
  return Dump({{"error", {{"code", to_string(e.code)}, {"message", e.message}}}});
}

// config.json text (first non-blank byte '{') or a preset id / bare count.
Result<ModelSpec> ResolveModel(const std::string& model) {
  const size_t first = model.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && model[first] == '{') {
    return parse_config_json(model, "config.json");
  }
  return resolve_model_name(model);
}

// Applies {"key": value, ...}; strings pass as they are, numbers and booleans as
// their JSON text ("64", "true"), the spellings apply_option() accepts.
std::optional<Error> ApplyOptions(const std::string& options_json, Workload& w, Hardware& h) {
  if (options_json.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  const nlohmann::json opts = nlohmann::json::parse(options_json, nullptr, false);
  if (opts.is_discarded() || !opts.is_object()) {
    return make_error(ErrorCode::kInvalidOption,
                      "options: expected a JSON object of option: value");
  }
  for (const auto& [key, value] : opts.items()) {
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number_integer() || value.is_boolean()) {
      text = value.dump();
    } else {
      return make_error(ErrorCode::kInvalidOption,
                        "option --" + key + ": expected a string, an integer or a boolean");
    }
    if (std::optional<Error> e = apply_option(w, h, key, text)) return e;
  }
  return std::nullopt;
}

std::string Outcome(bool ok) { return ok || g_state == nullptr ? "" : g_state->error; }

}  // namespace

void Attach(ui::UiState* state) { g_state = state; }

std::string LoadModelBytes(const std::string& bytes, const std::string& name) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::LoadModelBytes(*g_state, bytes, name));
}

std::string SetOption(const std::string& key, const std::string& value) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::SetOption(*g_state, key, value));
}

std::string SelectPreset(const std::string& id) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::SelectPreset(*g_state, id));
}

std::string UseParamCount(const std::string& text) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::UseParamCount(*g_state, text));
}

void ReportError(const std::string& message) {
  if (g_state != nullptr) ui::ReportError(*g_state, message);
}

std::string StateJson() { return g_state == nullptr ? "null" : ui::StateJson(*g_state); }

std::string ResultsText() { return g_state == nullptr ? "" : ui::ResultsText(*g_state); }

std::string EstimateJson(const std::string& model, const std::string& options_json) {
  Result<ModelSpec> m = ResolveModel(model);
  if (!m.ok()) return ErrorJson(m.error());
  Workload w;
  Hardware h;
  if (std::optional<Error> e = ApplyOptions(options_json, w, h)) return ErrorJson(*e);
  Result<Estimate> r = estimate(m.value(), w, h);
  if (!r.ok()) return ErrorJson(r.error());
  return estimate_json(r.value());
}

std::string ParamsJson(const std::string& model) {
  Result<ModelSpec> m = ResolveModel(model);
  if (!m.ok()) return ErrorJson(m.error());
  return params_json(m.value(), count_params(m.value()));
}

std::string PresetsJson() {
  nlohmann::json list = nlohmann::json::array();
  for (const Preset& p : all_presets()) {
    list.push_back({{"id", p.id}, {"name", p.name}, {"source", p.source}});
  }
  return Dump(list);
}

}  // namespace vramcalc::web
