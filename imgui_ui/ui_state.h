// UiState: everything the application shows, in one plain struct passed by
// reference (no globals), plus the actions that change it. Every action goes
// through core (parse_config_json, resolve_model_name, apply_option, estimate),
// re-estimates once, and bumps `version` so a platform layer knows to redraw and
// to refresh its screen-reader mirror. The UI itself does no memory arithmetic.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dtype.h"
#include "estimate.h"
#include "model_files.h"
#include "model_spec.h"
#include "palette.h"
#include "param_count.h"
#include "presets.h"
#include "report.h"
#include "solver.h"
#include "sweep.h"
#include "ui_locale.h"
#include "verdict.h"
#include "workload.h"

namespace vramcalc::ui {

// The files the platform read, as core joins them (core/sources/model_files.h).
using vramcalc::ModelFile;

// Which model the estimate is for.
enum class ModelChoice {
  kPreset,      // one of core's all_presets()
  kLoadedFile,  // the last file(s) handed to LoadModelFiles() / LoadModelBytes()
  kParamCount,  // a bare parameter count typed by the user ("7b", "8e9")
};

// The "Data types" panel's bit explorer: one float type's sign / exponent /
// mantissa fields and what core's decode_fields() makes of them.
struct BitExplorer {
  DType dtype = DType::kBF16;
  uint32_t sign = 1;
  uint32_t exponent = 17;  // biased
  uint32_t mantissa = 5;
  DecodedFloat decoded{0.0, "zero"};  // decode_fields(dtype, sign, exponent, mantissa)
};

struct UiState {
  // --- Model -------------------------------------------------------------------
  ModelChoice choice = ModelChoice::kPreset;
  std::string preset_id;  // active preset id (choice == kPreset)
  ModelSpec model;        // the model being estimated
  bool has_loaded_file = false;
  ModelSpec loaded_model;   // last file(s) loaded, kept so the picker can return to it
  std::string loaded_name;  // their names, e.g. "config.json" or "a.json + b.json"
  // The loaded files came from the Hugging Face Hub: "org/model" or "org/model@rev"
  // (set by the page after its fetch succeeded); "" for a drop or the file picker.
  // A share link carries it (hub=), where a dropped file cannot travel.
  std::string loaded_hub;
  std::string count_text;  // the parameter-count field's text ("" unless a count is used)
  // The Hub field: an id or URL the page fetches on "Fetch" (page_request "hub:..."),
  // and what the fetch is doing ("" when idle; set by the page).
  std::string hub_text;
  std::string hub_status;
  std::string preset_query;                       // the preset picker's search text
  std::map<std::string, uint64_t> preset_params;  // preset id -> parameters (filled on demand)

  // --- Inputs ------------------------------------------------------------------
  Workload workload;         // mode, batch, seq, dtypes, training knobs
  Hardware hardware;         // GPUs and ZeRO stage
  Units units = Units::kGB;  // how bytes are shown (GB = 1e9, GiB = 2^30)
  std::string gpu_id;        // catalog GPU chosen with option "gpu" ("" : none / custom)
  Lang lang = Lang::kEn;     // display language of the UI's own text (option "lang")
  std::string gpu_query;     // the GPU picker's search text (core's search_gpus)
  // The unit a custom GPU memory is typed in, said beside the field: vendors' "24 GB"
  // cards hold 24 GiB, so a typed 24 is not silently 24e9 bytes. Display only.
  Units memory_units = Units::kGiB;

  // --- Outputs -----------------------------------------------------------------
  // The results on screen: for the inputs above, or, when estimate() refused them
  // (results_stale), the last inputs it took, so an error never blanks the page.
  std::optional<Estimate> estimate;
  bool results_stale = false;  // estimate, verdict and sweeps are from earlier inputs
  // The inputs the results on screen are for (== workload, hardware unless stale):
  // the lines that describe the results (batch x tokens, GPUs) read these.
  Workload shown_workload;
  Hardware shown_hardware;
  // Last failure, one line, in the UI's words (core's flags as the option table's
  // labels: "GPUs (1) must be a multiple of Tensor parallel x ..."); empty: none.
  std::string error;
  // core's answer_verdict() for the estimate: fits, headroom, the solver's largest
  // batch / context, fewest GPUs, llama.cpp layers, the warnings that change it.
  // Computed with the estimate (only when inputs change), never per frame; empty
  // when there is no estimate.
  std::optional<Verdict> verdict;
  ParamBreakdown params;  // count_params(model): the parameter breakdown panel
  // Every option of core's all_options() as apply_option() spells its current value
  // ("batch" -> "8"; "gpu-layers" -> "" when all); read by the knob widgets.
  std::map<std::string, std::string> option_values;
  // estimate() over sequence lengths and batch sizes around the current inputs,
  // for the plot panel (empty when estimate() fails).
  Sweep seq_sweep;
  Sweep batch_sweep;
  SweepAxis plot_axis = SweepAxis::kSeq;  // which sweep the plot shows

