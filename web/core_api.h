// The pure core calls behind JavaScript: a model name or config text in, JSON out,
// nothing of the page's state. The page (adapters.cpp, bindings.cpp) and the npm
// package (npm_bindings.cpp) expose the same functions, so the two cannot differ.
// Failures are JSON too: {"error":{"code":"invalid_json","message":"..."}}.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>

#include "estimate.h"
#include "model_spec.h"
#include "status.h"

namespace vramcalc::web {

// config.json text (first non-blank byte '{') or a preset id / bare count.
Result<ModelSpec> ResolveModel(const std::string& model);
// Applies {"key": value, ...} with apply_option(): strings as they are, integers
// and booleans as their JSON text.
std::optional<Error> ApplyOptions(const std::string& options_json, Workload& w, Hardware& h);
// A file size from JS (a double): exact whole numbers below 2^53, else 0 (unknown).
uint64_t FileSize(double v);

std::string EstimateJson(const std::string& model, const std::string& options_json);
// Numbers-only estimates (Detail::kNumbers: no formula text, no JSON) of one model
// at each of `values` (a JS array of numbers) of option `key`, the other options as
// given: a Float64Array of [per_gpu_bytes, fits (1/0)] per point, NaN and 0 where
// that point's estimate fails (2^64 bytes, a runtime's refusal to plan). A model,
// option or value that is refused gives the error's JSON text instead.
emscripten::val SweepNumbers(const std::string& model, const std::string& options_json,
                             const std::string& key, const emscripten::val& values);
std::string ParamsJson(const std::string& model);  // report.h params_json()
std::string OptionsJson();  // core's all_options(): [{"key","kind","choices","group","help"}]
// `vramcalc fit --format json` of the model on options.gpu (or gpu-memory-bytes):
// largest batch and context, fewest GPUs, llama.cpp's layers.
std::string SolveJson(const std::string& model, const std::string& options_json);
// Presets with their published count, or the count of their config when none is.
std::string PresetsJson(const std::string& query);  // "" lists all
// The bytes a .safetensors header needs ({"length"}) / a .gguf prefix needs ({"needed"}).
std::string SafetensorsHeaderLength(const std::string& first8, double file_size,
                                    const std::string& name);
std::string GgufBytesNeeded(const std::string& prefix, double file_size, const std::string& name);

// The page's Hub field (hub.h): with `tree_json` empty, what `ref` names
// ({"repo","revision","file","tree_url"}); with the Hub's listing of that folder,
// the files to read ({"repo","revision","files":[{"name","path","url","size",
// "header_only"}]}). Fetching is the page's, on the user's click.
std::string HubPlanJson(const std::string& ref, const std::string& tree_json);

// Files read together (config.json, index, shard headers, GGUF prefix, adapter):
// staged one by one, then joined by core's one rule (model_files.h).
void StageModelFile(const std::string& name, const std::string& bytes, double file_size);
void ClearModelFiles();
// {"label","model":model_json,"params":params_json} of the staged files.
std::string ParseModelFilesJson();
// estimate() of the staged files' model.
std::string EstimateModelFilesJson(const std::string& options_json);

}  // namespace vramcalc::web
