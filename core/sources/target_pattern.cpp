// Parser and set-of-positions matcher for TargetPattern.
#include "target_pattern.h"

#include <bitset>
#include <cctype>
#include <optional>
#include <vector>

namespace vramcalc {

struct TargetPattern::Node {
  enum Kind { kChar, kClass, kAnchorStart, kAnchorEnd, kGroup, kLookahead } kind = kChar;
  std::bitset<256> chars;                       // kChar / kClass: the bytes it accepts
  bool negative = false;                        // kLookahead: (?! ) rather than (?= )
  std::vector<std::vector<Node>> alternatives;  // kGroup / kLookahead: '|'-separated sequences
  int min = 1, max = 1;                         // repetition; max -1 = unbounded
};

namespace {

using Node = TargetPattern::Node;
using Positions = std::vector<char>;  // Positions[p] != 0: p is reachable

constexpr int kMaxRepeat = 100;
constexpr int kMaxDepth = 32;

std::bitset<256> escape_class(char e) {
  std::bitset<256> set;
  for (int c = 0; c < 256; ++c) {
    const bool digit = c >= '0' && c <= '9';
    const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool space = c == ' ' || (c >= '\t' && c <= '\r');
    switch (e) {
      case 'd':
        set[c] = digit;
        break;
      case 'D':
        set[c] = !digit;
        break;
      case 'w':
        set[c] = word;
        break;
      case 'W':
        set[c] = !word;
        break;
      case 's':
        set[c] = space;
        break;
      case 'S':
        set[c] = !space;
        break;
      default:
        break;
    }
  }
  return set;
}

bool is_class_escape(char e) { return std::string("dDwWsS").find(e) != std::string::npos; }

class Parser {
 public:
  explicit Parser(std::string_view re) : re_(re) {}

  Result<std::vector<std::vector<Node>>> alternatives(int depth) {
    if (depth > kMaxDepth) return fail("groups nested too deeply");
    std::vector<std::vector<Node>> alts(1);
    while (i_ < re_.size() && re_[i_] != ')') {
      if (re_[i_] == '|') {
        ++i_;
        alts.emplace_back();
        continue;
      }
      auto atom = this->atom(depth);
      if (!atom.ok()) return atom.error();
      Node n = atom.value();
      if (auto err = quantifier(n)) return *err;
      alts.back().push_back(std::move(n));
    }
    return alts;
  }

  bool done() const { return i_ == re_.size(); }
  Error fail(const std::string& what) const {
    return make_error(ErrorCode::kInvalidField,
                      what + " at character " + std::to_string(i_) + " of the pattern");
  }

 private:
  Result<Node> atom(int depth) {
    Node n;
    const char c = re_[i_++];
    switch (c) {
      case '^':
        n.kind = Node::kAnchorStart;
        return n;
      case '$':
        n.kind = Node::kAnchorEnd;
        return n;
      case '.':
        n.chars.set();
        n.chars.reset('\n');
        return n;
      case '\\': {
        if (i_ >= re_.size()) return fail("pattern ends with a backslash");
        const char e = re_[i_++];
        if (is_class_escape(e)) {
          n.chars = escape_class(e);
        } else if (!std::isalnum(static_cast<unsigned char>(e))) {
          n.chars.set(static_cast<unsigned char>(e));
        } else {
          return fail(std::string("unsupported escape \\") + e);
        }
        return n;
      }
      case '[':
        return char_class();
      case '(': {
        n.kind = Node::kGroup;
        if (i_ + 1 < re_.size() && re_[i_] == '?') {
          const char k = re_[i_ + 1];
          if (k == '=' || k == '!') {
            n.kind = Node::kLookahead;
            n.negative = k == '!';
          } else if (k != ':') {
            return fail("unsupported group '(?" + std::string(1, k) + "'");
          }
          i_ += 2;
        }
        auto alts = alternatives(depth + 1);
        if (!alts.ok()) return alts.error();
        if (i_ >= re_.size()) return fail("unclosed '('");
        ++i_;  // ')'
        n.alternatives = std::move(alts.value());
        return n;
      }
      case ')':
        return fail("unbalanced ')'");
      case '*':
      case '+':
      case '?':
      case '{':
        return fail(std::string("quantifier '") + c + "' follows nothing");
      default:
        n.chars.set(static_cast<unsigned char>(c));
        return n;
    }
  }

  Result<Node> char_class() {
    Node n;
    bool negate = false;
    if (i_ < re_.size() && re_[i_] == '^') {
      negate = true;
      ++i_;
    }
    bool first = true;
    while (i_ < re_.size() && (re_[i_] != ']' || first)) {
      first = false;
      unsigned char lo = static_cast<unsigned char>(re_[i_++]);
      if (lo == '\\') {
        if (i_ >= re_.size()) break;
        const char e = re_[i_++];
        if (is_class_escape(e)) {
          n.chars |= escape_class(e);
          continue;
        }
        lo = static_cast<unsigned char>(e);
      }
      unsigned char hi = lo;
      if (i_ + 1 < re_.size() && re_[i_] == '-' && re_[i_ + 1] != ']') {
        hi = static_cast<unsigned char>(re_[i_ + 1]);
        if (hi == '\\' && i_ + 2 < re_.size()) {
          hi = static_cast<unsigned char>(re_[i_ + 2]);
          ++i_;
        }
        i_ += 2;
        if (hi < lo) return fail("reversed range in '[...]'");
      }
      for (int ch = lo; ch <= hi; ++ch) n.chars.set(static_cast<size_t>(ch));
    }
    if (i_ >= re_.size()) return fail("unclosed '['");
    ++i_;  // ']'
    if (negate) n.chars.flip();
    return n;
  }

