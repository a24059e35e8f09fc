// An unknown model_type with the standard keys is read as a Llama-style decoder
// (issue 8): Llama-3.1-8B's hyperparameters under a new name still count
// 8,030,261,248 parameters (Meta's published figure), with a note saying so.
#include <gtest/gtest.h>

#include <string>

#include "config_parser.h"
#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

const char* kLlama31_8bRenamed = R"({
  "model_type": "brand_new_decoder", "vocab_size": 128256, "hidden_size": 4096,
  "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
  "num_key_value_heads": 8, "max_position_embeddings": 131072, "tie_word_embeddings": false
})";

TEST(generic_family_test, unknown_type_with_standard_keys_is_a_decoder) {
  auto spec = parse_config_json(kLlama31_8bRenamed, "config.json");
  ASSERT_TRUE(testing::IsOk(spec));
  EXPECT_EQ(count_params(spec.value()).total, 8'030'261'248u);
  bool noted = false;
  for (const std::string& n : spec.value().notes) {
    noted = noted || (n.find("brand_new_decoder") != std::string::npos &&
                      n.find("approximate") != std::string::npos);
  }
  EXPECT_TRUE(noted);
}

// Mixtral-8x7B's shape under a new name: the MoE keys are read (46,702,792,704).
TEST(generic_family_test, unknown_moe_reads_the_expert_keys) {
  auto spec = parse_config_json(R"({
    "model_type": "someone_elses_moe", "vocab_size": 32000, "hidden_size": 4096,
    "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
    "num_key_value_heads": 8, "num_local_experts": 8, "num_experts_per_tok": 2,
    "tie_word_embeddings": false})",
                                "config.json");
  ASSERT_TRUE(testing::IsOk(spec));
  EXPECT_EQ(count_params(spec.value()).total, 46'702'792'704u);
  EXPECT_EQ(count_params(spec.value()).active, 12'879'925'248u);
}

TEST(generic_family_test, unknown_type_without_standard_keys_names_them) {
  auto spec = parse_config_json(R"({"model_type": "mystery", "d_model": 512})", "config.json");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(spec.error().message.find("num_hidden_layers"), std::string::npos);
  EXPECT_EQ(spec.error().message.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace vramcalc
