// Page glue, prepended to vramcalc.js (--pre-js): installs window.vramcalc (the
// JS API of DESIGN.md's page contract), the page's own drop handler and file
// picker (Emscripten's GLFW would copy whole files into MEMFS) that read only the
// headers core asks for, and the aria-live mirror #vramcalc-results. The glue
// reads bytes; core decides how many and parses them. Runs before the module starts; the API resolves once
// the runtime is ready.
/* global Module */
(function () {
  'use strict';
  // What the page reads of a dropped file (DESIGN.md: only headers of 50 GB files):
  // JSON files whole, up to core's kMaxJsonBytes; .safetensors bytes [0, 8) and
  // then [8, 8 + N) once core has read N; .gguf a 1 MiB prefix, grown (doubling)
  // while core's gguf_bytes_needed asks for more, up to core's 64 MiB header cap.
  var MAX_FILE_BYTES = 16 * 1024 * 1024;
  var GGUF_FIRST_READ = 1024 * 1024;
  var GGUF_MAX_HEADER = 64 * 1024 * 1024;
  var bytesRead = 0;  // every byte read from dropped or picked files, for tests
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

  // Bytes [start, end) of a File: only that slice is read, never the whole file.
  function readSlice(file, start, end) {
    return file.slice(start, end).arrayBuffer().then(function (buf) {
      bytesRead += buf.byteLength;
      return new Uint8Array(buf);
    });
  }
  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }
  // Core's answer to a header question: the value, or throws its message.
  function ask(json, field) {
    var r = JSON.parse(json);
    if (r.error) throw new Error(r.error.message);
    return r[field];
  }

  // .safetensors: 8 bytes of header length N, then exactly the N header bytes.
  function readSafetensors(file) {
    return readSlice(file, 0, 8).then(function (first8) {
      var n = ask(Module['safetensorsHeaderLength'](first8, file.size, file.name), 'length');
      return readSlice(file, 8, 8 + n).then(function (header) { return concat(first8, header); });
    });
  }

  // .gguf: a growing prefix until core has the whole header (or the file ends,
  // and core's parser then says what is missing).
  function readGguf(file) {
    var prefix = new Uint8Array(0);
    function grow(want) {
      return readSlice(file, prefix.length, want).then(function (more) {
        prefix = concat(prefix, more);
        var needed = ask(Module['ggufBytesNeeded'](prefix, file.size, file.name), 'needed');
        var next = Math.min(file.size, GGUF_MAX_HEADER, Math.max(needed, 2 * prefix.length));
        if (needed <= prefix.length || next <= prefix.length) return prefix;
        return grow(next);
      });
    }
    return grow(Math.min(file.size, GGUF_FIRST_READ));
  }

  function readJson(file) {
    if (file.size > MAX_FILE_BYTES) {
      return Promise.reject(new Error(file.name + ': ' + file.size + ' bytes is too large for ' +
          'a JSON config (limit ' + MAX_FILE_BYTES + ' bytes); checkpoints are read as ' +
          '.safetensors or .gguf (headers only)'));
    }
    return readSlice(file, 0, file.size);
  }

  // The bytes core needs from the start of one file.
  function readModelFile(file) {
    var name = String(file.name).toLowerCase();
    var read = /\.safetensors$/.test(name) ? readSafetensors :
      /\.gguf$/.test(name) ? readGguf : readJson;
    return read(file).catch(function (e) {
      var message = e && e.message ? e.message : String(e);
      // Core's messages name the file already; a failed read does not.
      if (message.indexOf(file.name) !== 0) {
        message = file.name + ': cannot read the file (' + message + ')';
      }
      throw new Error(message);
    });
  }

  // Reads the files (from a drop or the picker) and hands them to the module as
  // one model: config.json + shards, index + shards, adapter + config, a GGUF.
  // Resolves to null or the error message (also shown in the UI).
  function loadFiles(fileList) {
    var files = Array.prototype.slice.call(fileList || []);
    return ready.then(function () {
      if (files.length === 0) return null;
      return Promise.all(files.map(readModelFile)).then(function (prefixes) {
        Module['clearStagedFiles']();
        for (var i = 0; i < files.length; ++i) {
          Module['stageFile'](String(files[i].name), prefixes[i], files[i].size);
        }
        return orNull(Module['loadStagedFiles']());
      }, function (e) {
        var message = e && e.message ? e.message : String(e);
        Module['reportError'](message);
        return message;
      });
    });
  }
  function loadFile(file) { return loadFiles([file]); }

  function onDragOver(e) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }
  function onDrop(e) {
    if (e.defaultPrevented) return;  // handled by the canvas already
    e.preventDefault();
    var files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length > 0) loadFiles(files);
  }
  canvas.addEventListener('dragover', onDragOver);
  canvas.addEventListener('drop', onDrop);
  // A drop beside the canvas must not navigate away to the file.
  window.addEventListener('dragover', onDragOver);
  window.addEventListener('drop', onDrop);
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  if (picker) {
    picker.addEventListener('change', function () {
      if (picker.files && picker.files.length > 0) loadFiles(picker.files);
      picker.value = '';  // picking the same file again fires 'change' again
    });
  }

  Module['onRuntimeInitialized'] = function () {
    if (loading) loading.remove();
    readyResolve();
  };

  window.vramcalc = {
    ready: ready,
    // The page contract: {"inputs","model","estimate","frames","error","bits"}.
    state: function () { return JSON.parse(Module['stateJson']()); },
    resultsText: function () { return Module['resultsText'](); },
    loadBytes: loadBytes,          // (Uint8Array|string, name) -> null | error message
    loadFile: loadFile,            // (File) -> Promise<null | error message>
    loadFiles: loadFiles,          // (File[] | FileList) -> Promise<null | error message>
    bytesRead: function () { return bytesRead; },  // bytes read from files so far
    setOption: function (key, value) {
      return orNull(Module['setOption'](String(key), String(value)));
    },
    selectPreset: function (id) { return orNull(Module['selectPreset'](String(id))); },
    useParamCount: function (text) { return orNull(Module['useParamCount'](String(text))); },
    // The bit explorer: (dtype id, sign, exponent, mantissa) -> null | error message.
    setBits: function (dtype, sign, exponent, mantissa) {
      return orNull(Module['setBits'](String(dtype), Number(sign), Number(exponent),
        Number(mantissa)));
    },
    // Pure core calls, independent of the page state; throw Error with .code.
    estimate: function (model, options) {
      return parseOrThrow(Module['estimateJson'](String(model), JSON.stringify(options || {})));
    },
    params: function (model) { return parseOrThrow(Module['paramsJson'](String(model))); },
    presets: function (query) {
      return JSON.parse(query === undefined ? Module['presetsJson']() :
        Module['searchPresetsJson'](String(query)));
    },
    options: function () { return JSON.parse(Module['optionsJson']()); },
    // Benchmark hook: ms for n estimate() calls (sequence length 1..n) on the page's model.
    sweepMilliseconds: function (n) { return Module['sweepMilliseconds'](n | 0); },
    maxFileBytes: MAX_FILE_BYTES,
  };
})();
