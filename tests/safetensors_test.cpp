// safetensors.h: headers are built here as real file prefixes (8-byte little-endian
// length + JSON) and read the way the browser does: length first, then the slice
// [8, 8 + N). Expected counts are hand-derived: elements = product of shape,
// bytes = elements x bits / 8 (BF16 16, F8 8, F6 6, F4 4 bits; spec src/tensor.rs).
#include "safetensors.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "json_util.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;
using testing::IsOk;

// The 8 bytes of a little-endian u64.
std::string LengthBytes(uint64_t n) {
  std::string out;
  for (int i = 0; i < 8; ++i, n >>= 8) out += static_cast<char>(n & 0xFF);
  return out;
}

// 8-byte little-endian N followed by the N-byte header: a safetensors file prefix.
std::string Frame(const std::string& json) { return LengthBytes(json.size()) + json; }

// One tensor's header entry.
std::string T(const std::string& name, const std::string& dtype, const std::string& shape,
              uint64_t begin, uint64_t end) {
  return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
         ",\"data_offsets\":[" + std::to_string(begin) + "," + std::to_string(end) + "]}";
}

// Reads `frame` as a file of frame.size() + buffer_bytes bytes (buffer_bytes < 0:
// size unknown), as the browser does: header length, then the header slice.
Result<TensorInventory> Read(const std::string& frame, int64_t buffer_bytes,
                             const char* source = "model.safetensors") {
  const uint64_t size = buffer_bytes < 0 ? 0 : frame.size() + static_cast<uint64_t>(buffer_bytes);
  Result<uint64_t> n =
      safetensors_header_length(std::string_view(frame).substr(0, 8), size, source);
  if (!n.ok()) return n.error();
  return parse_safetensors_header(std::string_view(frame).substr(8, n.value()), size, source);
}

// Reads a header `{entries}` followed by buffer_bytes of tensor data (-1: size unknown).
Result<TensorInventory> Header(const std::string& entries, int64_t buffer_bytes = -1) {
  return Read(Frame("{" + entries + "}"), buffer_bytes);
}

bool Contains(const Error& e, const std::string& part) {
  return e.message.find(part) != std::string::npos;
}

TEST(safetensors_test, dtype_table_matches_spec) {
  EXPECT_EQ(safetensors_dtypes().size(), 22u);
  EXPECT_EQ(find_safetensors_dtype("F4")->bits, 4u);
  EXPECT_EQ(find_safetensors_dtype("F6_E2M3")->bits, 6u);
  EXPECT_EQ(find_safetensors_dtype("F6_E3M2")->bits, 6u);
  EXPECT_EQ(find_safetensors_dtype("F8_E8M0")->bits, 8u);
  EXPECT_EQ(find_safetensors_dtype("F8_E4M3FNUZ")->bits, 8u);
  EXPECT_EQ(find_safetensors_dtype("BOOL")->bits, 8u);
  EXPECT_EQ(find_safetensors_dtype("BF16")->bits, 16u);
  EXPECT_EQ(find_safetensors_dtype("C64")->bits, 64u);
  EXPECT_EQ(find_safetensors_dtype("U64")->bits, 64u);
  EXPECT_FALSE(find_safetensors_dtype("bf16").has_value());  // names are case-sensitive
  EXPECT_FALSE(find_safetensors_dtype("Q4_K").has_value());
}

TEST(safetensors_test, header_length_is_little_endian) {
  auto n = safetensors_header_length(LengthBytes(0x0102) + "trailing bytes ignored", 0, "m");
  ASSERT_TRUE(IsOk(n));
  EXPECT_EQ(n.value(), 258u);
  // Exactly fills a known file: 8 + 258 bytes.
  EXPECT_TRUE(IsOk(safetensors_header_length(LengthBytes(258), 266, "m")));
}

