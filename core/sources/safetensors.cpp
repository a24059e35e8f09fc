// safetensors header, index and shard merging. Every number from the file is
// treated as hostile: integers are type-checked before get<>, products and sums
// are overflow-checked, and names are made printable before they reach a message.
#include "safetensors.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "json_util.h"
#include "printable.h"

namespace vramcalc {

namespace {

constexpr size_t kMaxNameInMessage = 80;  // bytes of a name quoted in an error

std::string num(uint64_t v) { return std::to_string(v); }

Error field_error(ErrorCode code, std::string_view source, const char* field,
                  const std::string& what) {
  return make_error(code, std::string(source) + ": field '" + field + "' " + what);
}

// A JSON integer >= 0. Floats (4096.0) and negatives are rejected, as the
// reference's usize fields do; integers beyond 2^64 arrive here as floats.
std::optional<uint64_t> as_uint(const Json& v) {
  return v.is_number_unsigned() ? std::optional<uint64_t>(v.get<uint64_t>()) : std::nullopt;
}

std::string dims(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + num(shape[i]);
  return s + "]";
}

// A tensor as parsed, with its byte range in the buffer after the header.
struct Entry {
  TensorInfo info;     // name, dtype, shape, elements, bytes
  uint64_t begin = 0;  // bytes from the start of the byte buffer
  uint64_t end = 0;    // one past the last byte
};

// Errors about one tensor: "<source>: tensor '<name>': field '<field>' <what>".
struct Where {
  std::string_view source;  // file name for messages
  std::string_view name;    // tensor name as in the file
  Error operator()(ErrorCode code, const char* field, const std::string& what) const {
    return make_error(code, std::string(source) + ": tensor '" +
                                printable(name, kMaxNameInMessage) + "': field '" + field + "' " +
                                what);
  }
};

// `obj[field]`: an array of at most `max_len` non-negative integers.
Result<std::vector<uint64_t>> uint_array(const Json& obj, const char* field, size_t max_len,
                                         const Where& at) {
  const auto it = obj.find(field);
  if (it == obj.end()) return at(ErrorCode::kMissingField, field, "is missing");
  if (!it->is_array()) {
    return at(ErrorCode::kInvalidField, field, "must be an array (got " + brief(*it) + ")");
  }
  if (it->size() > max_len) {
    return at(ErrorCode::kInvalidField, field,
              "has " + num(it->size()) + " entries (at most " + num(max_len) + ")");
  }
  std::vector<uint64_t> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::optional<uint64_t> v = as_uint((*it)[i]);
    if (!v) {
      return at(
          ErrorCode::kInvalidField, field,
          "entry [" + num(i) + "] must be a non-negative integer (got " + brief((*it)[i]) + ")");
    }
    out.push_back(*v);
  }
  return out;
}

// One tensor's entry: types, dtype, checked element count and byte size.
Result<Entry> parse_tensor(const std::string& name, const Json& value, std::string_view source) {
  const Where at{source, name};
  if (name.size() > kMaxTensorNameBytes) {
    return at(ErrorCode::kInvalidField, "name",
              "is " + num(name.size()) + " bytes (at most " + num(kMaxTensorNameBytes) + ")");
  }
  if (!value.is_object()) {
    return at(ErrorCode::kInvalidField, "value",
              "must be an object with dtype, shape, data_offsets (got " + brief(value) + ")");
  }
  const auto dt = value.find("dtype");
  if (dt == value.end()) return at(ErrorCode::kMissingField, "dtype", "is missing");
  const std::optional<SafetensorsDType> dtype =
      dt->is_string() ? find_safetensors_dtype(dt->get_ref<const std::string&>()) : std::nullopt;
  if (!dtype) {
    std::string known;
    for (const SafetensorsDType& d : safetensors_dtypes()) known += std::string(" ") + d.name;
    return at(ErrorCode::kInvalidField, "dtype",
              "must be a safetensors dtype (" + known.substr(1) + "), got " + brief(*dt));
  }
  Entry e;
  e.info.name = name;
  e.info.dtype = dtype->name;
  Result<std::vector<uint64_t>> shape = uint_array(value, "shape", kMaxTensorRank, at);
  if (!shape.ok()) return shape.error();
  e.info.shape = std::move(shape.value());
  const std::string what = dims(e.info.shape) + " of " + dtype->name;
  uint64_t elements = 1;  // a rank-0 tensor is a scalar
  for (uint64_t d : e.info.shape) {
    if (__builtin_mul_overflow(elements, d, &elements)) {
      return at(ErrorCode::kInvalidField, "shape", what + " has more than 2^64 elements");
    }
  }
  uint64_t bits = 0;
  if (__builtin_mul_overflow(elements, uint64_t{dtype->bits}, &bits)) {
    return at(ErrorCode::kInvalidField, "shape", what + " is more than 2^64 bits");
  }
  // Sub-byte tensors must fill whole bytes: the reference rejects them otherwise.
  if (bits % 8 != 0) {
    return at(ErrorCode::kInconsistentModel, "shape",
              what + " is " + num(bits) + " bits, not a whole number of bytes");
  }
  e.info.elements = elements;
  e.info.bytes = bits / 8;

  Result<std::vector<uint64_t>> offsets = uint_array(value, "data_offsets", 2, at);
  if (!offsets.ok()) return offsets.error();
  if (offsets.value().size() != 2) {
    return at(ErrorCode::kInvalidField, "data_offsets",
              "must be [begin, end] (got " + num(offsets.value().size()) + " entries)");
  }
  e.begin = offsets.value()[0];
  e.end = offsets.value()[1];
  const std::string range = "[" + num(e.begin) + ", " + num(e.end) + "]";
  if (e.begin > e.end) {
    return at(ErrorCode::kInconsistentModel, "data_offsets", range + " ends before it begins");
  }
  if (e.end - e.begin != e.info.bytes) {
    return at(ErrorCode::kInconsistentModel, "data_offsets",
              range + " spans " + num(e.end - e.begin) + " bytes but " + what + " needs " +
                  num(e.info.bytes));
  }
  return e;
}

// __metadata__: a string -> string map (null counts as absent).
Result<std::vector<std::pair<std::string, std::string>>> parse_metadata(const Json& value,
                                                                        std::string_view source) {
  std::vector<std::pair<std::string, std::string>> out;
  if (value.is_null()) return out;
  if (!value.is_object()) {
    return field_error(ErrorCode::kInvalidField, source, "__metadata__",
                       "must be an object of strings (got " + brief(value) + ")");
  }
  for (const auto& kv : value.items()) {
    if (!kv.value().is_string()) {
      return field_error(ErrorCode::kInvalidField, source, "__metadata__",
                         "key '" + printable(kv.key(), kMaxNameInMessage) +
                             "' must be a string (got " + brief(kv.value()) + ")");
    }
    out.emplace_back(kv.key(), kv.value().get<std::string>());
  }
  return out;
}

// Recomputes by_dtype (first-seen order), total_elements and total_bytes.
std::optional<Error> retotal(TensorInventory& inv, std::string_view source) {
  inv.by_dtype.clear();
  inv.total_elements = 0;
  inv.total_bytes = 0;
  for (const TensorInfo& t : inv.tensors) {
    auto row = std::find_if(inv.by_dtype.begin(), inv.by_dtype.end(),
                            [&](const DTypeTotal& d) { return d.dtype == t.dtype; });
    if (row == inv.by_dtype.end()) row = inv.by_dtype.insert(row, DTypeTotal{t.dtype, 0, 0, 0});
    row->tensors += 1;
    // Elements can exceed bytes (F4 packs two per byte), so even one file's sum can wrap.
    if (__builtin_add_overflow(row->elements, t.elements, &row->elements) ||
        __builtin_add_overflow(row->bytes, t.bytes, &row->bytes) ||
        __builtin_add_overflow(inv.total_elements, t.elements, &inv.total_elements) ||
        __builtin_add_overflow(inv.total_bytes, t.bytes, &inv.total_bytes)) {
      return Where{source, t.name}(ErrorCode::kInvalidField, "shape",
                                   "brings the model's total past 2^64 elements or bytes");
    }
  }
  return std::nullopt;
}

// Checks a header length `n` (bytes) against the format and the file.
std::optional<Error> check_length(uint64_t n, uint64_t file_size, std::string_view source) {
  const std::string got = "(bytes 0..7) is " + num(n);
  if (n == 0 || n > kMaxSafetensorsHeaderBytes) {
    return field_error(
        ErrorCode::kInvalidField, source, "header_length",
        got + ", outside 1.." + num(kMaxSafetensorsHeaderBytes) + " (not a safetensors file?)");
  }
  if (file_size != 0 && (file_size < 8 || n > file_size - 8)) {
    return field_error(ErrorCode::kInconsistentModel, source, "header_length",
                       got + " bytes, past the end of the " + num(file_size) + "-byte file");
  }
  return std::nullopt;
}

}  // namespace

