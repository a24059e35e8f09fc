// The panels of the app, one Show*() per area, each drawing into the current
// ImGui window from UiState and changing it only through ui_state.h's actions.
#pragma once

#include "ui_state.h"

namespace vramcalc::ui {

void ShowHeader(UiState& s);              // title, units switch
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

}  // namespace vramcalc::ui
