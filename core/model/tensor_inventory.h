// TensorInventory: what a checkpoint header (safetensors, GGUF) says is stored:
// every tensor's name, storage type, shape and bytes, with totals per type. It is
// the exact answer for "how many bytes do the weights take on disk / in memory".
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vramcalc {

struct TensorInfo {
  std::string name;             // e.g. "model.layers.0.self_attn.q_proj.weight"
  std::string dtype;            // storage type as the file names it: "BF16", "F8_E4M3", "Q4_K"
  std::vector<uint64_t> shape;  // dimensions as stored
  uint64_t elements = 0;        // product of shape (1 for a scalar)
  uint64_t bytes = 0;           // bytes the tensor occupies in the file
};

struct DTypeTotal {
  std::string dtype;      // as in TensorInfo::dtype
  uint64_t tensors = 0;   // how many tensors of this type
  uint64_t elements = 0;  // their elements (parameters)
  uint64_t bytes = 0;     // their bytes
};

struct TensorInventory {
  std::vector<TensorInfo> tensors;   // in file order
  std::vector<DTypeTotal> by_dtype;  // one row per storage type, in first-seen order
  uint64_t total_elements = 0;       // all parameters stored
  uint64_t total_bytes = 0;          // all tensor bytes
  std::vector<std::pair<std::string, std::string>> metadata;  // string metadata, if any
};

}  // namespace vramcalc
