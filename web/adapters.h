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
// Files dropped together: each one staged with the bytes read from its start and
// its real size (bytes; a JS number, exact below 2^53), then loaded as one model
// (ui::LoadModelFiles). LoadStagedFiles() empties the stage, success or not.
void StageFile(const std::string& name, const std::string& bytes, double file_size);
std::string LoadStagedFiles();
void ClearStagedFiles();
std::string SetOption(const std::string& key, const std::string& value);
std::string SelectPreset(const std::string& id);
std::string UseParamCount(const std::string& text);
// The bit explorer (ui::SetBits): a float dtype id and its fields, each a whole
// number within the field's width; "" or the error message.
std::string SetBits(const std::string& dtype, double sign, double exponent, double mantissa);
void ReportError(const std::string& message);
// What the page's Hub fetch is doing, shown under the Hub field ("" when done).
void SetHubStatus(const std::string& status);
// After a Hub fetch loaded its files: the repository they came from ("" or an error).
std::string SetLoadedHub(const std::string& repo);
// The browser's prefers-color-scheme, "dark" | "light" (ui::SetSystemTheme); anything
// else is ignored: a page without the media query keeps the dark default.
void SetSystemTheme(const std::string& theme);
std::string StateJson();    // the page contract's state object as JSON text
std::string ResultsText();  // the aria-live mirror's text
std::string ControlsText();
std::string FocusText();  // the focused control, "Batch: 4" ("" without a focus ring)  // every
                          // control on screen with its value, "Label: value" lines
// The breakdown as the CLI's `--format F` prints it (ui::ExportText): "json",
// "markdown" or "csv"; "" without an estimate or for another format.
std::string ExportText(const std::string& format);
// The share link's fragment without '#' (ui::ShareHash), and applying one
// (ui::ApplyShareHash): "" or the one-line message (a refused link, or the note
// that a dropped file must be dropped again).
std::string ShareHash();
std::string ApplyShareHash(const std::string& fragment);
// The compact embed view (ui::EnterEmbedView) with the knobs `fragment` (the page's
// link, without '#') names; the page calls it for index.html?embed=1.
void EnterEmbedView(const std::string& fragment);

// The CJK font the page fetched for the Chinese UI (zh-glyphs.ttf, TrueType bytes),
// kept for the module's lifetime; main_web.cpp merges it into the font atlas.
// Bumps the state's version so the paused loop wakes once to draw with it.
void SetCjkFont(const std::string& ttf);
const std::string& CjkFont();  // "" until the page handed one over

// --- Pure core calls (no app state): core_api.h, shared with the npm package.

// --- Load limits (core/base/file_limits.h), asked before any byte is read ------------
// `planned_json`: [{"name":"config.json","size":N,"header_bytes":N}, ...], one entry per
// file of the load (bytes; header_bytes = 8 + N once a .safetensors header length N is
// read, else 0). "" when core's check_load() lets the load go ahead, else the error JSON
// naming the file and the limit.
std::string CheckLoad(const std::string& planned_json);
// Core's limits in bytes and counts: {"config_json","index_json","safetensors_header",
// "gguf_header","load_bytes","load_model_files","load_shards","json_depth"}.
std::string FileLimitsJson();

// --- Test hooks ---------------------------------------------------------------
// Really fails inside the wasm, for the page's recovery tests: "trap" executes an
// unreachable instruction, "abort" calls abort(), "stack" recurses until the stack
// overflows. "frame-trap", "frame-abort", "frame-stack": the same in the next frame
// (RunScheduledFault), returning "". Else returns the error message.
std::string FaultForTest(const std::string& kind);
// Runs the fault FaultForTest("frame-...") scheduled, if any (main_web.cpp's frame).
void RunScheduledFault();
bool FaultScheduled();  // true while a "frame-..." fault waits for its frame

// --- Benchmark hook -----------------------------------------------------------
// Milliseconds for a `points`-point sweep on the page's model (sequence length
// 1..points, everything else as set), on the numbers-only path the plot uses:
// DESIGN.md's 10,000-point sweep budget.
double SweepMilliseconds(int points);

}  // namespace vramcalc::web
