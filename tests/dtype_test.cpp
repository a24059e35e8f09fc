// dtype.h: sizes and bit layouts of REFERENCE.md section 1, and the bit explorer's
// decoding. Expected values are computed here from the IEEE-754 / OCP FP8 rules
// (value = (-1)^s * 2^(e - bias) * (1 + m / 2^M), subnormal: 2^(1 - bias) * m / 2^M).
#include "dtype.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

namespace vramcalc {
namespace {

const DType kAll[] = {DType::kFP32,    DType::kTF32, DType::kFP16, DType::kBF16, DType::kFP8E4M3,
                      DType::kFP8E5M2, DType::kINT8, DType::kINT4, DType::kNF4,  DType::kQ8_0,
                      DType::kQ4_0,    DType::kQ4_1, DType::kQ5_0, DType::kQ5_1, DType::kIQ4_NL};

// Decodes or fails the test; returns NaN on failure so comparisons also fail.
DecodedFloat Fields(DType t, uint32_t s, uint32_t e, uint32_t m) {
  auto d = decode_fields(t, s, e, m);
  EXPECT_TRUE(d.has_value()) << dtype_info(t).id << " " << s << "/" << e << "/" << m;
  return d.value_or(DecodedFloat{std::nan(""), "missing"});
}
DecodedFloat Bits(DType t, uint32_t bits) {
  auto d = decode_bits(t, bits);
  EXPECT_TRUE(d.has_value()) << dtype_info(t).id << " bits 0x" << std::hex << bits;
  return d.value_or(DecodedFloat{std::nan(""), "missing"});
}

TEST(dtype_test, catalog_lists_every_type_once) {
  const auto& all = all_dtypes();
  // the nine REFERENCE types + llama.cpp's six KV cache types (Q8_0, Q4_0, Q4_1, Q5_0,
  // Q5_1, IQ4_NL)
  EXPECT_EQ(all.size(), 15u);
  std::set<std::string> ids;
  for (const DTypeInfo& info : all) ids.insert(info.id);
  EXPECT_EQ(ids.size(), all.size());
  for (DType t : kAll) EXPECT_EQ(dtype_info(t).type, t);
}

// llama.cpp block types (ggml-common.h): 32 values per block, 34 / 18 bytes.
TEST(dtype_test, llama_cpp_block_types_round_up_to_whole_blocks) {
  EXPECT_EQ(bytes_for(DType::kQ8_0, 32), 34u);
  EXPECT_EQ(bytes_for(DType::kQ8_0, 33), 68u);
  EXPECT_EQ(bytes_for(DType::kQ4_0, 4096), 4096u / 32 * 18);
}

// REFERENCE.md 1: FP32 4, TF32 stored as 4, FP16/BF16 2, FP8 1, INT8 1, INT4/NF4 0.5 bytes.
TEST(dtype_test, storage_bits_match_reference_table) {
  EXPECT_EQ(dtype_info(DType::kFP32).storage_bits, 32);
  EXPECT_EQ(dtype_info(DType::kTF32).storage_bits, 32);
  EXPECT_EQ(dtype_info(DType::kFP16).storage_bits, 16);
  EXPECT_EQ(dtype_info(DType::kBF16).storage_bits, 16);
  EXPECT_EQ(dtype_info(DType::kFP8E4M3).storage_bits, 8);
  EXPECT_EQ(dtype_info(DType::kFP8E5M2).storage_bits, 8);
  EXPECT_EQ(dtype_info(DType::kINT8).storage_bits, 8);
  EXPECT_EQ(dtype_info(DType::kINT4).storage_bits, 4);
  EXPECT_EQ(dtype_info(DType::kNF4).storage_bits, 4);
}

void ExpectLayout(DType t, int s, int e, int m) {
  const DTypeInfo& i = dtype_info(t);
  EXPECT_TRUE(i.is_float) << i.id;
  EXPECT_EQ(i.sign_bits, s) << i.id;
  EXPECT_EQ(i.exponent_bits, e) << i.id;
  EXPECT_EQ(i.mantissa_bits, m) << i.id;
}

// REFERENCE.md 1: layouts sign/exponent/mantissa; TF32 has 1+8+10 = 19 bits.
TEST(dtype_test, float_layouts_match_reference_table) {
  ExpectLayout(DType::kFP32, 1, 8, 23);
  ExpectLayout(DType::kTF32, 1, 8, 10);
  ExpectLayout(DType::kFP16, 1, 5, 10);
  ExpectLayout(DType::kBF16, 1, 8, 7);
  ExpectLayout(DType::kFP8E4M3, 1, 4, 3);
  ExpectLayout(DType::kFP8E5M2, 1, 5, 2);
}

TEST(dtype_test, integer_and_lookup_types_have_no_float_layout) {
  for (DType t : {DType::kINT8, DType::kINT4, DType::kNF4}) {
    const DTypeInfo& i = dtype_info(t);
    EXPECT_FALSE(i.is_float) << i.id;
    EXPECT_EQ(i.sign_bits + i.exponent_bits + i.mantissa_bits, 0) << i.id;
    EXPECT_FALSE(decode_fields(t, 0, 0, 0).has_value()) << i.id;
  }
}

TEST(dtype_test, parse_accepts_every_id_and_cli_spellings) {
  for (const DTypeInfo& info : all_dtypes()) {
    auto t = parse_dtype(info.id);
    ASSERT_TRUE(t.has_value()) << info.id;
    EXPECT_EQ(*t, info.type);
  }
  // DESIGN.md's --weight-dtype / --kv-dtype spellings.
  EXPECT_EQ(parse_dtype("fp32"), DType::kFP32);
  EXPECT_EQ(parse_dtype("bf16"), DType::kBF16);
  EXPECT_EQ(parse_dtype("fp16"), DType::kFP16);
  EXPECT_EQ(parse_dtype("int8"), DType::kINT8);
  EXPECT_EQ(parse_dtype("int4"), DType::kINT4);
  EXPECT_EQ(parse_dtype("nf4"), DType::kNF4);
  auto fp8 = parse_dtype("fp8");
  ASSERT_TRUE(fp8.has_value());
  EXPECT_EQ(dtype_info(*fp8).storage_bits, 8);
  EXPECT_TRUE(dtype_info(*fp8).is_float);
  // config.json torch_dtype spellings are the common aliases.
  EXPECT_EQ(parse_dtype("float32"), DType::kFP32);
  EXPECT_EQ(parse_dtype("float16"), DType::kFP16);
  EXPECT_EQ(parse_dtype("bfloat16"), DType::kBF16);
}

TEST(dtype_test, parse_rejects_unknown_ids) {
  EXPECT_FALSE(parse_dtype("").has_value());
  EXPECT_FALSE(parse_dtype("fp64").has_value());
  EXPECT_FALSE(parse_dtype("int3").has_value());
  EXPECT_FALSE(parse_dtype("bf16 ").has_value());
}

TEST(dtype_test, bytes_for_counts_whole_bytes) {
  EXPECT_EQ(bytes_for(DType::kFP32, 10), 40u);
  EXPECT_EQ(bytes_for(DType::kTF32, 10), 40u);  // stored as FP32
  EXPECT_EQ(bytes_for(DType::kBF16, 10), 20u);
  EXPECT_EQ(bytes_for(DType::kFP16, 0), 0u);
  EXPECT_EQ(bytes_for(DType::kFP8E4M3, 7), 7u);
  EXPECT_EQ(bytes_for(DType::kINT8, 7), 7u);
  EXPECT_EQ(bytes_for(DType::kINT4, 2), 1u);
  EXPECT_EQ(bytes_for(DType::kINT4, 3), 2u);  // 1.5 bytes rounded up
  EXPECT_EQ(bytes_for(DType::kNF4, 1), 1u);
  // REFERENCE.md 2: 7e9 params at 0.5 bytes = 3.5e9 bytes.
  EXPECT_EQ(bytes_for(DType::kNF4, 7'000'000'000u), 3'500'000'000u);
  EXPECT_EQ(bytes_for(DType::kINT4, 7'000'000'001u), 3'500'000'001u);
}

// REFERENCE.md 1 worked example: sign 1, exponent 17, mantissa 5:
// -(1 + 5/128) * 2^(17-127) = -1.0390625 * 2^-110 = -8.004646331359449e-34.
TEST(dtype_test, reference_bf16_example_mantissa_5) {
  const DecodedFloat d = Fields(DType::kBF16, 1, 17, 5);
  EXPECT_DOUBLE_EQ(d.value, -8.004646331359449e-34);
  EXPECT_DOUBLE_EQ(d.value, -std::ldexp(1.0 + 5.0 / 128.0, -110));
  EXPECT_STREQ(d.kind, "normal");
  // Same pattern as raw bits: 1 | 00010001 | 0000101 = 0x8885.
  EXPECT_DOUBLE_EQ(Bits(DType::kBF16, 0x8885).value, -8.004646331359449e-34);
}

// The article's misprint pair: mantissa 3 gives -(1 + 3/128) * 2^-110.
TEST(dtype_test, reference_bf16_example_mantissa_3) {
  const DecodedFloat d = Fields(DType::kBF16, 1, 17, 3);
  EXPECT_DOUBLE_EQ(d.value, -7.884275709835247e-34);
  EXPECT_DOUBLE_EQ(d.value, -std::ldexp(1.0 + 3.0 / 128.0, -110));
  EXPECT_DOUBLE_EQ(Bits(DType::kBF16, 0x8883).value, -7.884275709835247e-34);
}

TEST(dtype_test, bf16_special_values) {
  EXPECT_DOUBLE_EQ(Bits(DType::kBF16, 0x3F80).value, 1.0);
  // Largest finite: (2 - 2^-7) * 2^127.
  EXPECT_DOUBLE_EQ(Bits(DType::kBF16, 0x7F7F).value, std::ldexp(2.0 - 1.0 / 128, 127));
  // Smallest subnormal: 2^(1-127) * 1/128 = 2^-133.
  const DecodedFloat sub = Bits(DType::kBF16, 0x0001);
  EXPECT_DOUBLE_EQ(sub.value, std::ldexp(1.0, -133));
  EXPECT_STREQ(sub.kind, "subnormal");
  EXPECT_STREQ(Bits(DType::kBF16, 0x7F80).kind, "infinity");
  EXPECT_STREQ(Bits(DType::kBF16, 0x7FC0).kind, "nan");
  EXPECT_TRUE(std::isnan(Bits(DType::kBF16, 0x7FC0).value));
}

TEST(dtype_test, fp16_range_and_subnormals) {
  // Max: exponent 30, mantissa 1023: 2^15 * (1 + 1023/1024) = 65504.
  const DecodedFloat max = Fields(DType::kFP16, 0, 30, 1023);
  EXPECT_DOUBLE_EQ(max.value, 65504.0);
  EXPECT_STREQ(max.kind, "normal");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP16, 0x7BFF).value, 65504.0);
  EXPECT_DOUBLE_EQ(Bits(DType::kFP16, 0x3C00).value, 1.0);
  EXPECT_DOUBLE_EQ(Bits(DType::kFP16, 0xC000).value, -2.0);
  // Smallest subnormal 2^-14 * 1/1024 = 2^-24; largest 1023 * 2^-24; smallest normal 2^-14.
  const DecodedFloat tiny = Bits(DType::kFP16, 0x0001);
  EXPECT_DOUBLE_EQ(tiny.value, std::ldexp(1.0, -24));
  EXPECT_STREQ(tiny.kind, "subnormal");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP16, 0x03FF).value, 1023 * std::ldexp(1.0, -24));
  EXPECT_STREQ(Bits(DType::kFP16, 0x03FF).kind, "subnormal");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP16, 0x0400).value, std::ldexp(1.0, -14));
  EXPECT_STREQ(Bits(DType::kFP16, 0x0400).kind, "normal");
}

