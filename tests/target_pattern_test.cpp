// target_pattern.h against std::regex as the oracle (native only: the test may use
// what the wasm build cannot): every pattern x every real module name must agree
// on whole-name matching. Patterns are the shapes PEFT users write.
#include "target_pattern.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "modules.h"
#include "presets.h"

namespace vramcalc {
namespace {

std::vector<std::string> Names() {
  std::vector<std::string> names = {"", "a", "aaa", "q_proj", "lm_head", "x.y", "x\ny"};
  for (const char* id :
       {"llama-3.1-8b", "gpt2", "bert-base-uncased", "mixtral-8x7b", "deepseek-v2-lite", "phi-2"}) {
    const Preset* p = find_preset(id);
    if (!p) continue;
    auto m = load_preset(*p);
    if (!m.ok()) continue;
    for (const Module& mod : model_modules(m.value())) {
      for (uint64_t l : {0, 1, 10}) names.push_back(module_name(mod, l, 3));
    }
  }
  return names;
}

TEST(target_pattern_test, agrees_with_std_regex) {
  const std::vector<std::string> patterns = {
      R"(.*\.(q_proj|v_proj))",
      R"(.*(q_proj|k_proj|v_proj|o_proj))",
      R"(^(?!.*vision).*(q_proj|k_proj))",
      R"(model\.layers\.[0-9]+\.self_attn\.(q|k|v)_proj)",
      R"(.*layers\.(0|1|2)\..*)",
      R"(.*\d+\.mlp\.\w+)",
      R"(.*[^a-z]proj)",
      R"(.*experts\.\d{1,2}\.w[13])",
      R"((?:.*\.)?c_(attn|proj|fc))",
      R"(.*(?=.*attn).*proj)",
      R"(a*)",
      R"((a|aa)*)",
      R"((a*)*b?)",
      R"(a{2,3})",
      R"(a{2,})",
      R"(.+?_proj)",
      R"([a-z_.0-9]+)",
      R"([\w.]*head)",
      R"(x.y)",
      R"(x\.y)",
      R"(.*)",
  };
  const std::vector<std::string> names = Names();
  ASSERT_GT(names.size(), 100u);
  for (const std::string& p : patterns) {
    auto t = TargetPattern::compile(p);
    ASSERT_TRUE(t.ok()) << p << ": " << t.error().message;
    const std::regex oracle(p, std::regex::ECMAScript);
    for (const std::string& n : names) {
      EXPECT_EQ(t.value().full_match(n), std::regex_match(n, oracle)) << p << " vs '" << n << "'";
    }
  }
}

TEST(target_pattern_test, bad_syntax_is_an_error_naming_the_place) {
  for (const char* bad :
       {"(", ")", "[a-", "a{3,2}", "a{1000}", "*a", "a**", "\\", "(?<x>a)", "\\q", "^*"}) {
    auto t = TargetPattern::compile(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.error().message.find("character"), std::string::npos) << bad;
  }
}

// Polynomial by construction: a pattern that makes backtracking engines explode
// still answers at once on a long name.
TEST(target_pattern_test, no_catastrophic_backtracking) {
  auto t = TargetPattern::compile("(a|a)*(a*)*(a+)+b");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t.value().full_match(std::string(300, 'a')));
  EXPECT_TRUE(t.value().full_match(std::string(300, 'a') + "b"));
}

}  // namespace
}  // namespace vramcalc
