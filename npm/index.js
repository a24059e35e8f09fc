// vramcalc as an ES module: the calculator's C++ core (WebAssembly, inlined in
// vramcalc_core.js) behind plain functions and plain objects, for Node 18+ and
// browsers without a canvas. Types: index.d.ts. Every result is what
// `vramcalc ... --format json` prints; every failure an Error with core's code.
import createVramcalcCore from './vramcalc_core.js';

let core = null;

/** Resolves once the module is compiled; every other call needs it. */
export const ready = createVramcalcCore().then((m) => {
  core = m;
});

function module() {
  if (core === null) throw Object.assign(new Error('vramcalc: await ready first'), { code: 'not_ready' });
  return core;
}

// Core answers in JSON; {"error":{"code","message"}} becomes a thrown Error.
function parsed(text) {
  const value = JSON.parse(text);
  if (value && typeof value === 'object' && value.error && typeof value.error === 'object') {
    throw Object.assign(new Error(value.error.message), { code: value.error.code });
  }
  return value;
}

// Option keys as the CLI spells them: 'weight-dtype'; camelCase weightDtype too.
function optionsText(options) {
  if (options === undefined || options === null) return '{}';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw Object.assign(new Error('options: expected an object of option: value'), { code: 'invalid_option' });
  }
  const out = {};
  for (const [key, value] of Object.entries(options)) out[optionKey(key)] = value;
  return JSON.stringify(out);
}

function optionKey(key) {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

// A model: a preset id ('llama-3.1-8b'), a bare count ('8e9', 7e9), config.json
// text, or a parsed config.json object.
function modelText(model) {
  if (typeof model === 'number') return String(model);
  if (model !== null && typeof model === 'object' && !Array.isArray(model)) return JSON.stringify(model);
  if (typeof model !== 'string') {
    throw Object.assign(new Error('model: a preset id, a parameter count or config.json'), { code: 'invalid_option' });
  }
  return model;
}

// Files: [{name, bytes, size?}], bytes a Uint8Array / ArrayBuffer / string holding
// the file or its start (a .safetensors' first 8 + N bytes, a .gguf's header),
// size the whole file's size when only its start is given.
function stage(M, files) {
  if (!Array.isArray(files) || files.length === 0) {
    throw Object.assign(new Error('files: expected [{name, bytes}]'), { code: 'invalid_option' });
  }
  M.clearModelFiles();
  for (const f of files) {
    const bytes = typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes);
    const size = f.size ?? (typeof bytes === 'string' ? new TextEncoder().encode(bytes).length : bytes.length);
    M.stageModelFile(String(f.name), bytes, Number(size));
  }
}

/** Parameter counts of a model: {total_params, active_params, breakdown, model, ...}. */
export function params(model) {
  return parsed(module().paramsJson(modelText(model)));
}

/**
 * Bytes per GPU for each memory component (DESIGN.md's estimate contract).
 * `model` may also be an array of files ({name, bytes}) read together.
 */
export function estimate(model, options) {
  const M = module();
  if (Array.isArray(model)) {
    stage(M, model);
    return parsed(M.estimateModelFilesJson(optionsText(options)));
  }
  return parsed(M.estimateJson(modelText(model), optionsText(options)));
}

/**
 * Bytes per GPU of `model` at each of `values` of one option (`key`), the other
 * options as given, on core's numbers-only path (no formula text, no JSON):
 * {key, values, per_gpu_bytes: number[], fits: boolean[]}; NaN where a point's
 * estimate fails. For plots and tables of many points.
 */
export function sweep(model, options, key, values) {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'number')) {
    throw Object.assign(new Error('sweep: values must be an array of numbers'), { code: 'invalid_option' });
  }
  const name = optionKey(String(key));
  const r = module().sweepNumbers(modelText(model), optionsText(options), name, values);
  if (typeof r === 'string') parsed(r);  // an error: throws
  const per_gpu_bytes = [], fits = [];
  for (let i = 0; i < values.length; ++i) {
    per_gpu_bytes.push(r[2 * i]);
    fits.push(r[2 * i + 1] === 1);
  }
  return { key: name, values: values.slice(), per_gpu_bytes, fits };
}

/** The model a set of files describes (joined as the page joins a drop). */
export function parse(files) {
  const M = module();
  stage(M, files);
  return parsed(M.parseModelFilesJson());
}

/**
 * How far one GPU model goes (`vramcalc fit`): options need `gpu` (a catalog id)
 * or `gpu-memory-bytes`; `gpus` alone means that many tensor-parallel GPUs.
 * {max_batch, max_seq, min_gpus, gpu_layers?, per_gpu_bytes, fits, ...}.
 */
export function solve(model, options) {
  return parsed(module().solveJson(modelText(model), optionsText(options)));
}

/** The option table: [{key, kind, choices, group, help}]. */
export function options() {
  return parsed(module().optionsJson());
}

/** Built-in models: [{id, name, repo, source, params}], all or those matching `query`. */
export function presets(query) {
  return parsed(module().presetsJson(query === undefined ? '' : String(query)));
}