const std::vector<SafetensorsDType>& safetensors_dtypes() {
  // huggingface/safetensors src/tensor.rs, enum Dtype and Dtype::bitsize().
  static const std::vector<SafetensorsDType> kAll = {
      {"BOOL", 8},        {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
      {"I8", 8},          {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8},
      {"F8_E5M2FNUZ", 8}, {"I16", 16},    {"U16", 16},    {"F16", 16},    {"BF16", 16},
      {"I32", 32},        {"U32", 32},    {"F32", 32},    {"C64", 64},    {"F64", 64},
      {"I64", 64},        {"U64", 64},
  };
  return kAll;
}

std::optional<SafetensorsDType> find_safetensors_dtype(std::string_view name) {
  for (const SafetensorsDType& d : safetensors_dtypes()) {
    if (name == d.name) return d;
  }
  return std::nullopt;
}

Result<uint64_t> safetensors_header_length(std::string_view first8, uint64_t file_size,
                                           std::string_view source) {
  if (first8.size() < 8) {
    return make_error(ErrorCode::kInvalidJson,
                      std::string(source) + ": only " + num(first8.size()) +
                          " bytes; a safetensors file starts with an 8-byte header length");
  }
  uint64_t n = 0;
  for (size_t i = 8; i-- > 0;) n = (n << 8) | static_cast<unsigned char>(first8[i]);
  if (auto err = check_length(n, file_size, source)) return *err;
  return n;
}

Result<TensorInventory> parse_safetensors_header(std::string_view header_json, uint64_t file_size,
                                                 std::string_view source) {
  if (auto err = check_length(header_json.size(), file_size, source)) return *err;
  const uint64_t header_end = 8 + uint64_t{header_json.size()};  // bytes; where the buffer starts
  Result<Json> parsed = parse_json(header_json, source, kMaxSafetensorsHeaderBytes);
  if (!parsed.ok()) return parsed.error();
  const Json& root = parsed.value();
  if (!root.is_object()) {
    return make_error(
        ErrorCode::kInvalidJson,
        std::string(source) + ": header must be a JSON object (got " + brief(root) + ")");
  }
  const size_t count = root.size() - root.count("__metadata__");
  if (count > kMaxSafetensorsTensors) {
    return make_error(ErrorCode::kInvalidField, std::string(source) + ": header lists " +
                                                    num(count) + " tensors (at most " +
                                                    num(kMaxSafetensorsTensors) + ")");
  }

  TensorInventory inv;
  std::vector<Entry> entries;
  entries.reserve(count);
  for (const auto& kv : root.items()) {
    if (kv.key() == "__metadata__") {
      auto meta = parse_metadata(kv.value(), source);
      if (!meta.ok()) return meta.error();
      inv.metadata = std::move(meta.value());
      continue;
    }
    Result<Entry> e = parse_tensor(kv.key(), kv.value(), source);
    if (!e.ok()) return e.error();
    entries.push_back(std::move(e.value()));
  }

  // The reference sorts by data_offsets, then requires the ranges to tile the
  // buffer from 0: no holes (they would allow polyglot files) and no overlap.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end < b.end;
    return a.info.name < b.info.name;
  });
  const uint64_t buffer = file_size != 0 ? file_size - header_end : 0;  // bytes after header
  uint64_t next = 0;  // where the next tensor must begin
  const std::string* prev = nullptr;
  for (const Entry& e : entries) {
    const Where at{source, e.info.name};
    const std::string range = "[" + num(e.begin) + ", " + num(e.end) + "]";
    if (e.begin < next) {
      return at(ErrorCode::kInconsistentModel, "data_offsets",
                range + " overlaps tensor '" + printable(*prev, kMaxNameInMessage) +
                    "' ending at " + num(next));
    }
    if (e.begin > next) {
      return at(ErrorCode::kInconsistentModel, "data_offsets",
                range + " leaves bytes [" + num(next) + ", " + num(e.begin) +
                    ") of the buffer unindexed");
    }
    if (file_size != 0 && e.end > buffer) {
      return at(ErrorCode::kInconsistentModel, "data_offsets",
                range + " runs past the " + num(buffer) + "-byte buffer after the header");
    }
    next = e.end;
    prev = &e.info.name;
  }
  if (file_size != 0 && next != buffer) {
    return field_error(ErrorCode::kInconsistentModel, source, "data_offsets",
                       "of all tensors end at " + num(next) + " but the buffer holds " +
                           num(buffer) + " bytes (the rest is unindexed)");
  }

  inv.tensors.reserve(entries.size());
  for (Entry& e : entries) inv.tensors.push_back(std::move(e.info));
  if (auto err = retotal(inv, source)) return *err;
  return inv;
}