TEST(safetensors_test, header_length_rejects_hostile_values) {
  const auto short_file = safetensors_header_length("1234567", 0, "m.safetensors");
  EXPECT_TRUE(FailsWith(short_file, ErrorCode::kInvalidJson));
  EXPECT_TRUE(Contains(short_file.error(), "m.safetensors: only 7 bytes"));

  EXPECT_TRUE(
      FailsWith(safetensors_header_length(LengthBytes(0), 0, "m"), ErrorCode::kInvalidField));
  const auto huge = safetensors_header_length(LengthBytes(uint64_t{1} << 60), 0, "m");
  EXPECT_TRUE(FailsWith(huge, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(huge.error(), "field 'header_length'"));
  EXPECT_TRUE(Contains(huge.error(), "1152921504606846976"));
  EXPECT_TRUE(FailsWith(safetensors_header_length(LengthBytes(UINT64_MAX), 0, "m"),
                        ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(safetensors_header_length(LengthBytes(100000001), 0, "m"),
                        ErrorCode::kInvalidField));
  // One limit, the format's own (MAX_HEADER_SIZE = 100,000,000): exactly it is read.
  const auto at_limit = safetensors_header_length(LengthBytes(100000000), 0, "m");
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit.value(), 100000000u);

  const auto past = safetensors_header_length(LengthBytes(1000), 500, "m");
  EXPECT_TRUE(FailsWith(past, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(past.error(), "500-byte file"));
  EXPECT_TRUE(FailsWith(safetensors_header_length(LengthBytes(259), 266, "m"),
                        ErrorCode::kInconsistentModel));
  EXPECT_TRUE(
      FailsWith(safetensors_header_length(LengthBytes(1), 7, "m"), ErrorCode::kInconsistentModel));
}

// A [4096, 4096] BF16 matrix: 4096^2 = 16,777,216 parameters x 2 bytes = 33,554,432 bytes.
TEST(safetensors_test, single_bf16_matrix) {
  const std::string frame = Frame("{" + T("x.weight", "BF16", "[4096,4096]", 0, 33554432) + "}");
  auto inv = Read(frame, 33554432);
  ASSERT_TRUE(IsOk(inv));
  ASSERT_EQ(inv.value().tensors.size(), 1u);
  const TensorInfo& t = inv.value().tensors[0];
  EXPECT_EQ(t.name, "x.weight");
  EXPECT_EQ(t.dtype, "BF16");
  EXPECT_EQ(t.shape, (std::vector<uint64_t>{4096, 4096}));
  EXPECT_EQ(t.elements, 16777216u);
  EXPECT_EQ(t.bytes, 33554432u);
  EXPECT_EQ(inv.value().total_elements, 16777216u);
  EXPECT_EQ(inv.value().total_bytes, 33554432u);
  EXPECT_TRUE(inv.value().metadata.empty());
}

// Buffer layout (hand-computed, bytes):
//   embed  BF16    [32000,4096] 131,072,000 el  262,144,000 B  [0, 262144000)
//   up     F8_E4M3 [11008,4096]  45,088,768 el   45,088,768 B  [.., 307232768)
//   scale  F8_E8M0 [11008,128]    1,409,024 el    1,409,024 B  [.., 308641792)
//   down   F4      [4096,11008]  45,088,768 el   22,544,384 B  [.., 331186176)
//   f6     F6_E2M3 [4,32]               128 el           96 B  [.., 331186272)
//   norm   F32     [4096]             4,096 el       16,384 B  [.., 331202656)
//   empty  F16     [0,16]                 0 el            0 B  [331202656, 331202656)
//   step   I64     []                     1 el            8 B  [.., 331202664)
// Totals: 222,662,785 elements, 331,202,664 bytes. Keys are listed out of order.
TEST(safetensors_test, mixed_dtypes_with_sub_byte_sizes_in_offset_order) {
  const std::string json = "{" + T("step", "I64", "[]", 331202656, 331202664) + "," +
                           T("down", "F4", "[4096,11008]", 308641792, 331186176) + "," +
                           T("embed", "BF16", "[32000,4096]", 0, 262144000) + "," +
                           T("norm", "F32", "[4096]", 331186272, 331202656) + "," +
                           T("up", "F8_E4M3", "[11008,4096]", 262144000, 307232768) + "," +
                           T("empty", "F16", "[0,16]", 331202656, 331202656) + "," +
                           T("f6", "F6_E2M3", "[4,32]", 331186176, 331186272) + "," +
                           T("scale", "F8_E8M0", "[11008,128]", 307232768, 308641792) +
                           ",\"__metadata__\":{\"format\":\"pt\",\"quant\":\"mxfp4\"}}";
  auto inv = Read(Frame(json), 331202664);
  ASSERT_TRUE(IsOk(inv));
  const TensorInventory& v = inv.value();
  const std::vector<std::string> order = {"embed", "up",   "scale", "down",
                                          "f6",    "norm", "empty", "step"};
  ASSERT_EQ(v.tensors.size(), order.size());
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(v.tensors[i].name, order[i]);
  EXPECT_EQ(v.tensors[3].elements, 45088768u);
  EXPECT_EQ(v.tensors[3].bytes, 22544384u);  // F4: two per byte
  EXPECT_EQ(v.tensors[4].bytes, 96u);        // F6: 128 x 6 / 8
  EXPECT_EQ(v.tensors[6].elements, 0u);
  EXPECT_EQ(v.tensors[7].elements, 1u);  // rank 0 is a scalar
  EXPECT_TRUE(v.tensors[7].shape.empty());
  EXPECT_EQ(v.total_elements, 222662785u);
  EXPECT_EQ(v.total_bytes, 331202664u);

  const std::vector<std::string> dtypes = {"BF16",    "F8_E4M3", "F8_E8M0", "F4",
                                           "F6_E2M3", "F32",     "F16",     "I64"};
  ASSERT_EQ(v.by_dtype.size(), dtypes.size());
  for (size_t i = 0; i < dtypes.size(); ++i) EXPECT_EQ(v.by_dtype[i].dtype, dtypes[i]);
  EXPECT_EQ(v.by_dtype[3].elements, 45088768u);
  EXPECT_EQ(v.by_dtype[3].bytes, 22544384u);
  EXPECT_EQ(v.by_dtype[0].bytes, 262144000u);
  EXPECT_EQ(v.by_dtype[0].tensors, 1u);

  ASSERT_EQ(v.metadata.size(), 2u);
  EXPECT_EQ(v.metadata[0], (std::pair<std::string, std::string>{"format", "pt"}));
  EXPECT_EQ(v.metadata[1], (std::pair<std::string, std::string>{"quant", "mxfp4"}));
  // Spaces padding the header to 8-byte alignment (the writer's habit) are fine.
  EXPECT_TRUE(IsOk(Read(Frame(json + "     "), 331202664)));
}

TEST(safetensors_test, metadata_must_be_string_to_string) {
  EXPECT_TRUE(IsOk(Header("\"__metadata__\":null")));
  EXPECT_TRUE(IsOk(Header("\"__metadata__\":{}")));
  auto bad = Header("\"__metadata__\":{\"format\":\"pt\",\"epochs\":3}");
  EXPECT_TRUE(FailsWith(bad, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(bad.error(), "model.safetensors: field '__metadata__' key 'epochs'"));
  EXPECT_TRUE(FailsWith(Header("\"__metadata__\":[\"pt\"]"), ErrorCode::kInvalidField));
}

TEST(safetensors_test, ten_thousand_tensors) {
  // layer.i: F16 [64,64] = 4096 el, 8192 B, stored in reverse name order.
  std::string json = "{";
  for (int i = 0; i < 10000; ++i) {
    std::string name = std::to_string(i);
    name = "layer." + std::string(5 - name.size(), '0') + name;
    const uint64_t begin = static_cast<uint64_t>(9999 - i) * 8192;
    json += (i ? "," : "") + T(name, "F16", "[64,64]", begin, begin + 8192);
  }
  auto inv = Read(Frame(json + "}"), 81920000);
  ASSERT_TRUE(IsOk(inv));
  ASSERT_EQ(inv.value().tensors.size(), 10000u);
  EXPECT_EQ(inv.value().tensors.front().name, "layer.09999");
  EXPECT_EQ(inv.value().tensors.back().name, "layer.00000");
  EXPECT_EQ(inv.value().total_elements, 40960000u);
  EXPECT_EQ(inv.value().total_bytes, 81920000u);
  ASSERT_EQ(inv.value().by_dtype.size(), 1u);
  EXPECT_EQ(inv.value().by_dtype[0].tensors, 10000u);
}

TEST(safetensors_test, json_errors) {
  const std::string full = "{" + T("x", "U8", "[4]", 0, 4) + "}";
  auto truncated = Read(Frame(full.substr(0, full.size() - 3)), -1);
  EXPECT_TRUE(FailsWith(truncated, ErrorCode::kInvalidJson));
  EXPECT_TRUE(Contains(truncated.error(), "model.safetensors: invalid JSON"));
  EXPECT_TRUE(FailsWith(Read(Frame("[1,2]"), -1), ErrorCode::kInvalidJson));
  EXPECT_TRUE(FailsWith(Read(Frame("\"str\""), -1), ErrorCode::kInvalidJson));
  EXPECT_TRUE(FailsWith(parse_safetensors_header(std::string(100000001, ' '), 0, "m"),
                        ErrorCode::kInvalidField));
}

TEST(safetensors_test, field_type_errors_name_the_field) {
  auto neg = Header(T("x.weight", "F32", "[4,-1]", 0, 16));
  EXPECT_TRUE(FailsWith(neg, ErrorCode::kInvalidField));
  EXPECT_TRUE(
      Contains(neg.error(), "model.safetensors: tensor 'x.weight': field 'shape' entry [1]"));

  struct Case {
    std::string entries;  // header body
    ErrorCode code;       // expected id
    std::string field;    // expected in the message
  };
  const std::vector<Case> cases = {
      {T("x", "F32", "[\"4\"]", 0, 16), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "F32", "[4.0]", 0, 16), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "F32", "[1e30]", 0, 16), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "F32", "[99999999999999999999]", 0, 16), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "F32", "4", 0, 16), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "F32", "[1,1,1,1,1,1,1,1,1]", 0, 4), ErrorCode::kInvalidField, "field 'shape'"},
      {T("x", "Q4_K", "[4]", 0, 16), ErrorCode::kInvalidField, "field 'dtype'"},
      {"\"x\":{\"dtype\":5,\"shape\":[4],\"data_offsets\":[0,4]}", ErrorCode::kInvalidField,
       "field 'dtype'"},
      {"\"x\":{\"shape\":[4],\"data_offsets\":[0,4]}", ErrorCode::kMissingField, "field 'dtype'"},
      {"\"x\":{\"dtype\":\"U8\",\"data_offsets\":[0,4]}", ErrorCode::kMissingField,
       "field 'shape'"},
      {"\"x\":{\"dtype\":\"U8\",\"shape\":[4]}", ErrorCode::kMissingField, "field 'data_offsets'"},
      {"\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":\"0,4\"}", ErrorCode::kInvalidField,
       "field 'data_offsets'"},
      {"\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0]}", ErrorCode::kInvalidField,
       "field 'data_offsets'"},
      {"\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4,8]}", ErrorCode::kInvalidField,
       "field 'data_offsets'"},
      {"\"x\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[-1,3]}", ErrorCode::kInvalidField,
       "field 'data_offsets'"},
      {"\"x\":\"U8\"", ErrorCode::kInvalidField, "tensor 'x'"},
  };
  for (const Case& c : cases) {
    auto r = Header(c.entries);
    EXPECT_TRUE(FailsWith(r, c.code)) << c.entries;
    if (!r.ok()) {
      EXPECT_TRUE(Contains(r.error(), c.field)) << r.error().message;
    }
  }
}

