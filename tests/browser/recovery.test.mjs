// The page survives anything (real page, dist/, in Chromium): 25 drops of a
// deeply nested config.json, real wasm traps, aborts and stack overflows in a
// call and in a frame (faultForTest), and loads that core's limits refuse before
// reading (140 files of 15 MiB, 320 MiB of indexes, 270 MiB of safetensors headers,
// a 5 MiB config.json). Each keeps the model and every knob, sets the error line
// to one line, and the page keeps drawing; a later change still works. Whether
// a nested JSON crashes the wasm (then the page restarts it) or core refuses it
// (its depth cap), the user sees the same thing: an error and their settings.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { LLAMA_10B_CONFIG, writeFile } from './fixtures.mjs';
import {
  LAUNCH, bytesRead, dist, dropPaths, newWatchedPage, root, screenshot, serveDist, setOptions,
  state, waitFirstFrame,
} from './helpers.mjs';

const MiB = 1024 * 1024;
const refConfig = join(root, '..', 'shared', 'refdata', 'configs', 'meta-llama__Llama-3.1-8B.json');

// What must survive a fault: the model and every knob (the estimate follows from them).
function assertKept(s, want, what) {
  assert.deepEqual(s.model, want.model, `${what}: model`);
  assert.deepEqual(s.inputs, want.inputs, `${what}: inputs`);
  assert.deepEqual(s.estimate, want.estimate, `${what}: estimate`);
  assert.equal(typeof s.error, 'string', `${what}: error line`);
  assert.ok(!s.error.includes('\n'), `${what}: one line: ${s.error}`);
}

