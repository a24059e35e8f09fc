// config_parser.h: config.json -> ModelSpec for the llama / mistral / qwen2 / gpt2 /
// bert families, and the errors for bad bytes (each names the field or the file).
#include "config_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;
using testing::IsOk;
using testing::LoadTestConfig;

TEST(config_parser_test, llama_7b_fields) {
  auto r = LoadTestConfig("llama-7b.json");
  ASSERT_TRUE(IsOk(r));
  const ModelSpec& m = r.value();
  EXPECT_EQ(m.kind, ModelKind::kDecoder);
  EXPECT_EQ(m.model_type, "llama");
  EXPECT_EQ(m.vocab_size, 32000u);
  EXPECT_EQ(m.hidden_size, 4096u);
  EXPECT_EQ(m.num_layers, 32u);
  EXPECT_EQ(m.num_heads, 32u);
  EXPECT_EQ(m.num_kv_heads, 32u);  // no num_key_value_heads: MHA
  EXPECT_EQ(m.head_dim, 128u);     // 4096 / 32
  EXPECT_EQ(m.intermediate_size, 11008u);
  EXPECT_EQ(m.max_position_embeddings, 2048u);
  EXPECT_EQ(m.learned_position_rows, 0u);  // rotary
  EXPECT_TRUE(m.gated_mlp);
  EXPECT_FALSE(m.tied_embeddings);
  EXPECT_TRUE(m.has_lm_head);
  EXPECT_FALSE(m.qkv_bias);
  EXPECT_EQ(m.norm, NormKind::kRMSNorm);
  EXPECT_TRUE(m.final_norm);
}

TEST(config_parser_test, llama_3_1_8b_gqa) {
  auto r = LoadTestConfig("llama-3.1-8b.json");
  ASSERT_TRUE(IsOk(r));
  const ModelSpec& m = r.value();
  EXPECT_EQ(m.num_heads, 32u);
  EXPECT_EQ(m.num_kv_heads, 8u);
  EXPECT_EQ(m.head_dim, 128u);
  EXPECT_EQ(q_dim(m), 4096u);
  EXPECT_EQ(kv_dim(m), 1024u);
  EXPECT_EQ(m.vocab_size, 128256u);
}

TEST(config_parser_test, mistral_sliding_window) {
  auto r = LoadTestConfig("mistral-7b.json");
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().kind, ModelKind::kDecoder);
  EXPECT_EQ(r.value().num_kv_heads, 8u);
  EXPECT_EQ(r.value().sliding_window, 4096u);
}

TEST(config_parser_test, qwen2_has_qkv_bias) {
  auto r = LoadTestConfig("qwen2.5-7b.json");
  ASSERT_TRUE(IsOk(r));
  EXPECT_TRUE(r.value().qkv_bias);
  EXPECT_FALSE(r.value().attn_out_bias);
  EXPECT_EQ(r.value().num_kv_heads, 4u);
  EXPECT_EQ(r.value().head_dim, 128u);  // 3584 / 28
}

// GPT-2's legacy keys: n_embd, n_layer, n_head, n_positions; MLP width defaults to 4 x n_embd.
TEST(config_parser_test, gpt2_legacy_keys) {
  auto r = LoadTestConfig("gpt2.json");
  ASSERT_TRUE(IsOk(r));
  const ModelSpec& m = r.value();
  EXPECT_EQ(m.kind, ModelKind::kDecoder);
  EXPECT_EQ(m.hidden_size, 768u);
  EXPECT_EQ(m.num_layers, 12u);
  EXPECT_EQ(m.num_heads, 12u);
  EXPECT_EQ(m.num_kv_heads, 12u);
  EXPECT_EQ(m.intermediate_size, 3072u);
  EXPECT_EQ(m.learned_position_rows, 1024u);
  EXPECT_EQ(m.vocab_size, 50257u);
  EXPECT_TRUE(m.tied_embeddings);  // transformers' gpt2 default
  EXPECT_FALSE(m.gated_mlp);
  EXPECT_EQ(m.norm, NormKind::kLayerNorm);
}

