// Theme and fonts (see theme.h). A calm light-on-dark palette with enough
// contrast for long tables; component colours are distinct in hue and lightness
// so the stacked bar stays readable for most colour-vision deficiencies.
#include "theme.h"

namespace vramcalc::ui {

void ApplyTheme() {
  ImGui::StyleColorsDark();
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

  ImVec4* c = st.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.00f);
  c[ImGuiCol_ChildBg] = ImVec4(0.12f, 0.13f, 0.16f, 1.00f);
  c[ImGuiCol_PopupBg] = ImVec4(0.13f, 0.14f, 0.17f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.29f, 1.00f);
  c[ImGuiCol_Text] = ImVec4(0.92f, 0.93f, 0.95f, 1.00f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.58f, 0.61f, 0.67f, 1.00f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.00f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.22f, 0.25f, 0.31f, 1.00f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.25f, 0.29f, 0.36f, 1.00f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.36f, 0.58f, 1.00f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.44f, 0.69f, 1.00f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.17f, 0.31f, 0.50f, 1.00f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.36f, 0.58f, 0.55f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.44f, 0.69f, 0.80f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.44f, 0.69f, 1.00f);
  c[ImGuiCol_CheckMark] = ImVec4(0.55f, 0.78f, 1.00f, 1.00f);
  // The keyboard's focus ring (ImGui's nav highlight, a 2 px frame): amber, apart
  // from every blue of the widgets it surrounds, so a Tab is seen at once.
  c[ImGuiCol_NavHighlight] = ImVec4(1.00f, 0.76f, 0.20f, 1.00f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.00f);
  c[ImGuiCol_TableRowBg] = ImVec4(0.00f, 0.00f, 0.00f, 0.00f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.00f, 1.00f, 1.00f, 0.03f);
  c[ImGuiCol_Separator] = ImVec4(0.24f, 0.26f, 0.31f, 1.00f);
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

void LoadFonts(const unsigned char* ttf, size_t ttf_size, float pixel_ratio) {
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
  io.Fonts->AddFontFromMemoryTTF(data, size, kBodyFontPx * scale, &cfg, ranges);
  io.Fonts->AddFontFromMemoryTTF(data, size, kHeadingFontPx * scale, &cfg, ranges);
  // Draw the high-resolution glyphs at CSS size: ImGui coordinates are CSS pixels.
  io.FontGlobalScale = 1.0f / scale;
}

ImFont* HeadingFont() {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts.Size > 1 ? atlas->Fonts[1] : nullptr;
}

ImU32 ComponentColor(int component) {
  // weights, kv_cache, state, activations, logits, gradients, optimizer, master, adapters, overhead
  static constexpr ImU32 kColors[] = {
      IM_COL32(86, 148, 235, 255),  IM_COL32(240, 160, 60, 255), IM_COL32(200, 120, 60, 255),
      IM_COL32(95, 190, 120, 255),  IM_COL32(220, 95, 95, 255),  IM_COL32(170, 120, 220, 255),
      IM_COL32(225, 200, 80, 255),  IM_COL32(80, 200, 200, 255), IM_COL32(235, 130, 190, 255),
      IM_COL32(150, 155, 165, 255),
  };
  constexpr int n = static_cast<int>(sizeof(kColors) / sizeof(kColors[0]));
  return kColors[((component % n) + n) % n];
}

}  // namespace vramcalc::ui
