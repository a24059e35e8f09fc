// The quant picker (issue 10): the Weights list offers every llama.cpp file type
// beside the dtypes, with a search field in long lists (GPUs, file types). Picked
// on the canvas by typing in the search and pressing Enter; priced by core's
// llama-quantize rules. Llama-3.1-70B Q4_K_M: bartowski's published file is 42.52 GB
// (runlogs gguf-002), tensors plus ~8 MB of tokenizer metadata.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { pressHeld, screenshot, setOptions, settle, startPage, state } from './helpers.mjs';

describe('quant picker', { timeout: 120000 }, () => {
  const problems = [];
  let server;
  let browser;
  let page;

  before(async () => {
    ({ server, browser, page } = await startPage(problems));
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('llama-3.1-70b')), null);
    await setOptions(page, { mode: 'inference', runtime: 'generic', 'weight-dtype': 'bf16' });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('GGUF Q4_K_M is priced as the published file', async () => {
    await setOptions(page, { 'weight-dtype': 'q4_k_m' });
    const s = await state(page);
    assert.equal(s.error, null);
    const w = s.estimate.components.weights;
    assert.ok(Math.abs(w - 42.52e9) / 42.52e9 < 0.002, `weights ${w}`);
    await setOptions(page, { 'weight-dtype': 'bf16' });
  });

  test('typed into the Weights list search, Enter picks the match', async () => {
    // The Weights combo of the left panel (1280 x 800 layout, as in page.test.mjs).
    const box = await page.evaluate(() => window.vramcalc.state().inputs['weight-dtype']);
    assert.equal(box, 'bf16');
    const frames = () => page.evaluate(() => window.vramcalc.state().frames);
    let before = await frames();
    await page.mouse.click(262, 607);
    await settle(page, before);
    before = await frames();
    await page.keyboard.type('q5_k_m');
    await settle(page, before);
    await screenshot(browser, page, 'quant-picker-search.png');
    await pressHeld(page, 'Enter');  // held across frames, as a person's press is
    await page.waitForFunction(() => window.vramcalc.state().inputs['weight-dtype'] === 'q5_k_m',
      null, { timeout: 5000 });
    const s = await state(page);
    // bartowski's Q5_K_M of the same model: 49.95 GB (gguf-002).
    assert.ok(Math.abs(s.estimate.components.weights - 49.95e9) / 49.95e9 < 0.002);
    assert.deepEqual(problems, []);
  });
});
