// printable(): the one escaping rule for file text (core/base/printable.h). Expected
// strings are written by hand from the rule: C0/DEL/invalid bytes as \xNN, unsafe
// code points as \u{N}, cut at a character boundary with "..." within the cap.
#include "printable.h"

#include <gtest/gtest.h>

#include <string>

#include "status.h"

namespace vramcalc {
namespace {

TEST(printable_test, plain_text_and_utf8_pass_unchanged) {
  EXPECT_EQ(printable("Llama-3.1-8B", 200), "Llama-3.1-8B");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe6\xa8\xa1\xe5\x9e\x8b \xf0\x9f\x98\x80", 200),
            "caf\xc3\xa9 \xe6\xa8\xa1\xe5\x9e\x8b \xf0\x9f\x98\x80");  // é, 模型, an emoji
  EXPECT_EQ(printable("", 10), "");
}

TEST(printable_test, terminal_controls_are_escaped) {
  // The reproducer: a newline, then "clear screen" and a colour.
  EXPECT_EQ(printable("evil\n\x1b[2J\x1b[31mRED", 200), "evil\\x0a\\x1b[2J\\x1b[31mRED");
  EXPECT_EQ(printable("a\rb\tc\x7f", 200), "a\\x0db\\x09c\\x7f");
  EXPECT_EQ(printable("osc\x1b]0;title\x07", 200), "osc\\x1b]0;title\\x07");
  EXPECT_EQ(printable("csi\xc2\x9b"
                      "2J",
                      200),
            "csi\\u{9b}2J");  // U+009B: 8-bit CSI
}

TEST(printable_test, layout_changing_code_points_are_escaped) {
  EXPECT_EQ(printable("a\xe2\x80\xa8"
                      "b",
                      200),
            "a\\u{2028}b");                                      // line separator
  EXPECT_EQ(printable("x\xe2\x80\xaeyz", 200), "x\\u{202e}yz");  // right-to-left override
  EXPECT_EQ(printable("\xe2\x81\xa6i\xe2\x81\xa9", 200), "\\u{2066}i\\u{2069}");  // isolates
  EXPECT_EQ(printable("\xef\xbb\xbfname", 200), "\\u{feff}name");                 // a BOM
}

TEST(printable_test, invalid_utf8_is_escaped_byte_by_byte) {
  EXPECT_EQ(printable("a\xff"
                      "b",
                      200),
            "a\\xffb");
  EXPECT_EQ(printable("\xc0\xaf", 200), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80", 200), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(printable("end\xe6\xa8", 200), "end\\xe6\\xa8");     // truncated sequence
}

TEST(printable_test, cut_within_the_cap_at_a_character_boundary) {
  EXPECT_EQ(printable(std::string(10, 'n'), 10), std::string(10, 'n'));  // fits exactly
  EXPECT_EQ(printable(std::string(11, 'n'), 10), "nnnnnnn...");
  // 'é' is 2 bytes: never half of it ("abé" + "..." is 7 bytes; "abéé" would need 9).
  EXPECT_EQ(printable("ab\xc3\xa9\xc3\xa9\xc3\xa9", 7), "ab\xc3\xa9...");
  EXPECT_EQ(printable("ab\xc3\xa9\xc3\xa9\xc3\xa9", 6), "ab...");
  // An escape is never split either.
  EXPECT_EQ(printable("abc\x1b"
                      "defgh",
                      8),
            "abc...");
  EXPECT_LE(printable(std::string(100000, '\x01'), 2000).size(), 2000u);
}

TEST(printable_test, make_error_applies_it) {
  const Error e = make_error(ErrorCode::kInvalidField, "f: '\x1b[2J\n'");
  EXPECT_EQ(e.message, "f: '\\x1b[2J\\x0a'");
  EXPECT_LE(make_error(ErrorCode::kInvalidField, std::string(1 << 20, 'x')).message.size(),
            kMaxLineBytes);
}

}  // namespace
}  // namespace vramcalc
