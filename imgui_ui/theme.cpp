// Theme and fonts (see theme.h). The colours are palette.h's (checked for contrast
// by tests/ui_theme_test.cpp); component colours are distinct in hue and lightness
// so the stacked bar stays readable for most colour-vision deficiencies.
#include "theme.h"

#include <algorithm>

#include "ui_locale.h"

namespace vramcalc::ui {

namespace {

Theme g_theme = Theme::kDark;  // the palette ImGui's style holds (one ImGui context)
bool g_applied = false;        // false until the first ApplyTheme()

}  // namespace

ImVec4 Colour(Rgb c, float alpha) {
  return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha);
}

ImU32 Colour32(Rgb c, int alpha) { return IM_COL32(c.r, c.g, c.b, alpha); }

const Palette& CurrentPalette() { return PaletteFor(g_theme); }

void ApplyTheme(Theme theme) {
  if (g_applied && theme == g_theme) return;  // called every frame: only a change costs
  g_applied = true;
  g_theme = theme;
  if (theme == Theme::kLight) {
    ImGui::StyleColorsLight();
  } else {
    ImGui::StyleColorsDark();
  }
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowPadding = ImVec2(14, 12);
  st.FramePadding = ImVec2(8, 5);
  st.ItemSpacing = ImVec2(10, 7);
  st.CellPadding = ImVec2(8, 5);
  st.WindowRounding = 0.0f;
  st.ChildRounding = 6.0f;
  st.FrameRounding = 4.0f;
  st.PopupRounding = 4.0f;
  st.GrabRounding = 4.0f;
  st.ScrollbarSize = 14.0f;
  st.WindowBorderSize = 0.0f;
  st.ChildBorderSize = 1.0f;
  // A light theme's frames need their outline: light grey fields on white vanish.
  st.FrameBorderSize = theme == Theme::kLight ? 1.0f : 0.0f;

  const Palette& p = PaletteFor(theme);
  ImVec4* c = st.Colors;
  c[ImGuiCol_WindowBg] = Colour(p.window_bg);
  c[ImGuiCol_ChildBg] = Colour(p.child_bg);
  c[ImGuiCol_PopupBg] = Colour(p.popup_bg);
  c[ImGuiCol_Border] = Colour(p.border);
  c[ImGuiCol_Text] = Colour(p.text);
  c[ImGuiCol_TextDisabled] = Colour(p.text_dim);
  c[ImGuiCol_FrameBg] = Colour(p.frame_bg);
  c[ImGuiCol_FrameBgHovered] = Colour(p.frame_hovered);
  c[ImGuiCol_FrameBgActive] = Colour(p.frame_active);
  c[ImGuiCol_Button] = Colour(p.button);
  c[ImGuiCol_ButtonHovered] = Colour(p.button_hovered);
  c[ImGuiCol_ButtonActive] = Colour(p.button_active);
  c[ImGuiCol_Header] = Colour(p.selection);
  c[ImGuiCol_HeaderHovered] = Colour(p.selection_hovered);
  c[ImGuiCol_HeaderActive] = Colour(p.selection_active);
  c[ImGuiCol_CheckMark] = Colour(p.check_mark);
  c[ImGuiCol_SliderGrab] = Colour(p.check_mark);
  c[ImGuiCol_SliderGrabActive] = Colour(p.check_mark);
  // The keyboard's focus ring (ImGui's nav highlight, a 2 px frame): the warning
  // amber, apart from every blue of the widgets it surrounds, so a Tab is seen at once.
  c[ImGuiCol_NavHighlight] = Colour(p.warning);
  c[ImGuiCol_TextSelectedBg] = Colour(p.check_mark, 0.35f);
  c[ImGuiCol_TableHeaderBg] = Colour(p.table_header_bg);
  c[ImGuiCol_TableBorderLight] = Colour(p.separator);
  c[ImGuiCol_TableBorderStrong] = Colour(p.border);
  c[ImGuiCol_TableRowBg] = ImVec4(0.00f, 0.00f, 0.00f, 0.00f);
  c[ImGuiCol_TableRowBgAlt] = Colour(p.text, 0.03f);  // a faint stripe in either theme
  c[ImGuiCol_Separator] = Colour(p.separator);
}

