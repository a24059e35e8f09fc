// libFuzzer target: the input is a whole safetensors file. Bytes 0..7 give the
// header length (checked against the input's size, as the CLI does); the header
// is parsed as framed by that length with the input's size as the file size, and
// the rest of the input is also parsed whole as a header of unknown file size,
// then again with the exact file size its data offsets imply (which must agree),
// as a model.safetensors.index.json, and split into shards that must recombine.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint.h"
#include "fuzz_common.h"
#include "presets.h"
#include "safetensors.h"

using namespace vramcalc;

namespace {

constexpr const char* kSource = "model.safetensors";

void check_inventory(const TensorInventory& inv) {
  uint64_t elements = 0, bytes = 0, tensors = 0;
  for (const TensorInfo& t : inv.tensors) {
    FUZZ_CHECK(find_safetensors_dtype(t.dtype).has_value());
    FUZZ_CHECK(t.shape.size() <= kMaxTensorRank);
    FUZZ_CHECK(t.name.size() <= kMaxTensorNameBytes);
    uint64_t n = 1;
    for (uint64_t d : t.shape) FUZZ_CHECK(!__builtin_mul_overflow(n, d, &n));
    FUZZ_CHECK(n == t.elements);
    FUZZ_CHECK(!__builtin_add_overflow(elements, t.elements, &elements));
    FUZZ_CHECK(!__builtin_add_overflow(bytes, t.bytes, &bytes));
  }
  FUZZ_CHECK(elements == inv.total_elements);
  FUZZ_CHECK(bytes == inv.total_bytes);
  uint64_t e2 = 0, b2 = 0;
  for (const DTypeTotal& d : inv.by_dtype) {
    tensors += d.tensors;
    e2 += d.elements;
    b2 += d.bytes;
  }
  FUZZ_CHECK(tensors == inv.tensors.size());
  FUZZ_CHECK(e2 == inv.total_elements && b2 == inv.total_bytes);
}

bool same_inventory(const TensorInventory& a, const TensorInventory& b) {
  if (a.tensors.size() != b.tensors.size()) return false;
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    if (a.tensors[i].name != b.tensors[i].name || a.tensors[i].bytes != b.tensors[i].bytes) {
      return false;
    }
  }
  return a.total_elements == b.total_elements && a.total_bytes == b.total_bytes;
}

// The inventory alone (a bare count), and joined to a preset's architecture.
void exercise_inventory(const TensorInventory& inv, uint64_t seed) {
  fuzz::exercise_model(model_from_checkpoint(inv, "safetensors", kSource), seed);
  static const Preset* preset = find_preset("llama-3.2-1b");
  if (preset == nullptr) return;
  Result<ModelSpec> base = load_preset(*preset);
  if (!base.ok()) return;
  ModelSpec m = base.value();
  attach_checkpoint(m, inv, "safetensors");
  fuzz::Case c;  // inference with the stored bytes as the weights
  Result<Estimate> e = estimate(m, c.w, c.h);
  fuzz::check_result(e);
  if (e.ok()) {
    fuzz::check_estimate(e.value(), c.h);
    fuzz::check_estimate_report(e.value());
  }
}

void check_index(std::string_view bytes) {
  Result<SafetensorsIndex> index = parse_safetensors_index(bytes, "model.safetensors.index.json");
  fuzz::check_result(index);
  if (!index.ok()) return;
  const SafetensorsIndex& x = index.value();
  FUZZ_CHECK(x.tensor_count == x.weight_map.size());
  for (size_t i = 0; i < x.shard_files.size(); ++i) {
    const std::string& f = x.shard_files[i];
    FUZZ_CHECK(!f.empty() && f[0] != '/');
    FUZZ_CHECK(("/" + f + "/").find("/../") == std::string::npos);
    if (i > 0) FUZZ_CHECK(x.shard_files[i - 1] < f);
  }
  for (const auto& [tensor, file] : x.weight_map) {
    FUZZ_CHECK(std::binary_search(x.shard_files.begin(), x.shard_files.end(), file));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  const uint64_t seed = fuzz::fnv1a(file);

  // 1. As the CLI reads a file: the length prefix, then exactly that many bytes.
  Result<uint64_t> n = safetensors_header_length(file.substr(0, 8), size, kSource);
  fuzz::check_result(n);
  fuzz::check_result(safetensors_header_length(file.substr(0, 8), 0, kSource));
  if (n.ok()) {
    FUZZ_CHECK(n.value() > 0 && n.value() <= size - 8);
    Result<TensorInventory> inv =
        parse_safetensors_header(file.substr(8, static_cast<size_t>(n.value())), size, kSource);
    fuzz::check_result(inv);
    if (inv.ok()) {
      check_inventory(inv.value());
      FUZZ_CHECK(inv.value().total_bytes == size - 8 - n.value());  // tensors tile the data
      exercise_inventory(inv.value(), seed);
    }
  }
  if (size < 8) return 0;

  // 2. The rest as a header of unknown file size, then of the size it implies.
  const std::string_view rest = file.substr(8);
  Result<TensorInventory> loose = parse_safetensors_header(rest, 0, kSource);
  fuzz::check_result(loose);
  if (loose.ok()) {
    const TensorInventory& inv = loose.value();
    check_inventory(inv);
    uint64_t exact = 0;
    if (!__builtin_add_overflow(8 + uint64_t{rest.size()}, inv.total_bytes, &exact)) {
      Result<TensorInventory> sized = parse_safetensors_header(rest, exact, kSource);
      fuzz::check_result(sized);
      FUZZ_CHECK(sized.ok());
      FUZZ_CHECK(same_inventory(inv, sized.value()));
      // One byte more is an unindexed byte at the end of the file: refused.
      if (exact < UINT64_MAX) {
        Result<TensorInventory> longer = parse_safetensors_header(rest, exact + 1, kSource);
        FUZZ_CHECK(!longer.ok());
        fuzz::check_error(longer.error());
      }
    }
    // Split into two shards: they recombine to the same totals; a shard twice is refused.
    TensorInventory first, second;
    const size_t half = inv.tensors.size() / 2;
    first.tensors.assign(inv.tensors.begin(), inv.tensors.begin() + static_cast<long>(half));
    second.tensors.assign(inv.tensors.begin() + static_cast<long>(half), inv.tensors.end());
    second.metadata = inv.metadata;
    Result<TensorInventory> joined = combine_shards({first, second}, kSource);
    fuzz::check_result(joined);
    FUZZ_CHECK(joined.ok());
    FUZZ_CHECK(same_inventory(inv, joined.value()));
    check_inventory(joined.value());
    if (!inv.tensors.empty()) {
      Result<TensorInventory> twice = combine_shards({inv, inv}, kSource);
      FUZZ_CHECK(!twice.ok());
      fuzz::check_error(twice.error());
    }
    exercise_inventory(inv, seed);
  }

  // 3. The rest as a sharded checkpoint's index.
  check_index(rest);
  return 0;
}
