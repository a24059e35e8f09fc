// The application's one entry point for a frame: ui::Draw(state) submits every
// panel for the current UiState between the platform's NewFrame() and Render().
#pragma once

#include "ui_state.h"

namespace vramcalc::ui {

// Draws one frame of the whole app (full-window layout, or the embed view when
// s.embed) and counts it in s.frames. Changes the user makes go through the actions
// of ui_state.h. Returns the height the embed view's content takes (CSS pixels),
// which the platform tells the embedding page; 0 for the full page, which fills its
// window whatever its content.
float Draw(UiState& s);

}  // namespace vramcalc::ui
