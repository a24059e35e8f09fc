// GGUF header parsing (core/sources/gguf.h). Files are built with tests/gguf_writer.h; the
// expected bytes are derived by hand from ggml's block layouts (ggml-common.h):
// Q4_K 256 elements in 144 bytes, Q6_K 256 in 210, Q8_0 32 in 34, Q4_0 32 in 18,
// MXFP4 32 in 17, F32 4 bytes, F16 / BF16 2 bytes.
#include "gguf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gguf_writer.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;
using testing::GgufWriter;
using testing::IsOk;
namespace ggml = testing::ggml;
namespace gv = testing::gv;

constexpr uint64_t kBig62 = uint64_t{1} << 62;
constexpr uint64_t kBig63 = uint64_t{1} << 63;

std::vector<std::string> Tokens(size_t n) {
  std::vector<std::string> t;
  for (size_t i = 0; i < n; ++i) t.push_back("tok" + std::to_string(i));
  return t;
}

// A llama-style model: hidden 256, MLP 512, vocabulary 1000, 2 layers, 4 heads of
// 64, KV heads per layer {2, 1}; token_embd Q4_K, attention Q8_0, MLP Q4_K, norms
// F32, output Q6_K. `tokens` = size of the tokenizer.ggml.tokens array.
GgufWriter TinyLlama(uint32_t version, size_t tokens = 1000) {
  GgufWriter w;
  w.version = version;
  w.Str("general.architecture", "llama")
      .Str("general.name", "tiny")
      .U32("llama.block_count", 2)
      .U32("llama.embedding_length", 256)
      .U32("llama.feed_forward_length", 512)
      .U32("llama.attention.head_count", 4)
      .ArrU32("llama.attention.head_count_kv", {2, 1})
      .U64("llama.context_length", 2048)
      .U32("llama.rope.dimension_count", 64)
      .F32("llama.attention.layer_norm_rms_epsilon", 0x3727C5AC)  // 1e-5f
      .Bool("tokenizer.ggml.add_bos_token", 1)
      .ArrStr("tokenizer.ggml.tokens", Tokens(tokens));
  w.Tensor("token_embd.weight", {256, 1000}, ggml::kQ4_K)
      .Tensor("output_norm.weight", {256}, ggml::kF32)
      .Tensor("output.weight", {256, 1000}, ggml::kQ6_K);
  const uint64_t kv_heads[2] = {2, 1};
  for (int l = 0; l < 2; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    w.Tensor(b + "attn_norm.weight", {256}, ggml::kF32)
        .Tensor(b + "attn_q.weight", {256, 256}, ggml::kQ8_0)
        .Tensor(b + "attn_k.weight", {256, 64 * kv_heads[l]}, ggml::kQ8_0)
        .Tensor(b + "attn_v.weight", {256, 64 * kv_heads[l]}, ggml::kQ8_0)
        .Tensor(b + "attn_output.weight", {256, 256}, ggml::kQ8_0)
        .Tensor(b + "ffn_norm.weight", {256}, ggml::kF32)
        .Tensor(b + "ffn_gate.weight", {256, 512}, ggml::kQ4_K)
        .Tensor(b + "ffn_up.weight", {256, 512}, ggml::kQ4_K)
        .Tensor(b + "ffn_down.weight", {512, 256}, ggml::kQ4_K);
  }
  return w;
}

Result<GgufHeader> Parse(const GgufWriter& w, uint64_t file_size = 0) {
  return parse_gguf_header(w.Bytes(), file_size, "model.gguf");
}

// A file with one tensor (and optionally extra metadata first).
GgufWriter OneTensor(std::vector<uint64_t> dims, uint32_t type, uint64_t offset = 0) {
  GgufWriter w;
  w.Str("general.architecture", "llama").Tensor("blk.0.attn_q.weight", dims, type, offset);
  return w;
}

