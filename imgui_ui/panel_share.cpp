// The share and export row under the totals: copy a link to this view, copy the
// breakdown as a Markdown table, download it as JSON, CSV or Markdown. The panel
// only records which button was clicked (UiState::page_request); the platform
// owns the clipboard and downloads (web/vramcalc_glue.js).
#include "imgui.h"
#include "panels.h"
#include "share_link.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// Download buttons: label, page_request, tooltip.
constexpr const char* kDownloads[][3] = {
    {"JSON", "download-json", "The estimate contract (--json)"},
    {"CSV", "download-csv", "RFC 4180 CSV (--format csv)"},
    {"MD", "download-markdown", "Markdown (--format markdown)"}};

}  // namespace

void ShowShareBar(UiState& s) {
  if (ImGui::SmallButton("Copy link")) s.page_request = "copy-link";
  ItemTooltip(ModelNotShareable(s)
                  ? "A link to these settings. The dropped file (" + s.loaded_name +
                        ") cannot travel in a link: whoever opens it drops the file again."
                  : "A link that reopens this view (the settings are in the URL after #)");
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy Markdown")) s.page_request = "copy-markdown";
  ItemTooltip("The breakdown as a Markdown table (the CLI's --format markdown)");
  ImGui::SameLine();
  ImGui::TextDisabled("Download");
  for (const auto& d : kDownloads) {
    ImGui::SameLine();
    if (ImGui::SmallButton(d[0])) s.page_request = d[1];
    ItemTooltip(d[2]);
  }
}

}  // namespace vramcalc::ui
