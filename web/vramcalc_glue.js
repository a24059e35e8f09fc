// Page glue, bundled after vramcalc.js (--extern-post-js; web/tools/bundle_js.py):
// installs window.vramcalc (the JS API of DESIGN.md's page contract), the page's
// own drop handler and file picker (Emscripten's GLFW would copy whole files into
// MEMFS) that read only the headers core asks for, within core's load limits
// (file_limits.h), and the aria-live mirror #vramcalc-results. The wasm app runs
// under web/app_host.js: every call goes through host.call(), and after a fault
// web/page_restore.js puts the last good state back and the error line says so.
/* global createVramcalcApp, createAppHost, HostError, loadKept, restoreState, syncHash,
  browserLang, fetchCjkFont,
   openLink, exportText, shareLink, copyLink, copyMarkdown, download, pageRequest,
   embedView, enterEmbed, postHeight, followBrowserTheme, watchBrowserTheme, showTheme,
   browserTheme, installTabExit */
var GGUF_FIRST_READ = 1024 * 1024;  // .gguf: a 1 MiB prefix first, doubled on demand
var bytesRead = 0;  // every byte read from dropped or picked files, for tests
var results = document.getElementById('vramcalc-results');  // the whole text (canvas description)
var changes = document.getElementById('vramcalc-changes');  // polite live region: what changed
var controls = document.getElementById('vramcalc-controls');  // every control with its value
var lastFocus = '';  // the focused control as last announced ("Batch: 4")
var picker = document.getElementById('vramcalc-file');
var loading = document.getElementById('vramcalc-loading');
var limits = null;      // core's file limits (fileLimitsJson), once an instance runs
var snapText = null;    // the last good state() as JSON text, restored after a fault
var snapVersion;        // host.version() when snapText was taken
var lastLoad = null;    // the last file set that loaded (see loadKept)
var faultText = null;   // the error line while a replacement instance starts
var framesBase = 0;     // frames drawn by instances that faulted (state().frames adds them)
var lastFrames = 0;

// One line for the page's error line, e.g. "... restarted with your settings:
// loading config.json: RangeError: Maximum call stack size exceeded".
function faultMessage(fault) {
  var e = fault.error;
  var what = e && e.message ? e.message : String(e);
  if (e && e.name && e.name !== 'Error' && e.name !== 'HostError') what = e.name + ': ' + what;
  what = what.replace(/\. Build with -s ASSERTIONS=1 for more info\.?/, '').replace(/\s+/g, ' ');
  var how = ['with your settings', 'with your settings but without the loaded model',
    'with default settings'][Math.min(fault.level, 2)];
  return ('vramcalc hit an internal error and restarted ' + how + ': ' + fault.during + ': ' +
    what).slice(0, 400);
}

function keep() {  // the snapshot restored after a fault: refreshed after every change
  var version = host.version();
  if (version !== undefined && version === snapVersion && snapText !== null) return;  // current
  try {
    snapText = host.call('reading the state', function (M) { return M.stateJson(); });
    snapVersion = version;
  } catch (e) { /* the host is replacing the instance: keep the older snapshot */ }
}
function orNull(message) { return message === '' ? null : message; }
function failure(e) { return e instanceof HostError && e.faulted ? faultText : String(e.message); }

// A change from JS: null or the error message; the snapshot follows.
function change(during, fn) {
  try {
    var message = orNull(host.call(during, fn));
    keep();
    return message;
  } catch (e) {
    return failure(e);
  }
}
// A pure core call: its text; a fault throws Error with code 'internal_error'.
function pure(during, fn) {
  try {
    return host.call(during, fn);
  } catch (e) {
    var err = new Error(failure(e));
    err.code = 'internal_error';
    throw err;
  }
}
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
function report(message) {
  change('reporting an error', function (M) { M.reportError(message); return ''; });
  return message;
}

