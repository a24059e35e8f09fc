// Exception-free JSON parsing with error offsets, and checked field access.
#include "json_util.h"

#include <cmath>

#include "file_limits.h"

namespace vramcalc {

namespace {

// What both parses share: the nesting-depth cap, checked as each array or object
// opens (so no DOM deeper than kMaxJsonDepth is ever built and nothing later,
// copies, dump() or destruction, can recurse deeply), and a record of the first
// syntax error instead of a throw.
class ParseLimits {
 public:
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
  bool too_deep = false;
  size_t offset = 0;
  std::string message;

 protected:
  bool enter() {
    if (++depth_ > kMaxJsonDepth) {
      too_deep = true;
      return false;
    }
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }
  size_t depth() const { return depth_; }

 private:
  size_t depth_ = 0;
};

// The DOM builder under ParseLimits.
class RecordingDomParser : public nlohmann::detail::json_sax_dom_parser<Json>, public ParseLimits {
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;

 public:
  explicit RecordingDomParser(Json& out) : Base(out, false) {}
  bool start_object(std::size_t n) { return enter() && Base::start_object(n); }
  bool start_array(std::size_t n) { return enter() && Base::start_array(n); }
  bool end_object() { return leave() && Base::end_object(); }
  bool end_array() { return leave() && Base::end_array(); }
  using ParseLimits::parse_error;
};

// Byte offset of the bracket that opens nesting level `level` (1 = the root),
// scanning outside strings; only called once a parse stopped for depth.
// True when bytes[i] belongs to a JSON string (its quotes included; an escaped
// character is stepped over), so the scanners below see only structure.
bool within_string(std::string_view bytes, size_t& i, bool& in_string) {
  const char c = bytes[i];
  if (in_string) {
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = false;
    }
    return true;
  }
  in_string = c == '"';
  return in_string;
}

size_t offset_of_level(std::string_view bytes, size_t level) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (within_string(bytes, i, in_string)) continue;
    const char c = bytes[i];
    if (c == '[' || c == '{') {
      if (++depth == level) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return bytes.size();
}

std::string where(std::string_view source, const char* field) {
  return std::string(source) + ": field '" + field + "'";
}

// Python's json module writes the non-standard literals Infinity, -Infinity and
// NaN (e.g. Nemotron-H's time_step_limit [0.0, Infinity]). They are read as the
// strings "Infinity", "-Infinity" and "NaN": a field that may be non-finite is
// never a count here, and a count given one is refused by get_uint naming it.
// Returns the rewritten text (empty when there is nothing to rewrite) and the
// original offsets of the insertions, so error offsets can be mapped back.
struct PythonLiterals {
  std::string text;
  std::vector<size_t> inserted_at;  // offsets (in the rewritten text) of added quotes
};

PythonLiterals quote_python_literals(std::string_view bytes) {
  PythonLiterals out;
  bool in_string = false;
  size_t copied = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (within_string(bytes, i, in_string)) continue;
    size_t len = 0;
    for (std::string_view word : {"Infinity", "-Infinity", "NaN"}) {
      if (bytes.substr(i, word.size()) == word) len = word.size();
    }
    if (len == 0) continue;
    out.text.append(bytes.substr(copied, i - copied));
    out.inserted_at.push_back(out.text.size());
    out.text += '"';
    out.text.append(bytes.substr(i, len));
    out.inserted_at.push_back(out.text.size());
    out.text += '"';
    copied = i + len;
    i += len - 1;
  }
  if (!out.inserted_at.empty()) out.text.append(bytes.substr(copied));
  return out;
}

// An offset in the rewritten text, as an offset in the original bytes.
size_t original_offset(const PythonLiterals& p, size_t offset) {
  size_t before = 0;
  while (before < p.inserted_at.size() && p.inserted_at[before] < offset) ++before;
  return offset - before;
}

// The size check before a parse, and the errors after it, shared by both parses.
std::optional<Error> check_size(std::string_view bytes, std::string_view source,
                                uint64_t max_bytes) {
  if (bytes.empty()) {
    return make_error(ErrorCode::kInvalidJson, std::string(source) + ": empty file (0 bytes)");
  }
  if (bytes.size() > max_bytes) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": " + std::to_string(bytes.size()) +
                          " bytes is too large for this kind of JSON file (limit " +
                          std::to_string(max_bytes) + ")");
  }
  return std::nullopt;
}

