// LG AI Research's EXAONE-4 (config_families_2026.h).
#include <string>

#include "config_families_2026.h"
#include "config_layer_blocks.h"

namespace vramcalc::config {

// EXAONE-4.0 (transformers src/transformers/models/exaone4/modeling_exaone4.py @
// 948448a0267c036370ef15663ac42dc15fbfa682): OLMo-2-style post-norms, per-head Q/K
// RMSNorms, no biases, and sliding-window layers by layer_types or by
// sliding_window_pattern (a period, or a string such as "LLLG": L = local).
std::optional<Error> exaone4(FieldReader& f, ModelSpec& m) {
  m.qk_norm_params = 2 * m.head_dim;
  VRAMCALC_TRY(window, f.uint({"sliding_window"}, 0, kMaxPositions, false, 0));
  std::string letters;
  uint64_t period = 4;
  const auto it = f.object().find("sliding_window_pattern");
  if (it != f.object().end() && it->is_string() && !it->get<std::string>().empty()) {
    letters = it->get<std::string>().substr(0, 64);
  } else {
    VRAMCALC_TRY(p, f.uint({"sliding_window_pattern"}, 1, kMaxLayers, false, 4));
    period = p;
  }
  return sliding_layers(f, m, window, [&](uint64_t i) {
    return letters.empty() ? (i + 1) % period != 0 : letters[i % letters.size()] == 'L';
  });
}

}  // namespace vramcalc::config
