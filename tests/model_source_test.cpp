// model_source.h: bare parameter counts ("7b", "560m", "8e9", "1.5B", "124439808") and
// resolving a MODEL name that is not a file (preset id or bare count).
#include "model_source.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace vramcalc {
namespace {

using testing::IsOk;

uint64_t Count(const char* text) {
  auto r = parse_param_count(text);
  EXPECT_TRUE(IsOk(r)) << text;
  return r.ok() ? r.value() : 0;
}

TEST(model_source_test, parses_suffixes_and_exponents) {
  EXPECT_EQ(Count("7b"), 7'000'000'000u);
  EXPECT_EQ(Count("7B"), 7'000'000'000u);
  EXPECT_EQ(Count("560m"), 560'000'000u);
  EXPECT_EQ(Count("8e9"), 8'000'000'000u);
  EXPECT_EQ(Count("1.5B"), 1'500'000'000u);
  EXPECT_EQ(Count("1.5b"), 1'500'000'000u);
  EXPECT_EQ(Count("405b"), 405'000'000'000u);
  EXPECT_EQ(Count("124439808"), 124'439'808u);
  EXPECT_EQ(Count("6e9"), 6'000'000'000u);
}

// Decimal fractions must not pick up binary rounding: 0.1 * 1e9 is 100,000,000 exactly.
TEST(model_source_test, decimal_fractions_are_exact) {
  EXPECT_EQ(Count("0.1b"), 100'000'000u);
  EXPECT_EQ(Count("1.1b"), 1'100'000'000u);
  EXPECT_EQ(Count("2.7b"), 2'700'000'000u);
  EXPECT_EQ(Count("8.03e9"), 8'030'000'000u);
}

TEST(model_source_test, rejects_non_counts) {
  for (const char* bad : {"", "abc", "-7b", "7x", "b", "7bb", "1e30", "99999999999999999999"}) {
    auto r = parse_param_count(bad);
    EXPECT_FALSE(r.ok()) << "'" << bad << "' gave " << r.value();
  }
}

TEST(model_source_test, params_only_model_has_no_architecture) {
  const ModelSpec m = params_only_model(7'000'000'000u, "7b");
  EXPECT_EQ(m.kind, ModelKind::kParamsOnly);
  EXPECT_EQ(m.bare_params, 7'000'000'000u);
  EXPECT_EQ(m.model_type, "params");
  EXPECT_EQ(m.num_layers, 0u);
  EXPECT_EQ(m.hidden_size, 0u);
}

TEST(model_source_test, resolves_bare_counts) {
  auto r = resolve_model_name("8e9");
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().kind, ModelKind::kParamsOnly);
  EXPECT_EQ(r.value().bare_params, 8'000'000'000u);
}

TEST(model_source_test, resolves_preset_ids) {
  auto r = resolve_model_name("llama-3.1-8b");
  ASSERT_TRUE(IsOk(r));
  EXPECT_EQ(r.value().kind, ModelKind::kDecoder);
  EXPECT_EQ(r.value().num_kv_heads, 8u);
}

TEST(model_source_test, unknown_names_are_unknown_models) {
  EXPECT_TRUE(
      testing::FailsWith(resolve_model_name("no-such-model-xyz"), ErrorCode::kUnknownModel));
  EXPECT_TRUE(testing::FailsWith(resolve_model_name(""), ErrorCode::kUnknownModel));
}

}  // namespace
}  // namespace vramcalc
