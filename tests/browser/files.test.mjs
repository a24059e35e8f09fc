// Model files dropped on the real page (dist/) in Chromium: sparse 20 GB
// .safetensors and .gguf files whose headers alone are read (the page's byte
// counter proves it), config.json + index + shards picked together, an adapter
// with its base config, and truncated / hostile headers that leave the model and
// every knob as they were. Expected numbers are derived by hand in fixtures.mjs
// and here; PEFT's 41,943,040 is the published LoRA r=16 count for Llama-3.1-8B.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import {
  GGML, LLAMA_10B, LLAMA_10B_CONFIG, hfTensors, writeFile, writeGguf, writeSafetensors,
} from './fixtures.mjs';
import {
  LAUNCH, bytesRead, dist, dropPaths, screenshot, serveDist, setOptions, state, waitFirstFrame, newWatchedPage } from './helpers.mjs';

const MiB = 1024 * 1024;
const GB20 = 20e9;

// Llama-3.1-8B's published hyperparameters (its config.json, trimmed).
const LLAMA_31_8B_CONFIG = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096,
  intermediate_size: 14336, num_attention_heads: 32, num_hidden_layers: 32,
  num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072,
  rms_norm_eps: 1e-5, tie_word_embeddings: false, torch_dtype: 'bfloat16',
};
// PEFT LoRA r=16 on every linear layer of the blocks.
const ADAPTER_CONFIG = {
  peft_type: 'LORA', r: 16, lora_alpha: 32, lora_dropout: 0.05, bias: 'none',
  target_modules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
  base_model_name_or_path: 'meta-llama/Llama-3.1-8B', task_type: 'CAUSAL_LM',
};

// KV cache of the 10B model, F16, batch 1 x 2048 tokens:
// 2 (K,V) x 32 layers x 8 KV heads x 128 head_dim x 2 bytes x 2048 = 268,435,456.
const KV_10B_2048 = 2 * 32 * 8 * 128 * 2 * 2048;

