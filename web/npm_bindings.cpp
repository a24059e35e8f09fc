// The npm package's wasm module (npm/): core's pure calls only (core_api.h), no
// UI and no canvas, for Node 18+ and browsers alike. npm/index.js wraps these
// in the package's documented API (npm/index.d.ts).
#include <emscripten/bind.h>

#include "core_api.h"

EMSCRIPTEN_BINDINGS(vramcalc_core) {
  using namespace emscripten;
  using namespace vramcalc::web;
  function("estimateJson", &EstimateJson);
  function("sweepNumbers", &SweepNumbers);
  function("paramsJson", &ParamsJson);
  function("optionsJson", &OptionsJson);
  function("presetsJson", &PresetsJson);
  function("solveJson", &SolveJson);
  function("stageModelFile", &StageModelFile);
  function("clearModelFiles", &ClearModelFiles);
  function("parseModelFilesJson", &ParseModelFilesJson);
  function("estimateModelFilesJson", &EstimateModelFilesJson);
  function("safetensorsHeaderLength", &SafetensorsHeaderLength);
  function("ggufBytesNeeded", &GgufBytesNeeded);
}
