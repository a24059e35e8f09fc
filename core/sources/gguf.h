// GGUF ingestion: the header of a llama.cpp / ggml model file (versions 2 and 3):
// metadata key-values, tensor infos (name, shape, ggml type, offset) and the
// architecture hyperparameters llama.cpp reads from `{arch}.*` keys. Pure functions
// over bytes handed in: the browser reads only the start of a 50 GB file with
// File.slice, in growing chunks, and never the tensor data.
//
// Format facts (ggml docs/gguf.md, ggml/src/gguf.cpp): little-endian; "GGUF",
// u32 version, u64 tensor_count, u64 kv_count; kv = string key, u32 value type,
// value (arrays: u32 element type, u64 count, elements; arrays may nest); tensor
// info = string name, u32 n_dims, u64 dims[n_dims] (dims[0] is the row length),
// u32 ggml type, u64 offset relative to the data section, which starts at the end
// of the tensor infos rounded up to `general.alignment` (u32 power of two, default
// 32). A tensor of E elements of a type with blocks of B elements in S bytes takes
// E / B * S bytes, and its row length must be a multiple of B.
//
// Reading in chunks: call gguf_bytes_needed(prefix, ...) on the first chunk (1 MiB
// is plenty for most models). It returns N. While N > prefix.size(), read at least
// N bytes from the start of the file (doubling the chunk is a good policy) and call
// again; N is a lower bound that grows as more of the header is seen, and is never
// more than the header really needs. Once N <= prefix.size(), parse_gguf_header
// (prefix, ...) succeeds. A header past kGgufMaxHeaderBytes is an error, so the
// loop always ends.
//
// Error ids (ErrorCode), so callers can match ids rather than prose:
//   kUnknownModel      the bytes do not start with "GGUF"
//   kUnsupported       version 1 or > 3, a byte-swapped (big-endian) version, a header
//                      past kGgufMaxHeaderBytes
//   kInvalidField      a malformed field: counts, string / array lengths, value types,
//                      bool not 0/1, nesting depth, duplicate key or tensor name, n_dims,
//                      dims, element-count overflow, unknown ggml type id, row not a
//                      multiple of the block, misaligned offset, general.alignment,
//                      hyperparameters that are not non-negative integers; and
//                      parse_gguf_header handed fewer bytes than the header needs
//   kInconsistentModel tensor data overlapping another tensor or running past the
//                      file; the header running past the file
//   kInvalidOption     more bytes handed in than file_size says the file has
// Messages are one line: "<source>: byte <offset>: <key or tensor '<name>'>: <what>".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "file_limits.h"
#include "ggml_types.h"
#include "status.h"
#include "tensor_inventory.h"

