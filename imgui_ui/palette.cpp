// The palettes of palette.h. Component colours keep the dark theme's hues (blue
// weights, orange KV cache, green activations, ...) so a screenshot reads the same
// in both themes; the light theme's are darker shades, dark enough for text on
// white. Changing a colour: run ui_theme_test, which prints every ratio it checks.
#include "palette.h"

namespace vramcalc::ui {
namespace {

constexpr Palette DarkPalette() {
  Palette p{};
  p.window_bg = {23, 26, 31};
  p.child_bg = {31, 33, 41};
  p.popup_bg = {33, 36, 43};
  p.frame_bg = {43, 48, 59};
  p.frame_hovered = {56, 64, 79};
  p.frame_active = {64, 74, 92};
  p.button = {51, 92, 148};
  p.button_hovered = {58, 100, 160};
  p.button_active = {43, 79, 128};
  p.selection = {40, 56, 82};
  p.selection_hovered = {48, 66, 96};
  p.selection_active = {56, 76, 110};
  p.table_header_bg = {41, 46, 56};
  p.border = {56, 61, 74};
  p.separator = {61, 66, 79};
  p.text = {235, 237, 242};
  p.text_dim = {170, 177, 190};
  p.section_title = {140, 199, 255};
  p.check_mark = {140, 199, 255};
  p.fits = {115, 217, 140};
  p.no_fit = {255, 128, 115};
  p.warning = {255, 204, 102};
  p.error_bg = {89, 31, 31};
  p.error_border = {191, 77, 77};
  p.bit_sign = {255, 160, 160};
  p.bit_exponent = {140, 204, 255};
  p.bit_mantissa = {153, 230, 153};
  p.components[0] = {86, 148, 235};   // weights
  p.components[1] = {240, 160, 60};   // kv_cache
  p.components[2] = {205, 125, 65};   // state
  p.components[3] = {95, 190, 120};   // activations
  p.components[4] = {232, 110, 110};  // logits
  p.components[5] = {176, 128, 224};  // gradients
  p.components[6] = {225, 200, 80};   // optimizer
  p.components[7] = {80, 200, 200};   // master_weights
  p.components[8] = {235, 130, 190};  // adapters
  p.components[9] = {150, 155, 165};  // overhead
  return p;
}
constexpr Palette kDark = DarkPalette();

constexpr Palette LightPalette() {
  Palette p{};
  p.window_bg = {246, 247, 249};
  p.child_bg = {255, 255, 255};
  p.popup_bg = {255, 255, 255};
  p.frame_bg = {234, 237, 242};
  p.frame_hovered = {221, 226, 234};
  p.frame_active = {206, 214, 226};
  p.button = {200, 218, 243};
  p.button_hovered = {180, 203, 238};
  p.button_active = {160, 189, 232};
  p.selection = {214, 228, 247};
  p.selection_hovered = {200, 218, 243};
  p.selection_active = {185, 207, 240};
  p.table_header_bg = {232, 235, 240};
  p.border = {200, 205, 214};
  p.separator = {208, 212, 220};
  p.text = {26, 29, 35};
  p.text_dim = {84, 90, 102};
  p.section_title = {25, 95, 170};
  p.check_mark = {25, 95, 170};
  p.fits = {20, 120, 50};
  p.no_fit = {190, 40, 30};
  p.warning = {140, 85, 0};
  p.error_bg = {253, 226, 226};
  p.error_border = {200, 70, 70};
  p.bit_sign = {165, 30, 30};
  p.bit_exponent = {25, 90, 170};
  p.bit_mantissa = {15, 100, 30};
  p.components[0] = {37, 99, 200};    // weights
  p.components[1] = {176, 88, 0};     // kv_cache
  p.components[2] = {160, 80, 30};    // state
  p.components[3] = {25, 128, 60};    // activations
  p.components[4] = {195, 50, 50};    // logits
  p.components[5] = {130, 70, 190};   // gradients
  p.components[6] = {128, 104, 0};    // optimizer
  p.components[7] = {0, 120, 125};    // master_weights
  p.components[8] = {185, 45, 125};   // adapters
  p.components[9] = {100, 106, 118};  // overhead
  return p;
}
constexpr Palette kLight = LightPalette();

}  // namespace

const char* ThemeId(Theme t) { return t == Theme::kLight ? "light" : "dark"; }

std::optional<Theme> ParseTheme(std::string_view text) {
  if (text == "dark") return Theme::kDark;
  if (text == "light") return Theme::kLight;
  return std::nullopt;
}

const Palette& PaletteFor(Theme t) { return t == Theme::kLight ? kLight : kDark; }

}  // namespace vramcalc::ui
