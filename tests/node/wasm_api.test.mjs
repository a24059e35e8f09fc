// The wasm module's JS API under node: every Embind binding called with real
// values, checked against hand-derived bytes (REFERENCE.md's worked examples).
// Loads build/web/out/vramcalc_node.js, the -sENVIRONMENT=node build of the same
// bindings as the page (this Emscripten misuses node's global fetch otherwise).
// Run: node --test tests/node   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const modulePath = join(root, 'build', 'web', 'out', 'vramcalc_node.js');

// Llama-7B as the articles describe it (REFERENCE.md section 2).
const LLAMA_7B_CONFIG = JSON.stringify({
  model_type: 'llama',
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  vocab_size: 32000,
  intermediate_size: 11008,
});

let M;
before(async () => {
  assert.ok(existsSync(modulePath), `${modulePath} missing: run scripts/build_web.sh first`);
  const createVramcalc = createRequire(import.meta.url)(modulePath);
  M = await createVramcalc();
});

const estimate = (model, options) => JSON.parse(M.estimateJson(model, JSON.stringify(options)));
const state = () => JSON.parse(M.stateJson());

describe('pure core calls', () => {
  test('estimateJson: 8e9 params, mixed-precision AdamW training (textbook) = 128e9 bytes', () => {
    const e = estimate('8e9', {
      mode: 'training', precision: 'mixed', optimizer: 'adamw', textbook: true,
    });
    const c = e.components;
    // BF16 weights 2 B + FP32 master 4 B, gradients 2 B, two FP32 Adam states 8 B.
    assert.equal(c.weights + c.master_weights, 48e9);
    assert.equal(c.gradients, 16e9);
    assert.equal(c.optimizer, 64e9);
    assert.equal(c.weights + c.master_weights + c.gradients + c.optimizer, 128e9);
    // A bare count has no architecture: those components are 0.
    assert.equal(c.kv_cache, 0);
    assert.equal(e.params.total, 8e9);
    assert.equal(e.params.trainable, 8e9);
  });

  test('estimateJson: Llama-7B KV cache at batch 64, seq 2048, fp16 = 68,719,476,736 bytes', () => {
    // 2 (K,V) x 64 x 2048 tokens x 32 layers x 4096 x 2 bytes.
    const e = estimate(LLAMA_7B_CONFIG, {
      mode: 'inference', batch: 64, seq: 2048, 'weight-dtype': 'fp16', 'kv-dtype': 'fp16',
    });
    assert.equal(e.components.kv_cache, 68719476736);
    assert.equal(e.components.kv_cache, 2 * 64 * 2048 * 32 * 4096 * 2);
    // Batch 1 gives 1 GiB (the article's "about 1 GB").
    const one = estimate(LLAMA_7B_CONFIG, { batch: 1, seq: 2048, 'kv-dtype': 'fp16' });
    assert.equal(one.components.kv_cache, 1073741824);
  });

  test('estimateJson: malformed config.json is an error naming the problem', () => {
    const e = estimate('{"model_type": "llama", "hidden_size": 4096,', {});
    assert.equal(e.error.code, 'invalid_json');
    assert.match(e.error.message, /config\.json/);
    assert.match(e.error.message, /offset|byte|line/i);
  });

  test('estimateJson: an unknown option is an error naming the option', () => {
    const e = estimate('8e9', { 'no-such-option': 1 });
    assert.equal(e.error.code, 'invalid_option');
    assert.match(e.error.message, /no-such-option/);
    const bad = estimate('8e9', { batch: 0 });
    assert.equal(bad.error.code, 'invalid_option');
    assert.match(bad.error.message, /batch/);
  });

  test('paramsJson: Llama-7B config counts 6,738,415,616 parameters (Llama-2-7B published)', () => {
    // embeddings 32000x4096 + 32 x (4x4096^2 + 3x4096x11008 + 2x4096) + 4096 + head 32000x4096
    const p = JSON.parse(M.paramsJson(LLAMA_7B_CONFIG));
    assert.equal(p.total_params, 6738415616);
    assert.equal(p.active_params, 6738415616);
    const bad = JSON.parse(M.paramsJson('not-a-model'));
    assert.equal(bad.error.code, 'unknown_model');
  });

  test('presetsJson lists the built-in models with their sources', () => {
    const presets = JSON.parse(M.presetsJson());
    assert.ok(presets.length > 0);
    for (const p of presets) {
      assert.equal(typeof p.id, 'string');
      assert.equal(typeof p.name, 'string');
      assert.ok(p.source.length > 0, `${p.id} has no source`);
      assert.match(p.repo, /^[^/]+\/[^/]+$/, `${p.id} repository`);
      assert.ok(p.params > 0, `${p.id} parameters`);
      // Every preset estimates without error.
      assert.equal(estimate(p.id, {}).error, undefined, p.id);
    }
  });
});