TEST(gguf_test, type_table_matches_ggml_block_structs) {
  struct Row {
    uint32_t id;
    const char* name;
    uint32_t elems, bytes;
  };
  // Bytes = the block struct's fields (ggml-common.h), added up by hand.
  const Row want[] = {
      {0, "F32", 1, 4},         {1, "F16", 1, 2},         {2, "Q4_0", 32, 18},
      {3, "Q4_1", 32, 20},      {6, "Q5_0", 32, 22},      {7, "Q5_1", 32, 24},
      {8, "Q8_0", 32, 34},      {9, "Q8_1", 32, 36},      {10, "Q2_K", 256, 84},
      {11, "Q3_K", 256, 110},   {12, "Q4_K", 256, 144},   {13, "Q5_K", 256, 176},
      {14, "Q6_K", 256, 210},   {15, "Q8_K", 256, 292},   {16, "IQ2_XXS", 256, 66},
      {17, "IQ2_XS", 256, 74},  {18, "IQ3_XXS", 256, 98}, {19, "IQ1_S", 256, 50},
      {20, "IQ4_NL", 32, 18},   {21, "IQ3_S", 256, 110},  {22, "IQ2_S", 256, 82},
      {23, "IQ4_XS", 256, 136}, {24, "I8", 1, 1},         {25, "I16", 1, 2},
      {26, "I32", 1, 4},        {27, "I64", 1, 8},        {28, "F64", 1, 8},
      {29, "IQ1_M", 256, 56},   {30, "BF16", 1, 2},       {34, "TQ1_0", 256, 54},
      {35, "TQ2_0", 256, 66},   {39, "MXFP4", 32, 17},    {40, "NVFP4", 64, 36},
      {41, "Q1_0", 128, 18},    {42, "Q2_0", 64, 18},
  };
  ASSERT_EQ(ggml_types().size(), std::size(want));
  for (const Row& r : want) {
    const GgmlType* t = find_ggml_type(r.id);
    ASSERT_NE(t, nullptr) << r.name;
    EXPECT_STREQ(t->name, r.name);
    EXPECT_EQ(t->block_elems, r.elems) << r.name;
    EXPECT_EQ(t->block_bytes, r.bytes) << r.name;
  }
  for (uint32_t removed : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 43u, 1000u}) {
    EXPECT_EQ(find_ggml_type(removed), nullptr) << removed;
  }
}

uint64_t SizeOf(uint32_t id, std::vector<uint64_t> dims) {
  Result<GgmlTensorSize> r = ggml_tensor_size(*find_ggml_type(id), dims);
  EXPECT_TRUE(IsOk(r));
  return r.ok() ? r.value().bytes : 0;
}

