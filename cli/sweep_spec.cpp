// Parsing of --sweep (sweep_spec.h). Every step is overflow-checked and the point
// count is capped before a value is stored, so no spec can exhaust memory.
#include "sweep_spec.h"

#include "workload.h"

namespace vramcalc::cli {
namespace {

// A whole number with an optional k / m suffix (binary: 1k = 1024).
bool parse_number(const std::string& s, uint64_t* out) {
  if (s.empty()) return false;
  uint64_t mul = 1;
  std::string digits = s;
  const char last = s.back();
  if (last == 'k' || last == 'K') mul = 1024;
  if (last == 'm' || last == 'M') mul = 1024 * 1024;
  if (mul > 1) digits.pop_back();
  if (digits.empty() || digits.size() > 15) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return !__builtin_mul_overflow(v, mul, out);
}

bool is_count_option(const std::string& key) {
  for (const OptionInfo& o : all_options()) {
    if (key == o.key) return o.kind == OptionKind::kCount;
  }
  return false;
}

}  // namespace

Result<SweepAxisSpec> parse_sweep(const std::string& text) {
  const std::string shown = text.substr(0, 60);
  auto fail = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidOption, "option --sweep '" + shown + "': " + why);
  };
  const size_t eq = text.find('=');
  if (eq == std::string::npos)
    return fail("expected KEY=A..B or KEY=V1,V2,... (e.g. seq=1k..128k)");
  SweepAxisSpec spec;
  spec.key = text.substr(0, eq);
  const std::string body = text.substr(eq + 1);
  if (!is_count_option(spec.key)) {
    return fail("'" + spec.key.substr(0, 30) +
                "' is not a count option (seq, batch, gpus, tp, ...)");
  }
  const size_t dots = body.find("..");
  if (dots == std::string::npos) {  // a list
    size_t start = 0;
    for (;;) {
      const size_t comma = body.find(',', start);
      const std::string item =
          body.substr(start, comma == std::string::npos ? comma : comma - start);
      uint64_t v = 0;
      if (!parse_number(item, &v))
        return fail("'" + item.substr(0, 20) + "' is not a whole number");
      if (spec.values.size() >= kMaxSweepPoints) return fail("more than 4096 points");
      spec.values.push_back(v);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return spec;
  }
  // A range A..B with an optional :S or :xF step.
  const std::string a_text = body.substr(0, dots);
  std::string b_text = body.substr(dots + 2), step_text;
  const size_t colon = b_text.find(':');
  if (colon != std::string::npos) {
    step_text = b_text.substr(colon + 1);
    b_text = b_text.substr(0, colon);
  }
  uint64_t a = 0, b = 0, step = 0;
  if (!parse_number(a_text, &a))
    return fail("start '" + a_text.substr(0, 20) + "' is not a whole number");
  if (!parse_number(b_text, &b))
    return fail("end '" + b_text.substr(0, 20) + "' is not a whole number");
  if (a == 0) return fail("a range starts at 1 or more");
  if (a > b) return fail("the start is above the end");
  const bool multiply = step_text.empty() || step_text[0] == 'x';
  if (step_text.empty()) {
    step = 2;
  } else if (!parse_number(multiply ? step_text.substr(1) : step_text, &step) || step == 0 ||
             (multiply && step < 2)) {
    return fail("step '" + step_text.substr(0, 20) + "' must be S >= 1 or xF with F >= 2");
  }
  for (uint64_t v = a;;) {
    if (spec.values.size() >= kMaxSweepPoints) return fail("more than 4096 points");
    spec.values.push_back(v);
    uint64_t next = 0;
    const bool over =
        multiply ? __builtin_mul_overflow(v, step, &next) : __builtin_add_overflow(v, step, &next);
    if (v == b) break;
    if (over || next >= b) {
      if (spec.values.size() >= kMaxSweepPoints) return fail("more than 4096 points");
      spec.values.push_back(b);  // the end is always the last point
      break;
    }
    v = next;
  }
  return spec;
}

}  // namespace vramcalc::cli