describe('model files dropped on the page', { timeout: 300000 }, () => {
  let dir;
  let server;
  let browser;
  let page;
  const files = {};
  const problems = [];

  before(async () => {
    assert.ok(statSync(join(dist, 'index.html')).isFile(), 'dist/ missing: run scripts/build_web.sh');
    dir = mkdtempSync(join(tmpdir(), 'vramcalc-files-'));
    // One 20 GB file: every tensor of the 10B model in BF16 (2 x 10^10 bytes).
    files.big = { path: join(dir, 'llama-10b.safetensors') };
    Object.assign(files.big, writeSafetensors(files.big.path, hfTensors()));
    // The same model in two shards with its index and config.json.
    const sharded = join(dir, 'sharded');
    mkdirSync(sharded);
    const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const parts = [hfTensors({ to: 16, head: false }), hfTensors({ from: 16, embed: false })];
    const index = { metadata: { total_size: 0 }, weight_map: {} };
    files.shards = parts.map((tensors, i) => {
      const info = writeSafetensors(join(sharded, names[i]), tensors);
      index.metadata.total_size += info.dataBytes;
      for (const [name] of tensors) index.weight_map[name] = names[i];
      return { path: join(sharded, names[i]), ...info };
    });
    files.index = { path: join(sharded, 'model.safetensors.index.json') };
    writeFileSync(files.index.path, JSON.stringify(index));
    files.config = { path: join(sharded, 'config.json') };
    writeFileSync(files.config.path, JSON.stringify(LLAMA_10B_CONFIG));
    // A 20 GB GGUF of mixed types with a 116,370-token vocabulary in its header.
    files.gguf = { path: join(dir, 'llama-10b-mixed.gguf') };
    Object.assign(files.gguf, writeGguf(files.gguf.path, GB20));
    // Broken files: a GGUF cut inside its header, a safetensors whose header
    // length runs past the file, and a hostile length of 2^60 in a 20 GB file.
    files.cutGguf = { path: join(dir, 'cut.gguf') };
    writeGguf(files.cutGguf.path, GB20, { truncateAt: 100000 });
    files.cutSt = { path: join(dir, 'cut.safetensors') };
    const cut = Buffer.alloc(1008);
    cut.writeBigUInt64LE(40000n);
    writeFile(files.cutSt.path, cut, cut.length);
    files.hostile = { path: join(dir, 'hostile.safetensors') };
    const hostile = Buffer.alloc(8);
    hostile.writeBigUInt64LE(1n << 60n);
    writeFile(files.hostile.path, hostile, GB20);
    // An adapter and its base config.
    const adapterDir = join(dir, 'adapter');
    mkdirSync(adapterDir);
    files.adapter = { path: join(adapterDir, 'adapter_config.json') };
    writeFileSync(files.adapter.path, JSON.stringify(ADAPTER_CONFIG));
    files.base = { path: join(adapterDir, 'config.json') };
    writeFileSync(files.base.path, JSON.stringify(LLAMA_31_8B_CONFIG));

    server = await serveDist();
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await waitFirstFrame(page);
    await setOptions(page, { mode: 'inference', runtime: 'generic', batch: 1, seq: 2048,
      'kv-dtype': 'fp16' });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Drops `paths` and waits until the page shows them as inputs.file = `label`, or
  // an error that starts with `label` (core's messages start with the file name).
  // Returns the bytes the page read.
  async function drop(paths, label) {
    const before = await bytesRead(page);
    await dropPaths(page, paths);
    await page.waitForFunction((l) => {
      const s = window.vramcalc.state();
      return s.inputs.file === l || (s.error !== null && s.error.startsWith(l));
    }, label, { timeout: 60000 });
    return (await bytesRead(page)) - before;
  }

  test('a 20 GB .safetensors: only its header is read; weights = the bytes stored', async () => {
    assert.equal(statSync(files.big.path).size, 8 + files.big.headerBytes + GB20);
    const read = await drop([files.big.path], 'llama-10b.safetensors');
    const s = await state(page);
    assert.equal(s.error, null);
    // Bytes [0, 8) and [8, 8 + N): nothing else.
    assert.equal(read, 8 + files.big.headerBytes);
    assert.ok(read < 2 * MiB + files.big.headerBytes);
    assert.equal(s.model.kind, 'params_only');
    assert.equal(s.model.checkpoint.format, 'safetensors');
    assert.equal(s.model.checkpoint.bytes, GB20);
    assert.equal(s.model.checkpoint.params, 1e10);
    assert.equal(s.model.checkpoint.tensors, 2 + 9 * 32 + 1);
    assert.equal(s.inputs['weight-dtype'], 'checkpoint');
    assert.equal(s.estimate.components.weights, GB20);
    assert.equal(s.estimate.params.total, 1e10);
    await screenshot(browser, page, 'files-safetensors-20gb.png');
  });

  test('config.json + index + two 10 GB shards, picked together in the page file picker',
    async () => {
      const before = await bytesRead(page);
      // The page's own <input type=file multiple>: its change handler reads the files.
      await page.setInputFiles('#vramcalc-file', [files.config.path, files.index.path,
        files.shards[0].path, files.shards[1].path]);
      await page.waitForFunction(() => /\+ 3 files$/.test(window.vramcalc.state().inputs.file || ''));
      const read = (await bytesRead(page)) - before;
      const s = await state(page);
      assert.equal(s.error, null);
      assert.equal(read, statSync(files.config.path).size + statSync(files.index.path).size +
        files.shards.reduce((n, f) => n + 8 + f.headerBytes, 0));
      // The architecture from config.json, the exact bytes from the shards.
      assert.equal(s.model.kind, 'decoder');
      assert.equal(s.model.hidden_size, LLAMA_10B.hidden);
      assert.equal(s.model.num_layers, LLAMA_10B.layers);
      assert.equal(s.model.num_kv_heads, LLAMA_10B.kvHeads);
      assert.equal(s.model.checkpoint.bytes, GB20);
      assert.equal(s.model.checkpoint.tensors, 2 + 9 * 32 + 1);
      assert.equal(s.model.breakdown.total, 1e10);  // counted from the config = stored
      assert.ok(!s.model.notes.some((n) => /checkpoint stores/.test(n)), s.model.notes.join('; '));
      assert.equal(s.estimate.components.weights, GB20);
      assert.equal(s.estimate.components.kv_cache, KV_10B_2048);
      await screenshot(browser, page, 'files-sharded-config.png');
    });

  test('a 20 GB .gguf: the header is read in growing chunks; KV cache from its metadata',
    async () => {
      const g = files.gguf;
      assert.equal(statSync(g.path).size, GB20);
      assert.ok(g.infosEnd > MiB, 'the header should need more than the first 1 MiB read');
      const read = await drop([g.path], 'llama-10b-mixed.gguf');
      const s = await state(page);
      assert.equal(s.error, null);
      assert.ok(read >= g.infosEnd, `read ${read} bytes, the header has ${g.infosEnd}`);
      assert.ok(read < 2 * MiB + g.headerBytes, `read ${read} bytes`);
      assert.equal(s.model.model_type, 'llama');
      assert.equal(s.model.num_layers, 32);
      assert.equal(s.model.hidden_size, 5120);
      assert.equal(s.model.num_heads, 40);
      assert.equal(s.model.num_kv_heads, 8);
      assert.equal(s.model.head_dim, 128);  // embedding_length / head_count
      assert.equal(s.model.vocab_size, 116370);  // tokenizer.ggml.tokens
      assert.equal(s.model.checkpoint.format, 'gguf');
      assert.equal(s.model.checkpoint.bytes, g.dataBytes);
      assert.match(s.model.checkpoint.dtypes, /Q6_K/);
      // A .gguf switches the page to llama.cpp, its runtime; generic counts every
      // stored byte as weights.
      assert.equal(s.inputs.runtime, 'llamacpp');
      await setOptions(page, { runtime: 'generic' });
      const generic = await state(page);
      assert.equal(generic.estimate.components.weights, g.dataBytes);
      assert.equal(generic.estimate.components.kv_cache, KV_10B_2048);
      await screenshot(browser, page, 'files-gguf-20gb.png');

      // llama.cpp with -ngl 16: the last 16 blocks' bytes on the GPU; the first 16,
      // the token embeddings, the output layer and 16 layers of KV in host memory.
      await setOptions(page, { runtime: 'llamacpp', 'gpu-layers': 16 });
      const l = await state(page);
      const sum = (a) => a.reduce((x, y) => x + y, 0);
      const layerKv = 2 * 8 * 128 * 2048 * 2;  // F16, n_ctx = 1 x 2048
      assert.equal(l.estimate.components.weights, sum(g.layerBytes.slice(16)));
      assert.equal(l.estimate.components.kv_cache, 16 * layerKv);
      assert.equal(l.estimate.runtime.gpu_layers, 16);
      // Host buffers (llamacpp_buffers.md): F32 logits of one slot, 4 x 116,370; the
      // CPU backend's compute buffer for the host layers and the output layer left
      // there: a ubatch of F32 logits (512 x 116,370) and rows of 2 x n_embd + n_kv.
      assert.equal(l.estimate.runtime.output_bytes, 4 * 116370);
      assert.equal(l.estimate.runtime.host_compute_bytes, 4 * 512 * (116370 + 2 * 5120 + 2048));
      assert.equal(l.estimate.runtime.host_bytes,
        g.embdBytes + sum(g.layerBytes.slice(0, 16)) + g.restBytes + 16 * layerKv +
        l.estimate.runtime.output_bytes + l.estimate.runtime.host_compute_bytes);
      await screenshot(browser, page, 'files-gguf-llamacpp.png');
      await setOptions(page, { runtime: 'generic' });
    });

  test('truncated and hostile headers name the problem; model and knobs stay', async () => {
    const before = await state(page);
    const expectKept = async (pattern, name) => {
      const s = await state(page);
      assert.match(s.error, pattern);
      assert.deepEqual(s.model, before.model, name);
      assert.deepEqual(s.inputs, before.inputs, name);
      assert.deepEqual(s.estimate, before.estimate, name);
      return s.error;
    };
    let read = await drop([files.cutGguf.path], 'cut.gguf');
    // Core names the file, the byte offset, the entry it was reading and the size.
    await expectKept(/^cut\.gguf: byte \d+: .*needs bytes up to \d+ but the file has only 100000/,
      'cut.gguf');
    assert.equal(read, 100000);

    read = await drop([files.cutSt.path], 'cut.safetensors');
    await expectKept(/^cut\.safetensors: field 'header_length' .*40000 bytes, past the end of the 1008-byte file/,
      'cut.safetensors');
    assert.equal(read, 8);

    read = await drop([files.hostile.path], 'hostile.safetensors');
    await expectKept(/^hostile\.safetensors: field 'header_length' .*1152921504606846976, outside 1\.\.100000000/,
      'hostile.safetensors');
    assert.equal(read, 8, 'only the 8 length bytes of the hostile file are read');
    await screenshot(browser, page, 'files-hostile-error.png');

    // An index without its shards names what is missing.
    await drop([files.index.path], 'model.safetensors.index.json');
    await expectKept(/model\.safetensors\.index\.json: field 'weight_map'/, 'index alone');
  });

  test('adapter_config.json + config.json: LoRA r=16 on Llama-3.1-8B trains 41,943,040',
    async () => {
      const read = await drop([files.adapter.path, files.base.path],
        'adapter_config.json + config.json');
      const s = await state(page);
      assert.equal(s.error, null);
      assert.equal(read, statSync(files.adapter.path).size + statSync(files.base.path).size);
      assert.equal(s.inputs.mode, 'training');
      assert.equal(s.inputs.method, 'lora');
      assert.equal(s.inputs['lora-rank'], 16);
      // 32 layers x 16 x [2 (4096 + 4096) + 2 (4096 + 1024) + 3 (4096 + 14336)].
      assert.equal(s.estimate.params.trainable, 41943040);
      assert.equal(s.model.adapter.trainable_params, 41943040);
      assert.equal(s.model.adapter.rank, 16);
      assert.equal(s.estimate.params.total, 8030261248);  // Llama-3.1-8B, published
      await screenshot(browser, page, 'files-adapter-lora.png');
    });

  test('no console errors while reading files', () => {
    assert.deepEqual(problems, []);
  });
});

// Not a test of the page: the fixture's arithmetic, checked once by hand.
test('fixtures: the 10B model is 10^10 parameters; the GGUF fits in 20 GB', () => {
  const n = hfTensors().reduce((a, [, shape]) => a + shape.reduce((x, y) => x * y, 1), 0);
  assert.equal(n, 1e10);
  assert.equal(GGML.Q4_K.bytes, 144);
});
