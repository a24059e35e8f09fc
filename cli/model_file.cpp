// Reads a MODEL file with a size cap and hands its bytes to core's parsers.
#include "model_file.h"

#include <fstream>
#include <sys/stat.h>

#include "config_parser.h"
#include "json_util.h"
#include "model_source.h"

namespace vramcalc::cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool looks_like_path(const std::string& arg) {
  return arg.find('/') != std::string::npos || ends_with(arg, ".json") ||
         ends_with(arg, ".safetensors") || ends_with(arg, ".gguf");
}

}  // namespace

Result<ModelSpec> load_model(const std::string& arg) {
  struct stat st {};
  if (::stat(arg.c_str(), &st) != 0) {
    if (looks_like_path(arg)) {
      return make_error(ErrorCode::kUnknownModel, arg + ": no such file");
    }
    return resolve_model_name(arg);
  }
  if (!S_ISREG(st.st_mode)) return make_error(ErrorCode::kUnknownModel, arg + ": not a regular file");
  if (ends_with(arg, ".safetensors") || ends_with(arg, ".gguf")) {
    return make_error(ErrorCode::kUnsupported,
                      arg + ": safetensors and GGUF headers are not read yet; use config.json");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxJsonBytes) {
    return make_error(ErrorCode::kInvalidJson, arg + ": " + std::to_string(st.st_size) +
                                                   " bytes is too large for a config.json");
  }
  std::ifstream in(arg, std::ios::binary);
  if (!in) return make_error(ErrorCode::kUnknownModel, arg + ": cannot be read");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size()) {
    return make_error(ErrorCode::kUnknownModel, arg + ": read failed");
  }
  return parse_config_json(bytes, arg);
}

}  // namespace vramcalc::cli
