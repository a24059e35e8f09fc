// Pure core calls (core_api.h). Exception-free: JSON from JS is parsed with
// allow_exceptions=false and type-checked before use, and core's failures are
// Result values, spelled as error JSON here.
#include "core_api.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "adapters_json.h"
#include "config_parser.h"
#include "fit_report.h"
#include "gguf.h"
#include "hub.h"
#include "model_files.h"
#include "model_source.h"
#include "param_count.h"
#include "presets.h"
#include "report.h"
#include "safetensors.h"

namespace vramcalc::web {

namespace {

std::vector<ModelFile> g_files;  // StageModelFile()'s files, for the next parse

Result<LoadedFiles> StagedModel() {
  std::vector<ModelFile> files;
  files.swap(g_files);
  return model_from_files(files);
}

}  // namespace

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

// A file size from JS (a double): exact whole numbers below 2^53, else 0 (unknown,
// which only skips core's end-of-file checks).
uint64_t FileSize(double v) {
  if (!(v >= 0 && v < 9007199254740992.0) || std::floor(v) != v) return 0;
  return static_cast<uint64_t>(v);
}

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

namespace {

// An option value as apply_option() reads it: whole numbers as integers ("8192"),
// others as decimals ("0.95").
std::string OptionValueText(double v) {
  char buf[40];
  if (std::floor(v) == v && std::fabs(v) < 9007199254740992.0) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", v);
  }
  return buf;
}

}  // namespace

emscripten::val SweepNumbers(const std::string& model, const std::string& options_json,
                             const std::string& key, const emscripten::val& values) {
  Result<ModelSpec> m = ResolveModel(model);
  if (!m.ok()) return emscripten::val(ErrorJson(m.error()));
  Workload w;
  Hardware h;
  if (std::optional<Error> e = ApplyOptions(options_json, w, h)) {
    return emscripten::val(ErrorJson(*e));
  }
  Result<CountedModel> counted = count_model(m.value());
  if (!counted.ok()) return emscripten::val(ErrorJson(counted.error()));
  const std::vector<double> points = emscripten::convertJSArrayToNumberVector<double>(values);
  std::vector<double> out;
  out.reserve(2 * points.size());
  Estimate e;
  for (double v : points) {
    // Each point sets the same option anew, so one workload serves them all.
    if (!std::isfinite(v)) {
      return emscripten::val(ErrorJson(make_error(
          ErrorCode::kInvalidOption, "option --" + key + ": sweep values must be finite numbers")));
    }
    if (std::optional<Error> err = apply_option(w, h, key, OptionValueText(v))) {
      return emscripten::val(ErrorJson(*err));
    }
    const bool ok = !estimate_into(e, counted.value(), w, h, Detail::kNumbers);
    out.push_back(ok ? static_cast<double>(e.per_gpu_bytes) : std::nan(""));
    out.push_back(ok && e.fits ? 1.0 : 0.0);
  }
  // A copy owned by JS: the view over `out` dies with this frame.
  return emscripten::val::global("Float64Array")
      .new_(emscripten::val(emscripten::typed_memory_view(out.size(), out.data())));
}

std::string HubPlanJson(const std::string& ref_text, const std::string& tree_json) {
  Result<HubRef> ref = parse_hub_ref(ref_text);
  if (!ref.ok()) return ErrorJson(ref.error());
  nlohmann::json out = {{"repo", ref.value().repo}, {"revision", ref.value().revision}};
  if (tree_json.empty()) {
    out["file"] = ref.value().file;
    out["tree_url"] = hub_tree_url(ref.value());
    return out.dump();
  }
  Result<std::vector<HubFile>> plan = plan_hub_files(ref.value(), tree_json);
  if (!plan.ok()) return ErrorJson(plan.error());
  nlohmann::json files = nlohmann::json::array();
  for (const HubFile& f : plan.value()) {
    const size_t slash = f.path.rfind('/');
    files.push_back({{"name", slash == std::string::npos ? f.path : f.path.substr(slash + 1)},
                     {"path", f.path},
                     {"url", hub_file_url(ref.value(), f.path)},
                     {"size", f.size},
                     {"header_only", f.header_only}});
  }
  out["files"] = files;
  return out.dump();
}

