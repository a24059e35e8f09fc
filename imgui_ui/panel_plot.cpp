// Plot panel: memory per GPU stacked by component against sequence length or
// batch size, with the chosen GPU's capacity as a line and the current value as
// a marker. The points are UiState's sweeps (core's estimate() per point); the
// pixel layout is LayoutStackedPlot() (plot_layout.h); this file only draws.
#include <cmath>
#include <string>
#include <vector>

#include "imgui.h"
#include "panels.h"
#include "plot_layout.h"
#include "report.h"
#include "theme.h"
#include "ui_locale.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

constexpr float kPlotHeight = 240.0f;  // CSS pixels of the plotting area

// "512", "4K", "128K", "1M" for powers of two; plain digits otherwise.
std::string AxisLabel(uint64_t x) {
  if (x >= (1u << 20) && x % (1u << 20) == 0) return std::to_string(x >> 20) + "M";
  if (x >= 1024 && x % 1024 == 0) return std::to_string(x >> 10) + "K";
  return std::to_string(x);
}

// Components with bytes anywhere in the sweep, bottom-up in core's order.
std::vector<int> BandsOf(const Sweep& sw) {
  std::vector<int> out;
  for (int c = 0; c < kComponentCount; ++c) {
    for (const auto& row : sw.bytes) {
      if (row[static_cast<size_t>(c)] > 0) {
        out.push_back(c);
        break;
      }
    }
  }
  return out;
}

// Tooltip for the sweep point nearest the mouse: every component at that point.
void HoverTooltip(const UiState& s, const Sweep& sw, const PlotLayout& lay,
                  const std::vector<int>& bands, const PlotRect& r) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (m.x < r.x0 || m.x > r.x1 || m.y < r.y0 || m.y > r.y1) return;
  size_t best = 0;
  for (size_t i = 1; i < lay.px.size(); ++i) {
    if (std::abs(lay.px[i] - m.x) < std::abs(lay.px[best] - m.x)) best = i;
  }
  ImGui::GetWindowDrawList()->AddLine(ImVec2(lay.px[best], r.y0), ImVec2(lay.px[best], r.y1),
                                      Colour32(CurrentPalette().text, 90));
  ImGui::BeginTooltip();
  ImGui::Text("%s %s: %s", Tr(sw.axis == SweepAxis::kSeq ? "Sequence" : "Batch"),
              GroupDigits(sw.x[best]).c_str(), format_bytes(sw.totals[best], s.units).c_str());
  for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
    const uint64_t b = sw.bytes[best][static_cast<size_t>(*it)];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(ComponentColor(*it)), "%s",
                       Tr(display_name(static_cast<Component>(*it))));
    ImGui::SameLine(ImGui::GetFontSize() * 9.0f);
    ImGui::TextUnformatted(format_bytes(b, s.units).c_str());
  }
  ImGui::EndTooltip();
}

void Legend(const std::vector<int>& bands) {
  const float size = ImGui::GetTextLineHeight() * 0.75f;
  for (size_t i = 0; i < bands.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float pad = (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + pad),
                                              ImVec2(p.x + size, p.y + pad + size),
                                              ComponentColor(bands[i]), 2.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(Tr(display_name(static_cast<Component>(bands[i]))));
  }
}