TEST(dtype_test, fp16_zero_inf_nan) {
  const DecodedFloat zero = Bits(DType::kFP16, 0x0000);
  EXPECT_EQ(zero.value, 0.0);
  EXPECT_STREQ(zero.kind, "zero");
  const DecodedFloat neg_zero = Bits(DType::kFP16, 0x8000);
  EXPECT_EQ(neg_zero.value, 0.0);
  EXPECT_TRUE(std::signbit(neg_zero.value));
  EXPECT_STREQ(neg_zero.kind, "zero");
  const DecodedFloat inf = Fields(DType::kFP16, 0, 31, 0);
  EXPECT_TRUE(std::isinf(inf.value) && inf.value > 0);
  EXPECT_STREQ(inf.kind, "infinity");
  const DecodedFloat ninf = Bits(DType::kFP16, 0xFC00);
  EXPECT_TRUE(std::isinf(ninf.value) && ninf.value < 0);
  const DecodedFloat nan = Fields(DType::kFP16, 0, 31, 512);
  EXPECT_TRUE(std::isnan(nan.value));
  EXPECT_STREQ(nan.kind, "nan");
}

TEST(dtype_test, fp32_values) {
  EXPECT_DOUBLE_EQ(Bits(DType::kFP32, 0x3F800000u).value, 1.0);
  // FLT_MAX = (2 - 2^-23) * 2^127.
  EXPECT_DOUBLE_EQ(Bits(DType::kFP32, 0x7F7FFFFFu).value,
                   std::ldexp(2.0 - std::ldexp(1.0, -23), 127));
  EXPECT_DOUBLE_EQ(Bits(DType::kFP32, 0x00000001u).value, std::ldexp(1.0, -149));
  EXPECT_STREQ(Bits(DType::kFP32, 0x00000001u).kind, "subnormal");
  EXPECT_STREQ(Bits(DType::kFP32, 0x7F800000u).kind, "infinity");
  EXPECT_STREQ(Bits(DType::kFP32, 0x7FC00000u).kind, "nan");
}

