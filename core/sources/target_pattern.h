// TargetPattern: the regular expressions PEFT accepts as target_modules (matched
// against whole module names, ECMAScript syntax as Python's re uses it for these:
// literals, '.', escapes \d \w \s and escaped punctuation, [classes], groups with
// '|', (?: ), lookaheads (?= ) (?! ), anchors ^ $, quantifiers * + ? {n} {n,}
// {n,m} and their lazy forms). Matching computes the set of reachable end
// positions per sub-expression, so time is polynomial in the name length for any
// pattern (no backtracking blow-up), and nothing throws: bad syntax is an error.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "status.h"

namespace vramcalc {

class TargetPattern {
 public:
  // Parses `pattern`; the error names what is wrong and where.
  static Result<TargetPattern> compile(std::string_view pattern);
  // True when the whole of `name` matches (Python re.fullmatch).
  bool full_match(std::string_view name) const;

  struct Node;  // the parsed expression (defined in target_pattern.cpp)

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace vramcalc
