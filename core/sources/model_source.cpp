// Bare parameter counts ("7b", "8e9", "560m") and preset ids as MODEL arguments.
#include "model_source.h"

#include <cctype>
#include <string>

#include "presets.h"

namespace vramcalc {

namespace {
constexpr uint64_t kMaxBareParams = 1000000000000000ull;  // 10^15
}

Result<uint64_t> parse_param_count(std::string_view text) {
  auto fail = [&] {
    return make_error(ErrorCode::kUnknownModel,
                      "'" + std::string(text.substr(0, 40)) +
                          "' is not a parameter count (like 7b, 560m, 8e9) or a known model");
  };
  size_t i = 0;
  uint64_t digits = 0;
  int frac_len = 0, ndigits = 0;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '.' && !dot) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(ch))) break;
    if (ndigits >= 18) return fail();
    digits = digits * 10 + static_cast<uint64_t>(ch - '0');
    ++ndigits;
    if (dot) ++frac_len;
  }
  if (ndigits == 0) return fail();
  int exp10 = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    int e = 0, n = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 3;
         ++i, ++n) {
      e = e * 10 + (text[i] - '0');
    }
    if (n == 0) return fail();
    exp10 += e;
  }
  if (i < text.size()) {
    switch (std::tolower(static_cast<unsigned char>(text[i]))) {
      case 'k':
        exp10 += 3;
        break;
      case 'm':
        exp10 += 6;
        break;
      case 'b':
      case 'g':
        exp10 += 9;
        break;
      case 't':
        exp10 += 12;
        break;
      default:
        return fail();
    }
    ++i;
  }
  if (i != text.size()) return fail();
  exp10 -= frac_len;
  uint64_t value = digits;
  for (; exp10 > 0; --exp10) {
    if (value > kMaxBareParams) break;
    value *= 10;
  }
  for (; exp10 < 0; ++exp10) {
    if (value % 10 != 0) return fail();  // a fraction of a parameter
    value /= 10;
  }
  if (value == 0 || value > kMaxBareParams) {
    return make_error(
        ErrorCode::kInvalidOption,
        "parameter count '" + std::string(text.substr(0, 40)) + "' must be between 1 and 10^15");
  }
  return value;
}

ModelSpec params_only_model(uint64_t params, std::string_view label) {
  ModelSpec m;
  m.kind = ModelKind::kParamsOnly;
  m.model_type = "params";
  m.name = std::string(label);
  m.bare_params = params;
  return m;
}

Result<ModelSpec> resolve_model_name(std::string_view name) {
  if (const Preset* p = find_preset(name)) return load_preset(*p);
  auto count = parse_param_count(name);
  if (!count.ok()) return count.error();
  return params_only_model(count.value(), name);
}

}  // namespace vramcalc
