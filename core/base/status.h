// Errors as values: every fallible core function returns Result<T>, a value or an
// Error naming what is wrong (an id that tests and JS match on, plus a one-line
// message naming the file, field or byte offset). Nothing in core throws across
// its API, so the same calls are safe behind the wasm boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vramcalc {

// One id per kind of failure; to_string() gives a stable snake_case name.
enum class ErrorCode {
  kInvalidJson,        // the bytes are not JSON (or are empty / truncated)
  kMissingField,       // a field the architecture needs is absent
  kInvalidField,       // a field has the wrong type, sign or range
  kInconsistentModel,  // fields contradict each other (heads do not divide hidden)
  kUnknownModel,       // not a preset id, parameter count or readable model file
  kInvalidOption,      // a workload option out of range or unknown
  kUnsupported,        // recognised but not modelled yet
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // one line, names the field/offset; no trailing newline
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Every error is built here, so every message is one printable line of at most
// kMaxLineBytes: text that came from a file (a newline or an escape sequence in a
// model_type, say) goes through printable() (printable.h).
Error make_error(ErrorCode code, std::string message);

}  // namespace vramcalc
