// Frame layout: one undecorated window filling the canvas, a header row, then
// inputs on the left and results on the right (stacked when the page is narrow,
// e.g. on a phone); or, in the embed view, the compact panel of panel_embed.cpp.
#include "app.h"

#include <algorithm>
#include <string>

#include "imgui.h"
#include "panels.h"
#include "theme.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

constexpr float kInputsWidth = 400.0f;        // CSS pixels of the left column, at most
constexpr float kInputsMinWidth = 360.0f;     // CSS pixels: the knobs' labels and widgets fit
constexpr float kInputsShare = 0.36f;         // of the window width, on smaller screens
constexpr float kTwoColumnMinWidth = 760.0f;  // below this the columns stack

}  // namespace

namespace {

// Continues the header's line when an item `width` CSS pixels wide still fits on it.
void SameLineIfFits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

float RadioWidth(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}

// The header's controls: the Data types shortcut, the language, theme and units
// switches.
void HeaderControls(UiState& s) {
  const ImGuiStyle& st = ImGui::GetStyle();
  if (ImGui::SmallButton(Tr("Data types"))) ShowDataTypes(s);
  ItemTooltip(
      Tr("Bytes per element of every type and the bit explorer (click a bit to flip it), "
         "at the end of the results"));
  // Each language names itself, so the way back is readable in either one.
  SameLineIfFits(RadioWidth("EN") + RadioWidth("中文") + st.ItemSpacing.x);
  if (ImGui::RadioButton("EN", s.lang == Lang::kEn)) SetOption(s, "lang", "en");
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", s.lang == Lang::kZh)) SetOption(s, "lang", "zh");
  const Theme shown = ShownTheme(s);
  SameLineIfFits(RadioWidth(Tr("Dark")) + RadioWidth(Tr("Light")) + st.ItemSpacing.x);
  if (ImGui::RadioButton(Tr("Dark"), shown == Theme::kDark)) SetOption(s, "theme", "dark");
  ItemTooltip(Tr("Light text on a dark page (starts as your browser's setting)"));
  ImGui::SameLine();
  if (ImGui::RadioButton(Tr("Light"), shown == Theme::kLight)) SetOption(s, "theme", "light");
  ItemTooltip(Tr("Dark text on a light page (starts as your browser's setting)"));
  // Units: the articles mix GB (1e9) and GiB (2^30).
  const char* units = Tr("Units");
  SameLineIfFits(ImGui::CalcTextSize(units).x + RadioWidth("GB") + RadioWidth("GiB") +
                 st.ItemSpacing.x * 2);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(units);
  ImGui::SameLine();
  if (ImGui::RadioButton("GB", s.units == Units::kGB)) SetOption(s, "units", "gb");
  ItemTooltip(Tr("GB = 10^9 bytes"));
  ImGui::SameLine();
  if (ImGui::RadioButton("GiB", s.units == Units::kGiB)) SetOption(s, "units", "gib");
  ItemTooltip(Tr("GiB = 2^30 bytes = 1.074 GB"));
}

// Width of HeaderControls() on one line.
float HeaderControlsWidth() {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize(Tr("Data types")).x + st.FramePadding.x * 2 + RadioWidth("EN") +
         RadioWidth("中文") + RadioWidth(Tr("Dark")) + RadioWidth(Tr("Light")) +
         ImGui::CalcTextSize(Tr("Units")).x + RadioWidth("GB") + RadioWidth("GiB") +
         st.ItemSpacing.x * 8;
}

}  // namespace

void ShowHeader(UiState& s) {
  Heading("vramcalc");
  const char* tagline = Tr("GPU memory for LLM inference and training");
  const float right = ImGui::GetWindowContentRegionMax().x;
  const float controls_w = HeaderControlsWidth();
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float after_title = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing;
  // The tagline only where it leaves the controls room; the controls right-aligned on
  // the title's line when they fit there, else on lines of their own (a phone).
  float end = after_title;
  if (after_title + ImGui::CalcTextSize(tagline).x + spacing + controls_w <= right) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tagline);
    end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing;
  }
  if (end + controls_w <= right) {
    ImGui::SameLine(right - controls_w);
    ImGui::AlignTextToFramePadding();
  } else {  // flowing: as much beside the title as fits
    SameLineIfFits(ImGui::CalcTextSize(Tr("Data types")).x + ImGui::GetStyle().FramePadding.x * 2);
  }
  HeaderControls(s);
}

float Draw(UiState& s) {
  ++s.frames;
  SetDrawLang(s.lang);        // every Tr() of this frame
  ApplyTheme(ShownTheme(s));  // a no-op unless the theme changed
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  // No background: the platform clears to the theme's ImGuiCol_WindowBg
  // anyway, and a full-canvas blended rectangle is a large share of a frame's
  // raster time under software GL.
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  if (s.embed) {
    // The parent page sizes the iframe to the content: nothing to scroll, and the
    // wheel scrolls the documentation page instead (web/main_web.cpp).
    ImGui::Begin("vramcalc", nullptr, flags | ImGuiWindowFlags_NoScrollWithMouse);
    ShowEmbedView(s);
    // Below the last item: its spacing less, the window's bottom padding more.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float height = ImGui::GetCursorPosY() - st.ItemSpacing.y + st.WindowPadding.y;
    ImGui::End();
    return height;
  }
  ImGui::Begin("vramcalc", nullptr, flags);
  ShowHeader(s);
  ImGui::Separator();

  if (vp->WorkSize.x >= kTwoColumnMinWidth) {
    const float inputs_w = std::clamp(vp->WorkSize.x * kInputsShare, kInputsMinWidth, kInputsWidth);
    ImGui::BeginChild("inputs", ImVec2(inputs_w, 0), true);
    ShowModelPanel(s);
    ShowKnobsPanel(s);
    ShowModelNotes(s);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("results", ImVec2(0, 0), true);
    ShowErrorBanner(s);  // above the (last good) answer it refers to
    ShowVerdictPanel(s);
    ShowResultsPanel(s);
    ImGui::Spacing();
    ShowDataTypesPanel(s);
    ImGui::EndChild();
  } else {
    ImGui::BeginChild("all", ImVec2(0, 0), false);
    ShowErrorBanner(s);
    ShowVerdictPanel(s);  // the answer first, above the inputs that change it
    ShowModelPanel(s);
    ShowKnobsPanel(s);
    ShowModelNotes(s);
    ImGui::Separator();
    ShowResultsPanel(s);
    ImGui::Spacing();
    ShowDataTypesPanel(s);
    ImGui::EndChild();
  }
  ImGui::End();
  return 0.0f;
}

}  // namespace vramcalc::ui
