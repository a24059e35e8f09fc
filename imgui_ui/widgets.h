// Small widgets shared by the panels: option combos keyed by core's option
// spellings, a count field with -/+ steps, help markers, and
// the stacked-bar layout (a pure function from values to pixel edges).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"

namespace vramcalc::ui {

// One choice of an option: the spelling apply_option() takes, and what to show.
struct Choice {
  std::string id;       // e.g. "bf16", "adamw"
  std::string label;    // e.g. "BF16", "AdamW (2 FP32 states)"
  std::string tooltip;  // one line; empty: none
};

// A combo over `choices`; returns true and sets *picked when the user picks an entry
// other than `current` (an id).
bool OptionCombo(const char* label, const std::vector<Choice>& choices, const std::string& current,
                 std::string* picked);

// A whole-number field with -/+ buttons; returns true (and *out) when the user
// changed the value (each edit; the caller validates and commits).
bool CountInput(const char* label, uint64_t value, uint64_t step, uint64_t* out);

// Inside a popup: Escape closes it (even while its search field is being edited).
void CloseOnEscape();

// "(?)" that shows `text` in a tooltip when hovered.
void HelpMarker(const char* text);

// Tooltip for the last item, wrapped to a readable width.
void ItemTooltip(const std::string& text);

// Label text in the left column of a two-column form row, then the widget goes right.
void FormLabel(const char* text);

// "6,738,415,616" (thousands separators; the UI prints exact counts).
std::string GroupDigits(uint64_t n);

// "8.03B", "124M", "560K": a count with three significant digits, for lists.
std::string ShortCount(uint64_t n);

// Stacked-bar layout: x-edges (pixels) of each segment for `values` drawn across
// [x0, x0 + width]. Returns values.size() + 1 monotone edges; an all-zero input
// gives zero-width segments. Pure, so it can be unit-tested without ImGui.
std::vector<float> StackedBarEdges(const std::vector<uint64_t>& values, float x0, float width);

// A small coloured caption that opens a group of controls ("MODEL", "TRAINING").
void SectionTitle(const char* text);

// Heading text in the larger font (falls back to the default font).
void Heading(const char* text);

}  // namespace vramcalc::ui