const ImWchar* UiGlyphRanges() {
  // Latin-1 plus the few symbols the formulas and labels use (x, ~, -, ...);
  // U+2212 (minus) appears in core's formulas ("(...) − logits"). Keep in step
  // with web/tools/embed_font.py, which subsets the font to these ranges.
  static constexpr ImWchar kRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2022, 0x2022,
                                        0x2026, 0x2026, 0x2190, 0x2193, 0x2212, 0x2212,
                                        0x2248, 0x2248, 0x2264, 0x2265, 0};
  return kRanges;
}

std::vector<ImWchar> CjkGlyphRanges(bool full) {
  std::vector<uint32_t> cps = {0x4E2D, 0x6587};  // 中文, the language switch
  if (full) {
    const std::vector<uint32_t> zh = ZhCodepoints();
    cps.insert(cps.end(), zh.begin(), zh.end());
  }
  std::sort(cps.begin(), cps.end());
  std::vector<ImWchar> out;
  for (uint32_t c : cps) {
    if (c > 0xFFFF) continue;  // ImWchar is 16 bits in this build
    const auto w = static_cast<ImWchar>(c);
    if (!out.empty() && (out.back() == w || out.back() + 1 == w)) {
      out.back() = w;  // extends the last range
    } else {
      out.push_back(w);
      out.push_back(w);
    }
  }
  out.push_back(0);
  return out;
}

void LoadFonts(const unsigned char* ttf, size_t ttf_size, float pixel_ratio,
               const unsigned char* cjk, size_t cjk_size, bool cjk_full) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float scale = pixel_ratio > 0.0f ? pixel_ratio : 1.0f;
  if (ttf == nullptr || ttf_size == 0) {
    io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.0f;
    return;
  }
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes are static data of the program
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  const ImWchar* ranges = UiGlyphRanges();
  void* data = const_cast<unsigned char*>(ttf);  // ImGui's API is not const-correct
  const int size = static_cast<int>(ttf_size);
  // ImGui reads the ranges when it builds the atlas (after this returns), so they
  // must outlive the call: one array per process, rebuilt with the atlas.
  static std::vector<ImWchar> cjk_ranges;
  cjk_ranges = CjkGlyphRanges(cjk_full);
  ImFontConfig merge = cfg;
  merge.MergeMode = true;  // CJK glyphs join the Latin font: one font, one atlas
  merge.OversampleH = 1;   // dense glyphs: a smaller atlas, still sharp at 16 px
  void* cjk_data = const_cast<unsigned char*>(cjk);
  const int cjk_n = static_cast<int>(cjk_size);
  for (const float px : {kBodyFontPx, kHeadingFontPx}) {
    io.Fonts->AddFontFromMemoryTTF(data, size, px * scale, &cfg, ranges);
    if (cjk != nullptr && cjk_size > 0) {
      io.Fonts->AddFontFromMemoryTTF(cjk_data, cjk_n, px * scale, &merge, cjk_ranges.data());
    }
  }
  // Draw the high-resolution glyphs at CSS size: ImGui coordinates are CSS pixels.
  io.FontGlobalScale = 1.0f / scale;
}

ImFont* HeadingFont() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : nullptr;
}

ImU32 ComponentColor(int component) {
  // weights, kv_cache, state, activations, logits, gradients, optimizer, master, adapters, overhead
  const Rgb* colours = CurrentPalette().components;
  return Colour32(
      colours[((component % kComponentColours) + kComponentColours) % kComponentColours]);
}

}  // namespace vramcalc::ui
