// Data type table and the float decoder behind the bit explorer. Layouts follow
// IEEE-754 (FP32, FP16), bfloat16, NVIDIA TF32 and the OCP FP8 specification
// (E4M3 without infinities, E5M2 IEEE-like).
#include "dtype.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace vramcalc {

namespace {

const std::vector<DTypeInfo> kTypes = {
    {DType::kFP32, "fp32", "FP32", 32, 1, 8, 23, true, "full precision"},
    {DType::kTF32, "tf32", "TF32", 32, 1, 8, 10, true,
     "tensor-core math format (19 bits), stored as FP32"},
    {DType::kFP16, "fp16", "FP16", 16, 1, 5, 10, true,
     "narrow range: overflow/underflow risk in training"},
    {DType::kBF16, "bf16", "BF16", 16, 1, 8, 7, true, "FP32's range with less precision"},
    {DType::kFP8E4M3, "fp8", "FP8 E4M3", 8, 1, 4, 3, true, "OCP E4M3: max 448, no infinities"},
    {DType::kFP8E5M2, "fp8-e5m2", "FP8 E5M2", 8, 1, 5, 2, true, "OCP E5M2: IEEE-like"},
    {DType::kINT8, "int8", "INT8", 8, 0, 0, 0, false, "integers -128..127"},
    {DType::kINT4, "int4", "INT4", 4, 0, 0, 0, false, "integers -8..7"},
    {DType::kNF4, "nf4", "NF4", 4, 0, 0, 0, false,
     "QLoRA normal-float 4-bit (16-value lookup table)"},
    {DType::kQ8_0, "q8_0", "Q8_0", 0, 0, 0, 0, false,
     "llama.cpp: 32 int8 values + FP16 scale per 34-byte block", 32, 34},
    {DType::kQ4_0, "q4_0", "Q4_0", 0, 0, 0, 0, false,
     "llama.cpp: 32 4-bit values + FP16 scale per 18-byte block", 32, 18},
    {DType::kQ4_1, "q4_1", "Q4_1", 0, 0, 0, 0, false,
     "llama.cpp: 32 4-bit values + FP16 scale and min per 20-byte block", 32, 20},
    {DType::kQ5_0, "q5_0", "Q5_0", 0, 0, 0, 0, false,
     "llama.cpp: 32 5-bit values + FP16 scale per 22-byte block", 32, 22},
    {DType::kQ5_1, "q5_1", "Q5_1", 0, 0, 0, 0, false,
     "llama.cpp: 32 5-bit values + FP16 scale and min per 24-byte block", 32, 24},
    {DType::kIQ4_NL, "iq4_nl", "IQ4_NL", 0, 0, 0, 0, false,
     "llama.cpp: 32 4-bit non-linear codes + FP16 scale per 18-byte block", 32, 18},
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

const std::vector<DTypeInfo>& all_dtypes() { return kTypes; }

const DTypeInfo& dtype_info(DType type) {
  // The table is in enum order: one index (every term of an estimate asks).
  const auto i = static_cast<size_t>(type);
  if (i < kTypes.size() && kTypes[i].type == type) return kTypes[i];
  for (const auto& t : kTypes) {
    if (t.type == type) return t;
  }
  return kTypes.front();  // unreachable: every enumerator is in the table
}

std::optional<DType> parse_dtype(const std::string& id) {
  const std::string s = lower(id);
  for (const auto& t : kTypes) {
    if (s == t.id) return t.type;
  }
  if (s == "float32" || s == "f32" || s == "float") return DType::kFP32;
  if (s == "float16" || s == "f16" || s == "half") return DType::kFP16;
  if (s == "bfloat16") return DType::kBF16;
  if (s == "fp8-e4m3" || s == "float8_e4m3fn" || s == "f8_e4m3") return DType::kFP8E4M3;
  if (s == "float8_e5m2" || s == "f8_e5m2") return DType::kFP8E5M2;
  if (s == "i8") return DType::kINT8;
  return std::nullopt;
}

uint64_t bytes_for(DType type, uint64_t count) {
  const DTypeInfo& info = dtype_info(type);
  if (info.block_elems > 1) {
    const auto per = static_cast<uint64_t>(info.block_elems);
    return (count / per + (count % per ? 1 : 0)) * static_cast<uint64_t>(info.block_bytes);
  }
  const uint64_t bits = static_cast<uint64_t>(dtype_info(type).storage_bits);
  // count * bits / 8 without overflow for count < 2^60.
  return (count / 8) * bits + ((count % 8) * bits + 7) / 8;
}

uint64_t nf4_constant_bytes(uint64_t weights) {
  const uint64_t blocks = weights / 64 + (weights % 64 ? 1 : 0);
  return blocks + (blocks / 256 + (blocks % 256 ? 1 : 0)) * 4;
}

std::optional<DecodedFloat> decode_fields(DType type, uint32_t sign, uint32_t exponent,
                                          uint32_t mantissa) {
  const DTypeInfo& t = dtype_info(type);
  if (!t.is_float) return std::nullopt;
  const uint32_t max_exp = (1u << t.exponent_bits) - 1;
  const uint32_t max_man = (1u << t.mantissa_bits) - 1;
  if (sign > 1 || exponent > max_exp || mantissa > max_man) return std::nullopt;

  const int bias = (1 << (t.exponent_bits - 1)) - 1;
  const double sgn = sign ? -1.0 : 1.0;
  const double frac = std::ldexp(static_cast<double>(mantissa), -t.mantissa_bits);
  const bool ocp_e4m3 = type == DType::kFP8E4M3;

  if (exponent == max_exp) {
    if (ocp_e4m3) {
      // E4M3 has no infinities; only S.1111.111 is NaN, the rest are normal values.
      if (mantissa == max_man) return DecodedFloat{std::numeric_limits<double>::quiet_NaN(), "nan"};
    } else if (mantissa == 0) {
      return DecodedFloat{sgn * std::numeric_limits<double>::infinity(), "infinity"};
    } else {
      return DecodedFloat{std::numeric_limits<double>::quiet_NaN(), "nan"};
    }
  }
  if (exponent == 0) {
    if (mantissa == 0) return DecodedFloat{sgn * 0.0, "zero"};
    return DecodedFloat{sgn * std::ldexp(frac, 1 - bias), "subnormal"};
  }
  return DecodedFloat{sgn * std::ldexp(1.0 + frac, static_cast<int>(exponent) - bias), "normal"};
}

std::optional<DecodedFloat> decode_bits(DType type, uint32_t bits) {
  const DTypeInfo& t = dtype_info(type);
  if (!t.is_float) return std::nullopt;
  const int used = t.sign_bits + t.exponent_bits + t.mantissa_bits;
  if (used < 32 && (bits >> used) != 0) return std::nullopt;
  const uint32_t mantissa = bits & ((1u << t.mantissa_bits) - 1);
  const uint32_t exponent = (bits >> t.mantissa_bits) & ((1u << t.exponent_bits) - 1);
  const uint32_t sign = (bits >> (t.mantissa_bits + t.exponent_bits)) & 1u;
  return decode_fields(type, sign, exponent, mantissa);
}

}  // namespace vramcalc
