// The CLI's MODEL argument: a file path (read here, parsed by core) or a name that
// core resolves (preset id, bare parameter count).
#pragma once

#include <string>

#include "model_spec.h"
#include "status.h"

namespace vramcalc::cli {

Result<ModelSpec> load_model(const std::string& arg);

}  // namespace vramcalc::cli
