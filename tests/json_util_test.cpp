// json_util: the depth cap, size limits and error offsets of parse_json and
// json_top_level_keys, and brief()'s bounded rendering (core/base/json_util.h).
#include "json_util.h"

#include <gtest/gtest.h>

#include <string>

#include "file_limits.h"
#include "test_support.h"

namespace vramcalc {
namespace {

using testing::FailsWith;

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(json_util_test, nesting_is_capped_at_64_levels) {
  EXPECT_TRUE(parse_json(Nested(64), "c.json", kMaxConfigJsonBytes).ok());
  const auto deep = parse_json(Nested(65), "c.json", kMaxConfigJsonBytes);
  ASSERT_TRUE(FailsWith(deep, ErrorCode::kInvalidJson));
  // The 65th '[' is byte 64.
  EXPECT_EQ(deep.error().message,
            "c.json: JSON nested deeper than 64 levels (at byte 64); real model files nest "
            "fewer than 10");
  // Objects count as levels too; brackets inside strings do not.
  std::string obj = R"({"s":"[[[[","a":)";
  for (int i = 0; i < 70; ++i) obj += R"({"b":)";
  obj += "1" + std::string(71, '}');
  const auto o = parse_json(obj, "o.json", kMaxConfigJsonBytes);
  ASSERT_TRUE(FailsWith(o, ErrorCode::kInvalidJson));
  // Level 65 opens at the 64th '{' of the chain: 16 bytes of prefix + 63 x 5 bytes.
  EXPECT_NE(o.error().message.find("(at byte " + std::to_string(16 + 63 * 5) + ")"),
            std::string::npos)
      << o.error().message;
}

TEST(json_util_test, a_million_levels_cost_nothing) {
  const auto r = parse_json(Nested(1000000), "deep.json", kMaxConfigJsonBytes);
  EXPECT_TRUE(FailsWith(r, ErrorCode::kInvalidJson));
  const auto k =
      json_top_level_keys("{\"a\":" + Nested(1000000) + "}", "deep.json", kMaxConfigJsonBytes);
  EXPECT_TRUE(FailsWith(k, ErrorCode::kInvalidJson));
}

TEST(json_util_test, size_limit_is_the_callers) {
  const std::string text = "[" + std::string(100, ' ') + "]";
  EXPECT_TRUE(parse_json(text, "x.json", 102).ok());
  const auto big = parse_json(text, "x.json", 101);
  ASSERT_TRUE(FailsWith(big, ErrorCode::kInvalidJson));
  EXPECT_EQ(big.error().message,
            "x.json: 102 bytes is too large for this kind of JSON file (limit 101)");
}

TEST(json_util_test, top_level_keys_only) {
  const auto k = json_top_level_keys(
      R"({"model_type":"llama","nested":{"peft_type":"LORA"},"note":"weight_map"})", "c.json",
      kMaxConfigJsonBytes);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k.value(), (std::vector<std::string>{"model_type", "nested", "note"}));
  EXPECT_TRUE(FailsWith(json_top_level_keys("[1]", "c.json", 100), ErrorCode::kInvalidJson));
  const auto bad = json_top_level_keys("{\"a\": 1,}", "c.json", 100);
  ASSERT_TRUE(FailsWith(bad, ErrorCode::kInvalidJson));
  EXPECT_NE(bad.error().message.find("c.json: invalid JSON at byte 8"), std::string::npos)
      << bad.error().message;
}

// Python's json.dump writes Infinity, -Infinity and NaN (Nemotron-H's
// time_step_limit): read as strings, refused where a count is needed.
TEST(json_util_test, python_literals_are_read_as_strings) {
  const auto r = parse_json(R"({"limit":[0.0, Infinity, -Infinity, NaN],"s":"Infinity NaN"})",
                            "c.json", kMaxConfigJsonBytes);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value()["limit"], Json::parse(R"([0.0,"Infinity","-Infinity","NaN"])"));
  EXPECT_EQ(r.value()["s"], "Infinity NaN");  // inside a string: untouched
  const auto count =
      get_uint(Json::parse(R"({"vocab_size":"Infinity"})"), "vocab_size", "c.json", 1, 100);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().message,
            "c.json: field 'vocab_size' must be an integer in 1..100 (got \"Infinity\")");
  // An error after a rewritten literal names the offset in the original bytes.
  const auto bad = parse_json("[Infinity, NaN,]", "c.json", kMaxConfigJsonBytes);
  ASSERT_TRUE(FailsWith(bad, ErrorCode::kInvalidJson));
  EXPECT_NE(bad.error().message.find("invalid JSON at byte 15"), std::string::npos)
      << bad.error().message;
}

TEST(json_util_test, brief_renders_only_what_it_shows) {
  EXPECT_EQ(brief(Json(42)), "42");
  EXPECT_EQ(brief(Json("ab")), "\"ab\"");
  EXPECT_EQ(brief(Json::parse("[1,[2,[3,[4]]]]")), "[1,[2,[3,[...]]]]");
  EXPECT_EQ(brief(Json::parse(R"({"a":1,"b":[true,null]})")), R"({"a":1,"b":[true,null]})");
  Json many = Json::array();
  for (int i = 0; i < 100000; ++i) many.push_back(i);
  EXPECT_EQ(brief(many), "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,1...");
  EXPECT_EQ(brief(Json(std::string(1 << 20, 'x'))), "\"" + std::string(36, 'x') + "...");
}

}  // namespace
}  // namespace vramcalc