  // Reads an optional quantifier after an atom into n.min / n.max.
  std::optional<Error> quantifier(Node& n) {
    if (i_ >= re_.size()) return std::nullopt;
    const char c = re_[i_];
    if (c == '*' || c == '+' || c == '?') {
      ++i_;
      n.min = c == '+' ? 1 : 0;
      n.max = c == '?' ? 1 : -1;
    } else if (c == '{') {
      size_t j = i_ + 1;
      int lo = 0, hi = 0, digits = 0;
      for (; j < re_.size() && std::isdigit(static_cast<unsigned char>(re_[j])) && digits < 4;
           ++j, ++digits) {
        lo = lo * 10 + (re_[j] - '0');
      }
      if (digits == 0) return fail("bad {n,m} quantifier");
      hi = lo;
      if (j < re_.size() && re_[j] == ',') {
        ++j;
        hi = -1;
        int d2 = 0, v = 0;
        for (; j < re_.size() && std::isdigit(static_cast<unsigned char>(re_[j])) && d2 < 4;
             ++j, ++d2) {
          v = v * 10 + (re_[j] - '0');
        }
        if (d2 > 0) hi = v;
      }
      if (j >= re_.size() || re_[j] != '}') return fail("bad {n,m} quantifier");
      if (lo > kMaxRepeat || hi > kMaxRepeat || (hi >= 0 && hi < lo)) {
        return fail("repeat count over " + std::to_string(kMaxRepeat) + " or reversed");
      }
      i_ = j + 1;
      n.min = lo;
      n.max = hi;
    } else {
      return std::nullopt;
    }
    if (n.kind == Node::kAnchorStart || n.kind == Node::kAnchorEnd || n.kind == Node::kLookahead) {
      return fail("quantifier on an anchor or lookahead");
    }
    if (i_ < re_.size() && re_[i_] == '?') ++i_;  // lazy: same matches for fullmatch
    if (i_ < re_.size() && std::string("*+?{").find(re_[i_]) != std::string::npos) {
      return fail("two quantifiers in a row");
    }
    return std::nullopt;
  }

  std::string_view re_;
  size_t i_ = 0;
};

class Matcher {
 public:
  explicit Matcher(std::string_view s) : s_(s) {}

  // Ends reachable from every position in `from` through one node (all repetitions).
  Positions node(const Node& n, const Positions& from) const {
    Positions reached(from.size(), 0);
    Positions current = from;
    if (n.min == 0) merge(reached, current);
    for (int rep = 1; n.max < 0 || rep <= n.max; ++rep) {
      Positions next = once(n, current);
      if (rep >= n.min) {
        const bool grew = merge(reached, next);
        if (!grew && n.max < 0 && rep > n.min) break;  // fixed point
      }
      if (!any(next)) break;
      if (next == current && n.max < 0 && rep >= n.min) break;
      current = std::move(next);
    }
    return reached;
  }

  Positions sequence(const std::vector<Node>& seq, Positions from) const {
    for (const Node& n : seq) {
      from = node(n, from);
      if (!any(from)) break;
    }
    return from;
  }

  Positions alternatives(const std::vector<std::vector<Node>>& alts, const Positions& from) const {
    Positions out(from.size(), 0);
    for (const auto& seq : alts) merge(out, sequence(seq, from));
    return out;
  }

 private:
  Positions once(const Node& n, const Positions& from) const {
    const size_t len = s_.size();
    Positions out(from.size(), 0);
    for (size_t p = 0; p <= len; ++p) {
      if (!from[p]) continue;
      switch (n.kind) {
        case Node::kChar:
        case Node::kClass:
          if (p < len && n.chars[static_cast<unsigned char>(s_[p])]) out[p + 1] = 1;
          break;
        case Node::kAnchorStart:
          if (p == 0) out[p] = 1;
          break;
        case Node::kAnchorEnd:
          if (p == len) out[p] = 1;
          break;
        case Node::kGroup:
          break;
        case Node::kLookahead: {
          Positions at(from.size(), 0);
          at[p] = 1;
          if (any(alternatives(n.alternatives, at)) != n.negative) out[p] = 1;
          break;
        }
      }
    }
    if (n.kind == Node::kGroup) return alternatives(n.alternatives, from);
    return out;
  }

  static bool any(const Positions& p) {
    for (char c : p) {
      if (c) return true;
    }
    return false;
  }
  static bool merge(Positions& into, const Positions& from) {
    bool grew = false;
    for (size_t i = 0; i < into.size(); ++i) {
      if (from[i] && !into[i]) into[i] = grew = true;
    }
    return grew;
  }

  std::string_view s_;
};

}  // namespace

Result<TargetPattern> TargetPattern::compile(std::string_view pattern) {
  Parser parser(pattern);
  auto alts = parser.alternatives(0);
  if (!alts.ok()) return alts.error();
  if (!parser.done()) return parser.fail("unbalanced ')'");
  auto root = std::make_shared<Node>();
  root->kind = Node::kGroup;
  root->alternatives = std::move(alts.value());
  TargetPattern t;
  t.root_ = std::move(root);
  return t;
}

bool TargetPattern::full_match(std::string_view name) const {
  if (!root_) return false;
  Matcher m(name);
  Positions start(name.size() + 1, 0);
  start[0] = 1;
  return m.alternatives(root_->alternatives, start)[name.size()] != 0;
}

}  // namespace vramcalc
