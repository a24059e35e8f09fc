// Overflow-checked products with their formula text.
#include "term.h"

#include <cstdio>

namespace vramcalc {

std::string group_digits(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - 1 - i) % 3 == 0 && i + 1 < n) out += ',';
  }
  return out;
}

Term& Term::times(uint64_t factor, std::string_view label) {
  uint64_t product = 0;
  if (mul_overflows(elements_, factor, &product)) overflow_ = true;
  elements_ = product;
  if (!write_) return *this;
  if (!text_.empty()) text_ += " × ";
  text_ += group_digits(factor);
  if (!label.empty()) text_.append(" ").append(label);
  return *this;
}

Term& Term::bytes_of_bits(int bits, std::string_view dtype_name) {
  bits_ = bits;
  if (!write_) return *this;
  if (!text_.empty()) text_ += " × ";
  char bytes[32];
  std::snprintf(bytes, sizeof bytes, "%g B", bits / 8.0);  // 16 -> "2 B", 4 -> "0.5 B"
  text_ += bytes;
  if (!dtype_name.empty()) text_.append(" (").append(dtype_name).append(")");
  return *this;
}

Term& Term::in(DType type) {
  const DTypeInfo& info = dtype_info(type);
  if (info.block_elems <= 1) return bytes_of_bits(info.storage_bits, info.name);
  dtype_ = type;
  blocks_ = true;
  if (!write_) return *this;
  if (!text_.empty()) text_ += " × ";
  text_ += std::to_string(info.block_bytes) + " B per " + std::to_string(info.block_elems) + " (" +
           info.name + ")";
  return *this;
}

Term& Term::divided_by(uint64_t divisor, std::string_view label) {
  if (divisor > 1) {
    divisor_ *= divisor;
    if (!write_) return *this;
    text_ = "(" + text_ + ") / " + group_digits(divisor);
    if (!label.empty()) text_.append(" ").append(label);
  }
  return *this;
}

uint64_t Term::value() const {
  if (blocks_) {
    if (overflow_) return UINT64_MAX;
    const uint64_t bytes = bytes_for(dtype_, elements_);
    return bytes / divisor_ + (bytes % divisor_ != 0 ? 1 : 0);
  }
  const uint64_t bits = static_cast<uint64_t>(bits_);
  uint64_t whole = 0;
  bool over = overflow_ || mul_overflows(elements_ / 8, bits, &whole);
  const uint64_t rest = ((elements_ % 8) * bits + 7) / 8;
  uint64_t bytes = 0;
  over = over || __builtin_add_overflow(whole, rest, &bytes);
  if (over) return UINT64_MAX;
  if (divisor_ == 1) return bytes;  // the common case, without a 64-bit division
  return bytes / divisor_ + (bytes % divisor_ != 0 ? 1 : 0);
}

uint64_t checked_add(uint64_t a, uint64_t b, bool& overflow) {
  uint64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    overflow = true;
    return UINT64_MAX;
  }
  return sum;
}

}  // namespace vramcalc