  // --- Data types panel ----------------------------------------------------------
  BitExplorer bits;          // REFERENCE.md's worked example: BF16 1/17/5 (set by MakeInitialState)
  bool dtypes_open = false;  // the collapsible "Data types" section (SetBits opens it)

  // --- View ----------------------------------------------------------------------
  // The colour theme: the user's choice (the header's switch, a link's theme=) when it
  // differs from the browser's prefers-color-scheme, which the platform reports
  // (SetSystemTheme); none: follow the browser. ShownTheme() is the one drawn.
  std::optional<Theme> theme_choice;
  Theme system_theme = Theme::kDark;
  // Set by the "Data types" shortcut at the top: the panel opens and the results
  // column scrolls to it on the next frame (which clears it).
  bool scroll_to_dtypes = false;
  // The compact embed view (index.html?embed=1, EnterEmbedView in share_link.h): the
  // model, the answer, the breakdown bar and only the knobs in `embed_knobs` (keys of
  // core's all_options(), in the order the page's link named them). Not part of a link.
  bool embed = false;
  std::vector<std::string> embed_knobs;

  // --- Keyboard -----------------------------------------------------------------
  // Where the keyboard focus is (keyboard_nav.h), published each frame for tests
  // and the page: the widget's place in the Tab order and its name; display only.
  struct KeyboardFocus {
    int index = -1;                    // in the Tab order; -1: no widget has it
    int count = 0;                     // tab stops in the order
    bool ring = false;                 // the focus ring (ImGui's nav highlight) is drawn
    bool popup = false;                // a popup (a combo's list) is open
    std::string name;                  // "Batch", "Fetch", ...
    float x = 0, y = 0, w = 0, h = 0;  // the widget's rectangle, CSS pixels
  } focus;

