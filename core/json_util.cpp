// Exception-free JSON parsing with error offsets, and checked field access.
#include "json_util.h"

#include <cmath>

namespace vramcalc {

namespace {

// The DOM builder, plus a record of the first syntax error instead of a throw.
class RecordingDomParser : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit RecordingDomParser(Json& out) : json_sax_dom_parser<Json>(out, false) {}
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    failed = true;
    offset = position;
    message = ex.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    const auto close = message.find("] ");
    if (message.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
      message = message.substr(close + 2);
    }
    return false;
  }
  bool failed = false;
  size_t offset = 0;
  std::string message;
};

std::string where(std::string_view source, const char* field) {
  return std::string(source) + ": field '" + field + "'";
}

}  // namespace

Result<Json> parse_json(std::string_view bytes, std::string_view source) {
  if (bytes.empty()) {
    return make_error(ErrorCode::kInvalidJson, std::string(source) + ": empty file (0 bytes)");
  }
  if (bytes.size() > kMaxJsonBytes) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": " + std::to_string(bytes.size()) +
                          " bytes is too large for a JSON config (limit " +
                          std::to_string(kMaxJsonBytes) + ")");
  }
  Json root;
  RecordingDomParser sax(root);
  Json::sax_parse(bytes.begin(), bytes.end(), &sax, nlohmann::detail::input_format_t::json, true,
                  false);
  if (sax.failed) {
    const bool truncated = sax.offset >= bytes.size();
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": invalid JSON at byte " +
                          std::to_string(sax.offset > 0 ? sax.offset - 1 : 0) +
                          (truncated ? " (truncated: unexpected end of file)" : "") + ": " +
                          sax.message);
  }
  return root;
}

Result<std::optional<uint64_t>> get_uint(const Json& obj, const char* field,
                                         std::string_view source, uint64_t min_value,
                                         uint64_t max_value) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<uint64_t>{};
  const Json& v = *it;
  const std::string range =
      "an integer in " + std::to_string(min_value) + ".." + std::to_string(max_value);
  uint64_t value = 0;
  if (v.is_number_unsigned()) {
    value = v.get<uint64_t>();
  } else if (v.is_number_integer()) {  // signed: only negative values reach here from text
    if (v.get<int64_t>() < 0) {
      return make_error(ErrorCode::kInvalidField,
                        where(source, field) + " must be " + range + " (got " + brief(v) + ")");
    }
    value = static_cast<uint64_t>(v.get<int64_t>());
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    // 4096.0 is accepted; 4096.5, -1.0, inf and 1e300 are not.
    if (!(d >= 0.0 && d <= 9.0e15 && std::floor(d) == d)) {
      return make_error(ErrorCode::kInvalidField,
                        where(source, field) + " must be " + range + " (got " + brief(v) + ")");
    }
    value = static_cast<uint64_t>(d);
  } else {
    return make_error(ErrorCode::kInvalidField,
                      where(source, field) + " must be " + range + " (got " + brief(v) + ")");
  }
  if (value < min_value || value > max_value) {
    return make_error(ErrorCode::kInvalidField,
                      where(source, field) + " must be " + range + " (got " + brief(v) + ")");
  }
  return std::optional<uint64_t>{value};
}

Result<std::optional<bool>> get_bool(const Json& obj, const char* field,
                                     std::string_view source) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<bool>{};
  if (!it->is_boolean()) {
    return make_error(ErrorCode::kInvalidField,
                      where(source, field) + " must be true or false (got " + brief(*it) + ")");
  }
  return std::optional<bool>{it->get<bool>()};
}

Result<std::optional<std::string>> get_string(const Json& obj, const char* field,
                                              std::string_view source) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) {
    return make_error(ErrorCode::kInvalidField,
                      where(source, field) + " must be a string (got " + brief(*it) + ")");
  }
  return std::optional<std::string>{it->get<std::string>()};
}

std::string brief(const Json& value) {
  std::string s = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

}  // namespace vramcalc