TEST(gguf_test, tensor_bytes_are_blocks_times_block_bytes) {
  EXPECT_EQ(SizeOf(12, {4096, 4096}), 16777216u / 256 * 144);  // Q4_K: 9,437,184
  EXPECT_EQ(SizeOf(8, {4096, 4096}), 17825792u);               // Q8_0: 524,288 blocks x 34
  EXPECT_EQ(SizeOf(2, {4096}), 2304u);                         // Q4_0: 128 x 18
  EXPECT_EQ(SizeOf(39, {2880, 2880}), 4406400u);               // MXFP4: 259,200 x 17
  EXPECT_EQ(SizeOf(1, {10, 10}), 200u);                        // F16
  EXPECT_EQ(SizeOf(30, {3, 5, 7}), 210u);                      // BF16
  EXPECT_EQ(SizeOf(19, {512, 2}), 200u);                       // IQ1_S: 4 x 50
  EXPECT_EQ(SizeOf(29, {256}), 56u);                           // IQ1_M
  EXPECT_EQ(SizeOf(16, {256}), 66u);                           // IQ2_XXS
  EXPECT_EQ(SizeOf(20, {64}), 36u);                            // IQ4_NL: 2 x 18
  EXPECT_EQ(SizeOf(34, {256, 3}), 162u);                       // TQ1_0: 3 x 54
  EXPECT_EQ(SizeOf(27, {3}), 24u);                             // I64
  // A row that is not whole blocks, and element / byte counts past 64 bits.
  EXPECT_TRUE(
      FailsWith(ggml_tensor_size(*find_ggml_type(12), {100, 256}), ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(ggml_tensor_size(*find_ggml_type(0), {1ull << 32, 1ull << 32}),
                        ErrorCode::kInvalidField));
  EXPECT_TRUE(
      FailsWith(ggml_tensor_size(*find_ggml_type(0), {kBig62, 2}), ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(ggml_tensor_size(*find_ggml_type(28), {kBig62}), ErrorCode::kInvalidField));
}

TEST(gguf_test, mixed_quantization_inventory_is_exact) {
  const GgufWriter w = TinyLlama(3);
  Result<GgufHeader> r = Parse(w, w.FileSize());
  ASSERT_TRUE(IsOk(r));
  const GgufHeader& h = r.value();
  EXPECT_EQ(h.version, 3u);
  EXPECT_EQ(h.tensor_count, 21u);  // 3 + 2 layers x 9
  EXPECT_EQ(h.kv_count, 12u);
  EXPECT_EQ(h.architecture, "llama");
  EXPECT_EQ(h.alignment, 32u);
  EXPECT_EQ(h.infos_end, w.InfosEnd());
  EXPECT_EQ(h.header_bytes, w.Bytes().size());
  EXPECT_EQ(h.header_bytes % 32, 0u);
  const std::vector<TensorInfo>& t = h.inventory.tensors;
  ASSERT_EQ(t.size(), 21u);
  EXPECT_EQ(t[0].name, "token_embd.weight");
  EXPECT_EQ(t[0].dtype, "Q4_K");
  EXPECT_EQ(t[0].shape, (std::vector<uint64_t>{256, 1000}));
  EXPECT_EQ(t[0].elements, 256000u);
  EXPECT_EQ(t[0].bytes, 144000u);  // 1000 blocks x 144
  EXPECT_EQ(t[1].bytes, 1024u);    // F32 x 256
  EXPECT_EQ(t[2].bytes, 210000u);  // Q6_K: 1000 blocks x 210
  EXPECT_EQ(t[4].name, "blk.0.attn_q.weight");
  EXPECT_EQ(t[4].bytes, 69632u);   // Q8_0: 65536 / 32 = 2048 blocks x 34
  EXPECT_EQ(t[5].bytes, 34816u);   // attn_k, 2 KV heads: 1024 blocks x 34
  EXPECT_EQ(t[14].bytes, 17408u);  // blk.1.attn_k, 1 KV head: 512 blocks x 34
  EXPECT_EQ(t[11].bytes, 73728u);  // ffn_down [512, 256] Q4_K: 512 blocks x 144
  EXPECT_EQ(h.tensor_offsets[0], 0u);
  EXPECT_EQ(h.tensor_offsets[1], 144000u);  // already a multiple of 32
  EXPECT_EQ(h.tensor_offsets[2], 145024u);
  // Totals: 1,660,160 parameters = 2 x 256,000 (embedding, output) + 256 + layer 0
  // (590,336) + layer 1 (557,568), as a llama count with per-layer KV heads gives.
  EXPECT_EQ(h.inventory.total_elements, 1660160u);
  EXPECT_EQ(h.inventory.total_bytes, 1184464u);
  // by_dtype in first-seen order: {dtype, tensors, elements, bytes}.
  const std::vector<DTypeTotal> want = {
      {"Q4_K", 7, 1042432, 586368},  // embedding + 6 MLP matrices
      {"F32", 5, 1280, 5120},        // 5 norms of 256
      {"Q6_K", 1, 256000, 210000},   // output
      {"Q8_0", 8, 360448, 382976},   // 8 attention matrices: 360,448 / 32 x 34
  };
  ASSERT_EQ(h.inventory.by_dtype.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const DTypeTotal& got = h.inventory.by_dtype[i];
    EXPECT_EQ(got.dtype, want[i].dtype);
    EXPECT_EQ(got.tensors, want[i].tensors) << want[i].dtype;
    EXPECT_EQ(got.elements, want[i].elements) << want[i].dtype;
    EXPECT_EQ(got.bytes, want[i].bytes) << want[i].dtype;
  }
}

TEST(gguf_test, hyperparameters_with_per_layer_kv_heads) {
  Result<GgufHeader> r = Parse(TinyLlama(3));
  ASSERT_TRUE(IsOk(r));
  const GgufHyperparams& hp = r.value().hp;
  EXPECT_EQ(hp.block_count, 2u);
  EXPECT_EQ(hp.embedding_length, 256u);
  EXPECT_EQ(hp.feed_forward_length, 512u);
  EXPECT_EQ(hp.head_count, 4u);
  EXPECT_EQ(hp.head_count_kv, 2u);  // the largest layer's
  EXPECT_EQ(hp.head_count_kv_per_layer, (std::vector<uint64_t>{2, 1}));
  EXPECT_TRUE(hp.head_count_per_layer.empty());
  EXPECT_EQ(hp.context_length, 2048u);  // stored as u64
  EXPECT_EQ(hp.rope_dimension_count, 64u);
  EXPECT_EQ(hp.vocab_size, 1000u);  // tokenizer.ggml.tokens length
  EXPECT_EQ(hp.key_length, 0u);     // absent
  EXPECT_EQ(hp.expert_count, 0u);
}

TEST(gguf_test, hyperparameters_of_an_moe_mla_model) {
  GgufWriter w;
  w.Str("general.architecture", "deepseek2")
      .U32("deepseek2.block_count", 27)
      .I32("deepseek2.expert_count", 64)  // a signed type is accepted when >= 0
      .U32("deepseek2.expert_used_count", 6)
      .U32("deepseek2.expert_shared_count", 2)
      .U32("deepseek2.leading_dense_block_count", 1)
      .U32("deepseek2.attention.q_lora_rank", 1536)
      .U32("deepseek2.attention.kv_lora_rank", 512)
      .U32("deepseek2.attention.key_length", 192)
      .U32("deepseek2.attention.value_length", 128)
      .U32("deepseek2.attention.sliding_window", 4096)
      .U64("deepseek2.vocab_size", 102400)
      .ArrStr("tokenizer.ggml.tokens", Tokens(3));
  Result<GgufHeader> r = Parse(w);
  ASSERT_TRUE(IsOk(r));
  const GgufHyperparams& hp = r.value().hp;
  EXPECT_EQ(hp.block_count, 27u);
  EXPECT_EQ(hp.expert_count, 64u);
  EXPECT_EQ(hp.expert_used_count, 6u);
  EXPECT_EQ(hp.expert_shared_count, 2u);
  EXPECT_EQ(hp.leading_dense_block_count, 1u);
  EXPECT_EQ(hp.q_lora_rank, 1536u);
  EXPECT_EQ(hp.kv_lora_rank, 512u);
  EXPECT_EQ(hp.key_length, 192u);
  EXPECT_EQ(hp.value_length, 128u);
  EXPECT_EQ(hp.sliding_window, 4096u);
  EXPECT_EQ(hp.vocab_size, 102400u);  // the key wins over the token list
  EXPECT_EQ(r.value().tensor_count, 0u);
  EXPECT_EQ(r.value().header_bytes, r.value().infos_end);  // no tensors: no padding
}

TEST(gguf_test, hyperparameters_of_the_wrong_type_are_errors) {
  for (int k = 0; k < 4; ++k) {
    GgufWriter w;
    w.Str("general.architecture", "llama");
    if (k == 0) w.F32("llama.block_count", 0x40000000);
    if (k == 1) w.I32("llama.block_count", -1);
    if (k == 2) w.Str("llama.embedding_length", "4096");
    if (k == 3)
      w.Scalar("llama.attention.head_count_kv", gv::kArr, GgufWriter::ArrayHead(gv::kF32, 0));
    EXPECT_TRUE(FailsWith(Parse(w), ErrorCode::kInvalidField)) << k;
  }
}

TEST(gguf_test, v2_and_v3_read_the_same) {
  Result<GgufHeader> v2 = Parse(TinyLlama(2));
  Result<GgufHeader> v3 = Parse(TinyLlama(3));
  ASSERT_TRUE(IsOk(v2));
  ASSERT_TRUE(IsOk(v3));
  EXPECT_EQ(v2.value().version, 2u);
  EXPECT_EQ(v2.value().inventory.total_bytes, v3.value().inventory.total_bytes);
  EXPECT_EQ(v2.value().inventory.metadata, v3.value().inventory.metadata);
  EXPECT_EQ(v2.value().hp.head_count_kv_per_layer, v3.value().hp.head_count_kv_per_layer);
}

TEST(gguf_test, metadata_is_compact_and_displayable) {
  GgufWriter w = TinyLlama(3, 150000);  // a 150k-token vocabulary
  Result<GgufHeader> r = Parse(w);
  ASSERT_TRUE(IsOk(r));
  const GgufHeader& h = r.value();
  const GgufMetadata* tokens = find_gguf_metadata(h, "tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->type, GgufValueType::kArray);
  EXPECT_EQ(tokens->element_type, GgufValueType::kString);
  EXPECT_EQ(tokens->count, 150000u);
  EXPECT_EQ(tokens->text,
            "[\"tok0\", \"tok1\", \"tok2\", \"tok3\", \"tok4\", \"tok5\", \"tok6\", \"tok7\", "
            "...] (150000 str)");
  EXPECT_EQ(h.hp.vocab_size, 150000u);
  EXPECT_EQ(find_gguf_metadata(h, "llama.block_count")->text, "2");
  EXPECT_TRUE(find_gguf_metadata(h, "llama.block_count")->has_uint);
  EXPECT_EQ(find_gguf_metadata(h, "llama.attention.layer_norm_rms_epsilon")->text,
            "9.99999975e-06");
  EXPECT_EQ(find_gguf_metadata(h, "general.name")->text, "\"tiny\"");
  EXPECT_EQ(find_gguf_metadata(h, "tokenizer.ggml.add_bos_token")->text, "true");
  EXPECT_EQ(find_gguf_metadata(h, "llama.attention.head_count_kv")->text, "[2, 1]");
  ASSERT_EQ(h.inventory.metadata.size(), 12u);
  EXPECT_EQ(h.inventory.metadata[0],
            (std::pair<std::string, std::string>{"general.architecture", "\"llama\""}));
}

TEST(gguf_test, huge_lengths_are_errors_not_allocations) {
  std::string s = "GGUF";  // one key-value whose key claims 2^63 bytes
  testing::PutU32(&s, 3);
  testing::PutU64(&s, 0);
  testing::PutU64(&s, 1);
  testing::PutU64(&s, kBig63);
  EXPECT_TRUE(FailsWith(parse_gguf_header(s, 0, "model.gguf"), ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(gguf_bytes_needed(s, 0, "model.gguf"), ErrorCode::kInvalidField));

  GgufWriter str;  // a string value of 2^63 bytes
  str.Scalar("general.name", gv::kStr, GgufWriter::Le(kBig63, 8));
  EXPECT_TRUE(FailsWith(Parse(str), ErrorCode::kInvalidField));
  EXPECT_TRUE(FailsWith(gguf_bytes_needed(str.Bytes(), 0, "m"), ErrorCode::kInvalidField));

  GgufWriter tensors = TinyLlama(3, 3);
  tensors.tensor_count_override = kBig62;
  EXPECT_TRUE(FailsWith(Parse(tensors), ErrorCode::kInvalidField));
  GgufWriter kvs = TinyLlama(3, 3);
  kvs.kv_count_override = kBig62;
  EXPECT_TRUE(FailsWith(Parse(kvs), ErrorCode::kInvalidField));

  for (uint32_t elem : {gv::kU32, gv::kStr, gv::kArr}) {
    GgufWriter arr;  // an array of 2^62 elements
    arr.Scalar("tokenizer.ggml.tokens", gv::kArr, GgufWriter::ArrayHead(elem, kBig62));
    EXPECT_TRUE(FailsWith(Parse(arr), ErrorCode::kInvalidField)) << elem;
    EXPECT_TRUE(FailsWith(gguf_bytes_needed(arr.Bytes(), 0, "m"), ErrorCode::kInvalidField));
  }
  // 1e8 elements is allowed, but 1e8 u8 = 100 MB is past the 64 MiB header cap...
  GgufWriter cap;
  cap.Scalar("x.blob", gv::kArr, GgufWriter::ArrayHead(gv::kU8, 100000000));
  EXPECT_TRUE(FailsWith(gguf_bytes_needed(cap.Bytes(), 0, "m"), ErrorCode::kUnsupported));
  // ...and 1e6 u32 is past the end of a 1 MB file.
  GgufWriter past;
  past.Scalar("x.blob", gv::kArr, GgufWriter::ArrayHead(gv::kU32, 1000000));
  EXPECT_TRUE(
      FailsWith(gguf_bytes_needed(past.Bytes(), 1000000, "m"), ErrorCode::kInconsistentModel));
}

TEST(gguf_test, every_prefix_asks_for_more_and_never_too_much) {
  const GgufWriter w = TinyLlama(3, 5);
  const std::string file = w.Bytes();
  const uint64_t end = w.InfosEnd();
  for (uint64_t file_size : {uint64_t{0}, w.FileSize()}) {
    for (size_t n = 0; n < end; ++n) {
      const std::string_view prefix(file.data(), n);
      Result<uint64_t> need = gguf_bytes_needed(prefix, file_size, "m");
      ASSERT_TRUE(IsOk(need)) << n;
      EXPECT_GT(need.value(), n);
      EXPECT_LE(need.value(), end);
      EXPECT_TRUE(FailsWith(parse_gguf_header(prefix, file_size, "m"), ErrorCode::kInvalidField));
    }
    for (size_t n = end; n <= file.size(); ++n) {
      Result<uint64_t> need = gguf_bytes_needed(file.substr(0, n), file_size, "m");
      ASSERT_TRUE(IsOk(need)) << n;
      EXPECT_EQ(need.value(), end);
      EXPECT_TRUE(IsOk(parse_gguf_header(file.substr(0, n), file_size, "m")));
    }
  }
}

TEST(gguf_test, growing_reads_converge_on_a_large_vocabulary) {
  const GgufWriter w = TinyLlama(3, 150000);
  const std::string file = w.Bytes();
  uint64_t n = 64 << 10;  // what the browser does: read, ask, read more
  int reads = 1;
  for (;;) {
    Result<uint64_t> need = gguf_bytes_needed(file.substr(0, n), w.FileSize(), "m");
    ASSERT_TRUE(IsOk(need));
    if (need.value() <= n) break;
    n = std::min<uint64_t>(std::max(need.value(), 2 * n), file.size());
    ++reads;
  }
  EXPECT_LE(reads, 8);
  EXPECT_TRUE(IsOk(parse_gguf_header(file.substr(0, n), w.FileSize(), "m")));
}

TEST(gguf_test, bad_magic_and_versions) {
  std::string ggml = TinyLlama(3, 3).Bytes();
  ggml[3] = 'L';
  EXPECT_TRUE(FailsWith(parse_gguf_header(ggml, 0, "m"), ErrorCode::kUnknownModel));
  EXPECT_TRUE(FailsWith(gguf_bytes_needed("PK\x03", 0, "m"), ErrorCode::kUnknownModel));
  EXPECT_EQ(gguf_bytes_needed("", 0, "m").value(), 4u);
  for (uint32_t v : {0u, 1u, 4u, 0x03000000u}) {
    GgufWriter w = TinyLlama(3, 3);
    w.version = v;
    EXPECT_TRUE(FailsWith(Parse(w), ErrorCode::kUnsupported)) << v;
  }
  GgufWriter v1 = TinyLlama(1, 3);
  EXPECT_NE(Parse(v1).error().message.find("version 1"), std::string::npos);
}

TEST(gguf_test, unknown_type_names_the_tensor_and_id) {
  for (uint32_t id : {4u, 33u, 43u, 99u}) {
    Result<GgufHeader> r = Parse(OneTensor({256, 4}, id));
    ASSERT_TRUE(FailsWith(r, ErrorCode::kInvalidField)) << id;
    EXPECT_NE(r.error().message.find("blk.0.attn_q.weight"), std::string::npos);
    EXPECT_NE(r.error().message.find("type id " + std::to_string(id)), std::string::npos);
    EXPECT_EQ(r.error().message.rfind("model.gguf: byte ", 0), 0u) << r.error().message;
  }
}

TEST(gguf_test, tensor_shapes_and_offsets_are_checked) {
  const auto bad = [](const GgufWriter& w, ErrorCode code, uint64_t file_size = 0) {
    Result<GgufHeader> r = Parse(w, file_size);
    EXPECT_TRUE(FailsWith(r, code));
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_NE(bad(OneTensor({256}, ggml::kF32, 16), ErrorCode::kInvalidField).find("alignment 32"),
            std::string::npos);  // misaligned offset
  EXPECT_NE(bad(OneTensor({1ull << 32, 1ull << 32}, ggml::kF32), ErrorCode::kInvalidField)
                .find("overflow"),
            std::string::npos);
  bad(OneTensor({kBig63}, 24), ErrorCode::kInvalidField);           // I8: past int64
  bad(OneTensor({100, 4}, ggml::kQ4_K), ErrorCode::kInvalidField);  // row not whole blocks
  bad(OneTensor({}, ggml::kF32), ErrorCode::kInvalidField);         // n_dims 0
  bad(OneTensor(std::vector<uint64_t>(9, 1), ggml::kF32), ErrorCode::kInvalidField);  // 9 dims
  // ggml's GGML_MAX_DIMS is 4: llama.cpp refuses a 5-dimensional tensor, and so do we.
  EXPECT_NE(bad(OneTensor({2, 2, 2, 2, 2}, ggml::kF32), ErrorCode::kInvalidField)
                .find("n_dims 5 is not in 1..4"),
            std::string::npos);
  EXPECT_TRUE(IsOk(Parse(OneTensor({2, 2, 2, 2}, ggml::kF32))));
  EXPECT_TRUE(IsOk(Parse(OneTensor({256, 0}, ggml::kQ8_0))));  // ggml accepts empty tensors
  GgufWriter overlap;
  overlap.Tensor("a", {8}, ggml::kF32, 0).Tensor("b", {256}, ggml::kF32, 512);
  overlap.Tensor("c", {8}, ggml::kF32, 1504);
  bad(overlap, ErrorCode::kInconsistentModel);  // b is [512, 1536): c at 1504 is inside
  GgufWriter dup;
  dup.Tensor("a", {8}, ggml::kF32).Tensor("a", {8}, ggml::kF32);
  bad(dup, ErrorCode::kInvalidField);
  const GgufWriter tiny = TinyLlama(3, 3);
  bad(tiny, ErrorCode::kInconsistentModel, tiny.FileSize() - 1);  // output data past the file
  EXPECT_TRUE(IsOk(Parse(tiny, tiny.FileSize())));
  EXPECT_TRUE(FailsWith(parse_gguf_header(tiny.Bytes(), 10, "m"), ErrorCode::kInvalidOption));
}

TEST(gguf_test, alignment_key_is_checked_and_used) {
  GgufWriter w64;
  w64.alignment = 64;
  w64.U32("general.alignment", 64).Tensor("a", {8}, ggml::kF32).Tensor("b", {8}, ggml::kF32);
  Result<GgufHeader> r = Parse(w64, w64.FileSize());
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().alignment, 64u);
  EXPECT_EQ(r.value().tensor_offsets[1], 64u);
  EXPECT_EQ(r.value().header_bytes % 64, 0u);
  GgufWriter mis;  // offsets laid out for 32, file says 64
  mis.U32("general.alignment", 64).Tensor("a", {8}, ggml::kF32).Tensor("b", {8}, ggml::kF32);
  EXPECT_TRUE(FailsWith(Parse(mis), ErrorCode::kInvalidField));
  GgufWriter odd;
  odd.U32("general.alignment", 48);
  EXPECT_TRUE(FailsWith(Parse(odd), ErrorCode::kInvalidField));
  GgufWriter wide;
  wide.U64("general.alignment", 32);  // ggml insists on u32
  EXPECT_TRUE(FailsWith(Parse(wide), ErrorCode::kInvalidField));
}

TEST(gguf_test, malformed_values_are_errors) {
  GgufWriter dup;
  dup.U32("a.b", 1).U32("a.b", 2);
  EXPECT_TRUE(FailsWith(Parse(dup), ErrorCode::kInvalidField));
  GgufWriter boolean;
  boolean.Bool("a.flag", 2);
  EXPECT_TRUE(FailsWith(Parse(boolean), ErrorCode::kInvalidField));
  GgufWriter tag;
  tag.Scalar("a.b", 13, "");
  EXPECT_TRUE(FailsWith(Parse(tag), ErrorCode::kInvalidField));
  GgufWriter ctrl;  // a name with a newline still gives a one-line message
  ctrl.Tensor("bad\nname", {8}, 77, 0);
  EXPECT_TRUE(FailsWith(Parse(ctrl), ErrorCode::kInvalidField));
  // Arrays nest up to 8 levels: [[[...[1, 2]...]]].
  for (int levels : {8, 9}) {
    std::string v =
        GgufWriter::ArrayHead(gv::kU32, 2) + GgufWriter::Le(1, 4) + GgufWriter::Le(2, 4);
    for (int i = 1; i < levels; ++i) v = GgufWriter::ArrayHead(gv::kArr, 1) + v;
    GgufWriter nest;
    nest.Scalar("a.nested", gv::kArr, v);
    Result<GgufHeader> r = Parse(nest);
    if (levels == 8) {
      ASSERT_TRUE(IsOk(r));
      EXPECT_EQ(r.value().metadata[0].text, "[[[[[[[[1, 2]]]]]]]]");
    } else {
      EXPECT_TRUE(FailsWith(r, ErrorCode::kInvalidField));
    }
  }
}

// llama.cpp refuses a per-layer array whose length is not block_count
// (llama-model-loader.cpp, get_key_or_arr: "key %s has wrong array length").
TEST(gguf_test, per_layer_arrays_must_have_one_entry_per_block) {
  GgufWriter w;
  w.Str("general.architecture", "llama")
      .U32("llama.block_count", 2)
      .U32("llama.embedding_length", 256)
      .U32("llama.attention.head_count", 4)
      .ArrU32("llama.attention.head_count_kv", {2, 1, 1});
  w.Tensor("token_embd.weight", {256, 10}, ggml::kF32);
  const Result<GgufHeader> r = Parse(w);
  ASSERT_TRUE(FailsWith(r, ErrorCode::kInvalidField));
  EXPECT_NE(r.error().message.find("key 'llama.attention.head_count_kv': per-layer array has 3 "
                                   "entries but llama.block_count is 2"),
            std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace vramcalc
