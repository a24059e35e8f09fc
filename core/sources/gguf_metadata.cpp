// GGUF metadata values: scalars, strings and (nested) arrays, walked with bounds
// checks and kept small. Each entry keeps its type, count, offsets and a display
// text; a 150k-token vocabulary is counted and previewed (first few tokens), its
// strings never copied. Limits: strings <= 1 MiB, keys <= 65,535 bytes (spec),
// arrays <= 1e8 elements, checked against the bytes they need before being walked.
#include <cstdio>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "gguf_cursor.h"
#include "printable.h"

namespace vramcalc::gguf_detail {

namespace {

constexpr uint64_t kMaxKeyBytes = 65535;       // spec: keys are at most 2^16 - 1 bytes
constexpr uint64_t kMinNestedArrayBytes = 12;  // u32 element type + u64 count
constexpr size_t kMaxTextBytes = 512;          // display text of one metadata value
constexpr size_t kPreviewElemBytes = 32;       // bytes of each string shown inside an array

bool is_signed(GgufValueType t) {
  return t == GgufValueType::kInt8 || t == GgufValueType::kInt16 || t == GgufValueType::kInt32 ||
         t == GgufValueType::kInt64;
}

// Display text with a size cap, so that a preview of nested arrays stays small.
class Text {
 public:
  explicit Text(bool on) : on_(on) {}
  bool on() const { return on_; }
  void add(std::string_view s) {
    if (!on_) return;
    if (out_.size() + s.size() > kMaxTextBytes) {
      out_ += "...";
      on_ = false;
      return;
    }
    out_ += s;
  }
  std::string take() { return std::move(out_); }

