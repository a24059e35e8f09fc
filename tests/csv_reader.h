// An RFC 4180 reader for the tests of CSV output (tables_test, cli_format_test):
// records of fields, quoted fields with doubled quotes, CRLF after every record.
// Anything else (a bare LF, an unquoted quote) fails the calling test.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vramcalc::testing {

inline std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      records.back().push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      records.back().push_back(field);
      field.clear();
      was_quoted = false;
      ++i;
      records.emplace_back();
    } else if (c == '"' || c == '\r' || c == '\n') {
      ADD_FAILURE() << "unquoted special byte " << int(c) << " at " << i;
    } else {
      field += c;
    }
  }
  EXPECT_TRUE(records.back().empty() && field.empty()) << "no CRLF after the last record";
  records.pop_back();
  return records;
}

}  // namespace vramcalc::testing
