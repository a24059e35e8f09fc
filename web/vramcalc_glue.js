// Page glue, prepended to vramcalc.js (--pre-js): installs window.vramcalc (the
// JS API of DESIGN.md's page contract), the page's own drop handler and file
// picker (Emscripten's GLFW would copy whole files into MEMFS), and the aria-live
// mirror #vramcalc-results. Runs before the module starts; the API resolves once
// the runtime is ready.
/* global Module */
(function () {
  'use strict';
  // config.json files are a few KB; anything larger is not a config (a 50 GB
  // .safetensors/.gguf would need header-only reading, not done here yet).
  var MAX_FILE_BYTES = 16 * 1024 * 1024;
  var canvas = document.getElementById('canvas');
  var results = document.getElementById('vramcalc-results');
  var picker = document.getElementById('vramcalc-file');
  var loading = document.getElementById('vramcalc-loading');
  Module['canvas'] = canvas;

  var readyResolve;
  var ready = new Promise(function (resolve) { readyResolve = resolve; });

  // Errors from pure core calls arrive as {"error":{"code","message"}}.
  function parseOrThrow(text) {
    var value = JSON.parse(text);
    if (value && value.error && typeof value.error === 'object') {
      var err = new Error(value.error.message);
      err.code = value.error.code;
      throw err;
    }
    return value;
  }
  function orNull(message) { return message === '' ? null : message; }

  // The aria-live mirror: updated at most every 200 ms so screen readers are not
  // flooded while a value is dragged.
  var mirrorTimer = 0;
  function updateMirror() {
    mirrorTimer = 0;
    if (results) results.textContent = Module['resultsText']();
  }
  Module['vramcalcResultsChanged'] = function () {
    if (!mirrorTimer) mirrorTimer = setTimeout(updateMirror, 200);
  };
  Module['vramcalcOpenFilePicker'] = function () { if (picker) picker.click(); };

  function loadBytes(bytes, name) {
    return orNull(Module['loadModelBytes'](bytes, String(name || 'config.json')));
  }

  // Reads a File (from a drop or the picker) and hands its bytes to the module.
  // Resolves to null or the error message (also shown in the UI).
  function loadFile(file) {
    return ready.then(function () {
      if (file.size > MAX_FILE_BYTES) {
        var msg = file.name + ': ' + file.size + ' bytes is too large for a config.json ' +
            '(limit ' + MAX_FILE_BYTES + ' bytes); .safetensors/.gguf headers are not read yet';
        Module['reportError'](msg);
        return msg;
      }
      return file.slice(0, MAX_FILE_BYTES).arrayBuffer().then(function (buf) {
        return loadBytes(new Uint8Array(buf), file.name);
      }, function (e) {
        var msg = file.name + ': cannot read the file (' + e + ')';
        Module['reportError'](msg);
        return msg;
      });
    });
  }

  function onDragOver(e) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }
  function onDrop(e) {
    if (e.defaultPrevented) return;  // handled by the canvas already
    e.preventDefault();
    var files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length > 0) loadFile(files[0]);
  }
  canvas.addEventListener('dragover', onDragOver);
  canvas.addEventListener('drop', onDrop);
  // A drop beside the canvas must not navigate away to the file.
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  if (picker) {
    picker.addEventListener('change', function () {
      if (picker.files && picker.files.length > 0) loadFile(picker.files[0]);
      picker.value = '';  // picking the same file again fires 'change' again
    });
  }

  Module['onRuntimeInitialized'] = function () {
    if (loading) loading.remove();
    readyResolve();
  };

  window.vramcalc = {
    ready: ready,
    // The page contract: {"inputs","model","estimate","frames","error"}.
    state: function () { return JSON.parse(Module['stateJson']()); },
    resultsText: function () { return Module['resultsText'](); },
    loadBytes: loadBytes,          // (Uint8Array|string, name) -> null | error message
    loadFile: loadFile,            // (File) -> Promise<null | error message>
    setOption: function (key, value) {
      return orNull(Module['setOption'](String(key), String(value)));
    },
    selectPreset: function (id) { return orNull(Module['selectPreset'](String(id))); },
    useParamCount: function (text) { return orNull(Module['useParamCount'](String(text))); },
    // Pure core calls, independent of the page state; throw Error with .code.
    estimate: function (model, options) {
      return parseOrThrow(Module['estimateJson'](String(model), JSON.stringify(options || {})));
    },
    params: function (model) { return parseOrThrow(Module['paramsJson'](String(model))); },
    presets: function () { return JSON.parse(Module['presetsJson']()); },
    maxFileBytes: MAX_FILE_BYTES,
  };
})();