describe('header reads and metadata', () => {
  test('safetensorsHeaderLength: N from the first 8 bytes, checked against the file size', () => {
    const first8 = new Uint8Array(8);
    new DataView(first8.buffer).setBigUint64(0, 1234n, true);
    assert.deepEqual(JSON.parse(M.safetensorsHeaderLength(first8, 20e9, 'a.safetensors')),
      { length: 1234 });
    const past = JSON.parse(M.safetensorsHeaderLength(first8, 100, 'a.safetensors'));
    assert.equal(past.error.code, 'inconsistent_model');
    assert.match(past.error.message, /^a\.safetensors: field 'header_length'/);
    new DataView(first8.buffer).setBigUint64(0, 1n << 60n, true);
    const hostile = JSON.parse(M.safetensorsHeaderLength(first8, 20e9, 'h.safetensors'));
    assert.equal(hostile.error.code, 'invalid_field');
    assert.match(hostile.error.message, /1152921504606846976/);
    const short = JSON.parse(M.safetensorsHeaderLength(new Uint8Array(3), 3, 's.safetensors'));
    assert.equal(short.error.code, 'invalid_json');
  });

  test('ggufBytesNeeded: more than handed in until the header is complete', () => {
    // "GGUF", v3, 0 tensors, 1 key-value: general.architecture = "llama".
    const key = new TextEncoder().encode('general.architecture');
    const val = new TextEncoder().encode('llama');
    const bytes = new Uint8Array(24 + 8 + key.length + 4 + 8 + val.length);
    const v = new DataView(bytes.buffer);
    bytes.set(new TextEncoder().encode('GGUF'), 0);
    v.setUint32(4, 3, true);
    v.setBigUint64(8, 0n, true);
    v.setBigUint64(16, 1n, true);
    v.setBigUint64(24, BigInt(key.length), true);
    bytes.set(key, 32);
    v.setUint32(32 + key.length, 8, true);  // string
    v.setBigUint64(36 + key.length, BigInt(val.length), true);
    bytes.set(val, 44 + key.length);
    const total = bytes.length;
    assert.deepEqual(JSON.parse(M.ggufBytesNeeded(bytes, total, 'm.gguf')), { needed: total });
    const partial = JSON.parse(M.ggufBytesNeeded(bytes.subarray(0, 40), 0, 'm.gguf'));
    assert.ok(partial.needed > 40);
    const notGguf = JSON.parse(M.ggufBytesNeeded(new TextEncoder().encode('{"a":1}'), 7, 'x.gguf'));
    assert.equal(notGguf.error.code, 'unknown_model');
  });

  test('searchPresetsJson and optionsJson', () => {
    const found = JSON.parse(M.searchPresetsJson('llama 8b'));
    assert.ok(found.some((p) => p.id === 'llama-3.1-8b'));
    assert.deepEqual(JSON.parse(M.searchPresetsJson('no-such-model-anywhere')), []);
    const options = JSON.parse(M.optionsJson());
    const keys = options.map((o) => o.key);
    for (const k of ['batch', 'runtime', 'gpu-memory-utilization', 'gpu-layers', 'textbook']) {
      assert.ok(keys.includes(k), k);
    }
    for (const o of options) {
      assert.ok(['choice', 'count', 'bytes', 'fraction', 'flag'].includes(o.kind), o.key);
      assert.ok(o.help.length > 0, o.key);
    }
  });
});

