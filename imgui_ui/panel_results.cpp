// Results panel: what core's estimate() returned, shown four ways: the total per
// GPU, a stacked bar, the breakdown table (bytes, share, formula with the numbers
// filled in, and the rule it follows), and the parameter counts with core's notes.
// Only display work happens here: bytes are formatted by core's format_bytes().
#include <algorithm>
#include <string>
#include <vector>

#include "gpus.h"
#include "imgui.h"
#include "panels.h"
#include "report.h"
#include "theme.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

void ShowError(UiState& s) {
  if (s.error.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.35f, 0.12f, 0.12f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.75f, 0.30f, 0.30f, 1.0f));
  // A child window cannot size itself to its content in ImGui 1.86: measure the
  // wrapped message to fit the banner around it.
  const ImGuiStyle& st = ImGui::GetStyle();
  const float wrap_w = ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2;
  const float text_h = ImGui::CalcTextSize(s.error.c_str(), nullptr, false, wrap_w).y;
  const float h = text_h + st.ItemSpacing.y + ImGui::GetFrameHeight() + st.WindowPadding.y * 2;
  ImGui::BeginChild("error", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s.error.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::SmallButton("Dismiss")) ClearError(s);
  ImGui::EndChild();
  ImGui::PopStyleColor(2);
  ImGui::Spacing();
}

std::string ModeLine(const UiState& s) {
  const Workload& w = s.workload;
  std::string line = s.model.name + "  |  " + to_string(w.mode) + "  |  batch " +
                     std::to_string(w.batch) + " x " + std::to_string(w.seq) + " tokens";
  if (w.mode == Mode::kTraining) line += "  |  " + std::string(to_string(w.method));
  if (w.textbook) line += "  |  textbook";
  return line;
}

// The fit verdict for the chosen GPU and the solver's limits.
void ShowFit(const UiState& s, const Estimate& e) {
  if (e.gpu_memory_bytes == 0) return;
  std::string where = format_bytes(e.gpu_memory_bytes, s.units);
  if (const GpuInfo* g = find_gpu(s.gpu_id)) where = std::string(g->name) + " (" + where + ")";
  if (e.fits) {
    ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.55f, 1.0f), "Fits on %s", where.c_str());
  } else {
    ImGui::TextColored(ImVec4(1.0f, 0.50f, 0.45f, 1.0f), "Does not fit on %s", where.c_str());
  }
  auto limit = [](const std::optional<SolveResult>& r) {
    if (!r) return std::string("-");
    if (r->value == 0) return std::string("none");
    return GroupDigits(r->value) + (r->capped ? "+" : "");
  };
  ImGui::SameLine();
  ImGui::TextDisabled("|  largest batch %s at this length, longest sequence %s at this batch",
                      limit(s.max_batch).c_str(), limit(s.max_seq).c_str());
}

void ShowTotals(const UiState& s, const Estimate& e) {
  ImGui::TextDisabled("%s", ModeLine(s).c_str());
  Heading(format_bytes(e.per_gpu_bytes, s.units).c_str());
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(s.hardware.gpus > 1 ? "per GPU" : "on the GPU");
  if (s.hardware.gpus > 1) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%s over %llu GPUs)", format_bytes(e.total_bytes, s.units).c_str(),
                        static_cast<unsigned long long>(s.hardware.gpus));
  }
  ShowFit(s, e);
}

// Components worth a row: anything with bytes, and unknowns (so the user sees
// what a bare parameter count cannot tell).
std::vector<const ComponentEstimate*> Rows(const Estimate& e) {
  std::vector<const ComponentEstimate*> rows;
  for (const ComponentEstimate& c : e.components) {
    if (c.bytes > 0 || !c.known) rows.push_back(&c);
  }
  return rows;
}

void RowTooltip(const ComponentEstimate& c, Units units) {
  std::string text = std::string(display_name(c.id)) + ": " + format_bytes(c.bytes, units) + " (" +
                     GroupDigits(c.bytes) + " bytes)";
  if (!c.formula.empty()) text += "\n" + c.formula;
  if (!c.assumption.empty()) text += "\n" + c.assumption;
  ItemTooltip(text);
}

