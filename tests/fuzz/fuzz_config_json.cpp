// libFuzzer target: config.json bytes -> parse_config_json -> parameter counts,
// every workload of fuzz_common.h through estimate(), report JSON. The parser
// promises one-line errors and specs inside check_model_bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config_parser.h"
#include "fuzz_common.h"
#include "model_files.h"

using namespace vramcalc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The same bytes dropped alone: core's join routes them by their top-level keys.
  Result<LoadedFiles> joined =
      model_from_files({ModelFile{"config.json", std::string(bytes), size}});
  fuzz::check_result(joined);
  if (joined.ok()) fuzz::check_model_text(joined.value().model);
  Result<ModelSpec> spec = parse_config_json(bytes, "config.json");
  fuzz::check_result(spec);
  if (!spec.ok()) return 0;
  const ModelSpec& m = spec.value();
  FUZZ_CHECK(m.kind != ModelKind::kParamsOnly);
  FUZZ_CHECK(!check_model_bounds(m).has_value());  // the parser checks bounds itself
  FUZZ_CHECK(m.num_layers > 0 && m.hidden_size > 0 && m.num_heads > 0 && m.num_kv_heads > 0);
  FUZZ_CHECK(m.num_kv_heads <= m.num_heads);
  for (const std::string& n : m.notes) FUZZ_CHECK(n.find('\n') == std::string::npos);
  fuzz::exercise_model(m, fuzz::fnv1a(bytes));
  return 0;
}
