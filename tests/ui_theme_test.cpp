// The two colour themes: every text colour against every surface it is drawn on,
// by WCAG 2.1's contrast ratio (computed here from the palette values with the
// standard's own formula; AA asks 4.5:1 for text, 3:1 for graphics such as bar
// segments and radio dots), and the theme as UI state: the browser's
// prefers-color-scheme followed until the user picks another, the pick kept in the
// share link and state JSON.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "palette.h"
#include "share_link.h"
#include "ui_state.h"

namespace vramcalc::ui {
namespace {

// WCAG 2.1 relative luminance: sRGB channels linearised, weighted 0.2126/0.7152/0.0722.
double Luminance(Rgb c) {
  auto lin = [](uint8_t v) {
    const double x = v / 255.0;
    return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double Contrast(Rgb a, Rgb b) {
  const double la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The formula against published figures: black on white is 21:1, and #767676 is the
// lightest grey that passes AA on white (4.54:1) while #777777 fails (4.48:1).
TEST(ui_theme_test, contrast_formula_matches_published_ratios) {
  EXPECT_NEAR(Contrast({0, 0, 0}, {255, 255, 255}), 21.0, 1e-9);
  EXPECT_NEAR(Contrast({0x76, 0x76, 0x76}, {255, 255, 255}), 4.54, 0.005);
  EXPECT_NEAR(Contrast({0x77, 0x77, 0x77}, {255, 255, 255}), 4.48, 0.005);
  EXPECT_NEAR(Contrast({255, 255, 255}, {0x76, 0x76, 0x76}), 4.54, 0.005);  // symmetric
}

struct Pair {
  const char* what;
  Rgb fg, bg;
  double min;
};

constexpr double kText = 4.5;     // WCAG 2.1 AA, 1.4.3 (normal text)
constexpr double kGraphic = 3.0;  // WCAG 2.1 AA, 1.4.11 (non-text contrast)

std::vector<Pair> PairsOf(const Palette& p) {
  std::vector<Pair> v = {
      {"text / window", p.text, p.window_bg, kText},
      {"text / column", p.text, p.child_bg, kText},
      {"text / popup", p.text, p.popup_bg, kText},
      {"text / field", p.text, p.frame_bg, kText},
      {"text / field hovered", p.text, p.frame_hovered, kText},
      {"text / field active", p.text, p.frame_active, kText},
      {"text / button", p.text, p.button, kText},
      {"text / button hovered", p.text, p.button_hovered, kText},
      {"text / button active", p.text, p.button_active, kText},
      {"text / table header", p.text, p.table_header_bg, kText},
      {"text / error banner", p.text, p.error_bg, kText},
      {"dim / window", p.text_dim, p.window_bg, kText},
      {"dim / column", p.text_dim, p.child_bg, kText},
      {"dim / popup", p.text_dim, p.popup_bg, kText},
      {"dim / field (hints)", p.text_dim, p.frame_bg, kText},
      {"dim / field hovered", p.text_dim, p.frame_hovered, kText},
      {"dim / table header", p.text_dim, p.table_header_bg, kText},
      {"text / selected row", p.text, p.selection, kText},
      {"text / hovered row", p.text, p.selection_hovered, kText},
      {"text / pressed row", p.text, p.selection_active, kText},
      {"dim / selected row", p.text_dim, p.selection, kText},
      {"dim / hovered row", p.text_dim, p.selection_hovered, kText},
      {"section title / column", p.section_title, p.child_bg, kText},
      {"section title / window", p.section_title, p.window_bg, kText},
      {"fits / column", p.fits, p.child_bg, kText},
      {"fits / window", p.fits, p.window_bg, kText},
      {"no fit / column", p.no_fit, p.child_bg, kText},
      {"no fit / window", p.no_fit, p.window_bg, kText},
      {"no fit / plot (GPU line label)", p.no_fit, p.frame_bg, kText},
      {"warning / column", p.warning, p.child_bg, kText},
      {"warning / window", p.warning, p.window_bg, kText},
      {"check mark / field", p.check_mark, p.frame_bg, kGraphic},
      {"check mark / field hovered", p.check_mark, p.frame_hovered, kGraphic},
      {"error border / column", p.error_border, p.child_bg, kGraphic},
  };
  const Rgb bits[] = {p.bit_sign, p.bit_exponent, p.bit_mantissa};
  const char* bit_names[] = {"sign bit", "exponent bit", "mantissa bit"};
  for (int i = 0; i < 3; ++i) {
    v.push_back({bit_names[i], bits[i], p.frame_bg, kText});
    v.push_back({bit_names[i], bits[i], p.frame_hovered, kText});  // hovered and pressed
  }
  for (int c = 0; c < kComponentColours; ++c) {
    // Names in the plot's tooltip are drawn in their colour; segments and bands sit on
    // the bar's and plot's field colour.
    v.push_back({"component text / popup", p.components[c], p.popup_bg, kText});
    v.push_back({"component / bar and plot", p.components[c], p.frame_bg, kGraphic});
    v.push_back({"component swatch / column", p.components[c], p.child_bg, kGraphic});
  }
  return v;
}

void ExpectReadable(Theme t) {
  double lowest_text = 100.0, lowest_graphic = 100.0;
  for (const Pair& pair : PairsOf(PaletteFor(t))) {
    const double r = Contrast(pair.fg, pair.bg);
    EXPECT_GE(r, pair.min) << ThemeId(t) << ": " << pair.what << " is " << r << ":1";
    double& lowest = pair.min == kText ? lowest_text : lowest_graphic;
    lowest = std::min(lowest, r);
  }
  std::printf("%s theme: lowest text contrast %.2f:1, lowest graphic contrast %.2f:1\n", ThemeId(t),
              lowest_text, lowest_graphic);
}

TEST(ui_theme_test, dark_theme_passes_wcag_aa) { ExpectReadable(Theme::kDark); }
TEST(ui_theme_test, light_theme_passes_wcag_aa) { ExpectReadable(Theme::kLight); }

TEST(ui_theme_test, the_two_themes_are_light_and_dark_pages) {
  // A dark page's background is darker than its text, a light page's the other way.
  const Palette& d = PaletteFor(Theme::kDark);
  const Palette& l = PaletteFor(Theme::kLight);
  EXPECT_LT(Luminance(d.window_bg), Luminance(d.text));
  EXPECT_GT(Luminance(l.window_bg), Luminance(l.text));
  EXPECT_STREQ(ThemeId(Theme::kDark), "dark");
  EXPECT_EQ(ParseTheme("light"), Theme::kLight);
  EXPECT_FALSE(ParseTheme("blue").has_value());
}

nlohmann::json State(const UiState& s) { return nlohmann::json::parse(StateJson(s)); }

TEST(ui_theme_test, theme_follows_the_browser_until_chosen) {
  UiState s = MakeInitialState();
  EXPECT_EQ(ShownTheme(s), Theme::kDark);  // before the platform says anything
  SetSystemTheme(s, Theme::kLight);
  EXPECT_EQ(ShownTheme(s), Theme::kLight);
  EXPECT_EQ(State(s)["inputs"]["theme"], "light");
  EXPECT_EQ(State(s)["theme"],
            nlohmann::json({{"shown", "light"}, {"system", "light"}, {"chosen", false}}));
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b");  // the browser's own theme is no change

  ASSERT_TRUE(SetOption(s, "theme", "dark"));  // the header's switch
  EXPECT_EQ(ShownTheme(s), Theme::kDark);
  EXPECT_TRUE(State(s)["theme"]["chosen"].get<bool>());
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b&theme=dark");
  SetSystemTheme(s, Theme::kLight);  // unchanged browser: the choice stays
  EXPECT_EQ(ShownTheme(s), Theme::kDark);

  ASSERT_TRUE(SetOption(s, "theme", "light"));  // back to the browser's: followed again
  EXPECT_FALSE(s.theme_choice.has_value());
  SetSystemTheme(s, Theme::kDark);
  EXPECT_EQ(ShownTheme(s), Theme::kDark);

  const uint64_t estimates = s.estimates_run;
  EXPECT_FALSE(SetOption(s, "theme", "blue"));
  EXPECT_EQ(s.error, "option theme: 'blue' is not dark|light");
  EXPECT_EQ(ShownTheme(s), Theme::kDark);
  EXPECT_EQ(s.estimates_run, estimates);  // display only: no re-estimate
}

TEST(ui_theme_test, a_link_carries_the_chosen_theme_to_any_browser) {
  UiState opened = MakeInitialState();
  SetSystemTheme(opened, Theme::kDark);
  ASSERT_TRUE(ApplyShareHash(opened, "#model=qwen2.5-7b&theme=light"));
  EXPECT_EQ(ShownTheme(opened), Theme::kLight);
  EXPECT_EQ(opened.system_theme, Theme::kDark);  // the browser's stays what it said
  EXPECT_EQ(ShareHash(opened), "model=qwen2.5-7b&theme=light");

  UiState light_browser = MakeInitialState();
  SetSystemTheme(light_browser, Theme::kLight);
  ASSERT_TRUE(ApplyShareHash(light_browser, "model=qwen2.5-7b&theme=light"));
  EXPECT_FALSE(light_browser.theme_choice.has_value());  // its own: nothing to keep
  EXPECT_EQ(ShareHash(light_browser), "model=qwen2.5-7b");

  EXPECT_FALSE(ApplyShareHash(opened, "model=7b&theme=sepia"));
  EXPECT_EQ(ShownTheme(opened), Theme::kLight);  // a bad link changes nothing
}

TEST(ui_theme_test, memory_units_are_a_display_key_of_the_link) {
  UiState s = MakeInitialState();
  EXPECT_EQ(s.memory_units, Units::kGiB);  // vendors' "24 GB" cards hold 24 GiB
  EXPECT_EQ(State(s)["inputs"]["memory-units"], "gib");
  ASSERT_TRUE(SetOption(s, "memory-units", "gb"));
  EXPECT_EQ(ShareHash(s), "model=llama-3.1-8b&memory-units=gb");
  UiState t = MakeInitialState();
  ASSERT_TRUE(ApplyShareHash(t, ShareHash(s)));
  EXPECT_EQ(t.memory_units, Units::kGB);
  EXPECT_FALSE(SetOption(s, "memory-units", "tb"));
}

TEST(ui_theme_test, data_types_shortcut_opens_the_panel) {
  UiState s = MakeInitialState();
  EXPECT_FALSE(s.dtypes_open);
  const uint64_t v = s.version;
  ShowDataTypes(s);
  EXPECT_TRUE(s.dtypes_open);
  EXPECT_TRUE(s.scroll_to_dtypes);
  EXPECT_GT(s.version, v);  // the platform draws the frames that scroll
  EXPECT_TRUE(State(s)["dtypes_open"].get<bool>());
}

}  // namespace
}  // namespace vramcalc::ui
