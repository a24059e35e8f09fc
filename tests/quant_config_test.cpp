// quantization_config pricing from shapes (docs/research/architectures/quant_*.md):
// each expected value below is derived by hand from the tensor layouts the
// quantizing libraries write, for Llama-3.1-8B (hidden 4096, 32 layers, 8 KV heads,
// MLP 14336, vocab 128256, untied head): per layer q/o [4096, 4096], k/v
// [1024, 4096], gate/up [14336, 4096], down [4096, 14336]; 224 Linears with
// 6,979,321,856 weights; embeddings, head and norms 1,050,939,392 (kept in 16 bits).
#include <gtest/gtest.h>

#include <string>

#include "config_parser.h"
#include "param_count.h"
#include "quant_storage.h"
#include "test_support.h"

namespace vramcalc {
namespace {

constexpr uint64_t kKept = 1'050'939'392;  // BF16 elements outside the blocks' Linears

ModelSpec Llama8B(const std::string& quantization_config) {
  const std::string text =
      R"({"model_type": "llama", "vocab_size": 128256, "hidden_size": 4096,
          "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
          "num_key_value_heads": 8, "max_position_embeddings": 131072,
          "tie_word_embeddings": false, "quantization_config": )" +
      quantization_config + "}";
  auto spec = parse_config_json(text, "config.json");
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  return spec.ok() ? spec.value() : ModelSpec{};
}

// GPTQ 4-bit, group 128 (AutoGPTQ qlinear_cuda_old): per Linear out*in/2 B of
// qweight + G*out*(0.5 + 2) B of qzeros and F16 scales + 4*in B of g_idx, G = in/128.
// q/o 8,732,672; k/v 2,195,456; gate/up 30,523,392; down 30,564,352 (G = 112):
// 113,467,392 B per layer.
TEST(quant_config_test, gptq_4bit_group_128) {
  const ModelSpec m =
      Llama8B(R"({"quant_method": "gptq", "bits": 4, "group_size": 128, "desc_act": false})");
  ASSERT_TRUE(m.checkpoint.present);
  EXPECT_EQ(m.checkpoint.bytes, 32u * 113'467'392 + 2 * kKept);
  // Elements: qweight in*out/8, qzeros G*out/8 and scales G*out, g_idx in.
  const uint64_t group_rows = 2 * 32 * 4096 + 2 * 32 * 1024 + 2 * 32 * 14336 + 112 * 4096;
  const uint64_t g_idx = 4 * 4096 + 2 * 4096 + 14336;
  const uint64_t per_layer = 6'979'321'856u / 32 / 8 + group_rows * 9 / 8 + g_idx;
  EXPECT_EQ(stored_params(m), 32 * per_layer + kKept);
}

// AWQ GEMM 4-bit g128: out*in/2 + (in/128)*out*(0.5 + 2) B per Linear (no g_idx).
TEST(quant_config_test, awq_gemm) {
  const ModelSpec m = Llama8B(
      R"({"quant_method": "awq", "bits": 4, "group_size": 128, "version": "gemm", "zero_point": true})");
  const uint64_t per_layer = 113'467'392u - 4 * (4 * 4096 + 2 * 4096 + 14336);
  EXPECT_EQ(m.checkpoint.bytes, 32 * per_layer + 2 * kKept);
}

// bitsandbytes NF4 with double quant (unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit):
// weights n/2 U8 = 3,489,660,928 B (the huggingface.js spec's U8 figure); absmax one
// U8 per 64 = 109,051,904; per Linear an F32 quant_map [16], nested_map [256] and
// nested_absmax [nb/256] (425,984 in all). The ~170-byte quant_state JSON per
// Linear is left out. The head stays BF16 (transformers' default skip).
TEST(quant_config_test, bnb_nf4_double_quant) {
  const ModelSpec m = Llama8B(
      R"({"quant_method": "bitsandbytes", "_load_in_4bit": true, "load_in_4bit": true,
          "bnb_4bit_quant_type": "nf4", "bnb_4bit_use_double_quant": true})");
  EXPECT_EQ(count_params(m).total, 8'030'261'248u);  // the spec's logical count
  EXPECT_EQ(m.checkpoint.bytes,
            2 * kKept + 3'489'660'928u + 109'051'904 + 4 * (425'984 + 224 * (16 + 256)));
}

