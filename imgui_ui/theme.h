// Look of the app: colours, spacing and fonts. The font bytes come from the
// platform layer (the web build embeds DejaVu Sans at build time), so this file
// needs no file system. Fonts are rasterised at `pixel_ratio` times their size
// and drawn scaled back, which keeps text sharp on HiDPI screens.
#pragma once

#include <cstddef>
#include <vector>

#include "imgui.h"

namespace vramcalc::ui {

constexpr float kBodyFontPx = 16.0f;     // CSS pixels
constexpr float kHeadingFontPx = 24.0f;  // CSS pixels: headings and the total

// Colours and spacing (call once after ImGui::CreateContext()).
void ApplyTheme();

// (Re)builds the font atlas from TrueType bytes for a device pixel ratio. The
// bytes must outlive the atlas (they are not copied). With no bytes, ImGui's
// built-in font is used. `cjk` (optional) is merged into both fonts (MergeMode)
// for the code points CjkGlyphRanges(cjk_full) lists: the language switch's 中文
// only (a tiny font every page has), or with `cjk_full` every character of the
// Chinese table (the font the page fetches for zh). The renderer must re-upload
// the atlas texture afterwards.
void LoadFonts(const unsigned char* ttf, size_t ttf_size, float pixel_ratio,
               const unsigned char* cjk = nullptr, size_t cjk_size = 0, bool cjk_full = false);

// The CJK code points to rasterise: [first, last] pairs, 0-terminated; from the
// Chinese table (ZhCodepoints) when `full`, else just 中文.
std::vector<ImWchar> CjkGlyphRanges(bool full);

// The larger font added by LoadFonts(), or nullptr.
ImFont* HeadingFont();

// The characters the UI font is rasterised for: [first, last] pairs, 0-terminated.
// Text from core outside them would draw as '?'.
const ImWchar* UiGlyphRanges();

// Colour of a memory component in the bar and table (index = core Component).
ImU32 ComponentColor(int component);

}  // namespace vramcalc::ui
