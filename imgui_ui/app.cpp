// Frame layout: one undecorated window filling the canvas, a header row, then
// inputs on the left and results on the right (stacked when the page is narrow,
// e.g. on a phone); or, in the embed view, the compact panel of panel_embed.cpp.
#include "app.h"

#include <algorithm>

#include "imgui.h"
#include "panels.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

constexpr float kInputsWidth = 400.0f;        // CSS pixels of the left column, at most
constexpr float kInputsMinWidth = 360.0f;     // CSS pixels: the knobs' labels and widgets fit
constexpr float kInputsShare = 0.36f;         // of the window width, on smaller screens
constexpr float kTwoColumnMinWidth = 760.0f;  // below this the columns stack

}  // namespace

void ShowHeader(UiState& s) {
  Heading("vramcalc");
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("GPU memory for LLM inference and training");

  // Units switch, right-aligned: the articles mix GB (1e9) and GiB (2^30).
  const float w = ImGui::CalcTextSize("Units  GB  GiB").x + ImGui::GetFrameHeight() * 2 +
                  ImGui::GetStyle().ItemSpacing.x * 4;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Units");
  ImGui::SameLine();
  if (ImGui::RadioButton("GB", s.units == Units::kGB)) SetOption(s, "units", "gb");
  ItemTooltip("GB = 10^9 bytes");
  ImGui::SameLine();
  if (ImGui::RadioButton("GiB", s.units == Units::kGiB)) SetOption(s, "units", "gib");
  ItemTooltip("GiB = 2^30 bytes = 1.074 GB");
}

float Draw(UiState& s) {
  ++s.frames;
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