Result<SafetensorsIndex> parse_safetensors_index(std::string_view bytes, std::string_view source) {
  Result<Json> parsed = parse_json(bytes, source, kMaxIndexJsonBytes);
  if (!parsed.ok()) return parsed.error();
  const Json& root = parsed.value();
  if (!root.is_object()) {
    return make_error(
        ErrorCode::kInvalidJson,
        std::string(source) + ": index must be a JSON object (got " + brief(root) + ")");
  }
  SafetensorsIndex index;
  const auto meta = root.find("metadata");
  if (meta != root.end() && !meta->is_null()) {
    if (!meta->is_object()) {
      return field_error(ErrorCode::kInvalidField, source, "metadata",
                         "must be an object (got " + brief(*meta) + ")");
    }
    auto total = get_uint(*meta, "total_size", source, 0, UINT64_MAX);
    if (!total.ok()) return total.error();
    index.total_size = total.value().value_or(0);
  }
  const auto map = root.find("weight_map");
  if (map == root.end()) {
    return field_error(ErrorCode::kMissingField, source, "weight_map", "is missing");
  }
  if (!map->is_object()) {
    return field_error(ErrorCode::kInvalidField, source, "weight_map",
                       "must be an object of tensor -> file (got " + brief(*map) + ")");
  }
  if (map->size() > kMaxSafetensorsTensors) {
    return field_error(
        ErrorCode::kInvalidField, source, "weight_map",
        "lists " + num(map->size()) + " tensors (at most " + num(kMaxSafetensorsTensors) + ")");
  }
  index.weight_map.reserve(map->size());
  for (const auto& kv : map->items()) {
    const std::string& name = kv.key();
    const Where at{source, name};
    if (name.size() > kMaxTensorNameBytes) {
      return at(ErrorCode::kInvalidField, "weight_map",
                "key is " + num(name.size()) + " bytes (at most " + num(kMaxTensorNameBytes) + ")");
    }
    if (!kv.value().is_string()) {
      return at(ErrorCode::kInvalidField, "weight_map",
                "must name a file (got " + brief(kv.value()) + ")");
    }
    const std::string& file = kv.value().get_ref<const std::string&>();
    // The CLI opens shards beside the index: no absolute paths or "..".
    const std::string slashed = "/" + file + "/";
    const bool bad = file.empty() || file.size() > kMaxTensorNameBytes || file[0] == '/' ||
                     file.find('\\') != std::string::npos ||
                     slashed.find("/../") != std::string::npos ||
                     std::any_of(file.begin(), file.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    if (bad) {
      return at(
          ErrorCode::kInvalidField, "weight_map",
          "file '" + printable(file, kMaxNameInMessage) + "' must be a relative path without '..'");
    }
    index.weight_map.emplace_back(name, file);
    index.shard_files.push_back(file);
  }
  std::sort(index.shard_files.begin(), index.shard_files.end());
  index.shard_files.erase(std::unique(index.shard_files.begin(), index.shard_files.end()),
                          index.shard_files.end());
  index.tensor_count = index.weight_map.size();
  return index;
}

Result<TensorInventory> combine_shards(const std::vector<TensorInventory>& shards,
                                       std::string_view source) {
  TensorInventory out;
  size_t count = 0;
  for (const TensorInventory& s : shards) count += s.tensors.size();
  out.tensors.reserve(count);
  std::unordered_map<std::string_view, size_t> seen;  // tensor name -> shard index
  seen.reserve(count);
  std::set<std::string> keys;  // metadata keys taken so far
  for (size_t i = 0; i < shards.size(); ++i) {
    for (const TensorInfo& t : shards[i].tensors) {
      const auto [it, fresh] = seen.emplace(t.name, i);
      if (!fresh) {
        return Where{source, t.name}(ErrorCode::kInconsistentModel, "name",
                                     "appears in shard " + num(it->second + 1) + " and shard " +
                                         num(i + 1) + " of " + num(shards.size()));
      }
      out.tensors.push_back(t);
    }
    for (const auto& kv : shards[i].metadata) {
      if (keys.insert(kv.first).second) out.metadata.push_back(kv);
    }
  }
  if (auto err = retotal(out, source)) return *err;
  return out;
}

}  // namespace vramcalc
