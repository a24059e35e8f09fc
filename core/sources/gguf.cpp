// GGUF header parsing: magic, version, counts, metadata (gguf_metadata.cpp), the
// general.* keys the layout depends on, and tensor infos, walked with the cursor of
// gguf_cursor.h. It stops either with an error or with "need more bytes: at least
// N" when the prefix ends inside the header; both public entry points run the same
// walk, so a prefix gguf_bytes_needed calls complete is one parse_gguf_header
// accepts. Nothing is allocated from a length field before its bytes are seen.
#include "gguf.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "gguf_cursor.h"
#include "printable.h"

namespace vramcalc {

namespace {

using gguf_detail::Cursor;
using gguf_detail::kNameInMessage;
using gguf_detail::read_metadata;
using gguf_detail::Stop;

// general.alignment (a u32 power of two, as ggml insists) and general.architecture
// (kept whole: it names the `{arch}.*` keys; the metadata text may be cut).
bool read_general_keys(Cursor& c, std::string_view bytes, GgufHeader* h) {
  const GgufMetadata* m = find_gguf_metadata(*h, "general.alignment");
  if (m != nullptr) {
    const uint64_t a = m->uint_value;
    if (m->type != GgufValueType::kUint32 || a == 0 || (a & (a - 1)) != 0) {
      return c.fail(ErrorCode::kInvalidField, m->offset, "key 'general.alignment'",
                    std::string("must be a u32 power of two, not ") + to_string(m->type) + " " +
                        printable(m->text, kNameInMessage));
    }
    h->alignment = a;
  }
  m = find_gguf_metadata(*h, "general.architecture");
  if (m != nullptr) {
    if (m->type != GgufValueType::kString) {
      return c.fail(ErrorCode::kInvalidField, m->offset, "key 'general.architecture'",
                    std::string("must be a string, not ") + to_string(m->type));
    }
    h->architecture = std::string(
        bytes.substr(static_cast<size_t>(m->value_offset + 8), static_cast<size_t>(m->count)));
  }
  return true;
}

void add_to_inventory(TensorInventory* inv, TensorInfo t) {
  auto row = std::find_if(inv->by_dtype.begin(), inv->by_dtype.end(),
                          [&](const DTypeTotal& d) { return d.dtype == t.dtype; });
  if (row == inv->by_dtype.end()) row = inv->by_dtype.insert(row, DTypeTotal{t.dtype});
  row->tensors += 1;
  row->elements += t.elements;  // sums checked by the caller against the totals
  row->bytes += t.bytes;
  inv->tensors.push_back(std::move(t));
}

bool read_tensor_info(Cursor& c, GgufHeader* h, std::unordered_set<std::string_view>* names) {
  const uint64_t at = c.pos();
  const std::string entry = "tensor " + std::to_string(h->inventory.tensors.size());
  std::string_view name;
  if (!c.string(&name, kGgufMaxStringBytes, entry)) return false;
  const std::string what = "tensor '" + printable(name, kNameInMessage) + "'";
  if (!names->insert(name).second)
    return c.fail(ErrorCode::kInvalidField, at, what, "duplicate tensor name");
  uint64_t n_dims = 0;
  if (!c.uint(4, &n_dims, what)) return false;
  if (n_dims < 1 || n_dims > kGgufMaxDims) {
    return c.fail(
        ErrorCode::kInvalidField, c.pos() - 4, what,
        "n_dims " + std::to_string(n_dims) + " is not in 1.." + std::to_string(kGgufMaxDims));
  }
  TensorInfo t;
  t.name = std::string(name);
  t.shape.resize(static_cast<size_t>(n_dims));
  for (uint64_t& d : t.shape) {
    if (!c.uint(8, &d, what)) return false;
  }
  uint64_t type_id = 0;
  if (!c.uint(4, &type_id, what)) return false;
  const GgmlType* type = find_ggml_type(static_cast<uint32_t>(type_id));
  if (type == nullptr) {
    return c.fail(ErrorCode::kInvalidField, c.pos() - 4, what,
                  "unknown ggml type id " + std::to_string(type_id));
  }
  Result<GgmlTensorSize> size = ggml_tensor_size(*type, t.shape);
  if (!size.ok()) return c.fail(ErrorCode::kInvalidField, at, what, size.error().message);
  uint64_t offset = 0;
  if (!c.uint(8, &offset, what)) return false;
  if (offset % h->alignment != 0) {
    return c.fail(ErrorCode::kInvalidField, c.pos() - 8, what,
                  "data offset " + std::to_string(offset) + " is not a multiple of the alignment " +
                      std::to_string(h->alignment));
  }
  t.dtype = type->name;
  t.elements = size.value().elements;
  t.bytes = size.value().bytes;
  if (__builtin_add_overflow(h->inventory.total_elements, t.elements,
                             &h->inventory.total_elements) ||
      __builtin_add_overflow(h->inventory.total_bytes, t.bytes, &h->inventory.total_bytes)) {
    return c.fail(ErrorCode::kInvalidField, at, what, "total elements or bytes overflow 64 bits");
  }
  h->tensor_offsets.push_back(offset);
  add_to_inventory(&h->inventory, std::move(t));
  return true;
}

// The whole walk: magic, version, counts, metadata, alignment, tensor infos.
Stop parse(Cursor& c, std::string_view bytes, GgufHeader* h) {
  static constexpr char kMagic[4] = {'G', 'G', 'U', 'F'};
  for (size_t i = 0; i < 4 && i < bytes.size(); ++i) {  // reject other files from byte 0
    if (bytes[i] != kMagic[i]) {
      c.fail(ErrorCode::kUnknownModel, 0, "magic",
             "not a GGUF file (it does not start with \"GGUF\")");
      return c.stop();
    }
  }
  uint64_t version = 0;
  if (!c.skip(4, "magic") || !c.uint(4, &version, "version")) return c.stop();
  if (version != 2 && version != 3) {
    std::string why =
        "GGUF version " + std::to_string(version) + " is not supported (only 2 and 3)";
    if (version == 1)
      why = "GGUF version 1 is not supported (only 2 and 3): convert the model again";
    if (version != 0 && (version & 0xFFFF) == 0) {  // ggml's test for a byte-swapped version
      why = "version " + std::to_string(version) +
            " looks byte-swapped: big-endian GGUF is not supported";
    }
    c.fail(ErrorCode::kUnsupported, 4, "version", why);
    return c.stop();
  }
  h->version = static_cast<uint32_t>(version);
  if (!c.uint(8, &h->tensor_count, "tensor_count")) return c.stop();
  if (h->tensor_count > kGgufMaxTensors) {
    c.fail(ErrorCode::kInvalidField, 8, "tensor_count",
           std::to_string(h->tensor_count) + " is more than the limit of " +
               std::to_string(kGgufMaxTensors));
    return c.stop();
  }
  if (!c.uint(8, &h->kv_count, "kv_count")) return c.stop();
  if (h->kv_count > kGgufMaxKeyValues) {
    c.fail(ErrorCode::kInvalidField, 16, "kv_count",
           std::to_string(h->kv_count) + " is more than the limit of " +
               std::to_string(kGgufMaxKeyValues));
    return c.stop();
  }
  if (!read_metadata(c, h) || !read_general_keys(c, bytes, h)) return c.stop();
  std::unordered_set<std::string_view> names;
  for (uint64_t i = 0; i < h->tensor_count; ++i) {
    if (!read_tensor_info(c, h, &names)) return c.stop();
  }
  h->infos_end = c.pos();
  // ggml pads to the alignment only when there are tensors.
  const uint64_t pad =
      h->tensor_count == 0 ? 0 : (h->alignment - h->infos_end % h->alignment) % h->alignment;
  h->header_bytes = h->infos_end + pad;
  return Stop::kNone;
}

// The walk and every check after it. *need > 0: the bytes end inside the header.
Result<GgufHeader> parse_all(std::string_view bytes, uint64_t file_size, std::string_view source,
                             uint64_t* need) {
  *need = 0;
  if (file_size != 0 && bytes.size() > file_size) {
    return make_error(ErrorCode::kInvalidOption,
                      std::string(source) + ": " + std::to_string(bytes.size()) +
                          " bytes handed in but file_size is " + std::to_string(file_size));
  }
  Cursor c(bytes, file_size, source);
  GgufHeader h;
  const Stop stop = parse(c, bytes, &h);
  if (stop == Stop::kError) return c.error();
  if (stop == Stop::kNeedMore) {
    *need = c.need();
    return make_error(ErrorCode::kInvalidField,
                      std::string(source) + ": byte " + std::to_string(bytes.size()) +
                          ": header: truncated: it needs at least " + std::to_string(c.need()) +
                          " bytes (see gguf_bytes_needed)");
  }
  if (auto e = check_gguf_data_ranges(h, file_size, source)) return *e;
  Result<GgufHyperparams> hp = read_gguf_hyperparams(h, bytes, source);
  if (!hp.ok()) return hp.error();
  h.hp = std::move(hp.value());
  for (const GgufMetadata& m : h.metadata) h.inventory.metadata.emplace_back(m.key, m.text);
  return h;
}

}  // namespace

const GgufMetadata* find_gguf_metadata(const GgufHeader& header, std::string_view key) {
  for (const GgufMetadata& m : header.metadata) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

Result<GgufHeader> parse_gguf_header(std::string_view bytes, uint64_t file_size,
                                     std::string_view source) {
  uint64_t need = 0;
  return parse_all(bytes, file_size, source, &need);
}

Result<uint64_t> gguf_bytes_needed(std::string_view prefix, uint64_t file_size,
                                   std::string_view source) {
  uint64_t need = 0;
  Result<GgufHeader> h = parse_all(prefix, file_size, source, &need);
  if (need != 0) return need;
  if (!h.ok()) return h.error();
  return h.value().infos_end;
}

}  // namespace vramcalc
