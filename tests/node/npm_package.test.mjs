// The npm package as a user gets it: dist/npm/vramcalc-<version>.tgz (packed by
// scripts/build_web.sh) installed with npm into an empty folder, then imported by
// name in Node and, unpacked, by an ES-module page in Chromium (no canvas).
// Expected values: Llama-3.1-8B's published 8,030,261,248 parameters;
// REFERENCE.md's Llama-7B KV cache at batch 64 x 2048 tokens, FP16 =
// 68,719,476,736 B; a model that fits at its largest batch and not one above it.
// Run: node --test tests/node   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packs = join(root, 'dist', 'npm');

const LLAMA_7B = {
  model_type: 'llama', hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32,
  vocab_size: 32000, intermediate_size: 11008,
};

// The user's script: imports the package by name and prints what it found.
const SCRIPT = `
import { ready, params, estimate, parse, solve, sweep, options, presets } from 'vramcalc';
await ready;
const out = {};
out.total = params('llama-3.1-8b').total_params;
const llama7b = ${JSON.stringify(JSON.stringify(LLAMA_7B))};
out.kv = estimate(llama7b, { batch: 64, seq: 2048, weightDtype: 'fp16', 'kv-dtype': 'fp16' }).components.kv_cache;
out.parsed = parse([{ name: 'config.json', bytes: new TextEncoder().encode(llama7b) }]).params.total_params;
out.fromFiles = estimate([{ name: 'config.json', bytes: llama7b }], { batch: 64, seq: 2048, 'weight-dtype': 'fp16', 'kv-dtype': 'fp16' }).components.kv_cache;
const fit = solve('llama-3.1-8b', { gpu: 'rtx4090-24gb', seq: 2048 });
out.fit = fit;
const gpu = fit.gpu_memory_bytes;
out.atMax = estimate('llama-3.1-8b', { gpu: 'rtx4090-24gb', seq: 2048, batch: fit.max_batch.value }).per_gpu_bytes <= gpu;
out.aboveMax = estimate('llama-3.1-8b', { gpu: 'rtx4090-24gb', seq: 2048, batch: fit.max_batch.value + 1 }).per_gpu_bytes <= gpu;
const sw = sweep(llama7b, { batch: 64, weightDtype: 'fp16', 'kv-dtype': 'fp16' }, 'seq', [1024, 2048, 4096]);
out.sweep = sw.per_gpu_bytes;
out.sweepEach = [1024, 2048, 4096].map((seq) =>
  estimate(llama7b, { batch: 64, seq, weightDtype: 'fp16', 'kv-dtype': 'fp16' }).per_gpu_bytes);
out.sweepFits = sweep('llama-3.1-8b', { gpu: 'rtx4090-24gb', seq: 2048 }, 'batch',
  [fit.max_batch.value, fit.max_batch.value + 1]).fits;
try { sweep('llama-3.1-8b', {}, 'no-such-option', [1]); } catch (e) { out.sweepBadKey = e.code; }
try { sweep('llama-3.1-8b', {}, 'batch', [0]); } catch (e) { out.sweepBadValue = e.code; }
out.options = options().map((o) => o.key);
out.tpLabel = options().find((o) => o.key === 'tp').label;
out.presets = presets('gpt-oss').map((p) => p.id);
try { estimate('{"model_type": llama', {}); } catch (e) { out.bad = [e instanceof Error, e.code, e.message]; }
try { estimate('llama-3.1-8b', { batch: 0 }); } catch (e) { out.badOption = e.code; }
console.log(JSON.stringify(out));
`;

function check(out) {
  assert.equal(out.total, 8030261248);
  assert.equal(out.kv, 68719476736);
  assert.equal(out.parsed, 6738415616);  // Llama-7B: 6,738,415,616 (REFERENCE.md)
  assert.equal(out.fromFiles, 68719476736);
  assert.ok(out.fit.max_batch.value >= 1);
  assert.equal(out.atMax, true);
  assert.equal(out.aboveMax, false);
  // sweep(): the numbers-only path equals estimate() point by point, and its fit
  // verdict changes exactly at the solver's largest batch.
  assert.deepEqual(out.sweep, out.sweepEach);
  assert.ok(out.sweep[0] < out.sweep[1] && out.sweep[1] < out.sweep[2]);
  assert.deepEqual(out.sweepFits, [true, false]);
  assert.equal(out.sweepBadKey, 'invalid_option');
  assert.equal(out.sweepBadValue, 'invalid_option');
  assert.ok(out.options.includes('weight-dtype') && out.options.includes('runtime'));
  assert.equal(out.tpLabel, 'Tensor parallel');  // the page's name for the knob
  assert.deepEqual(out.presets.sort(), ['gpt-oss-120b', 'gpt-oss-20b']);
  assert.equal(out.bad[0], true);
  assert.equal(out.bad[1], 'invalid_json');
  assert.match(out.bad[2], /config\.json/);
  assert.equal(out.badOption, 'invalid_option');
}

describe('the npm package', { timeout: 180000 }, () => {
  let dir;
  let tarball;
  before(() => {
    assert.ok(existsSync(packs), 'dist/npm missing: run scripts/build_web.sh');
    const found = readdirSync(packs).filter((f) => /^vramcalc-\d+\.\d+\.\d+\.tgz$/.test(f));
    assert.equal(found.length, 1, found.join(', '));
    tarball = join(packs, found[0]);
    dir = mkdtempSync(join(tmpdir(), 'vramcalc-npm-'));
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('npm install of the tarball, then import { ready, estimate } from "vramcalc" in Node', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball],
      { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, 'use.mjs'), SCRIPT);
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: dir }).toString());
    check(out);
  });

  test('the same module in Chromium from an ES-module page, with no canvas', async () => {
    const { chromium } = await import('playwright-core');
    const { LAUNCH, serveDist } = await import('../browser/helpers.mjs');
    const pkg = join(dir, 'node_modules', 'vramcalc');
    // The user's page: the installed package served as it is; the script imports it.
    writeFileSync(join(pkg, 'page.html'),
      '<!doctype html><meta charset="utf-8"><script type="module" src="page.mjs"></script>');
    writeFileSync(join(pkg, 'page.mjs'),
      SCRIPT.replace("from 'vramcalc'", "from './index.js'")
        .replace('console.log(JSON.stringify(out));', 'window.out = out;'));
    const server = await serveDist(pkg);
    const browser = await chromium.launch(LAUNCH);
    try {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
      await page.waitForFunction(() => window.out !== undefined, null, { timeout: 30000 });
      check(await page.evaluate(() => window.out));
      assert.equal(await page.evaluate(() => document.querySelectorAll('canvas').length), 0);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
