// Adapters (see adapters.h). Every path is exception-free: JSON from JS is parsed
// with allow_exceptions=false and type-checked before use, and core reports
// failures as Result values, which become error strings or error JSON here.
#include "adapters.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "adapters_json.h"
#include "config_parser.h"
#include "core_api.h"
#include "estimate.h"
#include "gguf.h"
#include "knob_text.h"
#include "model_source.h"
#include "param_count.h"
#include "presets.h"
#include "report.h"
#include "safetensors.h"
#include "share_link.h"

namespace vramcalc::web {
namespace {

// The attached page state; null until main() runs.
ui::UiState* g_state = nullptr;
// Files staged by StageFile() for the next LoadStagedFiles().
std::vector<ui::ModelFile> g_staged;
// FaultForTest("frame-...") leaves the fault here for the next frame.
std::string g_scheduled_fault;
// SweepMilliseconds() stores its results' sum here so no call is optimised away.
volatile uint64_t g_sweep_sink = 0;
// SetCjkFont()'s bytes: the atlas reads them for as long as the module lives.
std::string g_cjk_font;

constexpr const char* kNotStarted = "vramcalc is not started yet";

// FaultForTest("stack"): every frame keeps a buffer whose address escapes through
// a volatile pointer and adds to the result after the call returns, so the
// compiler can neither drop the frames nor turn the recursion into a loop; the
// volatile flag (always true) keeps it from proving the recursion endless.
volatile const char* g_frame_sink = nullptr;
volatile bool g_keep_recursing = true;
size_t Deeper(size_t depth) {
  char frame[512];
  frame[depth % sizeof frame] = static_cast<char>(depth);
  g_frame_sink = frame;
  if (!g_keep_recursing) return depth;
  return Deeper(depth + 1) + static_cast<unsigned char>(frame[depth % sizeof frame]);
}

std::string Outcome(bool ok) { return ok || g_state == nullptr ? "" : g_state->error; }

}  // namespace

void Attach(ui::UiState* state) { g_state = state; }

void SetCjkFont(const std::string& ttf) {
  g_cjk_font = ttf;
  if (g_state != nullptr) ++g_state->version;  // vramcalc_wake() then resumes the loop
}
const std::string& CjkFont() { return g_cjk_font; }

std::string LoadModelBytes(const std::string& bytes, const std::string& name) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::LoadModelBytes(*g_state, bytes, name));
}

void StageFile(const std::string& name, const std::string& bytes, double file_size) {
  g_staged.push_back(ui::ModelFile{name, bytes, FileSize(file_size)});
}

std::string LoadStagedFiles() {
  std::vector<ui::ModelFile> files;
  files.swap(g_staged);
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::LoadModelFiles(*g_state, files));
}

void ClearStagedFiles() { g_staged.clear(); }

std::string SetOption(const std::string& key, const std::string& value) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::SetOption(*g_state, key, value));
}

std::string SelectPreset(const std::string& id) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::SelectPreset(*g_state, id));
}

std::string UseParamCount(const std::string& text) {
  if (g_state == nullptr) return kNotStarted;
  return Outcome(ui::UseParamCount(*g_state, text));
}

std::string SetBits(const std::string& dtype, double sign, double exponent, double mantissa) {
  if (g_state == nullptr) return kNotStarted;
  const struct {
    const char* name;
    double value;
  } fields[] = {{"sign", sign}, {"exponent", exponent}, {"mantissa", mantissa}};
  int64_t whole[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const double v = fields[i].value;
    // Exact whole numbers only (NaN fails the range test); ui::SetBits checks the width.
    if (!(v > -9007199254740992.0 && v < 9007199254740992.0) || std::floor(v) != v) {
      ui::ReportError(*g_state, std::string("bits: ") + fields[i].name + " must be a whole number");
      return g_state->error;
    }
    whole[i] = static_cast<int64_t>(v);
  }
  return Outcome(ui::SetBits(*g_state, dtype, whole[0], whole[1], whole[2]));
}

void ReportError(const std::string& message) {
  if (g_state != nullptr) ui::ReportError(*g_state, message);
}

void SetHubStatus(const std::string& status) {
  if (g_state == nullptr || g_state->hub_status == status) return;
  g_state->hub_status = status;
  ++g_state->version;
}

std::string SetLoadedHub(const std::string& repo) {
  if (g_state == nullptr) return "";
  return Outcome(ui::SetLoadedHub(*g_state, repo));
}

void SetSystemTheme(const std::string& theme) {
  const std::optional<ui::Theme> t = ui::ParseTheme(theme);
  if (g_state != nullptr && t) ui::SetSystemTheme(*g_state, *t);
}

std::string StateJson() { return g_state == nullptr ? "null" : ui::StateJson(*g_state); }

std::string ResultsText() { return g_state == nullptr ? "" : ui::ResultsText(*g_state); }
std::string ControlsText() { return g_state == nullptr ? "" : ui::ControlsText(*g_state); }
std::string FocusText() { return g_state == nullptr ? "" : ui::FocusText(*g_state); }

std::string ExportText(const std::string& format) {
  return g_state == nullptr ? "" : ui::ExportText(*g_state, format);
}

std::string ShareHash() { return g_state == nullptr ? "" : ui::ShareHash(*g_state); }

std::string ApplyShareHash(const std::string& fragment) {
  if (g_state == nullptr) return kNotStarted;
  ui::ApplyShareHash(*g_state, fragment);
  return g_state->error;  // the refusal, or the dropped-file note, or ""
}

void EnterEmbedView(const std::string& fragment) {
  if (g_state != nullptr) ui::EnterEmbedView(*g_state, fragment);
}

std::string FaultForTest(const std::string& kind) {
  const bool in_frame = kind.rfind("frame-", 0) == 0;
  const std::string what = in_frame ? kind.substr(6) : kind;
  if (what != "trap" && what != "abort" && what != "stack") {
    return "faultForTest: unknown kind '" + kind.substr(0, 40) +
           "' (trap|abort|stack, or frame-trap|frame-abort|frame-stack)";
  }
  if (in_frame) {
    g_scheduled_fault = what;
    return "";
  }
  if (what == "trap") __builtin_trap();
  if (what == "abort") std::abort();
  return std::to_string(Deeper(0));  // never returns
}

void RunScheduledFault() {
  if (g_scheduled_fault.empty()) return;
  const std::string kind = std::move(g_scheduled_fault);
  g_scheduled_fault.clear();
  FaultForTest(kind);
}

bool FaultScheduled() { return !g_scheduled_fault.empty(); }

double SweepMilliseconds(int points) {
  if (g_state == nullptr || points <= 0) return -1;
  Workload w = g_state->workload;
  // As the plot's sweeps run: the model counted once, numbers-only estimates into
  // one reused Estimate.
  const auto start = std::chrono::steady_clock::now();
  Result<CountedModel> counted = count_model(g_state->model);
  if (!counted.ok()) return -1;
  Estimate e;
  uint64_t sink = 0;  // keeps the calls from being optimised away
  for (int i = 1; i <= points; ++i) {
    w.seq = static_cast<uint64_t>(i);
    if (!estimate_into(e, counted.value(), w, g_state->hardware, Detail::kNumbers)) {
      sink += e.per_gpu_bytes;
    }
  }
  const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
  g_sweep_sink = sink;
  return ms.count();
}

}  // namespace vramcalc::web
