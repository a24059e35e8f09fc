// The compact embed view (index.html?embed=1, UiState::embed) for an iframe in a
// documentation page: the model and its workload with a link to the full page, the
// answer (fits or not), the per-GPU total, the breakdown bar with its key, and only
// the knobs the embedding link named (UiState::embed_knobs). No header, side panels,
// table or data types: the reader changes what the author chose and sees the answer.
#include <string>

#include "imgui.h"
#include "panels.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

constexpr float kKnobsWidthEm = 30.0f;  // the knob table's width at most, in font sizes

// Model name and workload, with "Open in vramcalc" at the right (on a line of its own
// when the iframe is too narrow for both).
void ShowTitle(UiState& s) {
  const char* kOpen = Tr("Open in vramcalc \xe2\x86\x92");  // U+2192 RIGHTWARDS ARROW
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.model.name.c_str());
  ImGui::SameLine();
  // Wrapped: a phone-wide iframe would cut off the method.
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", ModeDetails(s).c_str());
  ImGui::PopStyleColor();
  const float button_w = ImGui::CalcTextSize(kOpen).x + ImGui::GetStyle().FramePadding.x * 2;
  const float right = ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + button_w <= right) {
    ImGui::SameLine(right - button_w);
  } else {
    ImGui::NewLine();
  }
  if (ImGui::SmallButton(kOpen)) s.page_request = "open-full";
  ItemTooltip("The whole calculator with these settings, in a new tab");
}

}  // namespace

void ShowEmbedView(UiState& s) {
  ShowTitle(s);
  ShowErrorBanner(s);
  if (!s.estimate) {
    ImGui::TextDisabled("%s", Tr("No estimate for these inputs."));
  } else {
    ShowVerdictHeadline(s);
    ShowTotalLine(s);
    ShowBreakdownBar(s);
    ShowBarLegend(s);
  }
  if (s.embed_knobs.empty()) return;
  ImGui::Spacing();
  ShowNamedKnobs(s, s.embed_knobs, ImGui::GetFontSize() * kKnobsWidthEm);
}

}  // namespace vramcalc::ui