  // --- Bookkeeping -------------------------------------------------------------
  uint64_t frames = 0;               // frames drawn so far (the page contract's "frames")
  uint64_t version = 0;              // bumped on every change of inputs, model, outputs or error
  uint64_t estimates_run = 0;        // calls of estimate(): only when inputs change
  bool open_file_requested = false;  // "Open…" clicked; the platform shows its file picker
  // A share/export button clicked ("copy-link", "copy-markdown", "download-json",
  // "download-csv", "download-markdown"; "open-full": the embed view's link to the whole
  // page) or the Hub's Fetch ("hub:" + the field's text): the platform does it
  // (clipboard, file, new tab, network) and clears it.
  std::string page_request;
};

// Said under the error (and in the mirror) while the results are stale.
inline constexpr const char* kStaleNote =
    "Showing the last results that worked, until the inputs are fixed.";

// Fresh state: the default preset and default knobs, already estimated.
UiState MakeInitialState();

// Actions. Each returns true on success; on failure it sets `error` and leaves the
// model and every knob as they were. A knob core accepts but cannot estimate with
// (GPUs not a multiple of Tensor parallel) is kept, with the error and the last
// good results (results_stale).
bool SelectPreset(UiState& s, std::string_view id);
bool UseLoadedFile(UiState& s);                         // back to the last loaded file
bool UseParamCount(UiState& s, std::string_view text);  // "7b", "8e9", "560m"
// Parses dropped config.json bytes; `name` labels the model and error messages.
bool LoadModelBytes(UiState& s, std::string_view bytes, std::string_view name);
// Files dropped or picked together, joined into one model (core/sources/model_files.h). With an
// adapter_config.json the workload switches to LoRA training at the adapter's rank;
// with checkpoint headers inference weights take the stored bytes.
bool LoadModelFiles(UiState& s, const std::vector<ModelFile>& files);
// The loaded files came from the Hub as `repo` ("org/model[@rev]", any form
// parse_hub_ref takes): the picker names it and share links carry it.
bool SetLoadedHub(UiState& s, std::string_view repo);
// Parameters of a preset for the picker (published count, else counted), cached.
uint64_t PresetParams(UiState& s, const Preset& p);
// Sets one knob by its CLI name ("batch", "weight-dtype", ...; see apply_option),
// plus the display options "units" = "gb" | "gib", "plot" = "seq" | "batch",
// "theme" = "dark" | "light" (the browser's own theme clears the choice: it is
// followed again), "memory-units" = "gb" | "gib" (the custom memory field's unit) and
// "lang" = "en" | "zh" (browser tags such as "zh-CN" too, see ParseLang).
// "gpu" (a catalog id) is remembered for display;
// "weight-dtype" = "checkpoint" goes back to the bytes a loaded checkpoint stores.
bool SetOption(UiState& s, const std::string& key, const std::string& value);
// A knob edited on the page: SetOption, with what people mean by two edits.
// - In inference the GPU count also sets tensor parallel while tp has followed it
//   (no pp, no ZeRO, tp == GPUs): "2 x H100" means one model split over both, as
//   `vramcalc fit --gpus 2` reads it (fit_gpus_as_tensor_parallel); a tp set by hand
//   is left alone.
// - Full -> LoRA or QLoRA brings the common recipe on knobs still at their defaults:
//   gradient checkpointing, and paged 8-bit AdamW for QLoRA (as a dropped adapter does).
// Links and the JS API use SetOption, so a link replays exactly what it says.
bool SetKnob(UiState& s, const std::string& key, const std::string& value);
// The bit explorer: a float dtype (core's id or alias: "bf16", "fp8-e5m2", ...) and its
// fields, each within its width (sign 0..1, exponent 0..2^e-1, mantissa 0..2^m-1).
// Decoded by core; display only (no re-estimate). Opens the "Data types" section.
bool SetBits(UiState& s, std::string_view dtype, int64_t sign, int64_t exponent, int64_t mantissa);
// The same from the raw bit pattern (the low sign+exponent+mantissa bits).
bool SetBitsPattern(UiState& s, std::string_view dtype, uint64_t pattern);
// The explorer's raw bit pattern, e.g. 0x8885 for BF16 1/17/5.
uint32_t BitsPattern(const BitExplorer& b);
// The browser's prefers-color-scheme (the platform reads it at start and on change).
void SetSystemTheme(UiState& s, Theme theme);
// The theme drawn: the user's choice, else the browser's.
Theme ShownTheme(const UiState& s);
// The "Data types" shortcut: opens the panel and scrolls the results to it.
void ShowDataTypes(UiState& s);
void ReportError(UiState& s, std::string message);  // e.g. a file the page refused to read
void ClearError(UiState& s);

// The page contract's JSON:
// {"inputs":{...},"model":{...},"estimate":{...}|null,"verdict":{...}|null (verdict_json),
//  "focus":{"index","count","ring","popup","name","x","y","w","h"} (UiState::focus),
//  "frames":N,"lang":"en"|"zh" (the UI's language, as inputs.lang),"error":null|"...",
//  "results_stale":bool (the estimate and verdict are null then: they are for the
//  inputs; the screen shows the last good ones),"embed":bool,"embed_knobs":["seq",...],
//  "theme":{"shown":"dark"|"light","system":...,"chosen":bool},"dtypes_open":bool,
//  "bits":{"dtype","name","sign","exponent","mantissa","hex","value"(null: inf/NaN),"kind"}}
std::string StateJson(const UiState& s);
// The current breakdown as `vramcalc estimate ... --format F` prints it, in the
// chosen units: "json" (the estimate contract), "markdown" or "csv". "" when there
// is no estimate or `format` is none of those.
std::string ExportText(const UiState& s, std::string_view format);
// Plain text of the results for the aria-live mirror: the verdict sentence first,
// then the model, totals and components.
std::string ResultsText(const UiState& s);
// One line for the bit explorer, value in full precision (%.17g):
// "BF16 sign 1, exponent 17, mantissa 5 (0x8885) = -8.0046463313594490e-34 (normal)".
std::string BitsText(const BitExplorer& b);

}  // namespace vramcalc::ui