// Drops a config.json of `depth` nested arrays on the canvas, built in the page.
function dropNested(page, depth) {
  return page.evaluate((n) => {
    const file = new File(['['.repeat(n) + ']'.repeat(n)], 'config.json',
      { type: 'application/json' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const init = { dataTransfer: dt, bubbles: true, cancelable: true };
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', init));
  }, depth);
}

const ready = (page) => page.evaluate(() => window.vramcalc.ready.then(() => true));
const framesGrow = (page, n) =>
  page.waitForFunction((f) => window.vramcalc.state().frames > f, n, { timeout: 10000 });
// The restarted app draws when woken: a pointer move over the canvas, then a frame
// more than it had. (Reading frames after the restart and waiting for more without
// waking it races: an idle app that already drew its first frames draws no more.)
let nudge = 0;
async function drawsWhenWoken(page) {
  const n = await page.evaluate(() => window.vramcalc.state().frames);
  nudge = (nudge + 1) % 20;
  await page.mouse.move(600 + nudge, 300 + nudge);
  await framesGrow(page, n);
}

describe('the page survives faults and hostile drops', { timeout: 300000 }, () => {
  let dir;
  let server;
  let browser;
  let page;
  let want;  // the state every fault must leave as it was (error aside)
  const problems = [];

  before(async () => {
    assert.ok(existsSync(join(dist, 'index.html')), 'dist/ missing: run scripts/build_web.sh');
    dir = mkdtempSync(join(tmpdir(), 'vramcalc-recovery-'));
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'config.json'), JSON.stringify(LLAMA_10B_CONFIG));
    server = await serveDist();
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await waitFirstFrame(page);
    // A dropped model (restored from the bytes the page kept) and knobs off their defaults.
    await dropPaths(page, [join(dir, 'model', 'config.json')]);
    await page.waitForFunction(() => window.vramcalc.state().inputs.file === 'config.json');
    await setOptions(page, { mode: 'training', batch: 3, seq: 3072, gpu: 'h100-80gb',
      precision: 'bf16', units: 'gib', plot: 'batch', zero: 2, gpus: 4 });
    want = await state(page);
    assert.equal(want.error, null);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('25 nested config.json drops in a row: each an error line, model and knobs kept',
    async () => {
      for (let i = 0; i < 25; ++i) {
        // A knob changed before each drop must survive it too (and clears the error).
        await setOptions(page, { batch: 4 + i });
        want = await state(page);
        assert.equal(want.error, null);
        await dropNested(page, 100000);
        await page.waitForFunction(() => window.vramcalc.state().error !== null, null,
          { timeout: 20000 });
        assert.ok(await ready(page));
        const s = await state(page);
        assertKept(s, want, `drop ${i + 1}`);
        assert.match(s.error, /config\.json/);
      }
      // A valid config.json loads afterwards and the page draws it.
      const valid = existsSync(refConfig) ? refConfig : join(dir, 'model', 'config.json');
      const name = valid.split('/').pop();
      const frames = (await state(page)).frames;
      await dropPaths(page, [valid]);
      await page.waitForFunction((n) => window.vramcalc.state().inputs.file === n, name);
      const s = await state(page);
      assert.equal(s.error, null);
      assert.equal(s.inputs.batch, 28);
      assert.equal(s.inputs.gpu, 'h100-80gb');
      assert.ok(s.estimate.per_gpu_bytes > 0);
      await framesGrow(page, frames);
      await screenshot(browser, page, 'recovery-after-25-drops.png');
      want = await state(page);
    });

  for (const kind of ['trap', 'abort', 'stack']) {
    test(`faultForTest('${kind}') three times: restarted with the model and knobs`, async () => {
      for (let i = 0; i < 3; ++i) {
        const frames = (await state(page)).frames;
        const message = await page.evaluate((k) => window.vramcalc.faultForTest(k), kind);
        assert.match(message, new RegExp(
          `^vramcalc hit an internal error and restarted with your settings: faultForTest\\(${kind}\\): `));
        assert.ok(await ready(page));
        const s = await state(page);
        assertKept(s, want, `${kind} ${i + 1}`);
        assert.equal(s.error, message);
        await framesGrow(page, frames);  // the new instance draws
        if (i === 0) await screenshot(browser, page, `recovery-${kind}-error.png`);
        // Later changes work on the restarted app.
        await setOptions(page, { seq: 2048 + 512 * i });
        want = await state(page);
        assert.equal(want.error, null);
        assert.equal(want.inputs.seq, 2048 + 512 * i);
      }
      assert.equal(await page.evaluate(() => document.querySelectorAll('canvas').length), 1);
      await screenshot(browser, page, `recovery-${kind}.png`);
    });
  }

  test('a trap, an abort and a stack overflow inside a frame are recovered too', async () => {
    for (const kind of ['frame-trap', 'frame-abort', 'frame-stack']) {
      assert.equal(await page.evaluate((k) => window.vramcalc.faultForTest(k), kind), null);
      await page.waitForFunction(() => /drawing a frame/.test(window.vramcalc.state().error || ''),
        null, { timeout: 10000 });
      assert.ok(await ready(page));
      const s = await state(page);
      assertKept(s, want, kind);
      assert.match(s.error, /restarted with your settings: drawing a frame: /);
      await drawsWhenWoken(page);
      // A frame fault within a restarted app's first frames means the restored state
      // may be the cause, and the page restores less: space them out like real ones.
      await page.waitForTimeout(250);
    }
    // Input reaches the new instance only: no errors from the dead ones' listeners.
    await page.mouse.move(300, 300);
    await page.mouse.click(640, 25);
    await page.keyboard.press('Tab');
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(200);
    await setOptions(page, { batch: 5 });
    want = await state(page);
    assert.equal(want.inputs.batch, 5);
  });

  test('faults right after a restart restore less, then defaults; then the page goes on',
    async () => {
      // Frame faults in a row, each before the restarted app has drawn its first
      // frames: the restored state itself may be what faults.
      const levels = [/restarted with your settings: /,
        /restarted with your settings but without the loaded model: /,
        /restarted with default settings: /];
      for (const pattern of levels) {
        await page.evaluate(() => window.vramcalc.faultForTest('frame-trap'));
        await page.waitForFunction((p) => new RegExp(p).test(window.vramcalc.state().error || ''),
          pattern.source, { timeout: 10000 });
        assert.ok(await ready(page));
      }
      const s = await state(page);
      assert.equal(s.inputs.model_source, 'preset');  // the default model and knobs
      assert.equal(s.inputs.batch, 1);
      await drawsWhenWoken(page);
      await page.waitForTimeout(250);
      // The user's settings come back through the API as ever.
      await page.evaluate(() => window.vramcalc.selectPreset('llama-3.1-8b'));
      await setOptions(page, { mode: 'training', batch: 3, gpu: 'h100-80gb' });
      want = await state(page);
      assert.equal(want.error, null);
    });

  // Drops sparse files of `size` bytes named by `names`; returns the bytes read.
  async function dropRefused(names, size, pattern, what, head) {
    const sub = mkdtempSync(join(dir, 'drop-'));
    const paths = names.map((n) => join(sub, n));
    for (const p of paths) writeFile(p, head || Buffer.alloc(0), size);
    const before = await bytesRead(page);
    await dropPaths(page, paths);
    await page.waitForFunction((p) => new RegExp(p).test(window.vramcalc.state().error || ''),
      pattern.source, { timeout: 30000 }).catch(async (e) => {
      throw new Error(`${what}: ${e.message}; error line: ${(await state(page)).error}`);
    });
    const s = await state(page);
    assertKept(s, want, what);
    assert.match(s.error, pattern);
    rmSync(sub, { recursive: true, force: true });
    return (await bytesRead(page)) - before;
  }

  test("core's load limits refuse hostile drops before reading them", async () => {
    const seq = (n, f) => Array.from({ length: n }, (_, i) => f(String(i).padStart(3, '0')));
    // 140 files of 15 MiB (2.1 GB together: the wasm heap would abort at 2 GiB).
    // The count is checked first: one message for the whole mistake.
    let read = await dropRefused(seq(140, (i) => `part-${i}.json`), 15 * MiB,
      /^140 files that are not \.safetensors shards in one load \(limit 8\)/, '140 json');
    assert.equal(read, 0);
    read = await dropRefused(seq(140, (i) => `model-${i}.safetensors.index.json`), 15 * MiB,
      /^140 files that are not \.safetensors shards in one load \(limit 8\)/, '140 indexes');
    assert.equal(read, 0);
    // Eight 40 MiB indexes: each within its 64 MiB cap, 320 MiB together.
    read = await dropRefused(seq(8, (i) => `m-${i}.index.json`), 40 * MiB,
      /^these files would need 335544320 bytes read \(limit 256 MiB per load\)/, '8 indexes');
    assert.equal(read, 0);
    // 18 shards whose headers claim 15 MiB each (18 x (8 + 15 MiB) = 283,115,664 bytes):
    // refused once their 8 length bytes are read, before any header.
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(15 * MiB));
    read = await dropRefused(seq(18, (i) => `s-${i}.safetensors`), 16 * MiB,
      /^these files would need 283115664 bytes read \(limit 256 MiB per load\)/, 'headers', len);
    assert.equal(read, 18 * 8);
    // A 5 MiB config.json: the config limit, the same number the page reports.
    assert.equal(await page.evaluate(() => window.vramcalc.maxFileBytes), 4 * MiB);
    read = await dropRefused(['config.json'], 5 * MiB,
      /^config\.json: 5242880 bytes is too large for a config\.json or adapter_config\.json \(limit 4 MiB/,
      '5 MiB config');
    assert.equal(read, 0);
    await screenshot(browser, page, 'recovery-limit-refused.png');
  });

  test('dist/vramcalc.html from file:// restarts after a trap too', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(String(e).slice(0, 300)));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
    await p.goto(pathToFileURL(join(dist, 'vramcalc.html')).href);
    await waitFirstFrame(p);
    assert.equal(await p.evaluate(() => window.vramcalc.setOption('batch', 6)), null);
    const before = await state(p);
    assert.match(await p.evaluate(() => window.vramcalc.faultForTest('trap')), /internal error/);
    assert.ok(await ready(p));
    assertKept(await state(p), before, 'single file');
    await framesGrow(p, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('file text reaches the page and the screen-reader mirror escaped', async () => {
    // A real config whose _name_or_path would clear a terminal, break a line and
    // reverse the text after it (U+202E), dropped as a File.
    await page.evaluate((cfg) => {
      const evil = Object.assign({}, cfg, { _name_or_path: 'evil\n\u001b[2J\u202ex' });
      const dt = new DataTransfer();
      dt.items.add(new File([JSON.stringify(evil)], 'config.json', { type: 'application/json' }));
      document.getElementById('canvas').dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, LLAMA_10B_CONFIG);
    await page.waitForFunction(() => window.vramcalc.state().model.name.startsWith('evil'));
    const s = await state(page);
    assert.equal(s.error, null);
    assert.equal(s.model.name, 'evil\\x0a\\x1b[2J\\u{202e}x');
    await page.waitForFunction(() =>
      document.getElementById('vramcalc-results').textContent.includes('evil'));
    const mirror = await page.evaluate(() =>
      document.getElementById('vramcalc-results').textContent);
    assert.ok(mirror.includes('evil\\x0a\\x1b[2J\\u{202e}x'), mirror.slice(0, 200));
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(mirror), 'no raw controls');
  });

  test('no page errors or console errors: faults are handled, not thrown', () => {
    assert.deepEqual(problems, []);
  });
});

// A dead instance must not stay reachable (its wasm heap would leak with each
// fault): every instance the page creates is watched through a WeakRef.
test('instances that faulted are garbage-collected', { timeout: 120000 }, async () => {
  const server = await serveDist();
  const browser = await chromium.launch({ ...LAUNCH, args: [...LAUNCH.args, '--js-flags=--expose-gc'] });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.instancesForTest = [];
      let factory;
      Object.defineProperty(window, 'createVramcalcApp', {
        configurable: true,
        get() { return factory; },
        set(f) {
          factory = (options) => { window.instancesForTest.push(new WeakRef(options)); return f(options); };
        },
      });
    });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await waitFirstFrame(page);
    for (const kind of ['trap', 'abort', 'stack', 'trap', 'abort', 'stack']) {
      await page.evaluate((k) => window.vramcalc.faultForTest(k), kind);
      assert.ok(await ready(page));
      await page.waitForTimeout(100);
    }
    const alive = await page.evaluate(async () => {
      for (let i = 0; i < 5; ++i) {
        window.gc();
        await new Promise((r) => setTimeout(r, 100));
      }
      return window.instancesForTest.map((w) => w.deref() !== undefined);
    });
    assert.deepEqual(alive, [false, false, false, false, false, false, true]);
  } finally {
    await browser.close();
    server.close();
  }
});