// The aria-live mirror: updated at most every 200 ms so screen readers are not
// flooded while a value is dragged; UI changes reach the snapshot here too.
var mirrorTimer = 0;
// What a screen reader is told after a change: the lines of `now` that `before`
// did not have (the verdict, the components that moved), not the whole text again;
// on the first text, its first line (the answer).
// The controls' lines ("Batch: 2", from the controls list) that changed come first.
function newLines(before, now) {
  var old = {};
  before.split('\n').forEach(function (l) { old[l] = true; });
  return now.split('\n').filter(function (l) { return l !== '' && !old[l]; });
}
function changedLines(before, now, controlsBefore, controlsNow) {
  var lines = now.split('\n').filter(function (l) { return l !== ''; });
  if (before === '') return lines.slice(0, 1).join('\n');
  return newLines(controlsBefore || '', controlsNow || '').concat(newLines(before, now)).join('\n');
}
function updateMirror() {
  mirrorTimer = 0;
  if (!host.running()) return;
  try {
    var text = host.call('reading the results', function (M) { return M.resultsText(); });
    var knobs = host.call('reading the controls', function (M) { return M.controlsText(); });
    var focused = host.call('reading the focus', function (M) { return M.focusText(); });
    var before = (controls ? controls.textContent : '') + (results ? results.textContent : '');
    // Controls first: "Batch: 2" is heard before the totals it moved; a Tab's new
    // focus ("Runtime: vLLM") is heard by itself.
    if (changes && before !== knobs + text) {
      changes.textContent = changedLines(results ? results.textContent : '', text,
        controls ? controls.textContent : '', knobs);
    } else if (changes && focused !== lastFocus && focused !== '') {
      changes.textContent = focused;
    }
    lastFocus = focused;
    if (results) results.textContent = text;
    if (controls) controls.textContent = knobs;
    keep();
    syncHash(host.call);  // the address bar follows the state (replaceState only)
  } catch (e) { /* replaced: the fresh instance updates the mirror */ }
}