template <typename Sax>
std::optional<Error> parse_errors(const Sax& sax, std::string_view bytes, std::string_view source) {
  if (sax.too_deep) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": JSON nested deeper than " +
                          std::to_string(kMaxJsonDepth) + " levels (at byte " +
                          std::to_string(offset_of_level(bytes, kMaxJsonDepth + 1)) +
                          "); real model files nest fewer than 10");
  }
  if (sax.failed) {
    const bool truncated = sax.offset >= bytes.size();
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": invalid JSON at byte " +
                          std::to_string(sax.offset > 0 ? sax.offset - 1 : 0) +
                          (truncated ? " (truncated: unexpected end of file)" : "") + ": " +
                          sax.message);
  }
  return std::nullopt;
}

// Records the keys of the top-level object and nothing else (no DOM).
struct TopLevelKeys : ParseLimits {
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const std::string&) { return true; }
  bool string(std::string&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    if (depth() == 0) root_is_object = true;
    return enter();
  }
  bool start_array(std::size_t) { return enter(); }
  bool end_object() { return leave(); }
  bool end_array() { return leave(); }
  bool key(std::string& k) {
    if (depth() == 1) keys.push_back(k);
    return true;
  }
  bool root_is_object = false;
  std::vector<std::string> keys;
};

// Runs `sax` over `bytes`, with Python's literals quoted first when there are any;
// errors name offsets in the original bytes.
template <typename Sax>
std::optional<Error> run_sax(std::string_view bytes, std::string_view source, uint64_t max_bytes,
                             Sax& sax) {
  if (auto err = check_size(bytes, source, max_bytes)) return err;
  const PythonLiterals quoted = quote_python_literals(bytes);
  const std::string_view text = quoted.inserted_at.empty() ? bytes : quoted.text;
  Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, true,
                  false);
  sax.offset = original_offset(quoted, sax.offset);
  return parse_errors(sax, bytes, source);
}

}  // namespace

Result<Json> parse_json(std::string_view bytes, std::string_view source, uint64_t max_bytes) {
  Json root;
  RecordingDomParser sax(root);
  if (auto err = run_sax(bytes, source, max_bytes, sax)) return *err;
  return root;
}

Result<std::vector<std::string>> json_top_level_keys(std::string_view bytes,
                                                     std::string_view source, uint64_t max_bytes) {
  TopLevelKeys sax;
  if (auto err = run_sax(bytes, source, max_bytes, sax)) return *err;
  if (!sax.root_is_object) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": a model's JSON file must be a JSON object");
  }
  return std::move(sax.keys);
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

Result<std::optional<bool>> get_bool(const Json& obj, const char* field, std::string_view source) {
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

namespace {

// Appends a rendering of `v` to `out`, stopping once `out` holds `budget` bytes:
// a huge array or string costs only what is shown.
void brief_into(const Json& v, std::string& out, size_t budget, int depth) {
  if (out.size() >= budget) return;
  if (v.is_object() || v.is_array()) {
    const bool obj = v.is_object();
    if (depth >= 3 && !v.empty()) {
      out += obj ? "{...}" : "[...]";
      return;
    }
    out += obj ? '{' : '[';
    bool first = true;
    for (auto it = v.begin(); it != v.end() && out.size() < budget; ++it) {
      if (!first) out += ',';
      first = false;
      if (obj) {
        brief_into(Json(it.key().substr(0, budget)), out, budget, depth + 1);
        out += ':';
      }
      brief_into(*it, out, budget, depth + 1);
    }
    out += obj ? '}' : ']';
  } else if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    const Json cut = s.size() > budget ? Json(s.substr(0, budget)) : v;
    out += cut.dump(-1, ' ', true, Json::error_handler_t::replace);
  } else {
    out += v.dump(-1, ' ', true, Json::error_handler_t::replace);
  }
}

}  // namespace

std::string brief(const Json& value) {
  std::string s;
  brief_into(value, s, 41, 0);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

}  // namespace vramcalc
