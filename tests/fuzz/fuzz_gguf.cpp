// libFuzzer target: the input is the start of a GGUF file. The chunked read of
// gguf.h is replayed on growing prefixes (gguf_bytes_needed must grow and end),
// the header is parsed with the file size unknown and then with the size its
// tensor data implies (which must agree), and the model goes through
// model_from_gguf and every workload of fuzz_common.h.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "gguf.h"
#include "gguf_spec.h"

using namespace vramcalc;

namespace {

constexpr const char* kSource = "model.gguf";

void check_header(const GgufHeader& h, size_t size) {
  FUZZ_CHECK(h.version == 2 || h.version == 3);
  FUZZ_CHECK(h.infos_end <= size);
  FUZZ_CHECK(h.infos_end <= h.header_bytes);
  FUZZ_CHECK(h.alignment > 0 && (h.alignment & (h.alignment - 1)) == 0);
  FUZZ_CHECK(h.header_bytes - h.infos_end < h.alignment);
  FUZZ_CHECK(h.tensor_count == 0 || h.header_bytes % h.alignment == 0);
  FUZZ_CHECK(h.metadata.size() == h.kv_count);
  FUZZ_CHECK(h.inventory.tensors.size() == h.tensor_count);
  FUZZ_CHECK(h.tensor_offsets.size() == h.tensor_count);
  uint64_t elements = 0, bytes = 0;
  for (size_t i = 0; i < h.inventory.tensors.size(); ++i) {
    const TensorInfo& t = h.inventory.tensors[i];
    FUZZ_CHECK(!t.shape.empty() && t.shape.size() <= kGgufMaxDims);
    FUZZ_CHECK(h.tensor_offsets[i] % h.alignment == 0);
    FUZZ_CHECK(!__builtin_add_overflow(elements, t.elements, &elements));
    FUZZ_CHECK(!__builtin_add_overflow(bytes, t.bytes, &bytes));
  }
  FUZZ_CHECK(elements == h.inventory.total_elements && bytes == h.inventory.total_bytes);
  for (const GgufMetadata& m : h.metadata) {
    FUZZ_CHECK(m.offset < h.infos_end && m.value_offset < h.infos_end);
  }
}

// One past the last byte of tensor data: the smallest file the header fits.
uint64_t data_end(const GgufHeader& h) {
  uint64_t end = h.tensor_count == 0 ? h.infos_end : h.header_bytes;
  for (size_t i = 0; i < h.inventory.tensors.size(); ++i) {
    end = std::max(end, h.header_bytes + h.tensor_offsets[i] + h.inventory.tensors[i].bytes);
  }
  return end;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // The chunked read: start small, read at least what is asked (doubling), stop
  // when the prefix holds the header, on an error, or at the end of the input.
  size_t have = std::min<size_t>(size, 32);
  uint64_t last_need = 0;
  Result<uint64_t> need = gguf_bytes_needed(bytes.substr(0, have), 0, kSource);
  for (int round = 0;; ++round) {
    FUZZ_CHECK(round < 64);  // doubling reaches 64 MiB long before this
    fuzz::check_result(need);
    if (!need.ok() || need.value() <= have) break;
    FUZZ_CHECK(need.value() > last_need);  // a lower bound that grows
    last_need = need.value();
    if (need.value() > size) break;  // the input ends inside the header
    have =
        static_cast<size_t>(std::max<uint64_t>(need.value(), std::min<uint64_t>(2 * have, size)));
    need = gguf_bytes_needed(bytes.substr(0, have), 0, kSource);
  }

  Result<GgufHeader> header = parse_gguf_header(bytes, 0, kSource);
  fuzz::check_result(header);
  Result<uint64_t> whole = gguf_bytes_needed(bytes, 0, kSource);
  fuzz::check_result(whole);
  // The two entry points agree: a complete header parses, and the need is its end.
  FUZZ_CHECK(header.ok() == (whole.ok() && whole.value() <= size));
  if (!header.ok()) {
    // The chunked loop must have ended the same way (error, or input too short).
    if (need.ok()) FUZZ_CHECK(need.value() > have || need.value() > size);
    return 0;
  }
  const GgufHeader& h = header.value();
  check_header(h, size);
  FUZZ_CHECK(whole.value() == h.infos_end);
  FUZZ_CHECK(last_need <= h.infos_end);  // never more than the header really needs
  FUZZ_CHECK(need.ok() && need.value() == h.infos_end);

  // Exactly the header's bytes parse the same; one byte less does not.
  Result<GgufHeader> exact = parse_gguf_header(bytes.substr(0, h.infos_end), 0, kSource);
  FUZZ_CHECK(exact.ok());
  FUZZ_CHECK(exact.value().inventory.total_bytes == h.inventory.total_bytes);
  if (h.infos_end > 0) {
    Result<GgufHeader> shorter = parse_gguf_header(bytes.substr(0, h.infos_end - 1), 0, kSource);
    FUZZ_CHECK(!shorter.ok());
    fuzz::check_error(shorter.error());
  }

  // A file just long enough for the tensor data is accepted; one byte shorter is not
  // when a tensor's data ends there.
  const uint64_t end = data_end(h);
  Result<GgufHeader> sized = parse_gguf_header(bytes.substr(0, h.infos_end), end, kSource);
  fuzz::check_result(sized);
  FUZZ_CHECK(sized.ok());
  if (end > h.infos_end) {
    Result<GgufHeader> cut = parse_gguf_header(bytes.substr(0, h.infos_end), end - 1, kSource);
    fuzz::check_result(cut);
    FUZZ_CHECK(!cut.ok());
  }

  Result<ModelSpec> spec = model_from_gguf(h, kSource);
  fuzz::check_result(spec);
  if (!spec.ok()) return 0;
  const ModelSpec& m = spec.value();
  for (const std::string& n : m.notes) FUZZ_CHECK(n.find('\n') == std::string::npos);
  fuzz::exercise_model(m, fuzz::fnv1a(bytes));
  return 0;
}