void ShowBar(const UiState& s, const Estimate& e) {
  const std::vector<const ComponentEstimate*> rows = Rows(e);
  std::vector<uint64_t> values;
  for (const ComponentEstimate* c : rows) values.push_back(c->bytes);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFrameHeight();
  const std::vector<float> edges = StackedBarEdges(values, p0.x, width);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg),
                    4.0f);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (edges[i + 1] - edges[i] < 0.5f) continue;  // invisible: skip the draw call
    const ImVec2 a(edges[i], p0.y);
    const ImVec2 b(edges[i + 1], p0.y + height);
    dl->AddRectFilled(a, b, ComponentColor(static_cast<int>(rows[i]->id)));
    // Hovering a segment names it, like hovering its table row.
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(static_cast<int>(i));
    ImGui::InvisibleButton("seg", ImVec2(b.x - a.x, height));
    ImGui::PopID();
    RowTooltip(*rows[i], s.units);
  }
  ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + height + ImGui::GetStyle().ItemSpacing.y));
  ImGui::Dummy(ImVec2(width, 0));
}

void Swatch(int component) {
  const float size = ImGui::GetTextLineHeight() * 0.75f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float pad = (ImGui::GetTextLineHeight() - size) * 0.5f;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + pad),
                                            ImVec2(p.x + size, p.y + pad + size),
                                            ComponentColor(component), 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

void ShowTable(const UiState& s, const Estimate& e) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("breakdown", 5, flags)) return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Component");
  ImGui::TableSetupColumn("Memory");
  ImGui::TableSetupColumn("Share");
  ImGui::TableSetupColumn("Formula", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const ComponentEstimate* c : Rows(e)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    Swatch(static_cast<int>(c->id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(display_name(c->id));
    RowTooltip(*c, s.units);
    ImGui::TableNextColumn();
    if (c->known) {
      ImGui::TextUnformatted(format_bytes(c->bytes, s.units).c_str());
      RowTooltip(*c, s.units);
    } else {
      ImGui::TextDisabled("unknown");
      ItemTooltip("Needs the model's architecture: drop its config.json");
    }
    ImGui::TableNextColumn();
    if (c->known && e.per_gpu_bytes > 0) {
      // A display percentage, not memory arithmetic: core already gave the bytes.
      const double share =
          100.0 * static_cast<double>(c->bytes) / static_cast<double>(e.per_gpu_bytes);
      ImGui::Text("%5.1f%%", share);
    } else {
      ImGui::TextDisabled("-");
    }
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", c->formula.c_str());
    ImGui::PopTextWrapPos();
    RowTooltip(*c, s.units);
  }
  // Total row.
  ImGui::TableNextRow(ImGuiTableRowFlags_None);
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("Total per GPU");
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(format_bytes(e.per_gpu_bytes, s.units).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("100.0%");
  ImGui::TableNextColumn();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("%s bytes", GroupDigits(e.per_gpu_bytes).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTable();
}

void ShowParams(const Estimate& e) {
  SectionTitle("PARAMETERS");
  if (!ImGui::BeginTable("params", 3, ImGuiTableFlags_SizingStretchSame)) return;
  ImGui::TableNextRow();
  const struct {
    const char* label;
    uint64_t value;
  } cells[] = {{"Total", e.params.total},
               {"Trainable", e.params.trainable},
               {"Active per token", e.params.active}};
  for (const auto& c : cells) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", c.label);
    ImGui::TextUnformatted(GroupDigits(c.value).c_str());
  }
  ImGui::EndTable();
}

void ShowNotes(const UiState& s, const Estimate& e) {
  if (e.notes.empty() && s.model.notes.empty()) return;
  SectionTitle("NOTES");
  // Bullet() + TextWrapped(): BulletText() would not wrap long notes.
  for (const std::string& n : e.notes) {
    ImGui::Bullet();
    ImGui::TextWrapped("%s", n.c_str());
  }
  // The parser's notes, unless the estimate already repeats them.
  for (const std::string& n : s.model.notes) {
    if (std::find(e.notes.begin(), e.notes.end(), n) == e.notes.end()) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", n.c_str());
    }
  }
}

}  // namespace

void ShowResultsPanel(UiState& s) {
  ShowError(s);
  if (!s.estimate) {
    ImGui::TextDisabled("No estimate for these inputs.");
    return;
  }
  const Estimate& e = *s.estimate;
  ShowTotals(s, e);
  ImGui::Spacing();
  ShowBar(s, e);
  ImGui::Spacing();
  ShowTable(s, e);
  ImGui::Spacing();
  ShowParams(e);
  ImGui::Spacing();
  ShowNotes(s, e);
}

}  // namespace vramcalc::ui
