// End-to-end tests of the real page (dist/) in Debian's Chromium via
// playwright-core: first frame, dropping a real config.json on the canvas, a
// malformed drop, the aria-live mirror, idle redraw budget, no request leaving the
// origin, the single-file build from file://, and non-blank screenshots written to
// build/screenshots/ for a human to look at.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const shots = join(root, 'build', 'screenshots');
const llamaConfig = join(root, '..', 'shared', 'refdata', 'configs', 'meta-llama__Llama-2-7b-hf.json');
const haveRefdata = existsSync(llamaConfig);
const refdataSkip = haveRefdata ? false : `reference data missing (${llamaConfig}): skipped`;

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.png': 'image/png', '.ttf': 'font/ttf',
};

// A static server for dist/ on a free localhost port (the test owns it).
function serveDist() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Drops `bytes` as a File named `name` on the canvas, as a user's drag and drop does.
async function dropFile(page, bytes, name) {
  await page.evaluate(({ data, fileName }) => {
    const file = new File([new Uint8Array(data)], fileName, { type: 'application/json' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const canvas = document.getElementById('canvas');
    const init = { dataTransfer: dt, bubbles: true, cancelable: true };
    canvas.dispatchEvent(new DragEvent('dragenter', init));
    canvas.dispatchEvent(new DragEvent('dragover', init));
    canvas.dispatchEvent(new DragEvent('drop', init));
  }, { data: Array.from(bytes), fileName: name });
}

const state = (page) => page.evaluate(() => window.vramcalc.state());

// Distinct colours of a PNG, decoded by the browser in a blank page.
async function distinctColours(browser, png) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < px.length; i += 4) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      return seen.size;
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}

async function screenshot(browser, page, name) {
  mkdirSync(shots, { recursive: true });
  const png = await page.screenshot({ path: join(shots, name) });
  const colours = await distinctColours(browser, png);
  // Text with anti-aliasing on a dark theme gives hundreds of colours; a blank
  // or single-colour canvas gives a handful.
  assert.ok(colours > 50, `${name} looks blank (${colours} distinct colours)`);
}

async function waitFirstFrame(page) {
  await page.waitForFunction(() => {
    try {
      return performance.getEntriesByName('vramcalc-first-frame').length > 0 &&
        window.vramcalc.state().frames > 0;
    } catch {
      return false;
    }
  }, null, { timeout: 30000 });
}