TEST(dtype_test, tf32_has_ten_mantissa_bits) {
  EXPECT_DOUBLE_EQ(Fields(DType::kTF32, 0, 127, 0).value, 1.0);
  EXPECT_DOUBLE_EQ(Fields(DType::kTF32, 0, 127, 512).value, 1.5);  // 1 + 512/1024
  EXPECT_DOUBLE_EQ(Fields(DType::kTF32, 1, 128, 1023).value, -2.0 * (1 + 1023.0 / 1024));
}

// OCP FP8 E4M3 (bias 7): no infinities; only S.1111.111 is NaN, so exponent 15 is normal.
TEST(dtype_test, fp8_e4m3_max_448_and_no_infinity) {
  // S0 E1111 M110: 2^(15-7) * (1 + 6/8) = 256 * 1.75 = 448.
  const DecodedFloat max = Fields(DType::kFP8E4M3, 0, 15, 6);
  EXPECT_DOUBLE_EQ(max.value, 448.0);
  EXPECT_STREQ(max.kind, "normal");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E4M3, 0x7E).value, 448.0);
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E4M3, 0xFE).value, -448.0);
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E4M3, 0x78).value, 256.0);  // E1111 M000 is a number
  EXPECT_STREQ(Bits(DType::kFP8E4M3, 0x78).kind, "normal");
  EXPECT_STREQ(Bits(DType::kFP8E4M3, 0x7F).kind, "nan");
  EXPECT_STREQ(Bits(DType::kFP8E4M3, 0xFF).kind, "nan");
  // Subnormal: 2^(1-7) * 1/8 = 2^-9; smallest normal 2^-6.
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E4M3, 0x01).value, std::ldexp(1.0, -9));
  EXPECT_STREQ(Bits(DType::kFP8E4M3, 0x01).kind, "subnormal");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E4M3, 0x08).value, std::ldexp(1.0, -6));
}

