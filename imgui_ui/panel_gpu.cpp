// The hardware group's GPU widgets (panel_knobs.cpp places them): the catalog
// picker, searched with core's search_gpus() (the CLI's --list-gpus words), each
// card's memory as the runtime sees it (CUDA's total, not the box's "24 GB") in the
// display unit; and the custom memory field, typed in GB or GiB as chosen beside it.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gpus.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "panels.h"
#include "report.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

double UnitBytes(Units u) { return u == Units::kGB ? 1e9 : 1073741824.0; }
const char* UnitName(Units u) { return u == Units::kGB ? "GB" : "GiB"; }

// What the closed combo shows: the card and its memory, a custom size, or none.
std::string GpuPreview(const UiState& s) {
  if (const GpuInfo* g = find_gpu(s.gpu_id)) {
    return std::string(g->name) + "  " + format_bytes(g->usable_bytes, s.units);
  }
  if (s.hardware.gpu_memory_bytes > 0) {
    return Tr("Custom: ") + format_bytes(s.hardware.gpu_memory_bytes, s.units);
  }
  return Tr("None");
}

std::string GpuTooltip(const GpuInfo& g, Units units) {
  return std::string(g.name) + " (" + g.id + ")\nSold as " + format_bytes(g.memory_bytes, units) +
         "; the runtime sees " + format_bytes(g.usable_bytes, units) + " (" +
         GroupDigits(g.usable_bytes) + " bytes)\nSource: " + g.source;
}

void PickGpu(UiState& s, const std::string& id) {
  if (id.empty()) {
    SetOption(s, "gpu-memory-bytes", "0");  // no GPU: no fit verdict
  } else {
    SetOption(s, "gpu", id);
  }
}

// The list inside the picker: a search field over a name / memory table; Enter
// takes the first match (the only one, once the words narrow it down).
void ShowGpuList(UiState& s) {
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-FLT_MIN);
  const bool enter = ImGui::InputTextWithHint("##gpu-search", Tr("Search, e.g. 4090, h100, m3 max"),
                                              &s.gpu_query, ImGuiInputTextFlags_EnterReturnsTrue);
  const std::vector<const GpuInfo*> found = search_gpus(s.gpu_query);
  if (enter && !found.empty()) {
    PickGpu(s, found.front()->id);
    ImGui::CloseCurrentPopup();
    return;
  }
  const float list_h = ImGui::GetTextLineHeightWithSpacing() * 14.0f;
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH;
  if (ImGui::BeginTable("gpus", 2, flags, ImVec2(0, list_h))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("GPU"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn(Tr(s.units == Units::kGB ? "Memory (GB)" : "Memory (GiB)"));
    ImGui::TableHeadersRow();
    if (s.gpu_query.empty()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool none = s.gpu_id.empty() && s.hardware.gpu_memory_bytes == 0;
      if (ImGui::Selectable(Tr("None"), none, ImGuiSelectableFlags_SpanAllColumns) && !none) {
        PickGpu(s, "");
      }
      ItemTooltip(Tr("No GPU: no fit verdict"));
    }
    for (const GpuInfo* g : found) {
      const bool selected = s.gpu_id == g->id;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(g->name, selected, ImGuiSelectableFlags_SpanAllColumns) && !selected) {
        PickGpu(s, g->id);
      }
      ItemTooltip(GpuTooltip(*g, s.units));
      if (selected && ImGui::IsWindowAppearing()) ImGui::SetScrollHereY();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", format_bytes(g->usable_bytes, s.units).c_str());
    }
    ImGui::EndTable();
  }
  if (found.empty()) ImGui::TextDisabled(Tr("No GPU matches '%s'"), s.gpu_query.c_str());
}

}  // namespace

void ShowGpuPicker(UiState& s) {
  ImGui::SetNextItemWidth(-FLT_MIN);
  // Wider than the column: names like "NVIDIA H100 80GB (SXM, HBM3)" and their memory;
  // never wider than the screen (a phone's 360 px).
  const float screen_w = ImGui::GetMainViewport()->WorkSize.x - ImGui::GetStyle().WindowPadding.x;
  ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(ImGui::GetFontSize() * 28.0f, screen_w), 0),
                                      ImVec2(FLT_MAX, FLT_MAX));
  if (ImGui::BeginCombo("##gpu", GpuPreview(s).c_str(), ImGuiComboFlags_HeightLargest)) {
    ShowGpuList(s);
    ImGui::EndCombo();
  }
  ItemTooltip(
      Tr("The GPU's memory as the runtime sees it (CUDA's total: an H100 80GB is 79.19 GiB)"));
}

void ShowGpuMemoryField(UiState& s, const char* key) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float radios_w = ImGui::GetFrameHeight() * 2 + st.ItemInnerSpacing.x * 2 +
                         ImGui::CalcTextSize("GBGiB").x + st.ItemSpacing.x * 2;
  const double unit = UnitBytes(s.memory_units);
  double shown = static_cast<double>(s.hardware.gpu_memory_bytes) / unit;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - radios_w);
  const std::string format = std::string("%.2f ") + UnitName(s.memory_units);
  ImGui::InputDouble("##v", &shown, 0.0, 0.0, format.c_str());
  if (ImGui::IsItemDeactivatedAfterEdit() && shown >= 0 && shown * unit < 1.1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", shown * unit);
    SetOption(s, key, buf);
  }
  ItemTooltip(Tr(s.memory_units == Units::kGB
                     ? "Typed in GB: 10^9 bytes (a card sold as \"24 GB\" has 24 GiB)"
                     : "Typed in GiB: 2^30 bytes, as vendors' \"24 GB\" cards are sized"));
  ImGui::SameLine();
  if (ImGui::RadioButton("GB##mem", s.memory_units == Units::kGB)) {
    SetOption(s, "memory-units", "gb");
  }
  ItemTooltip(Tr("Type the memory in GB (10^9 bytes)"));
  ImGui::SameLine();
  if (ImGui::RadioButton("GiB##mem", s.memory_units == Units::kGiB)) {
    SetOption(s, "memory-units", "gib");
  }
  ItemTooltip(Tr("Type the memory in GiB (2^30 bytes)"));
}

}  // namespace vramcalc::ui
