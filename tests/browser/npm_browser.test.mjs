// The npm package's module in a plain browser page (issue 12 item 5: "works in
// browsers without a canvas"): dist/npm-module/ copied beside a static HTML page
// with a strict CSP and one module script that imports it by relative URL, as a
// documentation site or a bundler-free app would. What the page prints must be the
// CLI's numbers for the same inputs, with one hand value (Llama-3.1-8B's published
// 8,030,261,248 parameters x 2 B of BF16), and bad input must throw the core's
// Error with its code. Screenshot: build/screenshots/api.png (README's docs/api.png).
// Run: node --test tests/browser/npm_browser.test.mjs   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { LAUNCH, cliSkip, dist, newWatchedPage, runCli, screenshot, serveDist } from './helpers.mjs';

const LLAMA_8B = 8030261248;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' data:; style-src 'self'">
<title>vramcalc from npm</title><link rel="stylesheet" href="demo.css"></head>
<body><h1>vramcalc's npm module in a page</h1><pre id="out">loading...</pre>
<script type="module" src="demo.js"></script></body></html>`;

const CSS = 'body { font: 15px/1.45 sans-serif; margin: 24px; } pre { font-size: 14px; white-space: pre-wrap; }';

// The page's script: the README's calls, printed, and kept on window for the test.
const SCRIPT = `import { ready, params, estimate, solve, options } from './npm-module/index.js';
const out = document.getElementById('out');
const gb = (b) => (b / 1e9).toFixed(2) + ' GB';
await ready;
const p = params('llama-3.1-8b');
const e = estimate('llama-3.3-70b', { gpu: 'h100-80gb', gpus: 2, tp: 2, seq: 32768 });
const q = estimate('llama-3.1-8b', { 'weight-dtype': 'q4_k_m', runtime: 'llamacpp', gpu: 'rtx4090-24gb' });
const f = solve('llama-3.1-8b', { gpu: 'rtx4090-24gb', weightDtype: 'q4_k_m', runtime: 'llamacpp' });
let bad = null;
try { estimate('llama-3.1-8b', { batch: 0 }); } catch (err) {
  bad = { name: err.name, code: err.code, message: err.message, isError: err instanceof Error };
}
window.results = { p, e, q, f, bad, optionNames: options().map((o) => o.key) };
out.textContent = [
  "params('llama-3.1-8b').total_params = " + p.total_params.toLocaleString('en-US'),
  "estimate('llama-3.3-70b', { gpu: 'h100-80gb', gpus: 2, tp: 2, seq: 32768 })",
  '  per GPU ' + gb(e.per_gpu_bytes) + ', fits: ' + e.fits,
  ...Object.entries(e.components).filter(([, b]) => b > 0).map(([k, b]) => '    ' + k + ' ' + gb(b)),
  "estimate('llama-3.1-8b', { 'weight-dtype': 'q4_k_m', runtime: 'llamacpp', gpu: 'rtx4090-24gb' })",
  '  weights ' + gb(q.components.weights) + ', per GPU ' + gb(q.per_gpu_bytes),
  "solve('llama-3.1-8b', { gpu: 'rtx4090-24gb', weightDtype: 'q4_k_m', runtime: 'llamacpp' })",
  '  ' + JSON.stringify(f),
  "estimate('llama-3.1-8b', { batch: 0 }) throws " + (bad && bad.code) + ': ' + (bad && bad.message),
].join('\\n');
`;

describe('the npm module in a plain page', { timeout: 120000 }, () => {
  const problems = [];
  const requests = [];
  let site;
  let server;
  let browser;
  let page;
  let origin;
  let results;

  before(async () => {
    assert.ok(existsSync(join(dist, 'npm-module', 'index.js')), 'run scripts/build_web.sh first');
    site = mkdtempSync(join(tmpdir(), 'vramcalc-npm-page-'));
    cpSync(join(dist, 'npm-module'), join(site, 'npm-module'), { recursive: true });
    writeFileSync(join(site, 'index.html'), PAGE);
    writeFileSync(join(site, 'demo.css'), CSS);
    writeFileSync(join(site, 'demo.js'), SCRIPT);
    server = await serveDist(site, '/');
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => window.results, null, { timeout: 60000 });
    results = await page.evaluate(() => window.results);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  test('the published count and its BF16 bytes, no canvas, nothing from elsewhere', async () => {
    assert.equal(results.p.total_params, LLAMA_8B);
    const e = await page.evaluate(async () => {
      const m = await import('./npm-module/index.js');
      return m.estimate('llama-3.1-8b', { seq: 8192 }).components.weights;
    });
    assert.equal(e, LLAMA_8B * 2);
    for (const name of ['batch', 'seq', 'gpu', 'gpus', 'tp', 'pp', 'runtime', 'weight-dtype']) {
      assert.ok(results.optionNames.includes(name), name);  // the README's calls use these
    }
    assert.equal(await page.evaluate(() => document.querySelectorAll('canvas').length), 0);
    assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), []);
    await screenshot(browser, page, 'api.png', { clip: { x: 0, y: 0, width: 1280, height: 440 } });
    assert.deepEqual(problems, []);
  });

  test('the numbers are the CLI\'s for the same options', { skip: cliSkip }, () => {
    const cli = (args) => JSON.parse(runCli([...args, '--json']));
    const e = cli(['estimate', 'llama-3.3-70b', '--gpu', 'h100-80gb', '--gpus', '2', '--tp', '2',
      '--seq', '32768']);
    assert.equal(results.e.per_gpu_bytes, e.per_gpu_bytes);
    assert.deepEqual(results.e.components, e.components);
    assert.equal(results.e.fits, e.fits);
    const q = cli(['estimate', 'llama-3.1-8b', '--weight-dtype', 'q4_k_m', '--runtime', 'llamacpp',
      '--gpu', 'rtx4090-24gb']);
    assert.deepEqual(results.q.components, q.components);
    const f = cli(['fit', 'llama-3.1-8b', '--gpu', 'rtx4090-24gb', '--weight-dtype', 'q4_k_m',
      '--runtime', 'llamacpp']);
    assert.deepEqual(results.f, f);
  });

  test('bad input throws an Error with the core\'s code and one-line message', () => {
    assert.equal(results.bad.isError, true);
    assert.equal(typeof results.bad.code, 'string');
    assert.ok(results.bad.code.length > 0);
    assert.match(results.bad.message, /batch/);
    assert.ok(!results.bad.message.includes('\n'), results.bad.message);
  });
});
