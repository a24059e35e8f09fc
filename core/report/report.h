// JSON renderings of results (the CLI/page contract in DESIGN.md) and human text
// for the CLI table and the UI's screen-reader mirror.
#pragma once

#include <string>

#include "estimate.h"
#include "model_spec.h"
#include "param_count.h"

namespace vramcalc {

// {"total_params":N,"active_params":N,"breakdown":{...},"model":{...}}
std::string params_json(const ModelSpec& model, const ParamBreakdown& params);
// {"total_bytes":N,"per_gpu_bytes":N,"components":{...},"params":{...},"details":[...]}
std::string estimate_json(const Estimate& estimate);
// Summary of a model as JSON ({"name":...,"model_type":...,"num_layers":...}).
std::string model_json(const ModelSpec& model);

// The inputs as JSON, keyed by the option names apply_option() accepts
// ({"mode":"inference","batch":1,"weight-dtype":"bf16",...}).
std::string workload_json(const Workload& workload, const Hardware& hardware);

enum class Units { kGB, kGiB };  // GB = 1e9 bytes, GiB = 2^30 bytes
// "16.06 GB" / "14.96 GiB" with two decimals.
std::string format_bytes(uint64_t bytes, Units units);
// One line per component plus total, for the CLI and the aria-live mirror.
std::string estimate_text(const Estimate& estimate, Units units);

}  // namespace vramcalc