namespace vramcalc {

// ---- Limits: hostile headers cost neither memory nor time ----
constexpr uint64_t kGgufMaxHeaderBytes = kMaxGgufHeaderBytes;  // bytes (file_limits.h)
constexpr uint64_t kGgufMaxTensors = 1000000;                  // tensor_count
constexpr uint64_t kGgufMaxKeyValues = 100000;                 // kv_count
constexpr uint64_t kGgufMaxStringBytes = 1ull << 20;           // bytes per string (keys: 65,535)
constexpr uint64_t kGgufMaxArrayElements = 100000000;          // elements per array
constexpr uint32_t kGgufMaxArrayDepth = 8;                     // arrays of arrays of ...
// n_dims: ggml's GGML_MAX_DIMS; llama.cpp's gguf reader refuses more (ggml/src/gguf.cpp,
// "tensor ... has invalid number of dimensions").
constexpr uint32_t kGgufMaxDims = 4;
constexpr uint64_t kGgufDefaultAlignment = 32;   // bytes, when general.alignment is absent
constexpr size_t kGgufPreviewElements = 8;       // array elements kept for display
constexpr size_t kGgufPreviewStringBytes = 256;  // bytes of a string kept for display

// ---- ggml tensor types (ggml_types.h) ----
// Elements and bytes of one tensor: elements / block_elems * block_bytes.
struct GgmlTensorSize {
  uint64_t elements;  // product of the dimensions
  uint64_t bytes;     // bytes in the file
};
// The size of a tensor of `type` with shape `dims` (dims[0] = row length; an empty
// shape is one element). kInvalidField, with a message that names neither file nor
// tensor (the caller adds them), when the element count passes 2^63 - 1 (ggml's
// int64_t), the row is not a whole number of blocks, or the bytes overflow 64 bits.
Result<GgmlTensorSize> ggml_tensor_size(const GgmlType& type, const std::vector<uint64_t>& dims);

// ---- Metadata ----
// clang-format off
enum class GgufValueType : uint32_t {
  kUint8 = 0, kInt8 = 1, kUint16 = 2, kInt16 = 3, kUint32 = 4, kInt32 = 5, kFloat32 = 6,
  kBool = 7, kString = 8, kArray = 9, kUint64 = 10, kInt64 = 11, kFloat64 = 12,
};
// clang-format on
const char* to_string(GgufValueType type);     // "u8", "i32", "f32", "bool", "str", "arr", ...
uint64_t gguf_value_size(GgufValueType type);  // bytes of one scalar; 0 for strings and arrays

// One key-value, kept small: a 150k-token vocabulary is counted, not stored.
struct GgufMetadata {
  std::string key;                             // e.g. "llama.block_count"
  GgufValueType type = GgufValueType::kUint8;  // kArray for arrays
  // Arrays: the type of the elements (kArray when nested); scalars: same as type.
  GgufValueType element_type = GgufValueType::kUint8;
  uint64_t count = 1;         // arrays: elements; strings: bytes; other scalars: 1
  uint64_t offset = 0;        // byte offset of the entry (its key) in the file
  uint64_t value_offset = 0;  // byte offset of the value (arrays: of the element type)
  bool has_uint = false;      // uint_value holds the value (non-negative integer scalar or bool)
  uint64_t uint_value = 0;    // the value when has_uint
  std::string text;           // display: "4096", "llama", "[\"<s>\", \"</s>\", ...] (32000 str)"
};

// ---- Hyperparameters llama.cpp reads (src/llama-arch.cpp key names) ----
// 0 = absent. Keys are `<architecture>.<name>` unless noted.
struct GgufHyperparams {
  uint64_t block_count = 0;                // layers (block_count)
  uint64_t embedding_length = 0;           // hidden size (embedding_length)
  uint64_t feed_forward_length = 0;        // MLP width (feed_forward_length; max when per layer)
  uint64_t head_count = 0;                 // query heads (attention.head_count; max when per layer)
  uint64_t head_count_kv = 0;              // KV heads (attention.head_count_kv; max when per layer)
  uint64_t key_length = 0;                 // per-head key dim (attention.key_length)
  uint64_t value_length = 0;               // per-head value dim (attention.value_length)
  uint64_t context_length = 0;             // tokens trained on (context_length)
  uint64_t vocab_size = 0;                 // tokens: vocab_size, else tokenizer.ggml.tokens length
  uint64_t sliding_window = 0;             // tokens (attention.sliding_window)
  uint64_t expert_count = 0;               // routed experts (expert_count)
  uint64_t expert_used_count = 0;          // experts per token (expert_used_count)
  uint64_t expert_shared_count = 0;        // shared experts (expert_shared_count)
  uint64_t leading_dense_block_count = 0;  // dense layers before the MoE ones
  uint64_t q_lora_rank = 0;                // MLA query rank (attention.q_lora_rank)
  uint64_t kv_lora_rank = 0;               // MLA KV rank (attention.kv_lora_rank)
  uint64_t rope_dimension_count = 0;       // rotary dims per head (rope.dimension_count)
  // Filled only when the file stores that key as an array, one entry per layer.
  std::vector<uint64_t> feed_forward_length_per_layer;
  std::vector<uint64_t> head_count_per_layer;
  std::vector<uint64_t> head_count_kv_per_layer;  // 0 = a layer without attention
};

// ---- The header ----
struct GgufHeader {
  uint32_t version = 0;                  // 2 or 3
  uint64_t tensor_count = 0;             // tensors
  uint64_t kv_count = 0;                 // metadata key-values
  std::string architecture;              // general.architecture ("" when absent)
  std::vector<GgufMetadata> metadata;    // in file order
  TensorInventory inventory;             // tensors in file order; metadata = (key, text) pairs
  std::vector<uint64_t> tensor_offsets;  // bytes from header_bytes, one per inventory tensor
  uint64_t alignment = kGgufDefaultAlignment;  // bytes (general.alignment)
  uint64_t infos_end = 0;     // bytes: end of the tensor infos = what parsing needs
  uint64_t header_bytes = 0;  // bytes: where the data section starts (infos_end aligned)
  GgufHyperparams hp;
};

// The entry with that key, or nullptr.
const GgufMetadata* find_gguf_metadata(const GgufHeader& header, std::string_view key);

// The number of leading bytes parse_gguf_header needs, as far as `prefix` shows:
// <= prefix.size() when the prefix holds the whole header (then equal to
// header.infos_end), otherwise a lower bound > prefix.size() to read and retry.
// Validates everything parse_gguf_header does on the part it sees. `file_size` is
// the whole file's size in bytes, 0 when unknown (end-of-file checks are skipped).
Result<uint64_t> gguf_bytes_needed(std::string_view prefix, uint64_t file_size,
                                   std::string_view source);

// The header of a GGUF file from its first bytes (`bytes` may run past the header).
// Fewer bytes than the header needs is kInvalidField naming the count needed.
Result<GgufHeader> parse_gguf_header(std::string_view bytes, uint64_t file_size,
                                     std::string_view source);

// ---- Steps of parse_gguf_header, also usable on their own ----

// kInconsistentModel when the data section starts past the file, a tensor's data
// runs past it (checked only when file_size != 0), or two tensors' data overlap.
// ggml also wants tensors packed in file order; the spec does not, and the memory
// they take is the same, so that is not checked.
std::optional<Error> check_gguf_data_ranges(const GgufHeader& header, uint64_t file_size,
                                            std::string_view source);

// The hyperparameters of a parsed header (parse_gguf_header fills header.hp with
// this). `bytes` are the bytes it was parsed from: per-layer arrays are read there.
// kInvalidField when a key of the list is not a non-negative integer (or, for the
// per-layer keys, an array of them of at most 65,536 layers).
Result<GgufHyperparams> read_gguf_hyperparams(const GgufHeader& header, std::string_view bytes,
                                              std::string_view source);

}  // namespace vramcalc
