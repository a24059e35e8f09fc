// presets.h: every built-in model parses with the same parser as dropped files, has a
// source, a unique id, and (for the Llama 3.1 8B preset) the published exact count.
#include "presets.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "param_count.h"
#include "test_support.h"

namespace vramcalc {
namespace {

TEST(presets_test, catalog_is_not_empty_and_ids_are_unique) {
  const auto& all = all_presets();
  ASSERT_FALSE(all.empty());
  std::set<std::string> ids;
  for (const Preset& p : all) {
    EXPECT_TRUE(ids.insert(p.id).second) << "duplicate id " << p.id;
    EXPECT_EQ(std::string(p.id).find(' '), std::string::npos) << p.id;
  }
}

TEST(presets_test, every_preset_loads_and_names_its_source) {
  for (const Preset& p : all_presets()) {
    SCOPED_TRACE(p.id);
    EXPECT_NE(std::string(p.name), "");
    EXPECT_NE(std::string(p.source), "");
    auto spec = load_preset(p);
    ASSERT_TRUE(testing::IsOk(spec));
    EXPECT_NE(spec.value().kind, ModelKind::kParamsOnly);
    EXPECT_GT(count_params(spec.value()).total, 0u);
    EXPECT_EQ(find_preset(p.id), &p);
  }
}

// Llama 3.1 8B: 8,030,261,248 (HF safetensors total; derivation in param_count_test).
TEST(presets_test, llama_3_1_8b_exact_count) {
  const Preset* p = find_preset("llama-3.1-8b");
  ASSERT_NE(p, nullptr);
  auto spec = load_preset(*p);
  ASSERT_TRUE(testing::IsOk(spec));
  EXPECT_EQ(count_params(spec.value()).total, 8'030'261'248u);
}

TEST(presets_test, unknown_id_is_null) {
  EXPECT_EQ(find_preset("no-such-preset"), nullptr);
  EXPECT_EQ(find_preset(""), nullptr);
}

}  // namespace
}  // namespace vramcalc
