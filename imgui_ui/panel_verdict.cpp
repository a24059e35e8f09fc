// The verdict block, first in the results: fits or not on the chosen GPU(s) and
// the headroom, the solver's answers at these settings (largest batch and context,
// fewest GPUs, llama.cpp layers that fit, vLLM's KV tokens and concurrency), the
// warnings that change the answer, and with tp/pp what each GPU holds (the busiest
// marked). Everything comes from UiState::verdict (core's answer_verdict(), run
// once per change) and the estimate; this file only lays text out.
#include <algorithm>
#include <string>
#include <vector>

#include "imgui.h"
#include "panels.h"
#include "report.h"
#include "theme.h"
#include "ui_locale.h"
#include "verdict.h"
#include "widgets.h"

namespace vramcalc::ui {
namespace {

// The theme's colours of the answer (palette.h, checked for contrast).
ImVec4 FitsColour() { return Colour(CurrentPalette().fits); }
ImVec4 NoFitColour() { return Colour(CurrentPalette().no_fit); }
ImVec4 WarnColour() { return Colour(CurrentPalette().warning); }

// Text wrapped at spaces only: ImGui's wrapping also breaks after '.' and ',',
// which splits "1.55 GB" into "1." and "55 GB" on a narrow screen.
void WrapAtSpaces(const std::string& text, const ImVec4& color) {
  const float right = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
  const float space = ImGui::CalcTextSize(" ").x;
  bool first = true;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const char* b = text.c_str() + start;
    const char* e = text.c_str() + end;
    const float w = ImGui::CalcTextSize(b, e).x;
    if (!first) {
      ImGui::SameLine(0.0f, space);
      if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(b, e);
    ImGui::PopStyleColor();
    first = false;
    start = end + 1;
  }
}

struct Cell {
  std::string label;
  std::string value;
  std::string tip;
};

// The answers as label-over-value cells, as many per row as the width allows
// (four on a desktop, two on a phone).
void ShowCells(const std::vector<Cell>& cells) {
  const float min_cell = ImGui::GetFontSize() * 8.0f;
  const int per_row =
      std::max(1, std::min(4, static_cast<int>(ImGui::GetContentRegionAvail().x / min_cell)));
  if (!ImGui::BeginTable("verdict_cells", per_row, ImGuiTableFlags_SizingStretchSame)) return;
  for (const Cell& c : cells) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", c.label.c_str());
    ItemTooltip(c.tip);
    ImGui::TextUnformatted(c.value.c_str());
    ItemTooltip(c.tip);
  }
  ImGui::EndTable();
}

// |headroom|: what is free, or what is missing.
uint64_t Gap(const Verdict& v) {
  return v.headroom_bytes >= 0 ? static_cast<uint64_t>(v.headroom_bytes)
                               : static_cast<uint64_t>(-(v.headroom_bytes + 1)) + 1;
}

// Core's verdict_headline() in English; in Chinese the same sentence built from the
// same parts (byte counts and GPU names exactly as core writes them).
std::string Headline(const UiState& s, const Verdict& v, const Estimate& e) {
  if (DrawLang() != Lang::kZh) return verdict_headline(v, e, s.units);
  const std::string on =
      e.gpu_shares.size() > 1
          ? TrFill("on the busiest GPU (%s)", {e.gpu_shares[e.busiest_share].device})
          : std::string(Tr(v.fit && v.fit->gpus > 1 ? "on each GPU" : "on the GPU"));
  if (!v.fit) {
    return TrFill("Needs %s %s; pick a GPU to see whether it fits.",
                  {format_bytes(e.per_gpu_bytes, s.units), on});
  }
  const std::string out =
      TrFill(v.fits ? "Fits on %s: " : "Does not fit on %s: ", {fit_where(*v.fit, s.units)});
  if (!e.runtime.failure.empty()) {
    return out + TrFill("vLLM would not start: %s.", {e.runtime.failure});
  }
  return out + TrFill(v.headroom_bytes >= 0 ? "%s free %s." : "%s short %s.",
                      {format_bytes(Gap(v), s.units), on});
}

std::vector<Cell> Answers(const UiState& s, const Verdict& v, const Estimate& e) {
  const FitReport& f = *v.fit;
  std::vector<Cell> cells;
  const bool free = v.headroom_bytes >= 0;
  const uint64_t gap = Gap(v);
  cells.push_back({Tr(free ? "Headroom" : "Short by"), format_bytes(gap, s.units),
                   "GPU memory minus the busiest GPU's total"});
  cells.push_back({Tr("Largest batch"), solved_text(f.max_batch),
                   "at " + GroupDigits(f.seq) + " tokens, these settings (core's solver)"});
  cells.push_back({Tr("Longest context"), solved_text(f.max_seq),
                   "tokens at batch " + GroupDigits(f.batch) + ", these settings"});
  if (!v.fits) {
    cells.push_back({Tr("Fewest GPUs"), min_gpus_text(f),
                     "tensor parallel (one model split over them), pp as set"});
  }
  if (f.gpu_layers) {
    cells.push_back({Tr("Layers that fit"), gpu_layers_text(f),
                     "the largest -ngl whose estimate fits on the GPU"});
  }
  const RuntimeDetails& r = e.runtime;
  if (r.budget_bytes > 0 && r.failure.empty()) {
    cells.push_back({Tr("KV tokens"), GroupDigits(r.kv_tokens), "tokens vLLM's KV blocks hold"});
    cells.push_back({Tr("Concurrent seqs"), GroupDigits(r.max_concurrent_seqs),
                     "sequences of " + GroupDigits(f.seq) + " tokens served at once"});
  }
  if (r.ollama.layers_model > 0) {
    cells.push_back({Tr("Layers offloaded"),
                     TrFill("%s of %s", {GroupDigits(r.ollama.layers_offload),
                                         GroupDigits(r.ollama.layers_model)}),
                     "Ollama's own choice (blocks + output layer)"});
  }
  return cells;
}

void ShowWarnings(const Verdict& v, const Estimate& e) {
  for (const std::string& w : v.warnings) {
    // vLLM's refusal is already the headline.
    if (!e.runtime.failure.empty() && w.find(e.runtime.failure) != std::string::npos) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, WarnColour());
    ImGui::Bullet();
    ImGui::TextWrapped("%s", w.c_str());
    ImGui::PopStyleColor();
  }
}

