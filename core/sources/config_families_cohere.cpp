// Cohere's Command R7B / Command A (config_families_2026.h).
#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// Cohere2 (transformers src/transformers/models/cohere2/modeling_cohere2.py @
// ca095230eda56a13ead849509f02fbaaa9b3f0e0): Cohere's parallel block (one weight-only
// LayerNorm per layer, the family row) without Q/K norms; three sliding-window
// layers (sliding_window) to one global layer, by layer_types or
// sliding_window_pattern.
std::optional<Error> cohere2(FieldReader& f, ModelSpec& m) {
  if (auto e = biases(f, m)) return e;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 4096));
  VRAMCALC_TRY(period, f.uint({"sliding_window_pattern"}, 1, kMaxLayers, false, 4));
  return sliding_layers(f, m, window, [&](uint64_t i) { return (i + 1) % period != 0; });
}

}  // namespace vramcalc::config