TEST(config_parser_test, bert_is_an_encoder) {
  auto r = LoadTestConfig("bert-base-uncased.json");
  ASSERT_TRUE(IsOk(r));
  const ModelSpec& m = r.value();
  EXPECT_EQ(m.kind, ModelKind::kEncoder);
  EXPECT_EQ(m.hidden_size, 768u);
  EXPECT_EQ(m.num_layers, 12u);
  EXPECT_EQ(m.type_vocab_size, 2u);
  EXPECT_EQ(m.learned_position_rows, 512u);
  EXPECT_EQ(m.norm, NormKind::kLayerNorm);
  EXPECT_FALSE(m.gated_mlp);
}

TEST(config_parser_test, unknown_keys_are_ignored) {
  testing::LlamaShape s;
  std::string json = testing::LlamaConfigJson(s);
  json.insert(1, "\"_source\":\"hand-written\",\"some_future_key\":{\"a\":[1,2]},");
  EXPECT_TRUE(IsOk(parse_config_json(json, "x.json")));
}

// ---- bad input: each error names the field (or the file for broken JSON) -------------

TEST(config_parser_test, empty_bytes) {
  auto r = parse_config_json("", "empty.json");
  ASSERT_TRUE(FailsWith(r, ErrorCode::kInvalidJson));
  EXPECT_NE(r.error().message.find("empty.json"), std::string::npos) << r.error().message;
}

TEST(config_parser_test, truncated_json) {
  std::string json = testing::LlamaConfigJson({});
  json.resize(json.size() / 2);
  auto r = parse_config_json(json, "cut.json");
  ASSERT_TRUE(FailsWith(r, ErrorCode::kInvalidJson));
  EXPECT_NE(r.error().message.find("cut.json"), std::string::npos) << r.error().message;
}

TEST(config_parser_test, json_that_is_not_an_object) {
  EXPECT_FALSE(parse_config_json("[1,2,3]", "a.json").ok());
  EXPECT_FALSE(parse_config_json("42", "a.json").ok());
  EXPECT_FALSE(parse_config_json("null", "a.json").ok());
}

// Replaces `"key":<old value>` in a llama config.
std::string WithField(const std::string& key, const std::string& value) {
  std::string json = testing::LlamaConfigJson({});
  const std::string needle = "\"" + key + "\":";
  const size_t at = json.find(needle);
  if (at == std::string::npos) return json;
  const size_t start = at + needle.size();
  const size_t end = json.find_first_of(",}", start);
  return json.replace(start, end - start, value);
}

std::string WithoutField(const std::string& key) {
  std::string json = testing::LlamaConfigJson({});
  const std::string needle = ",\"" + key + "\":";
  const size_t at = json.find(needle);
  const size_t end = json.find_first_of(",}", at + needle.size());
  return json.erase(at, end - at);
}

void ExpectFieldError(const std::string& json, ErrorCode code, const std::string& field) {
  auto r = parse_config_json(json, "bad.json");
  ASSERT_TRUE(FailsWith(r, code)) << json;
  EXPECT_NE(r.error().message.find(field), std::string::npos)
      << "message does not name " << field << ": " << r.error().message;
}

TEST(config_parser_test, negative_hidden_size) {
  ExpectFieldError(WithField("hidden_size", "-4096"), ErrorCode::kInvalidField, "hidden_size");
}

TEST(config_parser_test, non_numeric_hidden_size) {
  ExpectFieldError(WithField("hidden_size", "\"abc\""), ErrorCode::kInvalidField, "hidden_size");
}

TEST(config_parser_test, fractional_and_zero_hidden_size) {
  ExpectFieldError(WithField("hidden_size", "4096.5"), ErrorCode::kInvalidField, "hidden_size");
  ExpectFieldError(WithField("hidden_size", "0"), ErrorCode::kInvalidField, "hidden_size");
}

TEST(config_parser_test, hidden_size_beyond_64_bits) {
  ExpectFieldError(WithField("hidden_size", "18446744073709551616"), ErrorCode::kInvalidField,
                   "hidden_size");
}

TEST(config_parser_test, negative_layer_count) {
  ExpectFieldError(WithField("num_hidden_layers", "-2"), ErrorCode::kInvalidField,
                   "num_hidden_layers");
}

