// Reads a MODEL file with a size cap and hands its bytes to core's parsers.
#include "model_file.h"

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

#include "adapter.h"
#include "checkpoint.h"
#include "gguf.h"
#include "gguf_spec.h"
#include "safetensors.h"
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

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// Reads only the header of a .safetensors file: 8 length bytes, then the JSON.
Result<TensorInventory> read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kUnknownModel, path + ": cannot be read");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  std::string first8(8, '\0');
  in.read(first8.data(), 8);
  first8.resize(static_cast<size_t>(in.gcount()));
  auto n = safetensors_header_length(first8, size, path);
  if (!n.ok()) return n.error();
  std::string header(static_cast<size_t>(n.value()), '\0');
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (static_cast<uint64_t>(in.gcount()) != n.value()) {
    return make_error(ErrorCode::kInvalidJson, path + ": truncated header");
  }
  return parse_safetensors_header(header, size, path);
}

// Reads a GGUF header in growing chunks (1 MiB, then what the parser asks for,
// doubling), never the tensor data.
Result<ModelSpec> read_gguf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kUnknownModel, path + ": cannot be read");
  in.seekg(0, std::ios::end);
  const auto size = static_cast<uint64_t>(in.tellg());
  uint64_t want = std::min<uint64_t>(size, 1u << 20);
  std::string prefix;
  for (;;) {
    prefix.resize(static_cast<size_t>(want));
    in.seekg(0);
    in.read(prefix.data(), static_cast<std::streamsize>(want));
    prefix.resize(static_cast<size_t>(in.gcount()));
    auto need = gguf_bytes_needed(prefix, size, path);
    if (!need.ok()) return need.error();
    if (need.value() <= prefix.size()) break;
    if (prefix.size() >= size) return make_error(ErrorCode::kInvalidField, path + ": truncated header");
    want = std::min<uint64_t>(size, std::max<uint64_t>(need.value(), 2 * prefix.size()));
  }
  auto header = parse_gguf_header(prefix, size, path);
  if (!header.ok()) return header.error();
  return model_from_gguf(header.value(), path);
}

// The architecture from config.json beside a checkpoint, when there is one.
Result<ModelSpec> with_config_beside(const std::string& path, const TensorInventory& inv) {
  auto cfg = read_small_file(folder_of(path) + "/config.json");
  if (!cfg.ok()) return model_from_checkpoint(inv, "safetensors", path);
  auto spec = parse_config_json(cfg.value(), folder_of(path) + "/config.json");
  if (!spec.ok()) return spec.error();
  attach_checkpoint(spec.value(), inv, "safetensors");
  return spec;
}

// model.safetensors.index.json: every shard's header, read from the same folder.
Result<ModelSpec> load_index(const std::string& path, const std::string& bytes) {
  auto index = parse_safetensors_index(bytes, path);
  if (!index.ok()) return index.error();
  std::vector<TensorInventory> shards;
  for (const auto& file : index.value().shard_files) {
    auto inv = read_safetensors(folder_of(path) + "/" + file);
    if (!inv.ok()) return inv.error();
    shards.push_back(std::move(inv.value()));
  }
  auto all = combine_shards(shards, path);
  if (!all.ok()) return all.error();
  return with_config_beside(path, all.value());
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
  if (ends_with(arg, ".safetensors")) {
    auto inv = read_safetensors(arg);
    if (!inv.ok()) return inv.error();
    return with_config_beside(arg, inv.value());
  }
  if (ends_with(arg, ".gguf")) return read_gguf(arg);
  auto bytes = read_small_file(arg);
  if (!bytes.ok()) return bytes.error();
  if (bytes.value().find("\"peft_type\"") != std::string::npos) return load_adapter(arg, bytes.value());
  if (bytes.value().find("\"weight_map\"") != std::string::npos) return load_index(arg, bytes.value());
  return parse_config_json(bytes.value(), arg);
}

}  // namespace vramcalc::cli
