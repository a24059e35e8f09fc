// What a parsed GGUF header means for the model: where the tensor data lies in
// the file, and the architecture hyperparameters llama.cpp reads from `{arch}.*`
// keys (key names from llama.cpp src/llama-arch.cpp, LLM_KV_NAMES). Counts may be
// stored as any integer type (the spec asks readers to accept u32 and u64 alike);
// head counts and the MLP width may be per-layer arrays (llama.cpp's
// get_key_or_arr: OpenELM, hybrid models with attention-free layers).
#include <algorithm>
#include <string>

#include "gguf.h"
#include "printable.h"

namespace vramcalc {

namespace {

constexpr uint64_t kMaxLayers = 65536;      // entries of a per-layer array
constexpr size_t kNameInMessage = 80;       // bytes of a key / tensor name in a message
constexpr uint64_t kArrayValueHeader = 12;  // u32 element type + u64 count

bool is_signed(GgufValueType t) {
  return t == GgufValueType::kInt8 || t == GgufValueType::kInt16 || t == GgufValueType::kInt32 ||
         t == GgufValueType::kInt64;
}

bool is_integer(GgufValueType t) {
  return gguf_value_size(t) != 0 && t != GgufValueType::kBool && t != GgufValueType::kFloat32 &&
         t != GgufValueType::kFloat64;
}

struct HpKey {
  const char* suffix;                              // after "<arch>."
  uint64_t GgufHyperparams::*field;                // the scalar (max over layers for arrays)
  std::vector<uint64_t> GgufHyperparams::*layers;  // per-layer values, or nullptr
};

// clang-format off
const HpKey kKeys[] = {
    {"block_count",               &GgufHyperparams::block_count,               nullptr},
    {"embedding_length",          &GgufHyperparams::embedding_length,          nullptr},
    {"feed_forward_length",       &GgufHyperparams::feed_forward_length,
                                  &GgufHyperparams::feed_forward_length_per_layer},
    {"attention.head_count",      &GgufHyperparams::head_count,                &GgufHyperparams::head_count_per_layer},
    {"attention.head_count_kv",   &GgufHyperparams::head_count_kv,             &GgufHyperparams::head_count_kv_per_layer},
    {"attention.key_length",      &GgufHyperparams::key_length,                nullptr},
    {"attention.value_length",    &GgufHyperparams::value_length,              nullptr},
    {"context_length",            &GgufHyperparams::context_length,            nullptr},
    {"vocab_size",                &GgufHyperparams::vocab_size,                nullptr},
    {"attention.sliding_window",  &GgufHyperparams::sliding_window,            nullptr},
    {"expert_count",              &GgufHyperparams::expert_count,              nullptr},
    {"expert_used_count",         &GgufHyperparams::expert_used_count,         nullptr},
    {"expert_shared_count",       &GgufHyperparams::expert_shared_count,       nullptr},
    {"leading_dense_block_count", &GgufHyperparams::leading_dense_block_count, nullptr},
    {"attention.q_lora_rank",     &GgufHyperparams::q_lora_rank,               nullptr},
    {"attention.kv_lora_rank",    &GgufHyperparams::kv_lora_rank,              nullptr},
    {"rope.dimension_count",      &GgufHyperparams::rope_dimension_count,      nullptr},
};
// clang-format on

Error bad_key(const GgufMetadata& m, std::string_view source, const std::string& msg) {
  return make_error(
      ErrorCode::kInvalidField,
      std::string(source) + ": byte " + std::to_string(m.offset) + ": key '" + m.key + "': " + msg);
}

// All elements of an integer array, read again from the bytes the header came from.
Result<std::vector<uint64_t>> uint_array(const GgufMetadata& m, std::string_view bytes,
                                         std::string_view source) {
  if (!is_integer(m.element_type)) {
    return bad_key(m, source,
                   std::string("expected integers, got an array of ") + to_string(m.element_type));
  }
  if (m.count > kMaxLayers) {
    return bad_key(m, source,
                   "per-layer array of " + std::to_string(m.count) + " entries is longer than " +
                       std::to_string(kMaxLayers));
  }
  const uint64_t size = gguf_value_size(m.element_type);
  const uint64_t start = m.value_offset + kArrayValueHeader;
  if (start > bytes.size() || m.count * size > bytes.size() - start) {
    return bad_key(m, source, "the bytes handed in end inside the array");
  }
  std::vector<uint64_t> out;
  out.reserve(static_cast<size_t>(m.count));
  for (uint64_t i = 0; i < m.count; ++i) {
    uint64_t raw = 0;
    for (uint64_t b = 0; b < size; ++b) {
      raw |= uint64_t{static_cast<uint8_t>(bytes[static_cast<size_t>(start + i * size + b)])}
             << (8 * b);
    }
    const uint64_t sign_bit = uint64_t{1} << (size * 8 - 1);
    if (is_signed(m.element_type) && (raw & sign_bit) != 0) {
      return bad_key(m, source, "entry " + std::to_string(i) + " is negative");
    }
    out.push_back(raw);
  }
  return out;
}

}  // namespace

std::optional<Error> check_gguf_data_ranges(const GgufHeader& h, uint64_t file_size,
                                            std::string_view source) {
  const std::vector<TensorInfo>& ts = h.inventory.tensors;
  // Messages point at the tensor's data in the file (data section start + offset).
  const auto fail = [&](size_t i, const std::string& msg) {
    uint64_t at = h.header_bytes;
    if (__builtin_add_overflow(at, h.tensor_offsets[i], &at)) at = h.header_bytes;
    // A position past the end of the file is no place to look: name the tensor only.
    const bool inside = file_size == 0 || at < file_size;
    return make_error(ErrorCode::kInconsistentModel,
                      std::string(source) + ": " +
                          (inside ? "byte " + std::to_string(at) + ": " : std::string()) +
                          "tensor '" + printable(ts[i].name, kNameInMessage) + "': " + msg);
  };
  if (ts.size() != h.tensor_offsets.size()) {
    const std::string what = ": tensor_offsets and inventory.tensors differ in length";
    return make_error(ErrorCode::kInvalidOption, std::string(source) + what);
  }
  const std::string eof = " the end of the file (" + std::to_string(file_size) + " bytes)";
  if (file_size != 0 && !ts.empty() && h.header_bytes > file_size) {
    return make_error(ErrorCode::kInconsistentModel,
                      std::string(source) + ": byte " + std::to_string(h.infos_end) +
                          ": header: the data section starts at byte " +
                          std::to_string(h.header_bytes) + ", past" + eof);
  }
  std::vector<size_t> order;  // tensors with data, sorted by offset below
  for (size_t i = 0; i < ts.size(); ++i) {
    uint64_t end = 0;
    if (__builtin_add_overflow(h.tensor_offsets[i], ts[i].bytes, &end) ||
        __builtin_add_overflow(end, h.header_bytes, &end) || (file_size != 0 && end > file_size)) {
      return fail(i, "data at offset " + std::to_string(h.tensor_offsets[i]) + " (" +
                         std::to_string(ts[i].bytes) + " bytes) runs past" + eof);
    }
    if (ts[i].bytes != 0) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return h.tensor_offsets[a] < h.tensor_offsets[b]; });
  for (size_t k = 1; k < order.size(); ++k) {
    const size_t prev = order[k - 1];
    const size_t cur = order[k];
    if (h.tensor_offsets[prev] + ts[prev].bytes > h.tensor_offsets[cur]) {
      return fail(cur, "data at offset " + std::to_string(h.tensor_offsets[cur]) +
                           " overlaps tensor '" + printable(ts[prev].name, kNameInMessage) +
                           "' (offset " + std::to_string(h.tensor_offsets[prev]) + ", " +
                           std::to_string(ts[prev].bytes) + " bytes)");
    }
  }
  return std::nullopt;
}