// bitsandbytes 8-bit: I8 weights, an F32 SCB per output row and a U8 format byte.
TEST(quant_config_test, bnb_int8) {
  const ModelSpec m = Llama8B(R"({"quant_method": "bitsandbytes", "load_in_8bit": true})");
  const uint64_t rows = 32 * (4096 + 1024 + 1024 + 4096 + 2 * 14336 + 4096);
  EXPECT_EQ(m.checkpoint.bytes, 2 * kKept + 6'979'321'856u + 4 * rows + 224);
}

// FP8 block 128x128 (DeepSeek / Qwen3-FP8 layout): 1 B per weight + an F32
// weight_scale_inv per block: q/o 1,024 blocks, k/v 256, gate/up/down 3,584.
TEST(quant_config_test, fp8_block) {
  const ModelSpec m = Llama8B(R"({"quant_method": "fp8", "weight_block_size": [128, 128]})");
  const uint64_t blocks = 32 * (2 * 1024 + 2 * 256 + 3 * 3584);
  EXPECT_EQ(m.checkpoint.bytes, 2 * kKept + 6'979'321'856u + 4 * blocks);
  EXPECT_EQ(stored_params(m), kKept + 6'979'321'856u + blocks);
}

// compressed-tensors NVFP4 (W4A4): weight_packed n/2 U8, an F8 scale per 16
// inputs, two F32 global scales per Linear.
TEST(quant_config_test, compressed_tensors_nvfp4) {
  const ModelSpec m =
      Llama8B(R"({"quant_method": "compressed-tensors", "format": "nvfp4-pack-quantized",
      "config_groups": {"group_0": {"targets": ["Linear"],
        "weights": {"num_bits": 4, "type": "float", "strategy": "tensor_group", "group_size": 16},
        "input_activations": {"num_bits": 4, "type": "float", "strategy": "tensor_group", "group_size": 16}}},
      "ignore": ["lm_head"]})");
  EXPECT_EQ(m.checkpoint.bytes, 2 * kKept + 6'979'321'856u / 2 + 6'979'321'856u / 16 + 224 * 2 * 4);
}

// Kimi-K2.5 (compressed-tensors int4 g32 on the routed experts only; kimi_k25.md):
// 1,026,879,376,368 parameters = huggingface.js's logical count for the repo (text
// 1,026,408,232,448 + MoonViT and projector 471,143,920); 170,738,182,128 stored
// elements (I32 packed experts + BF16 scales + weight_shape + BF16 rest + F32
// router biases). Bytes 595,148,192,736 with Kimi's I32 weight_shape; the reader
// assumes llm-compressor's I64, 8 B more for each of the 69,120 expert Linears.
TEST(quant_config_test, kimi_k25_int4_experts) {
  const std::string dir = std::string(VRAMCALC_REFDATA_DIR) + "/configs-2026/";
  const std::string text = testing::ReadFile(dir + "moonshotai__Kimi-K2.5.json");
  if (text.empty()) GTEST_SKIP();
  auto m = parse_config_json(text, "Kimi-K2.5");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(count_params(m.value()).total, 1'026'879'376'368u);
  EXPECT_EQ(stored_params(m.value()), 170'738'182'128u);
  EXPECT_EQ(m.value().checkpoint.bytes, 595'148'192'736u + 69'120u * 8);
}

TEST(quant_config_test, unpriced_methods_are_named) {
  const ModelSpec m = Llama8B(R"({"quant_method": "hqq", "nbits": 4})");
  EXPECT_FALSE(m.checkpoint.present);
  ASSERT_FALSE(m.notes.empty());
  EXPECT_NE(m.notes.back().find("'hqq' is not priced"), std::string::npos);
}

TEST(quant_config_test, bad_block_size_is_one_line) {
  const std::string text =
      R"({"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 8,
          "num_hidden_layers": 1, "num_attention_heads": 1,
          "quantization_config": {"quant_method": "fp8", "weight_block_size": [0, 128]}})";
  auto spec = parse_config_json(text, "config.json");
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("weight_block_size"), std::string::npos);
}

}  // namespace
}  // namespace vramcalc
