// The share and export row under the totals: copy a link to this view, copy the
// breakdown as a Markdown table, download it as JSON, CSV or Markdown. The panel
// only records which button was clicked (UiState::page_request); the platform
// owns the clipboard and downloads (web/page_share.js). On a narrow page the
// row wraps instead of running off the edge.
#include <string_view>

#include "imgui.h"
#include "panels.h"
#include "share_link.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// The row's items: label, page_request ("" for a caption), tooltip.
constexpr const char* kItems[][3] = {
    {"Copy link", "copy-link", ""},  // tooltip depends on the model: see below
    {"Copy Markdown", "copy-markdown",
     "The breakdown as a Markdown table (the CLI's --format markdown)"},
    {"Download", "", ""},
    {"JSON", "download-json", "The estimate contract (--json)"},
    {"CSV", "download-csv", "RFC 4180 CSV (--format csv)"},
    {"MD", "download-markdown", "Markdown (--format markdown)"}};

// Continues the line when an item `width` CSS pixels wide still fits on it.
void SameLineIfFits(float width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

}  // namespace

void ShowShareBar(UiState& s) {
  const float pad = ImGui::GetStyle().FramePadding.x * 2;
  bool first = true;
  for (const auto& [label, request, tip] : kItems) {
    const char* shown = Tr(label);
    if (!first) SameLineIfFits(ImGui::CalcTextSize(shown).x + pad);
    first = false;
    if (request[0] == '\0') {
      ImGui::TextDisabled("%s", shown);
      continue;
    }
    // Exports are the numbers of these inputs: none while the results are stale.
    const bool exports = std::string_view(request) != "copy-link";
    ImGui::BeginDisabled(exports && s.results_stale);
    if (ImGui::SmallButton(shown)) s.page_request = request;
    ImGui::EndDisabled();
    if (tip[0] != '\0') {
      ItemTooltip(tip);
    } else {
      ItemTooltip(ModelNotShareable(s)
                      ? "A link to these settings. The dropped file (" + s.loaded_name +
                            ") cannot travel in a link: whoever opens it drops the file again."
                      : "A link that reopens this view (the settings are in the URL after #)");
    }
  }
}

}  // namespace vramcalc::ui
