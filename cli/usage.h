// `vramcalc --help`: the option lines come from core's option table (all_options():
// key, choices, help) and the defaults from workload_json() of a default workload, so
// the CLI's usage, the page's knobs and options() cannot drift apart.
#pragma once

#include <string>

namespace vramcalc::cli {

std::string usage_text();

}  // namespace vramcalc::cli