void DrawPlot(const UiState& s, const Sweep& sw) {
  const std::vector<int> bands = BandsOf(sw);
  PlotInput in;
  in.x = sw.x;
  for (int c : bands) {
    std::vector<uint64_t> v;
    v.reserve(sw.bytes.size());
    for (const auto& row : sw.bytes) v.push_back(row[static_cast<size_t>(c)]);
    in.bands.push_back(std::move(v));
  }
  in.capacity_bytes = s.estimate ? s.estimate->gpu_memory_bytes : 0;
  in.marker_x = sw.axis == SweepAxis::kSeq ? s.shown_workload.seq : s.shown_workload.batch;
  in.unit_bytes = s.units == Units::kGB ? 1e9 : 1073741824.0;
  in.min_tick_spacing = ImGui::CalcTextSize("128K").x * 2.0f;

  // Room for the y labels on the left and the x labels below.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float label_w = ImGui::CalcTextSize("000.00 GiB").x + ImGui::GetStyle().ItemSpacing.x;
  const float line_h = ImGui::GetTextLineHeight();
  const float width = ImGui::GetContentRegionAvail().x;
  PlotRect r;
  r.x0 = origin.x + label_w;
  r.y0 = origin.y + line_h * 0.5f;
  r.x1 = origin.x + width - ImGui::CalcTextSize("128K").x * 0.5f;
  r.y1 = r.y0 + kPlotHeight;
  const PlotLayout lay = LayoutStackedPlot(in, r);
  ImGui::Dummy(ImVec2(width, kPlotHeight + line_h * 2.0f));
  if (!lay.valid) {
    ImGui::TextDisabled("%s", Tr("Not enough points to plot."));
    return;
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), ImGui::GetColorU32(ImGuiCol_FrameBg));
  const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Separator);
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (const PlotTick& t : lay.y_ticks) {
    dl->AddLine(ImVec2(r.x0, t.pixel), ImVec2(r.x1, t.pixel), grid);
    const std::string label = t.value == 0 ? std::string("0") : format_bytes(t.value, s.units);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddText(ImVec2(r.x0 - w - ImGui::GetStyle().ItemSpacing.x * 0.5f, t.pixel - line_h * 0.5f),
                text, label.c_str());
  }
  for (const PlotTick& t : lay.x_ticks) {
    dl->AddLine(ImVec2(t.pixel, r.y1), ImVec2(t.pixel, r.y1 + 4.0f), grid);
    const std::string label = AxisLabel(t.value);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    dl->AddText(ImVec2(t.pixel - w * 0.5f, r.y1 + 4.0f), text, label.c_str());
  }

  // Bands: one convex quad per segment (vertical sides), each from its top down
  // to the baseline, drawn top band first so each lower band covers the rest: no
  // pixel row between two bands is left uncovered, however thin a band is. Without
  // anti-aliased fill: its fringes would show as seams between the quads.
  const ImDrawListFlags saved_flags = dl->Flags;
  dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
  for (size_t b = lay.edges.size(); b-- > 0;) {
    const ImU32 fill = ComponentColor(bands[b]);
    for (size_t i = 0; i + 1 < lay.px.size(); ++i) {
      const float top0 = lay.edges[b][i];
      const float top1 = lay.edges[b][i + 1];
      if (top0 >= r.y1 && top1 >= r.y1) continue;  // nothing above the baseline
      const ImVec2 quad[4] = {ImVec2(lay.px[i], r.y1), ImVec2(lay.px[i], top0),
                              ImVec2(lay.px[i + 1], top1), ImVec2(lay.px[i + 1], r.y1)};
      dl->AddConvexPolyFilled(quad, 4, fill);
    }
  }
  dl->Flags = saved_flags;

  if (lay.has_capacity) {
    const ImU32 red = Colour32(CurrentPalette().no_fit);
    dl->AddLine(ImVec2(r.x0, lay.capacity_y), ImVec2(r.x1, lay.capacity_y), red, 2.0f);
    const std::string label = "GPU " + format_bytes(in.capacity_bytes, s.units);
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    // On the plot's own background: the label often sits over a band of the same hue.
    const ImVec2 at(r.x1 - w - 4.0f, lay.capacity_y - line_h - 2.0f);
    dl->AddRectFilled(ImVec2(at.x - 3.0f, at.y), ImVec2(at.x + w + 3.0f, at.y + line_h),
                      ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    dl->AddText(at, red, label.c_str());
  }
  if (lay.has_marker) {
    dl->AddLine(ImVec2(lay.marker_px, r.y0), ImVec2(lay.marker_px, r.y1),
                ImGui::GetColorU32(ImGuiCol_Text), 1.5f);
  }
  HoverTooltip(s, sw, lay, bands, r);
  Legend(bands);
}

}  // namespace

void ShowPlotPanel(UiState& s) {
  SectionTitle(Tr("MEMORY PER GPU VS"));
  ImGui::SameLine();
  if (ImGui::RadioButton(Tr("sequence length"), s.plot_axis == SweepAxis::kSeq)) {
    SetOption(s, "plot", "seq");
  }
  ImGui::SameLine();
  if (ImGui::RadioButton(Tr("batch size"), s.plot_axis == SweepAxis::kBatch)) {
    SetOption(s, "plot", "batch");
  }
  const Sweep& sw = s.plot_axis == SweepAxis::kSeq ? s.seq_sweep : s.batch_sweep;
  if (sw.x.size() < 2) {
    ImGui::TextDisabled("%s", Tr("No estimate to plot for these inputs."));
    return;
  }
  DrawPlot(s, sw);
}

}  // namespace vramcalc::ui