// ---- Reading files within core's limits --------------------------------------
function refusal(message) {
  var e = new Error(message);
  e.refused = true;
  return e;
}
// Core's check_load() on what is about to be read; throws its message.
function checkPlanned(planned, during) {
  var json = host.call(during, function (M) { return M.checkLoad(JSON.stringify(planned)); });
  if (json !== '') throw refusal(JSON.parse(json).error.message);
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
function ask(during, fn, field) {
  var r = JSON.parse(host.call(during, fn));
  if (r.error) throw refusal(r.error.message);
  return r[field];
}
function isSafetensors(file) { return /\.safetensors$/i.test(String(file.name)); }

// .safetensors: bytes [0, 8) hold the header length N (checked by core).
function readHeaderLength(file, during) {
  return readSlice(file, 0, 8).then(function (first8) {
    return { first8: first8, n: ask(during, function (M) {
      return M.safetensorsHeaderLength(first8, file.size, String(file.name));
    }, 'length') };
  });
}
// .gguf: a growing prefix until core has the whole header (or the file ends,
// and core's parser then says what is missing), never past core's header cap.
function readGguf(file, during) {
  var prefix = new Uint8Array(0);
  function grow(want) {
    return readSlice(file, prefix.length, want).then(function (more) {
      prefix = concat(prefix, more);
      var needed = ask(during, function (M) {
        return M.ggufBytesNeeded(prefix, file.size, String(file.name));
      }, 'needed');
      var next = Math.min(file.size, limits.gguf_header, Math.max(needed, 2 * prefix.length));
      if (needed <= prefix.length || next <= prefix.length) return prefix;
      return grow(next);
    });
  }
  return grow(Math.min(file.size, GGUF_FIRST_READ, limits.gguf_header));
}
// The bytes core needs from the start of one file (JSON: all of it).
function readBody(file, header, during) {
  if (header) {
    return readSlice(file, 8, 8 + header.n).then(function (h) { return concat(header.first8, h); });
  }
  return /\.gguf$/i.test(String(file.name)) ? readGguf(file, during) : readSlice(file, 0, file.size);
}
// Read failures of the browser do not name the file; core's messages do.
function named(file, promise) {
  return promise.catch(function (e) {
    if (e instanceof HostError || e.refused) throw e;
    var message = e && e.message ? e.message : String(e);
    throw new Error(String(file.name) + ': cannot read the file (' + message + ')');
  });
}

// Reads the files (from a drop or the picker) and hands them to the module as
// one model: config.json + shards, index + shards, adapter + config, a GGUF.
// Core's limits are checked on names and sizes before any byte is read, and
// again once the .safetensors header lengths are known. Resolves to null or
// the error message (also the page's error line); never rejects.
function loadFiles(fileList) {
  var files = Array.prototype.slice.call(fileList || []);
  var names = files.map(function (f) { return String(f.name); }).join(' + ');
  var during = 'loading ' + (names.length > 80 ? names.slice(0, 77) + '...' : names);
  var planned = files.map(function (f) {
    return { name: String(f.name), size: f.size, header_bytes: 0 };
  });
  var headers = [];
  return host.ready().then(function () {
    if (files.length === 0) return null;
    checkPlanned(planned, during);
    return Promise.all(files.map(function (f) {
      return isSafetensors(f) ? named(f, readHeaderLength(f, during)) : null;
    })).then(function (h) {
      headers = h;
      for (var i = 0; i < files.length; ++i) {
        if (headers[i]) planned[i].header_bytes = 8 + headers[i].n;
      }
      checkPlanned(planned, during);
      return Promise.all(files.map(function (f, j) {
        return named(f, readBody(f, headers[j], during));
      }));
    }).then(function (prefixes) {
      var kept = { files: files.map(function (f, j) {
        return { name: String(f.name), bytes: prefixes[j], size: f.size };
      }) };
      return host.ready().then(function () {
        var message = change(during, function (M) {
          var m = loadKept(M, kept);
          if (m === '') lastLoad = kept;
          return m;
        });
        return host.ready().then(function () { return message; });  // restarted, if it faulted
      });
    });
  }).catch(function (e) {
    if (e instanceof HostError && e.faulted) {
      var message = faultText;
      return host.ready().then(function () { return message; });
    }
    return host.ready().then(function () { return report(e && e.message ? e.message : String(e)); });
  });
}
function loadFile(file) { return loadFiles([file]); }

// Config bytes handed over directly (Uint8Array, ArrayBuffer or text), within
// the same limit as a dropped file.
function loadBytes(bytes, name) {
  name = String(name || 'config.json');
  var copy = typeof bytes === 'string' ? bytes : new Uint8Array(bytes).slice();
  var size = typeof bytes === 'string' ? new TextEncoder().encode(bytes).length : copy.length;
  try {
    checkPlanned([{ name: name, size: size, header_bytes: 0 }], 'loading ' + name);
  } catch (e) {
    return e.refused ? report(e.message) : failure(e);
  }
  return change('loading ' + name, function (M) {
    var message = M.loadModelBytes(copy, name);
    if (message === '') lastLoad = { bytes: copy, name: name };
    return message;
  });
}

// ---- Drop target, picker and the host ----------------------------------------
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
function attachCanvas(canvas) {
  canvas.addEventListener('dragover', onDragOver);
  canvas.addEventListener('drop', onDrop);
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
}
attachCanvas(document.getElementById('canvas'));
// A drop beside the canvas must not navigate away to the file.
window.addEventListener('dragover', onDragOver);
window.addEventListener('drop', onDrop);
if (picker && embedView) {  // an embed has no model to open: its link chose one
  picker.parentNode.remove();
  picker = null;
}
if (picker) {
  picker.addEventListener('change', function () {
    if (picker.files && picker.files.length > 0) loadFiles(picker.files);
    picker.value = '';  // picking the same file again fires 'change' again
  });
}

// After a fault: the last good state back (less of it when restoring faulted),
// then the error line saying what happened.
function started(call, fault) {
  if (!limits) limits = JSON.parse(call('reading the limits', function (M) { return M.fileLimitsJson(); }));
  if (loading) loading.remove();
  loading = null;
  followBrowserTheme(call);  // before the link, whose theme= is kept only if it differs
  enterEmbed(call);  // before the link: the view survives it (and a restart)
  if (fault) {
    try {
      if (fault.level < 2 && snapText) {
        var left = restoreState(call, JSON.parse(snapText), lastLoad, fault.level === 0);
        if (left.length > 0) console.warn('vramcalc: not restored: ' + left.join(', '));
      }
    } catch (e) {
      if (e instanceof HostError) return;  // faulted again: the host escalates
      console.warn('vramcalc: restoring failed', e);
    }
    call('reporting an error', function (M) { M.reportError(faultText); });
    faultText = null;
    updateMirror();
  } else {
    if (browserLang() === 'zh') call('choosing the language', function (M) { return M.setOption('lang', 'zh'); });
    openLink(call, location.hash);
    keep();
    syncHash(call);
    // The app is the page: keyboard focus starts in it, so the first Tab reaches its
    // first widget (an embed leaves the documentation page's focus alone).
    var canvas = document.getElementById('canvas');
    if (!embedView && canvas && document.activeElement !== canvas) canvas.focus();
  }
}

// Before the module starts: its GLFW's keydown listener must come after this one.
installTabExit(document.getElementById('canvas'), function (backwards, entering) {
  try {
    return host.call('moving the keyboard focus', function (M) {
      return M._vramcalc_tab(backwards ? 1 : 0, entering ? 1 : 0) === 1;
    });
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    return false;  // no running app: the Tab stays with the page
  }
});

var host = createAppHost({
  factory: createVramcalcApp,
  canvas: document.getElementById('canvas'),
  moduleOptions: {
    locateFile: locateAsset,  // page_offline.js: the wasm of this script's build
    vramcalcResultsChanged: function () { if (!mirrorTimer) mirrorTimer = setTimeout(updateMirror, 200); },
    vramcalcOpenFilePicker: function () { if (picker) picker.click(); },
    // After the frame that asked (page_fonts.js): the fetch ends in a call into the module.
    vramcalcNeedCjkFont: function () { setTimeout(fetchCjkFont, 0); },
    // After the frame that saw the click (not inside it: the work calls the module).
    vramcalcPageRequest: function (what) { setTimeout(function () { pageRequest(what); }, 0); },
    vramcalcEmbedHeight: postHeight,  // the embed view's content height changed
    vramcalcTheme: showTheme,  // the theme drawn changed: the page's CSS follows
  },
  died: function (fault) {
    faultText = faultMessage(fault);
    framesBase = lastFrames;
    snapVersion = undefined;  // versions count per instance: the next one starts over
    console.warn('vramcalc: ' + faultText, fault.error);
  },
  started: started,
  canvasChanged: attachCanvas,
  gaveUp: function (fault) {
    faultText = faultMessage(fault).replace(/and restarted .*?: /, 'and stopped (reload the page): ');
    console.error('vramcalc: ' + faultText);
    var box = loading || document.body.appendChild(document.createElement('div'));
    box.id = 'vramcalc-loading';
    box.setAttribute('role', 'alert');
    box.textContent = faultText;
  },
});

watchBrowserTheme(function () {
  change('following the colour scheme', function (M) { M.setSystemTheme(browserTheme()); });
});

// state() while a replacement starts: the last good state with the error line.
function heldState() {
  var s = snapText ? JSON.parse(snapText) : { inputs: {}, model: {}, estimate: null, bits: null };
  s.frames = framesBase;
  s.error = faultText;
  return s;
}
function state() {
  if (!host.running()) return heldState();
  try {
    var s = JSON.parse(host.call('reading the state', function (M) { return M.stateJson(); }));
    s.frames += framesBase;
    lastFrames = s.frames;
    return s;
  } catch (e) {
    return heldState();
  }
}

window.vramcalc = {
  // Resolves once the app runs; after a fault, once its replacement runs with
  // the page's state restored (a getter: each fault has its own).
  get ready() { return host.ready(); },
  // The page contract: {"inputs","model","estimate","frames","error","bits"}.
  state: state,
  resultsText: function () { return pure('reading the results', function (M) { return M.resultsText(); }); },
  // Every control on screen with its value ("Runtime: vLLM"), as the hidden list says.
  controlsText: function () { return pure('reading the controls', function (M) { return M.controlsText(); }); },
  focusText: function () { return pure('reading the focus', function (M) { return M.focusText(); }); },
  loadBytes: loadBytes,          // (Uint8Array|string, name) -> null | error message
  loadFile: loadFile,            // (File) -> Promise<null | error message>
  loadFiles: loadFiles,          // (File[] | FileList) -> Promise<null | error message>
  bytesRead: function () { return bytesRead; },  // bytes read from files so far
  setOption: function (key, value) {
    return change('setOption(' + key + ')', function (M) { return M.setOption(String(key), String(value)); });
  },
  selectPreset: function (id) {
    return change('selectPreset', function (M) { return M.selectPreset(String(id)); });
  },
  useParamCount: function (text) {
    return change('useParamCount', function (M) { return M.useParamCount(String(text)); });
  },
  // The bit explorer: (dtype id, sign, exponent, mantissa) -> null | error message.
  setBits: function (dtype, sign, exponent, mantissa) {
    return change('setBits', function (M) {
      return M.setBits(String(dtype), Number(sign), Number(exponent), Number(mantissa));
    });
  },
  // The current breakdown as `vramcalc estimate ... --format F` prints it:
  // 'json' (the estimate contract) | 'markdown' | 'csv'; throws Error with .code.
  export: exportText,
  shareLink: shareLink,          // () -> this page's URL with the state after '#'
  copyLink: copyLink,            // () -> Promise<null | message> (the Copy link button)
  copyMarkdown: copyMarkdown,    // () -> Promise<null | message>
  download: download,            // ('json'|'csv'|'markdown') -> null | message
  // Pure core calls, independent of the page state; throw Error with .code.
  estimate: function (model, options) {
    return parseOrThrow(pure('estimate', function (M) {
      return M.estimateJson(String(model), JSON.stringify(options || {}));
    }));
  },
  // Bytes per GPU at each value of one option, on core's numbers-only path (no
  // formula text, no JSON): {key, values, per_gpu_bytes, fits}; as npm's sweep().
  sweep: function (model, options, key, values) {
    var r = pure('sweep', function (M) {
      return M.sweepNumbers(String(model), JSON.stringify(options || {}), String(key),
        Array.isArray(values) ? values.map(Number) : []);
    });
    if (typeof r === 'string') parseOrThrow(r);  // an error: throws
    var out = { key: String(key), values: [], per_gpu_bytes: [], fits: [] };
    for (var i = 0; i < r.length / 2; ++i) {
      out.values.push(Number(values[i]));
      out.per_gpu_bytes.push(r[2 * i]);
      out.fits.push(r[2 * i + 1] === 1);
    }
    return out;
  },
  // The Hub field's fetch (page_hub.js): an id or URL -> Promise<null | message>.
  fetchHub: function (text) { return fetchHub(text); },
  params: function (model) {
    return parseOrThrow(pure('params', function (M) { return M.paramsJson(String(model)); }));
  },
  presets: function (query) {
    return JSON.parse(pure('presets', function (M) {
      return query === undefined ? M.presetsJson() : M.searchPresetsJson(String(query));
    }));
  },
  options: function () { return JSON.parse(pure('options', function (M) { return M.optionsJson(); })); },
  // Core's load limits (file_limits.h), in bytes and counts.
  limits: function () { return limits && JSON.parse(JSON.stringify(limits)); },
  get maxFileBytes() { return limits ? limits.config_json : undefined; },
  // Benchmark hook: ms for n estimate() calls (sequence length 1..n) on the page's model.
  sweepMilliseconds: function (n) {
    return pure('sweepMilliseconds', function (M) { return M.sweepMilliseconds(n | 0); });
  },
  // For tests: a real trap, abort() or stack overflow inside the wasm ('trap',
  // 'abort', 'stack'; 'frame-trap' etc. in the next frame). Returns the error line
  // (null for a frame fault); the restarted app is running when ready resolves.
  faultForTest: function (kind) {
    return change('faultForTest(' + kind + ')', function (M) { return M.faultForTest(String(kind)); });
  },
};
