// Internal to the GGUF parser (gguf.cpp, gguf_metadata.cpp): a bounds-checked
// little-endian cursor over a prefix of a file. A read past the prefix records how
// many bytes are needed; a read past the file or the header cap records an error;
// either way the read returns false and the walk unwinds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gguf.h"
#include "status.h"

namespace vramcalc::gguf_detail {

constexpr size_t kNameInMessage = 80;  // bytes of a key / tensor name in a message

inline uint64_t load_le(const char* p, uint64_t size) {
  uint64_t v = 0;
  for (uint64_t i = 0; i < size; ++i) v |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

enum class Stop { kNone, kNeedMore, kError };

// Reads fields from `bytes`, a prefix of a file of `file_size` bytes (0 = unknown).
class Cursor {
 public:
  Cursor(std::string_view bytes, uint64_t file_size, std::string_view source)
      : bytes_(bytes), file_size_(file_size), source_(source) {}

  uint64_t pos() const { return pos_; }
  Stop stop() const { return stop_; }
  uint64_t need() const { return need_; }
  const Error& error() const { return error_; }

  bool require(uint64_t n, std::string_view what) {
    // Lengths come from the file: compare before adding so nothing wraps.
    if (n > kGgufMaxHeaderBytes - pos_) {
      return fail(ErrorCode::kUnsupported, pos_, what,
                  "the header runs past the " + std::to_string(kGgufMaxHeaderBytes >> 20) +
                      " MiB cap on header size");
    }
    const uint64_t end = pos_ + n;
    if (file_size_ != 0 && end > file_size_) {
      return fail(ErrorCode::kInconsistentModel, pos_, what,
                  "the header needs bytes up to " + std::to_string(end) +
                      " but the file has only " + std::to_string(file_size_));
    }
    if (end > bytes_.size()) {
      stop_ = Stop::kNeedMore;
      need_ = end;
      return false;
    }
    return true;
  }

  bool fail(ErrorCode code, uint64_t at, std::string_view what, const std::string& msg) {
    std::string m = std::string(source_) + ": byte " + std::to_string(at) + ": ";
    if (!what.empty()) m += std::string(what) + ": ";
    error_ = make_error(code, m + msg);
    stop_ = Stop::kError;
    return false;
  }

  bool uint(uint64_t size, uint64_t* v, std::string_view what) {
    if (!require(size, what)) return false;
    *v = load_le(bytes_.data() + pos_, size);
    pos_ += size;
    return true;
  }

  bool skip(uint64_t n, std::string_view what) {
    if (!require(n, what)) return false;
    pos_ += n;
    return true;
  }

  // A GGUF string: u64 length, then that many bytes (checked against max_len first).
  bool string(std::string_view* out, uint64_t max_len, std::string_view what) {
    const uint64_t at = pos_;
    uint64_t len = 0;
    if (!uint(8, &len, what)) return false;
    if (len > max_len) {
      return fail(ErrorCode::kInvalidField, at, what,
                  "string of " + std::to_string(len) + " bytes is longer than the limit of " +
                      std::to_string(max_len));
    }
    if (!require(len, what)) return false;
    *out = bytes_.substr(static_cast<size_t>(pos_), static_cast<size_t>(len));
    pos_ += len;
    return true;
  }

 private:
  std::string_view bytes_;
  uint64_t file_size_;
  std::string_view source_;
  uint64_t pos_ = 0;
  Stop stop_ = Stop::kNone;
  uint64_t need_ = 0;
  Error error_{ErrorCode::kInvalidField, ""};
};

// Reads the kv_count key-values at the cursor into h->metadata (gguf_metadata.cpp).
bool read_metadata(Cursor& c, GgufHeader* h);

}  // namespace vramcalc::gguf_detail
