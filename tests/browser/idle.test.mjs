// The page's frame loop in Chromium (web/main_web.cpp + imgui_ui/frame_pacer.h):
// idle it makes no requestAnimationFrame callbacks at all; input, a hover that
// shows a tooltip, a resize, a dropped file and window.vramcalc calls wake it,
// each for a couple of frames, and it stops again. Behaviour only: how long
// anything takes is measured by bench/web/measure.mjs, not asserted here.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { LAUNCH, dist, dropBytes, newWatchedPage, serveDist, shots, state, waitFirstFrame }
  from './helpers.mjs';

// Counts requestAnimationFrame callbacks from the page's first script on.
function countRaf() {
  window.__rafCalls = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((t) => { window.__rafCalls += 1; cb(t); });
}
const rafCalls = (page) => page.evaluate(() => window.__rafCalls);
const frames = async (page) => (await state(page)).frames;
const framesGrow = (page, n) =>
  page.waitForFunction((f) => window.vramcalc.state().frames > f, n, { timeout: 10000 });

describe('the frame loop stops while idle', { timeout: 120000 }, () => {
  let server;
  let browser;
  let page;
  const problems = [];

  // Waits until the loop has stopped: no callback for 300 ms.
  async function settled() {
    for (let i = 0; i < 50; ++i) {
      const n = await rafCalls(page);
      await page.waitForTimeout(300);
      if ((await rafCalls(page)) === n) return;
    }
    throw new Error('the frame loop never stopped');
  }

  before(async () => {
    assert.ok(existsSync(join(dist, 'index.html')), 'dist/ missing: run scripts/build_web.sh first');
    server = await serveDist();
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    await page.addInitScript(countRaf);
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await waitFirstFrame(page);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('after load: no requestAnimationFrame callback and no frame over 3 s', async () => {
    await settled();
    const raf = await rafCalls(page);
    const f = await frames(page);
    await page.waitForTimeout(3000);
    assert.equal(await rafCalls(page), raf, 'requestAnimationFrame callbacks while idle');
    assert.equal(await frames(page), f, 'frames while idle');
  });

  test('one knob change through the API lays out at most 2 frames, then stops', async () => {
    await settled();
    for (const batch of ['3', '4', '1']) {
      const f = await frames(page);
      assert.equal(await page.evaluate((b) => window.vramcalc.setOption('batch', b), batch), null);
      await framesGrow(page, f);
      await settled();
      const drawn = (await frames(page)) - f;
      assert.ok(drawn >= 1 && drawn <= 2, `batch ${batch}: ${drawn} frames`);
      assert.equal((await state(page)).inputs.batch, Number(batch));
    }
    // A call that changes nothing (a read, or the same value) wakes nothing.
    const raf = await rafCalls(page);
    const f = await frames(page);
    await page.evaluate(() => window.vramcalc.state());
    await page.evaluate(() => window.vramcalc.resultsText());
    await page.waitForTimeout(300);
    assert.equal(await rafCalls(page), raf);
    assert.equal(await frames(page), f);
  });

  test('a click on a widget changes the state and the loop stops after it', async () => {
    await settled();
    const before1 = (await state(page)).inputs.batch;
    await page.mouse.click(372, 499);  // the batch "+" button (1280x800, see page-initial.png)
    await page.waitForFunction((b) => window.vramcalc.state().inputs.batch === b + 1, before1);
    await settled();
    await page.mouse.click(342, 499);  // "-": back
    await page.waitForFunction((b) => window.vramcalc.state().inputs.batch === b, before1);
    await settled();
    const raf = await rafCalls(page);
    await page.waitForTimeout(1000);
    assert.equal(await rafCalls(page), raf);
  });

  test('hovering a control shows its tooltip, which stays while the loop is stopped', async () => {
    await page.mouse.move(640, 790);
    await settled();
    const clip = { x: 1000, y: 0, width: 280, height: 120 };
    mkdirSync(shots, { recursive: true });
    const plain = await page.screenshot({ clip });
    const f = await frames(page);
    await page.mouse.move(1215, 24);  // the "GiB" radio button: "GiB = 2^30 bytes"
    await framesGrow(page, f);
    await settled();
    const raf = await rafCalls(page);
    await page.waitForTimeout(500);
    assert.equal(await rafCalls(page), raf, 'the loop runs on while the tooltip just sits there');
    const hovered = await page.screenshot({ clip, path: join(shots, 'page-tooltip.png') });
    assert.notDeepEqual(hovered, plain, 'no tooltip or hover highlight drawn');
    await page.mouse.move(640, 790);  // away: the tooltip goes
    await settled();
    assert.deepEqual(await page.screenshot({ clip }), plain, 'the tooltip stayed after the mouse left');
  });

  test('a resize wakes the loop and the backing store follows the window', async () => {
    await settled();
    const f = await frames(page);
    await page.setViewportSize({ width: 1000, height: 700 });
    await framesGrow(page, f);
    await page.waitForFunction(() => document.getElementById('canvas').width ===
      Math.round(1000 * window.devicePixelRatio));
    await settled();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction(() => document.getElementById('canvas').width ===
      Math.round(1280 * window.devicePixelRatio));
    await settled();
  });

  test('a dropped file wakes the loop and its model is drawn', async () => {
    await settled();
    const f = await frames(page);
    const config = JSON.stringify({ model_type: 'llama', vocab_size: 32000, hidden_size: 2048,
      intermediate_size: 5632, num_hidden_layers: 22, num_attention_heads: 32,
      num_key_value_heads: 4, max_position_embeddings: 2048 });
    await dropBytes(page, Buffer.from(config), 'config.json');
    await page.waitForFunction(() => window.vramcalc.state().inputs.file === 'config.json');
    await framesGrow(page, f);
    await settled();
    assert.equal((await state(page)).model.num_layers, 22);
  });

  test('no page errors or console errors', () => {
    assert.deepEqual(problems, []);
  });
});
