// libFuzzer target: adapter_config.json bytes -> parse_adapter_config ->
// count_adapter on a few built-in base models of different families (dense,
// MoE, MLA, encoder, fused QKV) -> a LoRA training estimate with the adapter.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "adapter.h"
#include "fuzz_common.h"
#include "presets.h"

using namespace vramcalc;

namespace {

// Presets chosen for module-name variety; loaded once (they never change).
const std::vector<ModelSpec>& bases() {
  static const std::vector<ModelSpec> specs = [] {
    std::vector<ModelSpec> out;
    for (const char* id : {"llama-3.1-8b", "mixtral-8x7b", "gpt2", "bert-base-uncased",
                           "phi-3-mini-4k", "deepseek-v2-lite", "falcon-7b", "qwen3-30b-a3b"}) {
      const Preset* p = find_preset(id);
      if (p == nullptr) continue;  // presets may be renamed; the others still run
      Result<ModelSpec> m = load_preset(*p);
      if (m.ok()) out.push_back(m.value());
    }
    FUZZ_CHECK(!out.empty());
    return out;
  }();
  return specs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Result<AdapterConfig> cfg = parse_adapter_config(bytes, "adapter_config.json");
  fuzz::check_result(cfg);
  if (!cfg.ok()) return 0;
  const AdapterConfig& a = cfg.value();
  FUZZ_CHECK(a.peft_type == "LORA");
  FUZZ_CHECK(a.rank >= 1);
  const uint64_t seed = fuzz::fnv1a(bytes);
  for (const ModelSpec& base : bases()) {
    Result<AdapterSpec> spec = count_adapter(a, base, "adapter_config.json");
    fuzz::check_result(spec);
    if (!spec.ok()) continue;
    const AdapterSpec& s = spec.value();
    FUZZ_CHECK(s.present);
    FUZZ_CHECK(s.adapted_modules > 0);
    FUZZ_CHECK(s.trainable_params > 0 && s.trainable_params <= fuzz::kAbsurd);
    FUZZ_CHECK(s.description.find('\n') == std::string::npos);
    ModelSpec m = base;
    m.adapter = s;
    for (Method method : {Method::kLoRA, Method::kQLoRA}) {
      fuzz::Case c;
      c.w.mode = Mode::kTraining;
      c.w.method = method;
      c.w.lora_rank = a.rank;
      c.w.batch = 1 + seed % 8;
      c.w.seq = 512;
      Result<Estimate> e = estimate(m, c.w, c.h);
      fuzz::check_result(e);
      if (e.ok()) {
        fuzz::check_estimate(e.value(), c.h);
        fuzz::check_estimate_report(e.value());
      }
    }
  }
  // A bare parameter count has no module names: a clean refusal.
  ModelSpec bare;
  bare.bare_params = 7000000000;
  Result<AdapterSpec> none = count_adapter(a, bare, "adapter_config.json");
  FUZZ_CHECK(!none.ok());
  fuzz::check_error(none.error());
  return 0;
}
