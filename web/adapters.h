// Adapters between JavaScript and the app/core: plain functions over std::string
// that bindings.cpp exposes with Embind. Errors never cross the boundary as C++
// exceptions: app calls return "" or the error message; pure core calls return
// JSON, `{"error":{"code":"invalid_json","message":"..."}}` on failure, and the JS
// glue turns that into a thrown Error carrying the code.
#pragma once

#include <string>

#include "ui_state.h"

namespace vramcalc::web {

// The page's one UiState (owned by main_web.cpp / main_node.cpp for the module's
// lifetime). Embind binds free functions, so the adapters keep this one pointer.
void Attach(ui::UiState* state);

// --- App calls on the attached state (return "" or the error message) ---------
std::string LoadModelBytes(const std::string& bytes, const std::string& name);
std::string SetOption(const std::string& key, const std::string& value);
std::string SelectPreset(const std::string& id);
std::string UseParamCount(const std::string& text);
void ReportError(const std::string& message);
std::string StateJson();    // the page contract's state object as JSON text
std::string ResultsText();  // the aria-live mirror's text

// --- Pure core calls (no app state) ------------------------------------------
// `model`: a preset id, a bare count ("8e9") or config.json text (starts with '{').
// `options_json`: {"mode":"training","batch":8,"textbook":true,...} (apply_option keys).
std::string EstimateJson(const std::string& model, const std::string& options_json);
std::string ParamsJson(const std::string& model);  // report.h params_json()
std::string PresetsJson();                         // [{"id":...,"name":...,"source":...}, ...]

}  // namespace vramcalc::web