// FP8 E5M2 (bias 15) follows IEEE: max 2^15 * 1.75 = 57344, E11111 M00 is infinity.
TEST(dtype_test, fp8_e5m2_ieee_like) {
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E5M2, 0x7B).value, 57344.0);
  EXPECT_STREQ(Bits(DType::kFP8E5M2, 0x7C).kind, "infinity");
  EXPECT_STREQ(Bits(DType::kFP8E5M2, 0x7D).kind, "nan");
  EXPECT_DOUBLE_EQ(Bits(DType::kFP8E5M2, 0x01).value, std::ldexp(1.0, -16));  // 2^-14 * 1/4
  EXPECT_STREQ(Bits(DType::kFP8E5M2, 0x01).kind, "subnormal");
}

TEST(dtype_test, fields_out_of_range_are_rejected) {
  EXPECT_FALSE(decode_fields(DType::kBF16, 2, 0, 0).has_value());    // sign is one bit
  EXPECT_FALSE(decode_fields(DType::kBF16, 0, 256, 0).has_value());  // exponent is 8 bits
  EXPECT_FALSE(decode_fields(DType::kBF16, 0, 1, 128).has_value());  // mantissa is 7 bits
  EXPECT_FALSE(decode_fields(DType::kFP16, 0, 32, 0).has_value());
  EXPECT_FALSE(decode_fields(DType::kFP8E4M3, 0, 1, 8).has_value());
}

}  // namespace
}  // namespace vramcalc
