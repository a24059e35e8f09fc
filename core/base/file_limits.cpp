// Load limits (see file_limits.h): sizes by file kind, counts and bytes per load.
#include "file_limits.h"

#include <algorithm>

namespace vramcalc {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {  // ASCII case-insensitive: ".GGUF" too
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::string num(uint64_t v) { return std::to_string(v); }

std::string mib(uint64_t bytes) { return num(bytes / kMiB) + " MiB"; }

}  // namespace

FileFormat file_format(std::string_view name) {
  if (ends_with_ci(name, ".safetensors")) return FileFormat::kSafetensors;
  if (ends_with_ci(name, ".gguf")) return FileFormat::kGguf;
  if (ends_with_ci(name, ".index.json")) return FileFormat::kIndexJson;
  return FileFormat::kJson;
}

uint64_t json_read_limit(std::string_view name) {
  return file_format(name) == FileFormat::kIndexJson ? kMaxIndexJsonBytes : kMaxConfigJsonBytes;
}

uint64_t planned_bytes(const PlannedRead& file) {
  switch (file_format(file.name)) {
    case FileFormat::kSafetensors:
      return file.header_bytes > 0 ? file.header_bytes : std::min<uint64_t>(file.size, 8);
    case FileFormat::kGguf:
      return std::min(file.size, kMaxGgufHeaderBytes);
    case FileFormat::kJson:
    case FileFormat::kIndexJson:
      return file.size;
  }
  return file.size;
}

std::optional<Error> check_load(const std::vector<PlannedRead>& files) {
  // Counts first: a drop of 140 large files is one mistake, named once.
  size_t shards = 0;
  for (const PlannedRead& f : files) shards += file_format(f.name) == FileFormat::kSafetensors;
  const size_t others = files.size() - shards;
  if (others > kMaxLoadModelFiles) {
    return make_error(ErrorCode::kUnknownModel,
                      num(others) + " files that are not .safetensors shards in one load (limit " +
                          num(kMaxLoadModelFiles) +
                          "): load one model at a time (config.json, adapter_config.json, an "
                          "index or a .gguf)");
  }
  if (shards > kMaxLoadShards) {
    return make_error(
        ErrorCode::kUnknownModel,
        num(shards) + " .safetensors files in one load (limit " + num(kMaxLoadShards) + ")");
  }
  uint64_t total = 0;
  for (const PlannedRead& f : files) {
    const FileFormat format = file_format(f.name);
    if (format == FileFormat::kJson && f.size > kMaxConfigJsonBytes) {
      return make_error(ErrorCode::kInvalidJson,
                        f.name + ": " + num(f.size) +
                            " bytes is too large for a config.json or adapter_config.json "
                            "(limit " +
                            mib(kMaxConfigJsonBytes) +
                            "; a safetensors index is read when named *.index.json)");
    }
    if (format == FileFormat::kIndexJson && f.size > kMaxIndexJsonBytes) {
      return make_error(ErrorCode::kInvalidJson,
                        f.name + ": " + num(f.size) +
                            " bytes is too large for a safetensors index (limit " +
                            mib(kMaxIndexJsonBytes) + ")");
    }
    // Each planned read is capped below 2^34, so the sum of 4096 + 8 of them cannot wrap.
    total += std::min<uint64_t>(planned_bytes(f), 1ull << 34);
  }
  if (total > kMaxLoadBytes) {
    return make_error(ErrorCode::kUnknownModel, "these files would need " + num(total) +
                                                    " bytes read (limit " + mib(kMaxLoadBytes) +
                                                    " per load): load fewer or smaller files");
  }
  return std::nullopt;
}

}  // namespace vramcalc