describe('the page in Chromium', { timeout: 180000 }, () => {
  let server;
  let origin;
  let browser;
  let page;
  const requests = [];
  const problems = [];  // console errors, page errors, CSP violations

  before(async () => {
    assert.ok(existsSync(join(dist, 'index.html')), 'dist/ missing: run scripts/build_web.sh first');
    server = await serveDist();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text().slice(0, 300)); });
    page.on('pageerror', (e) => problems.push(String(e).slice(0, 300)));
    await page.goto(`${origin}/index.html`);
    try {
      await waitFirstFrame(page);
    } catch (e) {
      // Say why: a wasm trap or a CSP refusal shows up as a page error.
      throw new Error(`no first frame: ${e.message}; page errors: ${JSON.stringify(problems)}`);
    }
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('first frame is drawn and marked; state follows the contract', async () => {
    const s = await state(page);
    assert.ok(s.frames > 0);
    assert.equal(s.error, null);
    assert.ok(s.estimate.per_gpu_bytes > 0);
    assert.equal(s.inputs.mode, 'inference');
    await screenshot(browser, page, 'page-initial.png');
  });

  test('dropping Llama-2-7b config.json on the canvas estimates it', { skip: refdataSkip }, async () => {
    for (const [k, v] of [['batch', '1'], ['seq', '2048'], ['weight-dtype', 'bf16'],
      ['kv-dtype', 'bf16']]) {
      assert.equal(await page.evaluate(([key, value]) => window.vramcalc.setOption(key, value),
        [k, v]), null);
    }
    await dropFile(page, readFileSync(llamaConfig), 'config.json');
    await page.waitForFunction(() => window.vramcalc.state().inputs.file === 'config.json');
    const s = await state(page);
    assert.equal(s.model.name, 'meta-llama/Llama-2-7b-hf');
    assert.equal(s.model.hidden_size, 4096);
    assert.equal(s.model.num_layers, 32);
    // KV: 2 (K,V) x 32 layers x 4096 x 2 bytes (bf16) x 1 x 2048 tokens.
    assert.equal(s.estimate.components.kv_cache, 2 * 32 * 4096 * 2 * 2048);
    assert.equal(s.estimate.components.kv_cache, 1073741824);
    // Llama-2-7B's published count, 2 bytes each in bf16.
    assert.equal(s.estimate.params.total, 6738415616);
    assert.equal(s.estimate.components.weights, 2 * 6738415616);
    assert.equal(s.error, null);
    // The aria-live mirror follows (it is debounced by 200 ms).
    await page.waitForFunction(() =>
      /KV cache/i.test(document.getElementById('vramcalc-results').textContent) &&
      /Llama-2-7b/.test(document.getElementById('vramcalc-results').textContent));
    await screenshot(browser, page, 'page-llama2-7b.png');
  });

  test('a malformed drop names the problem and keeps the model', { skip: refdataSkip }, async () => {
    const before = await state(page);
    await dropFile(page, Buffer.from('{"model_type": "llama", "hidden_size": 4096,'), 'broken.json');
    await page.waitForFunction(() => window.vramcalc.state().error !== null);
    const s = await state(page);
    assert.match(s.error, /broken\.json/);
    assert.equal(s.model.name, 'meta-llama/Llama-2-7b-hf');
    assert.deepEqual(s.estimate, before.estimate);
    assert.deepEqual(s.inputs, before.inputs);
    await screenshot(browser, page, 'page-error.png');
  });

  test('the canvas "Open config.json..." button opens the page file picker', { skip: refdataSkip },
    async () => {
      // The button sits at the top of the left column (CSS px in a 1280 x 800 page).
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser', { timeout: 10000 }),
        page.mouse.click(100, 133),
      ]);
      await chooser.setFiles(llamaConfig);
      await page.waitForFunction(() =>
        window.vramcalc.state().inputs.file === 'meta-llama__Llama-2-7b-hf.json');
      const s = await state(page);
      assert.equal(s.error, null);
      assert.equal(s.estimate.components.kv_cache, 1073741824);
    });

  test('a file over the size limit is refused with a clear error', async () => {
    const limit = await page.evaluate(() => window.vramcalc.maxFileBytes);
    await page.evaluate((n) => {
      const file = new File([new Uint8Array(n + 1)], 'model.safetensors');
      const dt = new DataTransfer();
      dt.items.add(file);
      document.getElementById('canvas').dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, limit);
    await page.waitForFunction(() => /too large/.test(window.vramcalc.state().error || ''));
    assert.match((await state(page)).error, /model\.safetensors/);
  });

  test('training knobs re-estimate; the page draws nothing while idle', async () => {
    for (const [k, v] of [['mode', 'training'], ['precision', 'mixed'], ['method', 'lora'],
      ['units', 'gib'], ['gpu', 'a100-80gb']]) {
      assert.equal(await page.evaluate(([key, value]) => window.vramcalc.setOption(key, value),
        [k, v]), null);
    }
    const s = await state(page);
    assert.equal(s.inputs.mode, 'training');
    assert.ok(s.estimate.params.trainable > 0);
    assert.ok(s.estimate.params.trainable < s.estimate.params.total);
    assert.equal(s.inputs.gpu, 'a100-80gb');
    assert.equal(s.estimate.gpu_memory_bytes, 80 * 2 ** 30);
    assert.equal(s.estimate.fits, s.estimate.per_gpu_bytes <= 80 * 2 ** 30);
    await page.waitForTimeout(300);  // let the settle frames run
    await screenshot(browser, page, 'page-training.png');
    const idleStart = (await state(page)).frames;
    await page.waitForTimeout(1000);
    assert.equal((await state(page)).frames, idleStart, 'frames drawn while idle');
    // Moving the mouse over the canvas wakes it up.
    await page.mouse.move(600, 300);
    await page.mouse.move(620, 320);
    await page.waitForFunction((n) => window.vramcalc.state().frames > n, idleStart);
  });

  test('no request left the origin; no console errors (CSP included)', () => {
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
  });

  test('HiDPI: backing store follows devicePixelRatio', async () => {
    const context = await browser.newContext({
      viewport: { width: 900, height: 640 }, deviceScaleFactor: 2,
    });
    const hidpi = await context.newPage();
    await hidpi.goto(`${origin}/index.html`);
    await waitFirstFrame(hidpi);
    const size = await hidpi.evaluate(() => {
      const c = document.getElementById('canvas');
      return [c.width, c.height, c.clientWidth, c.clientHeight];
    });
    assert.deepEqual(size, [1800, 1280, 900, 640]);
    await screenshot(browser, hidpi, 'page-hidpi.png');
    // A real click in CSS pixels lands on the right widget: the header's "GiB"
    // radio button sits 83 CSS px left of the right edge, 25 px down.
    assert.equal((await state(hidpi)).inputs.units, 'gb');
    await hidpi.mouse.move(900 - 83, 25);
    await hidpi.mouse.down();
    await hidpi.mouse.up();
    await hidpi.waitForFunction(() => window.vramcalc.state().inputs.units === 'gib');
    await context.close();
  });

  test('dist/vramcalc.html works from file:// on its own', async () => {
    const single = join(dist, 'vramcalc.html');
    assert.ok(existsSync(single), 'dist/vramcalc.html missing');
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e).slice(0, 300)));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
    await p.goto(pathToFileURL(single).href);
    await waitFirstFrame(p);
    assert.ok((await state(p)).estimate.per_gpu_bytes > 0);
    assert.deepEqual(errors, []);
    await screenshot(browser, p, 'single-file.png');
    await context.close();
  });
});