// With tp/pp: one row per pipeline stage (or llama.cpp device), the busiest marked,
// since it alone decides whether the model fits.
void ShowShares(const UiState& s, const Estimate& e) {
  if (e.gpu_shares.size() < 2) return;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("gpu_shares", 4, flags)) return;
  ImGui::TableSetupColumn(Tr("Stage"));
  ImGui::TableSetupColumn(Tr("GPUs"));
  ImGui::TableSetupColumn(Tr("Layers"));
  ImGui::TableSetupColumn(Tr("Total per GPU"));
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < e.gpu_shares.size(); ++i) {
    const GpuShare& g = e.gpu_shares[i];
    const bool busiest = i == e.busiest_share;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s%s", g.device.c_str(), busiest ? Tr(" (busiest)") : "");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(GroupDigits(g.gpus).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%s-%s", GroupDigits(g.first_layer).c_str(),
                GroupDigits(g.last_layer ? g.last_layer - 1 : 0).c_str());
    ImGui::TableNextColumn();
    if (busiest) {
      ImGui::TextColored(e.fits ? FitsColour() : NoFitColour(), "%s",
                         format_bytes(g.total, s.units).c_str());
    } else {
      ImGui::TextUnformatted(format_bytes(g.total, s.units).c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace

void ShowVerdictHeadline(const UiState& s) {
  if (!s.estimate || !s.verdict) return;
  const Verdict& v = *s.verdict;
  WrapAtSpaces(Headline(s, v, *s.estimate), !v.fit ? ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]
                                            : v.fits ? FitsColour()
                                                     : NoFitColour());
}

void ShowVerdictPanel(const UiState& s) {
  if (!s.estimate || !s.verdict) return;
  const Estimate& e = *s.estimate;
  const Verdict& v = *s.verdict;
  ShowVerdictHeadline(s);
  if (v.fit) ShowCells(Answers(s, v, e));
  ShowWarnings(v, e);
  ShowShares(s, e);
  ImGui::Separator();
}

}  // namespace vramcalc::ui