TEST(config_parser_test, missing_hidden_size) {
  ExpectFieldError(WithoutField("hidden_size"), ErrorCode::kMissingField, "hidden_size");
}

TEST(config_parser_test, missing_layer_count) {
  ExpectFieldError(WithoutField("num_hidden_layers"), ErrorCode::kMissingField,
                   "num_hidden_layers");
}

// 4096 / 30 is not whole and no head_dim is given: heads cannot split the width.
TEST(config_parser_test, heads_not_dividing_hidden_size) {
  testing::LlamaShape shape;
  shape.heads = 30;
  shape.kv_heads = 30;
  ExpectFieldError(testing::LlamaConfigJson(shape), ErrorCode::kInconsistentModel,
                   "num_attention_heads");
}

// 32 query heads cannot be shared out over 5 KV groups.
TEST(config_parser_test, kv_heads_not_dividing_heads) {
  ExpectFieldError(WithField("num_key_value_heads", "5"), ErrorCode::kInconsistentModel,
                   "num_key_value_heads");
}

TEST(config_parser_test, errors_never_throw_on_garbage) {
  const char* inputs[] = {"{",
                          "}",
                          "{\"hidden_size\":}",
                          "\xff\xfe",
                          "{\"a\":1,}",
                          "{\"model_type\":42}",
                          "{\"model_type\":\"llama\"}"};
  for (const char* in : inputs) {
    auto r = parse_config_json(in, "g.json");
    EXPECT_FALSE(r.ok()) << in;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
    }
  }
}

// transformers validates layer_types (configuration_utils.py, layer_type_validation):
// one string per layer. LlamaConfigJson({}) has 32 layers.
TEST(config_parser_test, layer_types_must_name_each_layer) {
  std::string types = "[";
  for (int i = 0; i < 32; ++i) types += std::string(i ? "," : "") + "\"full_attention\"";
  const std::string base = testing::LlamaConfigJson({});
  const auto with = [&](const std::string& value) {
    return base.substr(0, base.size() - 1) + ",\"layer_types\":" + value + "}";
  };
  EXPECT_TRUE(parse_config_json(with(types + "]"), "c.json").ok());
  ExpectFieldError(with("[\"full_attention\"]"), ErrorCode::kInconsistentModel,
                   "field 'layer_types' has 1 entries but num_hidden_layers is 32");
  ExpectFieldError(with(types + ",\"full_attention\"]"), ErrorCode::kInconsistentModel,
                   "has 33 entries");
  std::string wrong = types;
  wrong.replace(wrong.rfind("\"full_attention\""), 16, "7");
  ExpectFieldError(with(wrong + "]"), ErrorCode::kInvalidField,
                   "field 'layer_types' entry 31 must be a string (got 7)");
  ExpectFieldError(with("\"full\""), ErrorCode::kInvalidField, "must be a list of strings");
}

}  // namespace
}  // namespace vramcalc

namespace vramcalc {
namespace {

// quantization_config fields of the wrong type read as their defaults, never throw
// (GPTQ bits "4", compressed-tensors num_bits [1], bitsandbytes load_in_4bit "yes").
TEST(config_parser_test, quantization_fields_of_the_wrong_type_do_not_throw) {
  for (
      const char* qc :
      {R"({"quant_method":"gptq","bits":"4","group_size":"x"})",
       R"({"quant_method":"compressed-tensors","config_groups":{"g":{"weights":{"num_bits":[1],"type":3}}}})",
       R"({"quant_method":"bitsandbytes","load_in_4bit":"yes"})",
       R"({"quant_method":"awq","w_bit":8,"q_group_size":-1,"zero_point":"no"})"}) {
    const std::string cfg =
        std::string(R"({"model_type":"llama","vocab_size":1000,"hidden_size":64,)") +
        R"("intermediate_size":128,"num_hidden_layers":2,"num_attention_heads":4,)" +
        R"("quantization_config":)" + qc + "}";
    EXPECT_NO_THROW({
      auto m = parse_config_json(cfg, "q.json");
      (void)m;
    }) << qc;
  }
}

}  // namespace
}  // namespace vramcalc
