// JSON helpers shared by the parsers: parsing bytes into a value without
// exceptions (the wasm build has none) and with the byte offset of a syntax
// error, and typed field access that names the field when it is wrong.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace vramcalc {

using Json = nlohmann::json;

// Parses `bytes` (at most `max_bytes` of them: the caller's kind of file, see
// file_limits.h; nested at most kMaxJsonDepth deep); errors name `source` and the
// byte offset.
Result<Json> parse_json(std::string_view bytes, std::string_view source, uint64_t max_bytes);

// The keys of the top-level object of `bytes`, after a full syntax check with the
// same limits and errors as parse_json() but no DOM (nothing below the top level
// is kept). Error when the text is not a JSON object.
Result<std::vector<std::string>> json_top_level_keys(std::string_view bytes,
                                                     std::string_view source, uint64_t max_bytes);

// Reads an optional non-negative integer field. Absent or null -> nullopt.
// Present but not an integer in [min_value, max_value] -> error naming the field.
Result<std::optional<uint64_t>> get_uint(const Json& obj, const char* field,
                                         std::string_view source, uint64_t min_value,
                                         uint64_t max_value);
// Reads an optional boolean field (absent or null -> nullopt).
Result<std::optional<bool>> get_bool(const Json& obj, const char* field, std::string_view source);
// Reads an optional string field (absent or null -> nullopt).
Result<std::optional<std::string>> get_string(const Json& obj, const char* field,
                                              std::string_view source);

// A short, printable rendering of a value for error messages (at most ~40 chars).
std::string brief(const Json& value);

}  // namespace vramcalc
