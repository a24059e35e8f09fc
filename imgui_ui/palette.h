// The two colour themes as plain data (no ImGui): every colour the UI draws with,
// for a light-on-dark and a dark-on-light page. theme.cpp turns one of them into
// ImGui's style; tests/ui_theme_test.cpp checks each text colour against the
// surfaces it is drawn on (WCAG 2.1 contrast, AA: 4.5:1 text, 3:1 graphics).
// All colours are opaque so a contrast ratio is a property of the palette alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vramcalc::ui {

enum class Theme { kDark, kLight };

const char* ThemeId(Theme t);                            // "dark" | "light"
std::optional<Theme> ParseTheme(std::string_view text);  // "dark" | "light", else nullopt

struct Rgb {
  uint8_t r, g, b;
};

// Number of memory components with a colour (core's Component, in its order).
constexpr int kComponentColours = 10;

struct Palette {
  // Surfaces, darkest to lightest in the dark theme.
  Rgb window_bg;  // the page, the canvas clear colour and the HTML background
  Rgb child_bg;   // the inputs and results columns
  Rgb popup_bg;   // combo lists and tooltips
  Rgb frame_bg;   // fields, the bar's and plot's background
  Rgb frame_hovered;
  Rgb frame_active;
  Rgb button;
  Rgb button_hovered;
  Rgb button_active;
  Rgb selection;  // the selected row of a list, collapsing headers (ImGui "header")
  Rgb selection_hovered;
  Rgb selection_active;
  Rgb table_header_bg;
  Rgb border;
  Rgb separator;
  // Text.
  Rgb text;
  Rgb text_dim;       // captions, hints, secondary values
  Rgb section_title;  // "MODEL", "WORKLOAD", ...
  Rgb check_mark;     // radio dots, check marks, slider grabs, the focus ring
  // Meaning.
  Rgb fits;      // the verdict when it fits
  Rgb no_fit;    // when it does not, and the GPU capacity line of the plot
  Rgb warning;   // warnings that change the answer
  Rgb error_bg;  // the error banner
  Rgb error_border;
  // The bit explorer's fields.
  Rgb bit_sign, bit_exponent, bit_mantissa;
  // Memory components: bar segments, plot bands, swatches, tooltip text.
  Rgb components[kComponentColours];
};

const Palette& PaletteFor(Theme t);

}  // namespace vramcalc::ui