TEST(safetensors_test, overflowing_and_count_like_numbers) {
  // [2^40, 2^40] = 2^80 elements.
  auto product = Header(T("x", "U8", "[1099511627776,1099511627776]", 0, 0));
  EXPECT_TRUE(FailsWith(product, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(product.error(), "tensor 'x': field 'shape'"));
  // 2^62 F32 elements fit in 64 bits, their 2^67 bits do not.
  EXPECT_TRUE(
      FailsWith(Header(T("x", "F32", "[4611686018427387904]", 0, 0)), ErrorCode::kInvalidField));
  // 2^62 bytes claimed for 2^60 U8 elements.
  EXPECT_TRUE(FailsWith(Header(T("x", "U8", "[1152921504606846976]", 0, uint64_t{1} << 62)),
                        ErrorCode::kInconsistentModel));
  // 2^60 U8 bytes is self-consistent; it fails only against a known file size.
  const std::string big = T("x", "U8", "[1152921504606846976]", 0, uint64_t{1} << 60);
  auto unknown = Header(big);
  ASSERT_TRUE(IsOk(unknown));
  EXPECT_EQ(unknown.value().total_bytes, uint64_t{1} << 60);
  auto past = Header(big, 4096);
  EXPECT_TRUE(FailsWith(past, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(past.error(), "field 'data_offsets'"));
  // Five F4 tensors of 15 x 2^58 elements (15 x 2^57 bytes each): every tensor and
  // the 75 x 2^57 total bytes fit in 64 bits, the 75 x 2^58 total elements do not.
  const uint64_t el = uint64_t{15} << 58, by = uint64_t{15} << 57;
  std::string five;
  for (uint64_t i = 0; i < 5; ++i) {
    five += (i ? "," : "") +
            T("t" + std::to_string(i), "F4", "[" + std::to_string(el) + "]", i * by, (i + 1) * by);
  }
  auto total = Header(five);
  EXPECT_TRUE(FailsWith(total, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(total.error(), "tensor 't4'"));
  EXPECT_TRUE(IsOk(Header(five.substr(0, five.rfind(",\"t4\"")))));  // four fit
}

TEST(safetensors_test, offsets_must_match_and_tile_the_buffer) {
  auto mismatch = Header(T("x.weight", "BF16", "[4,4]", 0, 16));
  EXPECT_TRUE(FailsWith(mismatch, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(mismatch.error(),
                       "model.safetensors: tensor 'x.weight': field 'data_offsets' [0, 16]"));
  EXPECT_TRUE(Contains(mismatch.error(), "needs 32"));
  EXPECT_TRUE(FailsWith(Header(T("x", "U8", "[0]", 8, 4)), ErrorCode::kInconsistentModel));
  // F4 x 3 = 12 bits: not whole bytes (the reference's MisalignedSlice).
  EXPECT_TRUE(FailsWith(Header(T("x", "F4", "[3]", 0, 2)), ErrorCode::kInconsistentModel));

  auto overlap = Header(T("a", "U8", "[8]", 0, 8) + "," + T("b", "U8", "[8]", 4, 12));
  EXPECT_TRUE(FailsWith(overlap, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(overlap.error(), "tensor 'b': field 'data_offsets'"));
  EXPECT_TRUE(Contains(overlap.error(), "overlaps tensor 'a'"));
  auto gap = Header(T("a", "U8", "[8]", 0, 8) + "," + T("b", "U8", "[8]", 16, 24));
  EXPECT_TRUE(FailsWith(gap, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(gap.error(), "[8, 16)"));
  EXPECT_TRUE(FailsWith(Header(T("a", "U8", "[8]", 4, 12)), ErrorCode::kInconsistentModel));
  auto twice = Header(T("a", "U8", "[8]", 0, 8) + "," + T("b", "U8", "[8]", 0, 8));
  EXPECT_TRUE(FailsWith(twice, ErrorCode::kInconsistentModel));

  // Known file size: the tensors must end exactly where the file does.
  const std::string one = T("a", "U8", "[8]", 0, 8);
  EXPECT_TRUE(IsOk(Header(one, 8)));
  auto short_buffer = Header(one, 7);
  EXPECT_TRUE(FailsWith(short_buffer, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(short_buffer.error(), "runs past the 7-byte buffer"));
  EXPECT_TRUE(FailsWith(Header(one, 9), ErrorCode::kInconsistentModel));  // 1 byte unindexed
  EXPECT_TRUE(FailsWith(parse_safetensors_header("{" + one + "}", 10, "m"),
                        ErrorCode::kInconsistentModel));  // header itself past the file
}

TEST(safetensors_test, names_are_limited_and_printed_on_one_line) {
  const std::string long_name(5000, 'n');
  auto r = Header(T(long_name, "U8", "[1]", 0, 1));
  EXPECT_TRUE(FailsWith(r, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(r.error(), "tensor '" + std::string(77, 'n') + "...'"));
  EXPECT_FALSE(Contains(r.error(), std::string(81, 'n')));
  // A newline in a name (JSON "\n") stays out of the one-line message.
  auto nl = Header(T("a\\nb", "U8", "[2]", 0, 1));
  EXPECT_TRUE(FailsWith(nl, ErrorCode::kInconsistentModel));  // FailsWith checks one line
  EXPECT_TRUE(Contains(nl.error(), "tensor 'a\\x0ab'"));
}

const char* kIndex = R"({
  "metadata": {"total_size": 16060522496},
  "weight_map": {
    "model.norm.weight": "model-00002-of-00002.safetensors",
    "lm_head.weight": "model-00002-of-00002.safetensors",
    "model.embed_tokens.weight": "model-00001-of-00002.safetensors"
  }
})";

TEST(safetensors_test, index_json) {
  auto r = parse_safetensors_index(kIndex, "model.safetensors.index.json");
  ASSERT_TRUE(IsOk(r));
  const SafetensorsIndex& idx = r.value();
  EXPECT_EQ(idx.total_size, 16060522496u);
  EXPECT_EQ(idx.tensor_count, 3u);
  EXPECT_EQ(idx.shard_files, (std::vector<std::string>{"model-00001-of-00002.safetensors",
                                                       "model-00002-of-00002.safetensors"}));
  ASSERT_EQ(idx.weight_map.size(), 3u);
  EXPECT_EQ(idx.weight_map[0].first, "lm_head.weight");  // sorted by tensor name
  EXPECT_EQ(idx.weight_map[0].second, "model-00002-of-00002.safetensors");

  auto no_meta = parse_safetensors_index(R"({"weight_map":{"a":"x.safetensors"}})", "i");
  ASSERT_TRUE(IsOk(no_meta));
  EXPECT_EQ(no_meta.value().total_size, 0u);
}

TEST(safetensors_test, index_json_errors) {
  EXPECT_TRUE(FailsWith(parse_safetensors_index("{\"weight_map\":", "i"), ErrorCode::kInvalidJson));
  EXPECT_TRUE(FailsWith(parse_safetensors_index("[]", "i"), ErrorCode::kInvalidJson));
  auto missing = parse_safetensors_index(R"({"metadata":{}})", "i");
  EXPECT_TRUE(FailsWith(missing, ErrorCode::kMissingField));
  EXPECT_TRUE(Contains(missing.error(), "i: field 'weight_map'"));
  EXPECT_TRUE(FailsWith(parse_safetensors_index(R"({"weight_map":{"a":3}})", "i"),
                        ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(parse_safetensors_index(R"({"weight_map":{"a":"../../etc/passwd"}})", "i"),
                        ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(parse_safetensors_index(R"({"weight_map":{"a":"/abs.safetensors"}})", "i"),
                        ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(parse_safetensors_index(R"({"weight_map":{"a":""}})", "i"),
                        ErrorCode::kInvalidField));
  auto neg = parse_safetensors_index(R"({"metadata":{"total_size":-5},"weight_map":{}})", "i");
  EXPECT_TRUE(FailsWith(neg, ErrorCode::kInvalidField));
  EXPECT_TRUE(Contains(neg.error(), "total_size"));
  EXPECT_TRUE(FailsWith(
      parse_safetensors_index(R"({"metadata":{"total_size":"big"},"weight_map":{}})", "i"),
      ErrorCode::kInvalidField));
}

TEST(safetensors_test, index_tensor_count_is_limited) {
  std::string json = "{\"weight_map\":{";
  json.reserve(16000000);
  for (uint64_t i = 0; i <= kMaxSafetensorsTensors; ++i) {
    json += (i ? ",\"" : "\"") + std::to_string(i) + "\":\"f\"";
  }
  json += "}}";
  ASSERT_LE(json.size(), kMaxIndexJsonBytes);
  EXPECT_TRUE(FailsWith(parse_safetensors_index(json, "i"), ErrorCode::kInvalidField));
}

TEST(safetensors_test, combine_two_shards) {
  // Shard 1: embed BF16 [32000,4096] (131,072,000 el, 262,144,000 B).
  // Shard 2: norm F32 [4096] (4,096 el, 16,384 B) + head BF16 [32000,4096].
  auto a = Header(T("embed", "BF16", "[32000,4096]", 0, 262144000) +
                  ",\"__metadata__\":{\"format\":\"pt\"}");
  auto b = Header(T("norm", "F32", "[4096]", 0, 16384) + "," +
                  T("head", "BF16", "[32000,4096]", 16384, 262160384) +
                  ",\"__metadata__\":{\"format\":\"other\",\"shard\":\"2\"}");
  ASSERT_TRUE(IsOk(a));
  ASSERT_TRUE(IsOk(b));
  auto all = combine_shards({a.value(), b.value()}, "model.safetensors.index.json");
  ASSERT_TRUE(IsOk(all));
  const TensorInventory& v = all.value();
  ASSERT_EQ(v.tensors.size(), 3u);
  EXPECT_EQ(v.tensors[0].name, "embed");
  EXPECT_EQ(v.tensors[1].name, "norm");
  EXPECT_EQ(v.tensors[2].name, "head");
  EXPECT_EQ(v.total_elements, 262148096u);  // 2 x 131,072,000 + 4,096
  EXPECT_EQ(v.total_bytes, 524304384u);     // 2 x 262,144,000 + 16,384
  ASSERT_EQ(v.by_dtype.size(), 2u);
  EXPECT_EQ(v.by_dtype[0].dtype, "BF16");
  EXPECT_EQ(v.by_dtype[0].tensors, 2u);
  EXPECT_EQ(v.by_dtype[0].bytes, 524288000u);
  EXPECT_EQ(v.by_dtype[1].dtype, "F32");
  ASSERT_EQ(v.metadata.size(), 2u);
  EXPECT_EQ(v.metadata[0].second, "pt");  // the first shard to name a key wins
  EXPECT_EQ(v.metadata[1].first, "shard");

  auto dup = combine_shards({a.value(), b.value(), a.value()}, "idx");
  EXPECT_TRUE(FailsWith(dup, ErrorCode::kInconsistentModel));
  EXPECT_TRUE(Contains(dup.error(), "idx: tensor 'embed'"));
  EXPECT_TRUE(Contains(dup.error(), "shard 1 and shard 3"));
  auto none = combine_shards({}, "idx");
  ASSERT_TRUE(IsOk(none));
  EXPECT_EQ(none.value().total_bytes, 0u);
}

}  // namespace
}  // namespace vramcalc
