// Reads a MODEL file with a size cap and hands its bytes to core's parsers.
#include "model_file.h"

#include <fstream>
#include <sys/stat.h>

#include "adapter.h"
#include "config_parser.h"
#include "presets.h"
#include "json_util.h"
#include "model_source.h"

namespace vramcalc::cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Result<std::string> read_small_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(ErrorCode::kUnknownModel, path + ": no such file");
  if (!S_ISREG(st.st_mode)) return make_error(ErrorCode::kUnknownModel, path + ": not a regular file");
  if (static_cast<uint64_t>(st.st_size) > kMaxJsonBytes) {
    return make_error(ErrorCode::kInvalidJson, path + ": " + std::to_string(st.st_size) +
                                                   " bytes is too large for a JSON config");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kUnknownModel, path + ": cannot be read");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size()) {
    return make_error(ErrorCode::kUnknownModel, path + ": read failed");
  }
  return bytes;
}

// adapter_config.json + its base: config.json in the same folder, else a preset
// whose Hugging Face repository is base_model_name_or_path.
Result<ModelSpec> load_adapter(const std::string& path, const std::string& bytes) {
  auto adapter = parse_adapter_config(bytes, path);
  if (!adapter.ok()) return adapter.error();
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  Result<ModelSpec> base = make_error(ErrorCode::kUnknownModel, "");
  if (auto cfg = read_small_file(dir + "/config.json"); cfg.ok()) {
    base = parse_config_json(cfg.value(), dir + "/config.json");
  } else if (const Preset* p = find_preset_by_repo(adapter.value().base_model)) {
    base = load_preset(*p);
  } else {
    return make_error(ErrorCode::kUnknownModel,
                      path + ": base model '" + adapter.value().base_model.substr(0, 60) +
                          "' unknown: put its config.json next to adapter_config.json");
  }
  if (!base.ok()) return base.error();
  auto spec = count_adapter(adapter.value(), base.value(), path);
  if (!spec.ok()) return spec.error();
  base.value().adapter = spec.value();
  return base;
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
  auto bytes = read_small_file(arg);
  if (!bytes.ok()) return bytes.error();
  if (bytes.value().find("\"peft_type\"") != std::string::npos) return load_adapter(arg, bytes.value());
  return parse_config_json(bytes.value(), arg);
}

}  // namespace vramcalc::cli
