// Internal to the config.json parser: typed reads of one config object with the
// family's alias names, each error naming the field. Shared by config_parser.cpp
// and the per-family readers.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "json_util.h"
#include "model_spec.h"
#include "status.h"

namespace vramcalc::config {

// Upper bounds that keep every later product far from 2^64 while admitting any
// real model (widths of millions, vocabularies of 16M, 16k layers).
constexpr uint64_t kMaxWidth = 1ull << 22;
constexpr uint64_t kMaxVocab = 1ull << 24;
constexpr uint64_t kMaxLayers = 1ull << 14;
constexpr uint64_t kMaxHeads = 1ull << 16;
constexpr uint64_t kMaxPositions = 1ull << 32;
constexpr uint64_t kMaxExperts = 1ull << 16;

class FieldReader {
 public:
  FieldReader(const Json& obj, std::string_view source) : obj_(obj), source_(source) {}

  // Value of the first present alias. All absent: error naming the first alias
  // when `required`, else `fallback` (and last_used() becomes "").
  Result<uint64_t> uint(std::initializer_list<const char*> names, uint64_t min_value,
                        uint64_t max_value, bool required, uint64_t fallback = 0);
  Result<bool> flag(const char* name, bool fallback);
  Result<std::string> text(const char* name, const std::string& fallback);
  bool has(const char* name) const;
  const char* last_used() const { return used_; }
  const Json& object() const { return obj_; }
  std::string_view source() const { return source_; }

  Error error(ErrorCode code, const std::string& what) const {
    return make_error(code, std::string(source_) + ": " + what);
  }

 private:
  const Json& obj_;
  std::string_view source_;
  const char* used_ = "";
};

}  // namespace vramcalc::config

// Unwraps a Result into `var` or returns its error from the enclosing function.
#define VRAMCALC_TRY(var, expr)                        \
  auto var##_result = (expr);                          \
  if (!var##_result.ok()) return var##_result.error(); \
  const auto var = var##_result.value()