 private:
  bool on_;
  std::string out_;
};

// What a top-level value tells its metadata entry.
struct ValueInfo {
  GgufValueType element_type = GgufValueType::kUint8;  // arrays only
  uint64_t count = 1;
  bool has_uint = false;
  uint64_t uint_value = 0;
};

bool read_value(Cursor& c, GgufValueType type, uint32_t depth, std::string_view what, Text& text,
                ValueInfo* info, size_t string_preview);

bool read_scalar(Cursor& c, GgufValueType type, std::string_view what, Text& text,
                 ValueInfo* info) {
  const uint64_t at = c.pos();
  const uint64_t size = gguf_value_size(type);
  uint64_t raw = 0;
  if (!c.uint(size, &raw, what)) return false;
  bool has_uint = true;
  uint64_t u = raw;
  if (type == GgufValueType::kBool) {
    if (raw > 1) {  // the spec calls any other byte invalid
      return c.fail(ErrorCode::kInvalidField, at, what,
                    "bool value " + std::to_string(raw) + " is neither 0 nor 1");
    }
    text.add(raw != 0 ? "true" : "false");
  } else if (type == GgufValueType::kFloat32 || type == GgufValueType::kFloat64) {
    double d = 0;
    if (size == 4) {
      float f = 0;
      const auto bits = static_cast<uint32_t>(raw);
      std::memcpy(&f, &bits, sizeof f);
      d = f;
    } else {
      std::memcpy(&d, &raw, sizeof d);
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", d);
    text.add(buf);
    has_uint = false;
  } else if (is_signed(type)) {
    const uint64_t sign = size >= 8 ? 0 : uint64_t{1} << (size * 8 - 1);
    const auto s = static_cast<int64_t>(size >= 8 ? raw : (raw ^ sign) - sign);  // sign-extend
    text.add(std::to_string(s));
    has_uint = s >= 0;
    u = has_uint ? static_cast<uint64_t>(s) : 0;
  } else {
    text.add(std::to_string(raw));
  }
  if (info != nullptr) {
    info->has_uint = has_uint;
    info->uint_value = u;
  }
  return true;
}

bool read_array(Cursor& c, uint32_t depth, std::string_view what, Text& text, ValueInfo* info) {
  const uint64_t at = c.pos();
  uint64_t raw_type = 0;
  uint64_t count = 0;
  if (!c.uint(4, &raw_type, what)) return false;
  if (raw_type > static_cast<uint64_t>(GgufValueType::kFloat64)) {
    return c.fail(ErrorCode::kInvalidField, at, what,
                  "unknown array element type " + std::to_string(raw_type));
  }
  if (!c.uint(8, &count, what)) return false;
  if (count > kGgufMaxArrayElements) {
    return c.fail(ErrorCode::kInvalidField, at, what,
                  "array of " + std::to_string(count) + " elements is longer than the limit of " +
                      std::to_string(kGgufMaxArrayElements));
  }
  const auto elem = static_cast<GgufValueType>(raw_type);
  if (elem == GgufValueType::kArray && depth + 2 > kGgufMaxArrayDepth) {
    return c.fail(ErrorCode::kInvalidField, at, what,
                  "arrays nested deeper than " + std::to_string(kGgufMaxArrayDepth));
  }
  if (info != nullptr) {
    info->element_type = elem;
    info->count = count;
  }
  // A lower bound on the array's bytes, checked before walking it (count <= 1e8 and
  // each bound <= 12, so the product cannot wrap): 2^62 elements fail here at once.
  const uint64_t size = gguf_value_size(elem);
  const uint64_t min_each =
      size != 0 ? size : (elem == GgufValueType::kString ? 8 : kMinNestedArrayBytes);
  if (!c.require(count * min_each, what)) return false;
  text.add("[");
  for (uint64_t i = 0; i < count; ++i) {
    const bool show = text.on() && i < kGgufPreviewElements;
    if (!show && size != 0 && elem != GgufValueType::kBool) {
      if (!c.skip((count - i) * size, what)) return false;  // plain numbers: jump over the rest
      break;
    }
    if (show && i > 0) text.add(", ");
    Text sink(show);
    if (!read_value(c, elem, depth + 1, what, sink, nullptr, kPreviewElemBytes)) return false;
    text.add(sink.take());
  }
  text.add(count > kGgufPreviewElements ? ", ...]" : "]");
  return true;
}

// Reads one value of `type` (its type tag already read); `depth` counts the arrays
// around it. Strings are shown up to string_preview bytes.
bool read_value(Cursor& c, GgufValueType type, uint32_t depth, std::string_view what, Text& text,
                ValueInfo* info, size_t string_preview) {
  if (type == GgufValueType::kArray) return read_array(c, depth, what, text, info);
  if (type != GgufValueType::kString) return read_scalar(c, type, what, text, info);
  std::string_view s;
  if (!c.string(&s, kGgufMaxStringBytes, what)) return false;
  if (info != nullptr) info->count = s.size();
  if (text.on()) text.add("\"" + printable(s, string_preview) + "\"");
  return true;
}

}  // namespace

bool read_metadata(Cursor& c, GgufHeader* h) {
  std::unordered_set<std::string_view> seen;  // views into the bytes, which outlive the parse
  for (uint64_t i = 0; i < h->kv_count; ++i) {
    const uint64_t at = c.pos();
    const std::string entry = "key-value " + std::to_string(i);
    std::string_view key;
    if (!c.string(&key, kMaxKeyBytes, entry)) return false;
    if (key.empty()) return c.fail(ErrorCode::kInvalidField, at, entry, "empty key");
    const std::string what = "key '" + printable(key, kNameInMessage) + "'";
    if (!seen.insert(key).second)
      return c.fail(ErrorCode::kInvalidField, at, what, "duplicate key");
    uint64_t raw_type = 0;
    if (!c.uint(4, &raw_type, what)) return false;
    if (raw_type > static_cast<uint64_t>(GgufValueType::kFloat64)) {
      return c.fail(ErrorCode::kInvalidField, c.pos() - 4, what,
                    "unknown value type " + std::to_string(raw_type));
    }
    GgufMetadata m;
    m.key = std::string(key);
    m.type = static_cast<GgufValueType>(raw_type);
    m.element_type = m.type;
    m.offset = at;
    m.value_offset = c.pos();
    ValueInfo info;
    Text text(true);
    if (!read_value(c, m.type, 0, what, text, &info, kGgufPreviewStringBytes)) return false;
    if (m.type == GgufValueType::kArray) m.element_type = info.element_type;
    m.count = info.count;
    m.has_uint = info.has_uint;
    m.uint_value = info.uint_value;
    m.text = text.take();
    if (m.type == GgufValueType::kArray && m.count > kGgufPreviewElements) {
      m.text += " (" + std::to_string(m.count) + " " + to_string(m.element_type) + ")";
    }
    h->metadata.push_back(std::move(m));
  }
  return true;
}

}  // namespace vramcalc::gguf_detail
