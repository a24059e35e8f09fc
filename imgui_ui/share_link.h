// The page state as a URL fragment ("#model=llama-3.1-8b&batch=4&seq=8192"), so a
// link reopens the same view. Keys are the CLI's: `model` (MODEL: a preset id or
// a parameter count), every option of core's all_options() ("batch", "gpu",
// "weight-dtype", ...) that differs from the page's first state (MakeInitialState,
// which is also where an opened link starts), and the page's own display keys
// `units`, `memory-units` (the custom GPU memory field's unit), `plot`, `theme`
// (dark|light, only when it is not the browser's prefers-color-scheme), `bits`
// (dtype:sign:exponent:mantissa) and `lang` (`zh`; a link without it keeps the
// reader's language). A dropped file cannot
// travel in a link: it is named as `file=NAME` and the link says so when opened.
// Values are percent-encoded (RFC 3986: everything but A-Z a-z 0-9 - . _ ~ :).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ui_state.h"

namespace vramcalc::ui {

constexpr size_t kMaxShareHashBytes = 2048;  // longer fragments are refused unread

// The fragment for `s`, without the '#': model first, then the options in core's
// table order, then units, memory-units, plot, theme, lang and bits.
std::string ShareHash(const UiState& s);

// Applies a fragment (with or without its '#') on top of the default state: the
// model, then every option. The whole fragment is checked first and applied only
// if every key and value is good; otherwise `s` keeps its model and knobs and
// `error` says, in one line, what was wrong ("link ignored: ..."). True when it
// was applied. A `file=` link applies its knobs and leaves a note in `error`
// that the file must be dropped again (unless that file is the one loaded).
bool ApplyShareHash(UiState& s, std::string_view fragment);

// True when the current model is a dropped file, which no link can carry.
bool ModelNotShareable(const UiState& s);

// The keys of core's all_options() that `fragment` (with or without its '#') names, in
// the fragment's order, each once: the knobs an embed view shows. Model, display and
// unknown keys are left out; values are not checked (ApplyShareHash does that).
std::vector<std::string> LinkOptionKeys(std::string_view fragment);

// Switches `s` to the compact embed view (index.html?embed=1) showing only the knobs
// `fragment` names (LinkOptionKeys). The view survives later ApplyShareHash calls.
void EnterEmbedView(UiState& s, std::string_view fragment);

}  // namespace vramcalc::ui
