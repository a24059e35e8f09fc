// Sizes of ggml tensors and the names of GGUF metadata value types. The ggml type
// table itself is base/ggml_types.cpp (shared with the quantizer rules and the
// llama.cpp buffers).
#include <cstdint>
#include <string>

#include "gguf.h"

namespace vramcalc {

Result<GgmlTensorSize> ggml_tensor_size(const GgmlType& type, const std::vector<uint64_t>& dims) {
  // ggml keeps dimensions and element counts in int64_t: stay below 2^63.
  constexpr uint64_t kMaxElements = static_cast<uint64_t>(INT64_MAX);
  uint64_t elements = 1;
  for (uint64_t d : dims) {
    if (__builtin_mul_overflow(elements, d, &elements) || elements > kMaxElements) {
      return make_error(ErrorCode::kInvalidField, "element count overflows (more than 2^63 - 1)");
    }
  }
  const uint64_t row = dims.empty() ? 1 : dims[0];
  if (row % type.block_elems != 0) {
    return make_error(ErrorCode::kInvalidField,
                      "row of " + std::to_string(row) + " elements is not a whole number of " +
                          type.name + " blocks (" + std::to_string(type.block_elems) +
                          " elements each)");
  }
  // The row is whole blocks, so every row, and the tensor, is too.
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements / type.block_elems, uint64_t{type.block_bytes}, &bytes)) {
    return make_error(ErrorCode::kInvalidField, "byte count overflows 64 bits");
  }
  return GgmlTensorSize{elements, bytes};
}

uint64_t gguf_value_size(GgufValueType type) {
  switch (type) {
    case GgufValueType::kUint8:
    case GgufValueType::kInt8:
    case GgufValueType::kBool:
      return 1;
    case GgufValueType::kUint16:
    case GgufValueType::kInt16:
      return 2;
    case GgufValueType::kUint32:
    case GgufValueType::kInt32:
    case GgufValueType::kFloat32:
      return 4;
    case GgufValueType::kUint64:
    case GgufValueType::kInt64:
    case GgufValueType::kFloat64:
      return 8;
    case GgufValueType::kString:
    case GgufValueType::kArray:
      return 0;
  }
  return 0;
}

const char* to_string(GgufValueType type) {
  switch (type) {
    case GgufValueType::kUint8:
      return "u8";
    case GgufValueType::kInt8:
      return "i8";
    case GgufValueType::kUint16:
      return "u16";
    case GgufValueType::kInt16:
      return "i16";
    case GgufValueType::kUint32:
      return "u32";
    case GgufValueType::kInt32:
      return "i32";
    case GgufValueType::kFloat32:
      return "f32";
    case GgufValueType::kBool:
      return "bool";
    case GgufValueType::kString:
      return "str";
    case GgufValueType::kArray:
      return "arr";
    case GgufValueType::kUint64:
      return "u64";
    case GgufValueType::kInt64:
      return "i64";
    case GgufValueType::kFloat64:
      return "f64";
  }
  return "?";
}

}  // namespace vramcalc