std::string ParamsJson(const std::string& model) {
  Result<ModelSpec> m = ResolveModel(model);
  if (!m.ok()) return ErrorJson(m.error());
  return params_json(m.value(), count_params(m.value()));
}

std::string OptionsJson() {
  static constexpr const char* kKinds[] = {"choice", "count", "bytes", "fraction", "flag"};
  nlohmann::json list = nlohmann::json::array();
  for (const OptionInfo& o : all_options()) {
    list.push_back({{"key", o.key},
                    {"label", o.label},
                    {"kind", kKinds[static_cast<int>(o.kind)]},
                    {"choices", o.choices},
                    {"group", o.group},
                    {"help", o.help}});
  }
  return Dump(list);
}

std::string SafetensorsHeaderLength(const std::string& first8, double file_size,
                                    const std::string& name) {
  Result<uint64_t> n = safetensors_header_length(first8, FileSize(file_size), name);
  if (!n.ok()) return ErrorJson(n.error());
  return Dump({{"length", n.value()}});
}

std::string GgufBytesNeeded(const std::string& prefix, double file_size, const std::string& name) {
  Result<uint64_t> n = gguf_bytes_needed(prefix, FileSize(file_size), name);
  if (!n.ok()) return ErrorJson(n.error());
  return Dump({{"needed", n.value()}});
}

std::string SolveJson(const std::string& model, const std::string& options_json) {
  Result<ModelSpec> m = ResolveModel(model);
  if (!m.ok()) return ErrorJson(m.error());
  Workload w;
  Hardware h;
  if (std::optional<Error> e = ApplyOptions(options_json, w, h)) return ErrorJson(*e);
  const nlohmann::json opts = nlohmann::json::parse(options_json, nullptr, false);
  const auto has = [&](const char* key) { return opts.is_object() && opts.contains(key); };
  if (has("gpus") && !has("tp") && !has("pp") && !has("zero")) fit_gpus_as_tensor_parallel(h);
  Result<FitReport> f = answer_fit(m.value(), w, h);
  if (!f.ok()) return ErrorJson(f.error());
  return fit_report(f.value(), Format::kJson, Units::kGB);
}

std::string PresetsJson(const std::string& query) {
  nlohmann::json list = nlohmann::json::array();
  const auto add = [&](const Preset& p) {
    uint64_t params = p.published_params;
    if (params == 0) {
      Result<ModelSpec> m = load_preset(p);
      params = m.ok() ? count_params(m.value()).total : 0;
    }
    list.push_back({{"id", p.id},
                    {"name", p.name},
                    {"source", p.source},
                    {"repo", p.repo},
                    {"params", params}});
  };
  if (query.empty()) {
    for (const Preset& p : all_presets()) add(p);
  } else {
    for (const Preset* p : search_presets(query)) add(*p);
  }
  return Dump(list);
}

void StageModelFile(const std::string& name, const std::string& bytes, double file_size) {
  g_files.push_back(ModelFile{name, bytes, FileSize(file_size)});
}

void ClearModelFiles() { g_files.clear(); }

std::string ParseModelFilesJson() {
  Result<LoadedFiles> loaded = StagedModel();
  if (!loaded.ok()) return ErrorJson(loaded.error());
  const ModelSpec& m = loaded.value().model;
  nlohmann::json out = {{"label", loaded.value().label}};
  out["model"] = nlohmann::json::parse(model_json(m), nullptr, false);
  out["params"] = nlohmann::json::parse(params_json(m, count_params(m)), nullptr, false);
  return Dump(out);
}

std::string EstimateModelFilesJson(const std::string& options_json) {
  Result<LoadedFiles> loaded = StagedModel();
  if (!loaded.ok()) return ErrorJson(loaded.error());
  Workload w;
  Hardware h;
  if (loaded.value().adapter) {
    w.method = Method::kLoRA;
    w.lora_rank = loaded.value().adapter_rank;
  }
  if (std::optional<Error> e = ApplyOptions(options_json, w, h)) return ErrorJson(*e);
  Result<Estimate> r = estimate(loaded.value().model, w, h);
  if (!r.ok()) return ErrorJson(r.error());
  return estimate_json(r.value());
}

}  // namespace vramcalc::web
