// cli/sweep_spec.h: the --sweep forms of the README (doubling range, +step,
// xfactor, list, k/m suffixes), the end point always last, and one-line errors.
#include "sweep_spec.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_support.h"

namespace vramcalc::cli {
namespace {

using V = std::vector<uint64_t>;

V Values(const std::string& text) {
  auto r = parse_sweep(text);
  EXPECT_TRUE(testing::IsOk(r)) << text;
  return r.ok() ? r.value().values : V{};
}

TEST(sweep_spec_test, doubling_ranges) {
  EXPECT_EQ(Values("seq=1k..128k"), (V{1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072}));
  EXPECT_EQ(Values("batch=1..64"), (V{1, 2, 4, 8, 16, 32, 64}));
  EXPECT_EQ(Values("batch=1..100"), (V{1, 2, 4, 8, 16, 32, 64, 100}));  // the end is kept
  EXPECT_EQ(Values("batch=3..3"), (V{3}));
  EXPECT_EQ(parse_sweep("seq=1k..2k").value().key, "seq");
}

TEST(sweep_spec_test, steps_factors_and_lists) {
  EXPECT_EQ(Values("batch=1..10:4"), (V{1, 5, 9, 10}));
  EXPECT_EQ(Values("batch=8..32:8"), (V{8, 16, 24, 32}));
  EXPECT_EQ(Values("seq=1k..64k:x4"), (V{1024, 4096, 16384, 65536}));
  EXPECT_EQ(Values("seq=1024,2048,8192"), (V{1024, 2048, 8192}));
  EXPECT_EQ(Values("seq=4k,1k"), (V{4096, 1024}));  // in the order given
  EXPECT_EQ(Values("seq=1m"), (V{1048576}));
  EXPECT_EQ(Values("gpus=1,2,8"), (V{1, 2, 8}));
}

TEST(sweep_spec_test, bad_specs_fail_with_one_line) {
  for (const char* bad : {"seq", "seq=", "seq=0..4", "seq=8..4", "seq=1..4:0", "seq=1..4:x1",
                          "seq=1,,2", "seq=a..b", "seq=-1..4", "mode=1..2", "unknown=1..2",
                          "seq=99999999999999999k", "seq=1..1099511627776:1"}) {
    auto r = parse_sweep(bad);
    EXPECT_TRUE(testing::FailsWith(r, ErrorCode::kInvalidOption)) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("--sweep"), std::string::npos) << bad;
    }
  }
}

}  // namespace
}  // namespace vramcalc::cli
