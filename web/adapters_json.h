// JSON helpers shared by the adapter files (adapters.cpp, load_limits.cpp): how
// results and core's errors are spelled for JavaScript.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "status.h"

namespace vramcalc::web {

// `j` as compact JSON text; broken UTF-8 quoted from a file is replaced, never thrown.
std::string Dump(const nlohmann::json& j);
// {"error":{"code":"invalid_json","message":"..."}}: what the JS glue turns into a thrown Error.
std::string ErrorJson(const Error& e);

}  // namespace vramcalc::web
