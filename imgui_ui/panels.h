// The panels of the app, one Show*() per area, each drawing into the current
// ImGui window from UiState and changing it only through ui_state.h's actions.
#pragma once

#include "ui_state.h"

namespace vramcalc::ui {

void ShowHeader(UiState& s);        // title, units switch
void ShowModelPanel(UiState& s);    // model picker, loaded file, parameter count, summary
void ShowKnobsPanel(UiState& s);    // workload and hardware knobs
void ShowResultsPanel(UiState& s);  // error banner, totals, bar, breakdown table, notes

}  // namespace vramcalc::ui
