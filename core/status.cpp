// Stable names of error codes (matched by tests and by the JS wrapper).
#include "status.h"

namespace vramcalc {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson: return "invalid_json";
    case ErrorCode::kMissingField: return "missing_field";
    case ErrorCode::kInvalidField: return "invalid_field";
    case ErrorCode::kInconsistentModel: return "inconsistent_model";
    case ErrorCode::kUnknownModel: return "unknown_model";
    case ErrorCode::kInvalidOption: return "invalid_option";
    case ErrorCode::kUnsupported: return "unsupported";
  }
  return "unknown_error";
}

Error make_error(ErrorCode code, std::string message) {
  std::string line;
  line.reserve(message.size());
  static const char kHex[] = "0123456789abcdef";
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      line += "\\x";
      line += kHex[u >> 4];
      line += kHex[u & 15];
    } else {
      line += c;
    }
  }
  return Error{code, std::move(line)};
}

}  // namespace vramcalc