describe('app calls (the page state, nothing drawn under node)', () => {
  test('stateJson follows the page contract', () => {
    const s = state();
    assert.deepEqual(Object.keys(s).sort(),
      ['bits', 'dtypes_open', 'embed', 'embed_knobs', 'error', 'estimate', 'focus', 'frames',
        'inputs', 'lang', 'model', 'results_stale', 'theme', 'verdict']);
    assert.equal(s.results_stale, false);
    assert.equal(s.focus.index, -1);  // no keyboard under node
    assert.equal(s.frames, 0);
    // Dark until the platform reports the browser's scheme (nothing does under node).
    assert.deepEqual(s.theme, { shown: 'dark', system: 'dark', chosen: false });
    M.setSystemTheme('light');
    assert.equal(state().theme.shown, 'light');
    M.setSystemTheme('sepia');  // not a scheme: ignored
    assert.equal(state().theme.system, 'light');
    M.setSystemTheme('dark');
    assert.equal(s.embed, false);  // the full page unless index.html?embed=1
    assert.deepEqual(s.embed_knobs, []);
    // No GPU chosen by default: a verdict without solver answers.
    assert.equal(s.verdict.max_batch, null);
    assert.match(s.verdict.text, /pick a GPU/);
    assert.equal(s.error, null);
    assert.equal(s.inputs.mode, 'inference');
    assert.ok(s.estimate.per_gpu_bytes > 0);
  });

  test('setBits decodes through core; a non-whole or too wide field is refused', () => {
    assert.equal(M.setBits('bf16', 1, 17, 3), '');
    assert.equal(state().bits.value, -7.884275709835247e-34);
    assert.match(M.setBits('bf16', 1, 17.5, 3), /exponent must be a whole number/);
    assert.match(M.setBits('bf16', 1, 17, 128), /mantissa 128 is out of range/);
    assert.equal(state().bits.mantissa, 3);
    assert.equal(M.setBits('bf16', 1, 17, 5), '');
    assert.equal(state().bits.value, -8.004646331359449e-34);
    assert.equal(state().error, null);
  });

  test('loadModelBytes from a Uint8Array, then setOption re-estimates', () => {
    assert.equal(M.loadModelBytes(new TextEncoder().encode(LLAMA_7B_CONFIG), 'config.json'), '');
    assert.equal(M.setOption('batch', '64'), '');
    assert.equal(M.setOption('seq', '2048'), '');
    assert.equal(M.setOption('kv-dtype', 'fp16'), '');
    const s = state();
    assert.equal(s.model.hidden_size, 4096);
    assert.equal(s.inputs.batch, 64);
    assert.equal(s.inputs.file, 'config.json');
    assert.equal(s.estimate.components.kv_cache, 68719476736);
    assert.match(M.resultsText(), /KV cache/i);
  });

  test('a malformed file or option sets the error and keeps model and knobs', () => {
    const before = state();
    const msg = M.loadModelBytes('{"hidden_size": 4096', 'broken.json');
    assert.match(msg, /broken\.json/);
    const optMsg = M.setOption('batch', 'many');
    assert.match(optMsg, /^Batch /);  // the UI's label, not the CLI's --batch
    assert.doesNotMatch(optMsg, /--/);
    const s = state();
    assert.equal(s.error, optMsg);
    assert.deepEqual(s.model, before.model);
    assert.deepEqual(s.inputs, before.inputs);
    assert.deepEqual(s.estimate, before.estimate);
  });

  test('stageFile + loadStagedFiles: a safetensors header joined with its config.json', () => {
    // One BF16 tensor of 4 x 8 = 32 values, 64 bytes of data.
    const header = new TextEncoder().encode(
      JSON.stringify({ 'w': { dtype: 'BF16', shape: [4, 8], data_offsets: [0, 64] } }));
    const bytes = new Uint8Array(8 + header.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    M.clearStagedFiles();
    M.stageFile('w.safetensors', bytes, 8 + header.length + 64);
    assert.equal(M.loadStagedFiles(), '');
    const s = state();
    assert.equal(s.inputs.file, 'w.safetensors');
    assert.equal(s.model.checkpoint.bytes, 64);
    assert.equal(s.estimate.components.weights, 64);
    assert.equal(s.estimate.params.total, 32);
    // Staging is emptied by each load: a second load has nothing to read.
    assert.match(M.loadStagedFiles(), /no files/);
    // A config and the adapter together (PEFT LoRA r=8 on q_proj, v_proj of Llama-7B:
    // 32 layers x 2 modules x 8 x (4096 + 4096) = 4,194,304, PEFT's published figure).
    M.stageFile('config.json', LLAMA_7B_CONFIG, LLAMA_7B_CONFIG.length);
    const adapter = JSON.stringify({ peft_type: 'LORA', r: 8, target_modules: ['q_proj', 'v_proj'],
      base_model_name_or_path: 'huggyllama/llama-7b' });
    M.stageFile('adapter_config.json', adapter, adapter.length);
    assert.equal(M.loadStagedFiles(), '');
    assert.equal(state().estimate.params.trainable, 4194304);
    assert.equal(state().inputs.mode, 'training');
    assert.equal(M.setOption('mode', 'inference'), '');
  });

  test('sweepMilliseconds: 10,000 estimate() calls in wasm (timing reported)', (t) => {
    assert.equal(M.selectPreset('llama-3.1-8b'), '');
    // Wall time (what the binding returns) and this process's CPU time, which a
    // busy machine inflates less; the first runs include V8's tier-up.
    const runs = [];
    for (let i = 0; i < 8; ++i) {
      const cpu0 = process.cpuUsage();
      const wall = M.sweepMilliseconds(10000);
      const cpu = process.cpuUsage(cpu0);
      runs.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
    }
    const fmt = (k) => runs.map((r) => r[k].toFixed(1)).join(', ');
    const line = `10,000 estimate() calls: wall ${fmt('wall')} ms; CPU ${fmt('cpu')} ms (budget 50 ms)`;
    t.diagnostic(line);
    console.log(`timings (node): ${line}`);
    assert.ok(Math.min(...runs.map((r) => r.wall)) > 0);
    assert.equal(M.sweepMilliseconds(0), -1);
  });

  test('selectPreset, useParamCount and reportError', () => {
    const first = JSON.parse(M.presetsJson())[0].id;
    assert.equal(M.selectPreset(first), '');
    assert.equal(state().inputs.preset, first);
    assert.match(M.selectPreset('no-such-preset'), /no-such-preset/);
    assert.equal(state().inputs.preset, first);
    assert.equal(M.useParamCount('7b'), '');
    assert.equal(state().estimate.params.total, 7e9);
    assert.notEqual(M.useParamCount('seven'), '');
    M.reportError('config.json: too large');
    assert.equal(state().error, 'config.json: too large');
    assert.equal(M.setOption('units', 'gib'), '');
    assert.equal(state().inputs.units, 'gib');
    assert.equal(state().error, null);
  });

  test('shareHash / applyShareHash / exportText: the link and the export of the state', () => {
    assert.equal(M.applyShareHash('model=8e9&mode=training&textbook=true'), '');
    assert.equal(M.shareHash(), 'model=8e9&mode=training&textbook=true');
    // REFERENCE.md 3: 16 + 32 + 16 + 64 GB = 128 GB per GPU.
    assert.equal(JSON.parse(M.exportText('json')).per_gpu_bytes, 128e9);
    assert.match(M.exportText('markdown'), /^\| Total per GPU \| 128000000000 \| 128\.00 GB \|  \|$/m);
    assert.match(M.exportText('csv'), /\r\nper_gpu_bytes,Total per GPU,128000000000,true,\r\n/);
    assert.equal(M.exportText('table'), '');
    assert.match(M.applyShareHash('batch=%zz'), /^link ignored: /);
    assert.equal(M.shareHash(), 'model=8e9&mode=training&textbook=true');  // kept
  });

  test('enterEmbedView: the embed view with the knobs its link names, kept by later links', () => {
    M.enterEmbedView('model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb&units=gib');
    assert.equal(state().embed, true);
    assert.deepEqual(state().embed_knobs, ['seq', 'gpu']);
    assert.equal(M.applyShareHash('model=llama-3.1-8b&seq=4096'), '');
    assert.equal(state().embed, true);
    assert.deepEqual(state().embed_knobs, ['seq', 'gpu']);
  });
});

describe('load limits and the fault hook', () => {
  const check = (files) => M.checkLoad(JSON.stringify(files));

  test("fileLimitsJson: core's caps (file_limits.h)", () => {
    const l = JSON.parse(M.fileLimitsJson());
    assert.equal(l.config_json, 4 * 2 ** 20);
    assert.equal(l.index_json, 64 * 2 ** 20);
    assert.equal(l.safetensors_header, 1e8);  // the safetensors format's MAX_HEADER_SIZE
    assert.equal(l.gguf_header, 64 * 2 ** 20);
    assert.equal(l.load_bytes, 256 * 2 ** 20);
    assert.equal(l.load_model_files, 8);
    assert.equal(l.load_shards, 4096);
    assert.ok(l.json_depth > 0);
  });

  test('checkLoad: "" within the limits, else the error naming the file and the limit', () => {
    assert.equal(check([{ name: 'config.json', size: 1000 }]), '');
    // A 20 GB shard plans 8 bytes until its header length is read, then 8 + N.
    assert.equal(check([{ name: 'a.safetensors', size: 2e10, header_bytes: 0 }]), '');
    const big = JSON.parse(check([{ name: 'config.json', size: 5 * 2 ** 20 }])).error;
    assert.equal(big.code, 'invalid_json');
    assert.match(big.message, /^config\.json: 5242880 bytes is too large .*limit 4 MiB/);
    const many = Array.from({ length: 140 }, (_, i) => ({ name: `p${i}.index.json`, size: 15 * 2 ** 20 }));
    assert.match(JSON.parse(check(many)).error.message, /^140 files .*limit 8/);
    // Three headers of 10^8 bytes: 300,000,024 bytes > 256 MiB.
    const headers = [0, 1, 2].map((i) => ({ name: `${i}.safetensors`, size: 2e8, header_bytes: 8 + 1e8 }));
    assert.match(JSON.parse(check(headers)).error.message, /300000024 bytes read \(limit 256 MiB/);
    for (const bad of ['', '{}', '[{"name":"x"}]', '[{"name":"x","size":-1}]']) {
      assert.equal(JSON.parse(M.checkLoad(bad)).error.code, 'invalid_option', bad);
    }
  });

  test('faultForTest: an unknown kind is refused; a frame fault is only scheduled', () => {
    assert.match(M.faultForTest('bogus'), /unknown kind 'bogus'/);
    assert.equal(M.faultForTest('frame-trap'), '');  // nothing draws frames under node
  });

  // Last: a real trap leaves this module unusable (as it would the page's).
  test('faultForTest("trap") really traps inside the wasm', () => {
    assert.throws(() => M.faultForTest('trap'), WebAssembly.RuntimeError);
  });
});
