// FieldReader: alias lookup over json_util's checked accessors.
#include "config_fields.h"

namespace vramcalc::config {

Result<uint64_t> FieldReader::uint(std::initializer_list<const char*> names, uint64_t min_value,
                                   uint64_t max_value, bool required, uint64_t fallback) {
  for (const char* name : names) {
    auto r = get_uint(obj_, name, source_, min_value, max_value);
    if (!r.ok()) return r.error();
    if (r.value()) {
      used_ = name;
      return *r.value();
    }
  }
  used_ = "";
  if (required) {
    return make_error(ErrorCode::kMissingField,
                      std::string(source_) + ": missing field '" + *names.begin() + "'");
  }
  return fallback;
}

Result<bool> FieldReader::flag(const char* name, bool fallback) {
  auto r = get_bool(obj_, name, source_);
  if (!r.ok()) return r.error();
  return r.value().value_or(fallback);
}

Result<std::string> FieldReader::text(const char* name, const std::string& fallback) {
  auto r = get_string(obj_, name, source_);
  if (!r.ok()) return r.error();
  return r.value().value_or(fallback);
}

bool FieldReader::has(const char* name) const {
  const auto it = obj_.find(name);
  return it != obj_.end() && !it->is_null();
}

}  // namespace vramcalc::config