Result<GgufHyperparams> read_gguf_hyperparams(const GgufHeader& header, std::string_view bytes,
                                              std::string_view source) {
  GgufHyperparams hp;
  if (!header.architecture.empty()) {
    const std::string prefix = header.architecture + ".";
    for (const HpKey& k : kKeys) {
      const GgufMetadata* m = find_gguf_metadata(header, prefix + k.suffix);
      if (m == nullptr) continue;
      if (m->type == GgufValueType::kArray && k.layers != nullptr) {
        Result<std::vector<uint64_t>> values = uint_array(*m, bytes, source);
        if (!values.ok()) return values.error();
        const std::vector<uint64_t>& v = values.value();
        // block_count is read first (kKeys order). llama.cpp refuses this too
        // (llama-model-loader.cpp get_key_or_arr: "key %s has wrong array length").
        if (hp.block_count != 0 && v.size() != hp.block_count) {
          return bad_key(*m, source,
                         "per-layer array has " + std::to_string(v.size()) + " entries but " +
                             prefix + "block_count is " + std::to_string(hp.block_count));
        }
        hp.*k.field = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
        hp.*k.layers = std::move(values.value());
      } else if (m->has_uint && m->type != GgufValueType::kBool) {
        hp.*k.field = m->uint_value;
      } else {
        return bad_key(*m, source,
                       std::string("expected a non-negative integer") +
                           (k.layers != nullptr ? " or an array of them" : "") + ", got " +
                           to_string(m->type) + " " + printable(m->text, kNameInMessage));
      }
    }
  }
  // llama.cpp takes the vocabulary size from the token list when the key is absent.
  const GgufMetadata* tokens = find_gguf_metadata(header, "tokenizer.ggml.tokens");
  if (hp.vocab_size == 0 && tokens != nullptr && tokens->type == GgufValueType::kArray) {
    hp.vocab_size = tokens->count;
  }
  return hp;
}

}  // namespace vramcalc
