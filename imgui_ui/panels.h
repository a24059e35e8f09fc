// The panels of the app, one Show*() per area, each drawing into the current
// ImGui window from UiState and changing it only through ui_state.h's actions.
#pragma once

#include <string>
#include <vector>

#include "ui_state.h"

namespace vramcalc::ui {

void ShowHeader(UiState& s);              // title, Data types shortcut, theme and units
void ShowModelPanel(UiState& s);          // model picker, loaded file, parameter count, summary
void ShowModelNotes(const UiState& s);    // what the parser assumed or ignored
void ShowKnobsPanel(UiState& s);          // all_options() knobs by group
void ShowVerdictPanel(const UiState& s);  // fits or not, headroom, solver answers, warnings,
                                          // per-GPU shares (the answer first)
void ShowResultsPanel(UiState& s);        // error banner, totals, bar, breakdown table, runtime,
                                          // plot, parameters, notes
void ShowShareBar(UiState& s);            // copy link / Markdown, download JSON / CSV / Markdown
void ShowPlotPanel(UiState& s);           // memory vs sequence length / batch, GPU capacity line
void ShowDataTypesPanel(UiState& s);      // collapsible: dtype table and the bit explorer
void ShowEmbedView(UiState& s);           // the compact embed view (UiState::embed): model,
                                          // answer, bar and the knobs of UiState::embed_knobs

// The hardware group's GPU widgets (panel_gpu.cpp): the catalog picker with its search,
// and the custom memory field (option `key`, "gpu-memory-bytes") typed in GB or GiB.
void ShowGpuPicker(UiState& s);
void ShowGpuMemoryField(UiState& s, const char* key);

// Pieces the embed view shares with the full page.
void ShowVerdictHeadline(const UiState& s);  // fits or not, coloured, wrapped at spaces
void ShowErrorBanner(UiState& s);            // the error line with its Dismiss button

void ShowTotalLine(const UiState& s);     // the per-GPU total in the heading font
void ShowBreakdownBar(const UiState& s);  // the stacked bar of the components
void ShowBarLegend(const UiState& s);     // the bar's key: swatch, component, bytes
// The knobs of `keys` (all_options() keys, in that order; hidden ones left out, as the
// knobs panel hides them), in a label/widget table `width` CSS pixels wide at most.
void ShowNamedKnobs(UiState& s, const std::vector<std::string>& keys, float width);
// "inference  |  batch 1 x 8192 tokens" (+ method, textbook): the line under the model name.
std::string ModeDetails(const UiState& s);

}  // namespace vramcalc::ui
