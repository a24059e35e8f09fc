// What one load may read, checked before anything is read. A load is one CLI
// MODEL argument (with the files beside it that it names) or one drop / pick on
// the page. Per kind of file (known from its name) there is a size cap; per load
// a cap on the files that are not checkpoint shards, on the shards and on the
// bytes read in all. So a hostile folder or drop is refused with one line naming
// the file and the limit, instead of exhausting memory (the wasm heap aborts at
// 2 GiB) or time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace vramcalc {

constexpr uint64_t kMiB = 1ull << 20;
// config.json and adapter_config.json (real ones are under 100 KB).
constexpr uint64_t kMaxConfigJsonBytes = 4 * kMiB;
// *.index.json: a weight_map of every tensor (the largest real ones are ~10 MB).
constexpr uint64_t kMaxIndexJsonBytes = 64 * kMiB;
// A safetensors JSON header: the format's own limit (safetensors src/tensor.rs,
// MAX_HEADER_SIZE).
constexpr uint64_t kMaxSafetensorsHeaderBytes = 100000000;
// The bytes read from the start of a GGUF file for its header (metadata + tensor
// infos; real ones are 1-10 MB, tokenizers included).
constexpr uint64_t kMaxGgufHeaderBytes = 64 * kMiB;
// Files of one load that are not .safetensors shards (config, adapter, index, gguf).
constexpr size_t kMaxLoadModelFiles = 8;
// .safetensors files of one load (the largest real checkpoints have ~200 shards).
constexpr size_t kMaxLoadShards = 4096;
// Bytes read from all files of one load together.
constexpr uint64_t kMaxLoadBytes = 256 * kMiB;
// Nesting depth of any JSON read (real configs nest fewer than 10 levels).
constexpr size_t kMaxJsonDepth = 64;

// How a file is read, from its name alone (before any byte is read).
enum class FileFormat {
  kJson,         // read whole: config.json, adapter_config.json (any *.json but an index)
  kIndexJson,    // read whole: *.index.json (model.safetensors.index.json)
  kSafetensors,  // *.safetensors: bytes [0, 8), then [8, 8 + N)
  kGguf,         // *.gguf: a growing prefix up to kMaxGgufHeaderBytes
};
FileFormat file_format(std::string_view name);

// Largest whole-file read for a JSON file of this name (bytes).
uint64_t json_read_limit(std::string_view name);

// One file a load is about to read.
struct PlannedRead {
  std::string name;           // as the user named it (path or file name)
  uint64_t size = 0;          // the file's size in bytes
  uint64_t header_bytes = 0;  // .safetensors: 8 + N once N is known; 0 = not read yet (8 counted)
};

// The bytes a load reads of this file: JSON whole, 8 + N of a .safetensors
// (8 until N is known), a .gguf up to its header cap.
uint64_t planned_bytes(const PlannedRead& file);

// The first limit the load breaks, naming the file and the limit, or nullopt.
// Call it before reading anything, and again for .safetensors once their
// header lengths are known.
std::optional<Error> check_load(const std::vector<PlannedRead>& files);

}  // namespace vramcalc
