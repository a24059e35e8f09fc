// Hugging Face's SmolLM3 (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// SmolLM3 (transformers src/transformers/models/smollm3/modeling_smollm3.py @
// b0fc62de0305fe2977549846eb8ba12048edadf3): Llama layers; no_rope_layers (every
// fourth layer without rotary) and the optional sliding window change no weights.
std::optional<Error> smollm3(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  VRAMCALC_TRY(use_window, f.flag("use_sliding_window", false));
  if (!use_window) m.sliding_window = m.sliding_window_layers = 0;
  return std::nullopt;
}

}  // namespace vramcalc::config
