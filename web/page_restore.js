// Putting the page back after the app host replaced a faulted instance: the
// last good state() the glue kept and the last file set that loaded go into the
// fresh instance through the same calls the page API makes (the files, the model
// choice, then every knob under its setOption key, then the bit explorer), so
// state() shows the same model and inputs as before the fault. Bundled with
// web/app_host.js and web/vramcalc_glue.js (web/tools/bundle_js.py).

// state().inputs keys that name the model rather than a knob.
var MODEL_KEYS = { model_source: true, preset: true, file: true, count: true };

// Loads a kept file set into module M: "" or core's error message. `kept` is
// {bytes, name} (loadBytes) or {files: [{name, bytes, size}]} (a drop or pick).
function loadKept(M, kept) {
  if (kept.files === undefined) return M.loadModelBytes(kept.bytes, kept.name);
  M.clearStagedFiles();
  for (var i = 0; i < kept.files.length; ++i) {
    M.stageFile(kept.files[i].name, kept.files[i].bytes, kept.files[i].size);
  }
  return M.loadStagedFiles();
}

function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

// The setOption() text for knob `key` to reach want[key], or null to leave it.
function optionText(key, want) {
  var value = want[key];
  // A catalog GPU sets its memory; setting the bytes too would make it "custom".
  if (key === 'gpu-memory-bytes' && want.gpu !== null && want.gpu !== undefined) return null;
  if (value === null || value === undefined) return key === 'kv-dtype' ? 'auto' : null;
  return String(value);
}

// Restores snapshot `snap` (a state() object) through call(during, fn(M)):
// `kept` (the last file set that loaded, or null) and, with `withModel`, the
// model choice; then the knobs. Returns the inputs keys that still differ.
function restoreState(call, snap, kept, withModel) {
  var want = snap.inputs;
  var during = 'restoring your settings';
  if (withModel && kept) call(during, function (M) { return loadKept(M, kept); });
  if (withModel && want.model_source === 'preset') {
    call(during, function (M) { return M.selectPreset(String(want.preset)); });
  } else if (withModel && want.model_source === 'count') {
    call(during, function (M) { return M.useParamCount(String(want.count)); });
  }
  var inputs = function () {
    return JSON.parse(call(during, function (M) { return M.stateJson(); })).inputs;
  };
  var differ = function (have) {
    return Object.keys(want).filter(function (k) { return !MODEL_KEYS[k] && !same(have[k], want[k]); });
  };
  // Two passes: a knob refused while another was still at its default (weights
  // from a checkpoint, say) gets a second try.
  var left = differ(inputs());
  for (var pass = 0; pass < 2 && left.length > 0; ++pass) {
    left.forEach(function (k) {
      var text = optionText(k, want);
      if (text !== null) call(during, function (M) { return M.setOption(k, text); });
    });
    left = differ(inputs());
  }
  var b = snap.bits;
  var now = JSON.parse(call(during, function (M) { return M.stateJson(); })).bits;
  if (b && !same(now, b)) {
    call(during, function (M) { return M.setBits(b.dtype, b.sign, b.exponent, b.mantissa); });
  }
  return left;
}
