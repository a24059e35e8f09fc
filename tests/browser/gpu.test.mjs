// The GPU picker (issue 10 item 9) on the canvas in Chromium: the search is core's
// search_gpus() (the CLI's --list-gpus words), Enter takes the match, and the page's
// numbers for that GPU are the CLI's (`vramcalc estimate ... --gpu ID --json`, the
// oracle); a custom memory typed as 12 in GiB is 12 x 2^30 = 12,884,901,888 bytes
// and in GB 12 x 10^9 = 12,000,000,000 bytes, the unit said beside the field.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  cliArgs, cliSkip, pressHeld, runCli, screenshot, settle, startPage, state,
} from './helpers.mjs';

// The left column scrolled to its end (1280 x 800, build/screenshots/gpu-search.png):
// the HARDWARE group's GPU combo, the memory field and its GB / GiB radio buttons.
const GPU_COMBO = [270, 409];
const MEMORY_FIELD = [215, 445];
const MEMORY_GB = [285, 445];
const MEMORY_GIB = [345, 445];

async function scrollInputsToEnd(page) {
  await page.mouse.move(200, 500);
  await page.waitForTimeout(100);
  await page.mouse.wheel(0, 5000);
  await settle(page);
}

// Types `text` into the field just clicked (a click selects all of a number field's
// text, so the typing replaces it) and presses Enter.
async function typeAndEnter(page, text) {
  await page.keyboard.type(text);
  await settle(page);
  await pressHeld(page, 'Enter');
}

describe('GPU search and custom memory', { timeout: 120000 }, () => {
  const problems = [];
  let server;
  let browser;
  let page;

  before(async () => {
    ({ server, browser, page } = await startPage(problems));
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('typed into the GPU search, Enter picks the card; the numbers are the CLI\'s',
    { skip: cliSkip }, async () => {
      await scrollInputsToEnd(page);
      await page.mouse.click(...GPU_COMBO);
      await settle(page);
      await page.keyboard.type('rtx 4090 24');  // one card of the catalog's ~76
      await settle(page);
      await screenshot(browser, page, 'gpu-search.png');
      await pressHeld(page, 'Enter');
      const s = await state(page);
      assert.equal(s.error, null);
      assert.equal(s.inputs.gpu, 'rtx4090-24gb');
      const fragment = await page.evaluate(() => location.hash.slice(1));
      assert.equal(fragment, 'model=llama-3.1-8b&gpu=rtx4090-24gb');
      const cli = JSON.parse(runCli([...cliArgs(fragment), '--json']));
      assert.equal(s.estimate.gpu_memory_bytes, cli.gpu_memory_bytes);
      assert.equal(s.estimate.per_gpu_bytes, cli.per_gpu_bytes);
      assert.equal(s.estimate.fits, cli.fits);
      assert.deepEqual(s.estimate.components, cli.components);
      // The runtime sees less than the box's 24 GiB (25,769,803,776 bytes).
      assert.ok(s.estimate.gpu_memory_bytes < 24 * 2 ** 30);
      assert.deepEqual(problems, []);
    });

  test('custom memory is typed in GiB or GB, as chosen beside the field', async () => {
    await scrollInputsToEnd(page);
    assert.equal((await state(page)).inputs['memory-units'], 'gib');  // the default
    await page.mouse.click(...MEMORY_GIB);
    await settle(page);
    await page.mouse.click(...MEMORY_FIELD);
    await settle(page);
    await typeAndEnter(page, '12');
    await page.waitForFunction(() => window.vramcalc.state().inputs['gpu-memory-bytes'] > 0);
    let s = await state(page);
    assert.equal(s.error, null);
    assert.equal(s.inputs.gpu, null);  // custom: no catalog card
    assert.equal(s.inputs['gpu-memory-bytes'], 12 * 2 ** 30);
    assert.equal(s.estimate.gpu_memory_bytes, 12884901888);

    await page.mouse.click(...MEMORY_GB);
    await settle(page);
    assert.equal((await state(page)).inputs['memory-units'], 'gb');
    await page.mouse.click(...MEMORY_FIELD);
    await settle(page);
    await typeAndEnter(page, '12');
    await page.waitForFunction(
      () => window.vramcalc.state().inputs['gpu-memory-bytes'] !== 12 * 2 ** 30, null,
      { timeout: 5000 }).catch(() => {});  // the assertion below says what it holds
    s = await state(page);
    assert.equal(s.inputs['gpu-memory-bytes'], 12e9);
    assert.equal(s.estimate.gpu_memory_bytes, 12000000000);
    const fragment = await page.evaluate(() => location.hash.slice(1));
    assert.equal(fragment, 'model=llama-3.1-8b&gpu-memory-bytes=12000000000&memory-units=gb');
    await screenshot(browser, page, 'gpu-custom-memory.png');
    assert.deepEqual(problems, []);
  });
});
