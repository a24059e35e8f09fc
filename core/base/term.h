// Term: a product of named factors that computes its value with overflow checks
// and writes itself out as text ("2 (K,V) × 32 layers × 1,024 tokens × 2 B"), so
// every number an estimate shows carries the formula that made it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dtype.h"

namespace vramcalc {

// "1,073,741,824"
std::string group_digits(uint64_t value);

// What an estimate writes beside its bytes: kNumbers computes the same values and
// leaves every formula, assumption and note empty (no text, no heap allocation).
enum class Detail { kText, kNumbers };

class Term {
 public:
  Term() = default;
  // Detail::kNumbers: the same value, no text (text() stays empty).
  explicit Term(Detail detail) : write_(detail == Detail::kText) {}

  // Multiplies by `factor` and appends "factor label" to the text.
  Term& times(uint64_t factor, std::string_view label);
  // The same for a literal label, measured only when the text is written.
  Term& times(uint64_t factor, const char* label) {
    return write_ ? times(factor, std::string_view(label)) : times(factor, std::string_view());
  }
  // Multiplies by a byte size given in bits (16 -> "2 B", 4 -> "0.5 B"), applied
  // last with round-up so that 4-bit types stay exact.
  Term& bytes_of_bits(int bits, std::string_view dtype_name);
  // Multiplies by the storage of one element of `type` ("2 B (BF16)", or whole
  // blocks for block-quantized types: "34 B per 32 (Q8_0)"), applied last.
  Term& in(DType type);
  // Divides by `divisor` (rounding up), e.g. sharding over GPUs.
  Term& divided_by(uint64_t divisor, std::string_view label);

  uint64_t value() const;  // elements x bits / 8, rounded up, / divisors
  bool overflowed() const { return value() == UINT64_MAX; }
  const std::string& text() const { return text_; }

 private:
  uint64_t elements_ = 1;
  DType dtype_ = DType::kINT8;
  bool blocks_ = false;  // value uses dtype_'s blocks
  int bits_ = 8;         // 8 bits = 1 byte per element until bytes_of_bits() says otherwise
  uint64_t divisor_ = 1;
  bool overflow_ = false;
  bool write_ = true;  // false: Detail::kNumbers
  std::string text_;
};

// Checked sum of already-computed byte counts.
uint64_t checked_add(uint64_t a, uint64_t b, bool& overflow);

// a x b into *out; true when it wraps past 2^64 (as __builtin_mul_overflow). Two
// factors below 2^32 (nearly every product here) cannot wrap, and that test is
// cheap everywhere: wasm32 has no 64x64->128 multiply, so the builtin costs a
// library call there (__multi3) on every factor of every term.
inline bool mul_overflows(uint64_t a, uint64_t b, uint64_t* out) {
  *out = a * b;
  if (((a | b) >> 32) == 0) return false;
  return a != 0 && b > UINT64_MAX / a;
}

}  // namespace vramcalc
