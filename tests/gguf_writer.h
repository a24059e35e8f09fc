// A small GGUF writer for tests: the bytes of a GGUF header (v2/v3 layout, little
// endian) with chosen metadata and tensor infos, padded to the alignment. No tensor
// data is written; offsets are laid out as a real writer does (each tensor at the
// next multiple of the alignment) and FileSize() says how long the file would be.
// Tests may also override counts, offsets or raw values to build broken files.
// Written from the spec (ggml docs/gguf.md), independent of core/gguf*.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vramcalc::testing {

// ggml type ids used by the tests, with their block layout (elements, bytes) as
// derived by hand from ggml-common.h's block structs (ggml_half = 2 bytes).
namespace ggml {
constexpr uint32_t kF32 = 0;     // 1 x 4 bytes
constexpr uint32_t kF16 = 1;     // 1 x 2 bytes
constexpr uint32_t kQ4_0 = 2;    // 32 elements: d (2) + 16 bytes of nibbles = 18
constexpr uint32_t kQ8_0 = 8;    // 32 elements: d (2) + 32 int8 = 34
constexpr uint32_t kQ4_K = 12;   // 256 elements: d, dmin (4) + scales 12 + 128 nibbles = 144
constexpr uint32_t kQ6_K = 14;   // 256 elements: ql 128 + qh 64 + scales 16 + d 2 = 210
constexpr uint32_t kBF16 = 30;   // 1 x 2 bytes
constexpr uint32_t kMXFP4 = 39;  // 32 elements: e (1) + 16 bytes of nibbles = 17
}  // namespace ggml

// GGUF metadata value type tags (spec: gguf_metadata_value_type).
namespace gv {
constexpr uint32_t kU8 = 0, kI8 = 1, kU16 = 2, kI16 = 3, kU32 = 4, kI32 = 5, kF32 = 6;
constexpr uint32_t kBool = 7, kStr = 8, kArr = 9, kU64 = 10, kI64 = 11, kF64 = 12;
}  // namespace gv

inline void PutU8(std::string* out, uint8_t v) { out->push_back(static_cast<char>(v)); }
inline void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void PutStr(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s.data(), s.size());
}

class GgufWriter {
 public:
  uint32_t version = 3;
  uint64_t alignment = 32;  // for laying out offsets; also write general.alignment to change it
  std::optional<uint64_t> tensor_count_override;  // written instead of the real count
  std::optional<uint64_t> kv_count_override;

  // Metadata: each call appends one key-value.
  GgufWriter& U32(std::string_view key, uint32_t v) { return Scalar(key, gv::kU32, Le(v, 4)); }
  GgufWriter& U64(std::string_view key, uint64_t v) { return Scalar(key, gv::kU64, Le(v, 8)); }
  GgufWriter& I32(std::string_view key, int32_t v) {
    return Scalar(key, gv::kI32, Le(static_cast<uint32_t>(v), 4));
  }
  GgufWriter& F32(std::string_view key, uint32_t bits) {
    return Scalar(key, gv::kF32, Le(bits, 4));
  }
  GgufWriter& Bool(std::string_view key, uint8_t v) { return Scalar(key, gv::kBool, Le(v, 1)); }
  GgufWriter& Str(std::string_view key, std::string_view v) {
    std::string b;
    PutStr(&b, v);
    return Scalar(key, gv::kStr, b);
  }
  GgufWriter& ArrU32(std::string_view key, const std::vector<uint32_t>& v) {
    std::string b = ArrayHead(gv::kU32, v.size());
    for (uint32_t x : v) PutU32(&b, x);
    return Scalar(key, gv::kArr, b);
  }
  GgufWriter& ArrStr(std::string_view key, const std::vector<std::string>& v) {
    std::string b = ArrayHead(gv::kStr, v.size());
    for (const std::string& s : v) PutStr(&b, s);
    return Scalar(key, gv::kArr, b);
  }
  // Any value: `type` tag and the value's bytes exactly as they follow the tag.
  GgufWriter& Scalar(std::string_view key, uint32_t type, std::string_view value_bytes) {
    PutStr(&kv_, key);
    PutU32(&kv_, type);
    kv_.append(value_bytes.data(), value_bytes.size());
    ++kv_count_;
    return *this;
  }

  // A tensor info. Without `offset`, the next aligned offset after the last tensor
  // (which needs the type in BlockOf); with one, exactly that (for broken files).
  GgufWriter& Tensor(std::string_view name, const std::vector<uint64_t>& dims, uint32_t type,
                     std::optional<uint64_t> offset = std::nullopt) {
    uint64_t off = 0;
    if (offset) {
      off = *offset;
    } else {
      off = (next_ + alignment - 1) / alignment * alignment;
      uint64_t elements = 1;
      for (uint64_t d : dims) elements *= d;
      const auto [per, bytes] = BlockOf(type);
      next_ = off + elements / per * bytes;
    }
    PutStr(&infos_, name);
    PutU32(&infos_, static_cast<uint32_t>(dims.size()));
    for (uint64_t d : dims) PutU64(&infos_, d);
    PutU32(&infos_, type);
    PutU64(&infos_, off);
    ++tensor_count_;
    return *this;
  }

  // Header bytes: fixed part, key-values, tensor infos, zero padding to the alignment.
  std::string Bytes() const {
    std::string out = "GGUF";
    PutU32(&out, version);
    PutU64(&out, tensor_count_override.value_or(tensor_count_));
    PutU64(&out, kv_count_override.value_or(kv_count_));
    out += kv_;
    out += infos_;
    if (tensor_count_ > 0) out.resize((out.size() + alignment - 1) / alignment * alignment, '\0');
    return out;
  }
  // Bytes up to the end of the tensor infos (what a header parser must read).
  uint64_t InfosEnd() const { return 24 + kv_.size() + infos_.size(); }
  // Size of the whole file: the padded header, then the tensor data.
  uint64_t FileSize() const { return Bytes().size() + next_; }

  // Elements and bytes per block of the types the writer can lay out.
  static std::pair<uint64_t, uint64_t> BlockOf(uint32_t type) {
    switch (type) {
      case ggml::kF32:
        return {1, 4};
      case ggml::kF16:
      case ggml::kBF16:
        return {1, 2};
      case ggml::kQ4_0:
        return {32, 18};
      case ggml::kQ8_0:
        return {32, 34};
      case ggml::kQ4_K:
        return {256, 144};
      case ggml::kQ6_K:
        return {256, 210};
      case ggml::kMXFP4:
        return {32, 17};
      default:
        return {1, 0};  // unknown here: lay out as empty, pass offsets explicitly
    }
  }

  static std::string Le(uint64_t v, int size) {
    std::string b;
    for (int i = 0; i < size; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return b;
  }
  static std::string ArrayHead(uint32_t elem_type, uint64_t count) {
    std::string b;
    PutU32(&b, elem_type);
    PutU64(&b, count);
    return b;
  }

 private:
  std::string kv_;
  std::string infos_;
  uint64_t kv_count_ = 0;
  uint64_t tensor_count_ = 0;
  uint64_t next_ = 0;  // bytes of tensor data laid out so far
};

}  // namespace vramcalc::testing
