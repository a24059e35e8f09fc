// safetensors ingestion: the 8-byte header length, the JSON header (tensor names,
// dtypes, shapes, byte ranges) and model.safetensors.index.json of sharded
// checkpoints. Pure functions over bytes handed in: the browser reads the first 8
// bytes and then [8, 8 + N) with File.slice, so a 50 GB file never leaves disk.
//
// Validation follows the reference implementation (huggingface/safetensors,
// src/tensor.rs: read_metadata + Metadata::validate): header length <= 100,000,000
// bytes; tensors sorted by data_offsets must tile the byte buffer from 0 with no
// gap and no overlap, ending exactly at the end of the file when its size is known;
// each tensor's bytes == elements x bits / 8, and a sub-byte tensor whose bits do
// not fill whole bytes is rejected (the reference's MisalignedSlice).
//
// Error ids (ErrorCode), so callers can match ids rather than prose:
//   kInvalidJson       fewer than 8 bytes, JSON syntax / truncation, root not an object
//   kMissingField      a tensor lacks dtype / shape / data_offsets; index lacks weight_map
//   kInvalidField      wrong type, negative or non-integer number, unknown dtype, rank > 8,
//                      name > 4096 bytes, > 1,000,000 tensors, shape product overflow,
//                      header length 0 or > 100,000,000, non-string __metadata__ value
//   kInconsistentModel byte ranges disagree with shape x dtype, overlap, gap, run past
//                      the file; header length past the file; a tensor in two shards
// Messages are one line: "<source>: tensor '<name, <= 80 chars>': field '<f>' ...".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "file_limits.h"
#include "status.h"
#include "tensor_inventory.h"

namespace vramcalc {

// Limits that keep hostile headers from costing memory or time (the header
// length itself: kMaxSafetensorsHeaderBytes in file_limits.h, the format's own).
constexpr uint64_t kMaxSafetensorsTensors = 1000000;  // tensors per header or index
constexpr size_t kMaxTensorNameBytes = 4096;          // bytes per tensor name
constexpr size_t kMaxTensorRank = 8;                  // dimensions per shape

// One safetensors dtype as the format spells it, with its storage size.
struct SafetensorsDType {
  const char* name;  // "BF16", "F8_E4M3", "F4", ...
  uint32_t bits;     // bits per element (4 for F4, 6 for F6_*, 64 for C64)
};

// Every dtype of the current spec, in the reference's alignment order.
const std::vector<SafetensorsDType>& safetensors_dtypes();
// The dtype named `name` exactly (case-sensitive, as in files), or nullopt.
std::optional<SafetensorsDType> find_safetensors_dtype(std::string_view name);

// The header length N (bytes) from the first 8 bytes of a file (little-endian
// u64). Only the first 8 bytes of `first8` are read. `file_size` is the whole
// file's size in bytes, 0 when unknown. The caller then reads bytes [8, 8 + N).
Result<uint64_t> safetensors_header_length(std::string_view first8, uint64_t file_size,
                                           std::string_view source);

// The tensor inventory of a header: `header_json` is exactly bytes [8, 8 + N).
// `file_size` is the whole file's size in bytes (0 when unknown: the end-of-file
// checks are then skipped). Tensors come out in data_offsets order; metadata holds
// __metadata__'s pairs sorted by key.
Result<TensorInventory> parse_safetensors_header(std::string_view header_json, uint64_t file_size,
                                                 std::string_view source);

// model.safetensors.index.json of a checkpoint split over several files.
struct SafetensorsIndex {
  uint64_t total_size = 0;               // bytes; metadata.total_size, 0 if absent
  std::vector<std::string> shard_files;  // file names the weight_map points at, unique, sorted
  uint64_t tensor_count = 0;             // tensors; entries in weight_map
  std::vector<std::pair<std::string, std::string>> weight_map;  // (tensor, file), by tensor name
};

// Parses index JSON bytes. Shard file names must be relative paths without ".."
// (the CLI opens them beside the index file).
Result<SafetensorsIndex> parse_safetensors_index(std::string_view bytes, std::string_view source);

// One inventory for a model split over `shards` (each a parsed header): tensors
// concatenated in shard order, totals recomputed, metadata merged (first shard to
// name a key wins). A tensor name present in two shards is kInconsistentModel.
Result<TensorInventory> combine_shards(const std::vector<TensorInventory>& shards,
                                       std::string_view source);

}  // namespace vramcalc
