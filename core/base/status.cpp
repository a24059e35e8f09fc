// Stable names of error codes (matched by tests and by the JS wrapper).
#include "status.h"

#include "printable.h"

namespace vramcalc {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson:
      return "invalid_json";
    case ErrorCode::kMissingField:
      return "missing_field";
    case ErrorCode::kInvalidField:
      return "invalid_field";
    case ErrorCode::kInconsistentModel:
      return "inconsistent_model";
    case ErrorCode::kUnknownModel:
      return "unknown_model";
    case ErrorCode::kInvalidOption:
      return "invalid_option";
    case ErrorCode::kUnsupported:
      return "unsupported";
  }
  return "unknown_error";
}

Error make_error(ErrorCode code, std::string message) {
  return Error{code, printable(message, kMaxLineBytes)};
}

}  // namespace vramcalc
