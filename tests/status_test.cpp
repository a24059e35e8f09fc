// status.h: error ids are stable snake_case names (tests and JS match on them) and
// Result<T> holds either a value or an Error.
#include "status.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vramcalc {
namespace {

TEST(status_test, error_code_names_are_stable_snake_case) {
  EXPECT_STREQ(to_string(ErrorCode::kInvalidJson), "invalid_json");
  EXPECT_STREQ(to_string(ErrorCode::kMissingField), "missing_field");
  EXPECT_STREQ(to_string(ErrorCode::kInvalidField), "invalid_field");
  EXPECT_STREQ(to_string(ErrorCode::kInconsistentModel), "inconsistent_model");
  EXPECT_STREQ(to_string(ErrorCode::kUnknownModel), "unknown_model");
  EXPECT_STREQ(to_string(ErrorCode::kInvalidOption), "invalid_option");
  EXPECT_STREQ(to_string(ErrorCode::kUnsupported), "unsupported");
}

TEST(status_test, error_code_names_are_distinct) {
  std::set<std::string> names;
  for (ErrorCode c : {ErrorCode::kInvalidJson, ErrorCode::kMissingField, ErrorCode::kInvalidField,
                      ErrorCode::kInconsistentModel, ErrorCode::kUnknownModel,
                      ErrorCode::kInvalidOption, ErrorCode::kUnsupported}) {
    names.insert(to_string(c));
  }
  EXPECT_EQ(names.size(), 7u);
}

TEST(status_test, result_holds_value_or_error) {
  Result<int> good(42);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 42);

  Result<int> bad(make_error(ErrorCode::kInvalidOption, "batch: must be >= 1"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidOption);
  EXPECT_EQ(bad.error().message, "batch: must be >= 1");
}

}  // namespace
}  // namespace vramcalc
