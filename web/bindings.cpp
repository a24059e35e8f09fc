// The JavaScript API of the wasm module: only the Embind block (adapters.cpp
// holds the code; vramcalc.d.ts documents the result for TypeScript users).
// std::string parameters accept JS strings, Uint8Array and ArrayBuffer.
#include <emscripten/bind.h>

#include "adapters.h"
#include "core_api.h"

EMSCRIPTEN_BINDINGS(vramcalc) {
  using namespace emscripten;
  using namespace vramcalc::web;
  function("loadModelBytes", &LoadModelBytes);
  function("stageFile", &StageFile);
  function("loadStagedFiles", &LoadStagedFiles);
  function("clearStagedFiles", &ClearStagedFiles);
  function("setOption", &SetOption);
  function("selectPreset", &SelectPreset);
  function("useParamCount", &UseParamCount);
  function("setBits", &SetBits);
  function("setCjkFont", &SetCjkFont);
  function("reportError", &ReportError);
  function("setHubStatus", &SetHubStatus);
  function("setLoadedHub", &SetLoadedHub);
  function("setSystemTheme", &SetSystemTheme);
  function("stateJson", &StateJson);
  function("resultsText", &ResultsText);
  function("controlsText", &ControlsText);
  function("focusText", &FocusText);
  function("exportText", &ExportText);
  function("shareHash", &ShareHash);
  function("applyShareHash", &ApplyShareHash);
  function("enterEmbedView", &EnterEmbedView);
  function("estimateJson", &EstimateJson);
  function("sweepNumbers", &SweepNumbers);
  function("hubPlanJson", &HubPlanJson);
  function("paramsJson", &ParamsJson);
  function(
      "presetsJson", +[]() { return PresetsJson(""); });
  function("searchPresetsJson", &PresetsJson);
  function("optionsJson", &OptionsJson);
  function("safetensorsHeaderLength", &SafetensorsHeaderLength);
  function("ggufBytesNeeded", &GgufBytesNeeded);
  function("checkLoad", &CheckLoad);
  function("fileLimitsJson", &FileLimitsJson);
  function("faultForTest", &FaultForTest);
  function("sweepMilliseconds", &SweepMilliseconds);
}
