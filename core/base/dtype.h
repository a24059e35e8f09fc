// Numeric data types: storage size, bit layout, and decoding of a bit pattern
// (the "bit explorer"). Sizes are exact rational bytes per element, kept as bits
// so that 4-bit types (0.5 bytes) stay integral.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vramcalc {

enum class DType {
  kFP32,
  kTF32,
  kFP16,
  kBF16,
  kFP8E4M3,
  kFP8E5M2,
  kINT8,
  kINT4,
  kNF4,
  kQ8_0,  // llama.cpp KV cache type: blocks of 32 int8 + one FP16 scale (34 bytes)
  kQ4_0,  // llama.cpp KV cache type: blocks of 32 4-bit + one FP16 scale (18 bytes)
  // The other llama.cpp KV cache types (-ctk/-ctv; common/arg.cpp kv_cache_types),
  // laid out as base/ggml_types.cpp's blocks of the same name.
  kQ4_1,
  kQ5_0,
  kQ5_1,
  kIQ4_NL,
};

struct DTypeInfo {
  DType type;
  const char* id;       // CLI spelling: "fp32", "bf16", "nf4", ...
  const char* name;     // display name: "FP32", "FP8 E4M3", ...
  int storage_bits;     // bits one element occupies in memory (TF32 is stored as 32)
  int sign_bits;        // 0 for integer / lookup types
  int exponent_bits;    // 0 for integer / lookup types
  int mantissa_bits;    // explicit fraction bits (0 for integer / lookup types)
  bool is_float;        // IEEE-like sign/exponent/mantissa layout
  const char* note;     // one line for the UI
  int block_elems = 1;  // block-quantized types: elements per block (1: plain)
  int block_bytes = 0;  // block-quantized types: bytes per block (storage_bits unused)
};

// All known types, in display order.
const std::vector<DTypeInfo>& all_dtypes();
const DTypeInfo& dtype_info(DType type);
std::optional<DType> parse_dtype(const std::string& id);  // accepts ids and common aliases

// Bytes for `count` elements of `type`, rounded up to whole bytes (whole blocks
// for block-quantized types).
uint64_t bytes_for(DType type, uint64_t count);

// Bytes of the quantization constants NF4 with double quantization (QLoRA) keeps
// for `weights` values: one 8-bit constant per block of 64 weights plus one FP32
// constant per 256 of those blocks, i.e. 0.127 bits per weight.
uint64_t nf4_constant_bytes(uint64_t weights);

// Decoded value of a float bit pattern (sign, biased exponent, mantissa fields).
// Handles zero, subnormals, infinities and NaN per IEEE-754 rules for the layout;
// FP8 E4M3 follows the OCP convention (no infinities, only S.1111.111 is NaN).
struct DecodedFloat {
  double value;      // the number (may be +-inf or NaN)
  const char* kind;  // "normal", "subnormal", "zero", "infinity", "nan"
};
std::optional<DecodedFloat> decode_fields(DType type, uint32_t sign, uint32_t exponent,
                                          uint32_t mantissa);
// Same, from the raw bit pattern in the low storage_bits bits of `bits`.
std::optional<DecodedFloat> decode_bits(DType type, uint32_t bits);

}  // namespace vramcalc
