// What the knobs say, for the knob form and the screen-reader mirror alike: which
// of core's options are shown (core's option_applies() plus what the form cannot
// edit), each choice's display text, each knob's one-sentence tooltip and its
// current value as words ("Runtime: vLLM"). One place, so the mirror names exactly
// the controls on screen with the values they show.
#pragma once

#include <string>
#include <vector>

#include "ui_state.h"
#include "widgets.h"
#include "workload.h"

namespace vramcalc::ui {

// The groups of all_options(), in display order, with their captions.
struct KnobGroup {
  const char* id;     // OptionInfo::group
  const char* title;  // "WORKLOAD", "VLLM ENGINE", ...
};
const std::vector<KnobGroup>& KnobGroups();

// The option's current value as apply_option() spells it ("" when unset).
std::string OptionValue(const UiState& s, const char* key);

// Whether the knob form shows option `o` for the current workload.
bool KnobShown(const UiState& s, const OptionInfo& o);

// The shown knobs in the form's order (group by group).
std::vector<const OptionInfo*> ShownKnobs(const UiState& s);

// The choices of a choice knob (mode, runtime, dtypes, ZeRO stages,
// overhead presets), core's spellings with display text, in core's order.
std::vector<Choice> KnobChoices(const UiState& s, const OptionInfo& o);

// One sentence from the option table's help, in the UI's words ("GPUs in all:
// data-parallel replicas x Tensor parallel x Pipeline parallel.").
std::string KnobHelp(const OptionInfo& o);

// The knob's value as the form shows it: "vLLM", "4", "All", "79.19 GiB", "on".
std::string KnobValueText(const UiState& s, const OptionInfo& o);

// Every control on screen with its value, one "Label: value" line each: the model,
// the units, every shown knob, the plot's axis (the mirror's controls text).
std::string ControlsText(const UiState& s);

// The focused control as a screen reader should hear it: "Batch: 4" for a knob,
// its name for another widget ("Fetch"); "" while no focus ring shows.
std::string FocusText(const UiState& s);

}  // namespace vramcalc::ui
