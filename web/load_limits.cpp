// Adapters for core's load limits (file_limits.h; declared in adapters.h): the
// page asks before it reads a byte of a drop, and again once the .safetensors
// header lengths are known, so one rule in core decides for CLI and page alike.
#include <nlohmann/json.hpp>
#include <vector>

#include "adapters.h"
#include "adapters_json.h"
#include "file_limits.h"

namespace vramcalc::web {

std::string CheckLoad(const std::string& planned_json) {
  const nlohmann::json list = nlohmann::json::parse(planned_json, nullptr, false);
  const Error bad{ErrorCode::kInvalidOption,
                  "checkLoad: expected [{\"name\":text,\"size\":bytes,\"header_bytes\":bytes}]"};
  if (list.is_discarded() || !list.is_array()) return ErrorJson(bad);
  std::vector<PlannedRead> files;
  for (const nlohmann::json& f : list) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("size") ||
        !f["size"].is_number_unsigned() ||
        (f.contains("header_bytes") && !f["header_bytes"].is_number_unsigned())) {
      return ErrorJson(bad);
    }
    files.push_back(PlannedRead{f["name"].get<std::string>(), f["size"].get<uint64_t>(),
                                f.value("header_bytes", uint64_t{0})});
  }
  if (std::optional<Error> e = check_load(files)) return ErrorJson(*e);
  return "";
}

std::string FileLimitsJson() {
  return Dump({{"config_json", kMaxConfigJsonBytes},
               {"index_json", kMaxIndexJsonBytes},
               {"safetensors_header", kMaxSafetensorsHeaderBytes},
               {"gguf_header", kMaxGgufHeaderBytes},
               {"load_bytes", kMaxLoadBytes},
               {"load_model_files", kMaxLoadModelFiles},
               {"load_shards", kMaxLoadShards},
               {"json_depth", kMaxJsonDepth}});
}

}  // namespace vramcalc::web
