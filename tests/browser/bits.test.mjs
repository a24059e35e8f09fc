// The "Data types" panel's bit explorer in the real page (dist/) in Chromium:
// REFERENCE.md section 1's BF16 pair set through window.vramcalc.setBits (sign 1,
// exponent 17: mantissa 5 gives -8.004646331359449e-34, mantissa 3 gives
// -7.884275709835247e-34), the aria-live mirror in full precision (%.17g), a
// field outside its width refused with the explorer kept, the header's "Data types"
// button scrolling to the panel and single bits flipped by clicks, and a screenshot of
// the open panel (build/screenshots/page-bits.png) for a human to look at.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { screenshot, scrollResults, startPage, state } from './helpers.mjs';

const M5 = -8.004646331359449e-34;  // BF16 1/17/5
const M3 = -7.884275709835247e-34;  // BF16 1/17/3

function assertRelative(got, want) {
  assert.ok(Math.abs(got - want) <= 1e-15 * Math.abs(want), `${got} vs ${want}`);
}

const setBits = (page, ...args) =>
  page.evaluate((a) => window.vramcalc.setBits(...a), args);

// Waits for the aria-live mirror (refreshed within 200 ms of a change) to contain `text`.
async function waitMirror(page, text) {
  await page.waitForFunction(
    (t) => document.getElementById('vramcalc-results').textContent.includes(t), text,
    { timeout: 5000 });
}

describe('the bit explorer in Chromium', { timeout: 120000 }, () => {
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    ({ server, browser, page } = await startPage(problems));
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('the page starts on the REFERENCE example', async () => {
    const s = await state(page);
    assert.equal(s.bits.dtype, 'bf16');
    assert.deepEqual([s.bits.sign, s.bits.exponent, s.bits.mantissa], [1, 17, 5]);
    assertRelative(s.bits.value, M5);
  });

  test('setBits gives the REFERENCE BF16 pair in state and in the aria-live mirror', async () => {
    assert.equal(await setBits(page, 'bf16', 1, 17, 3), null);
    let s = await state(page);
    assertRelative(s.bits.value, M3);
    assert.equal(s.bits.kind, 'normal');
    assert.equal(s.bits.hex, '0x8883');
    await waitMirror(page, 'BF16 sign 1, exponent 17, mantissa 3 (0x8883) = -7.8842757098352468e-34 (normal)');

    assert.equal(await setBits(page, 'bf16', 1, 17, 5), null);
    s = await state(page);
    assertRelative(s.bits.value, M5);
    assert.deepEqual([s.bits.sign, s.bits.exponent, s.bits.mantissa], [1, 17, 5]);
    assert.equal(s.bits.hex, '0x8885');
    assert.equal(s.error, null);
    await waitMirror(page, 'BF16 sign 1, exponent 17, mantissa 5 (0x8885) = -8.004646331359449e-34 (normal)');
  });

  test('a field outside its width is refused and the explorer kept', async () => {
    const err = await setBits(page, 'bf16', 1, 256, 5);
    assert.match(err, /exponent 256 is out of range for BF16/);
    const s = await state(page);
    assert.equal(s.error, err);
    assertRelative(s.bits.value, M5);
    assert.equal(s.bits.exponent, 17);
    // Set again: the error clears and the panel stays on the example for the screenshot.
    assert.equal(await setBits(page, 'bf16', 1, 17, 5), null);
    assert.equal((await state(page)).error, null);
  });

  test('the header\'s Data types button opens the panel at the top; a click flips a bit',
    async () => {
      await page.evaluate(() => window.vramcalc.setBits('bf16', 1, 17, 5));
      await page.mouse.click(763, 25);  // "Data types", right of the tagline (1280 x 800)
      await page.waitForFunction(() => window.vramcalc.state().dtypes_open);
      await page.waitForTimeout(400);  // the scroll lands on the frames after the click
      // The panel scrolled up, so its bit row sits at y 771: 16 buttons from x 591 (the
      // sign) in steps of 27 px, the field gaps a little wider (page-bits-clicked.png).
      const click = async (x, hex) => {
        await page.mouse.click(x, 771);
        await page.waitForFunction((h) => window.vramcalc.state().bits.hex === h, hex,
          { timeout: 5000 });
      };
      await click(591, '0x0885');  // the sign: -8.00e-34 becomes +8.00e-34
      let s = await state(page);
      assertRelative(s.bits.value, -M5);
      await click(996, '0x0884');  // the last mantissa bit: 5 -> 4
      s = await state(page);
      // 2^(17 - 127) x (1 + 4/128) = 7.703719777548943e-34 x 1.03125
      assertRelative(s.bits.value, 7.703719777548943e-34 * 1.03125);
      await click(618, '0x4884');  // the exponent's top bit: 17 + 128 = 145
      s = await state(page);
      assert.equal(s.bits.exponent, 145);
      assert.equal(s.bits.value, 2 ** 18 * 1.03125);  // 270336, exact
      await page.mouse.move(1279, 799);
      await screenshot(browser, page, 'page-bits-clicked.png');
      assert.equal(await page.evaluate(() => window.vramcalc.setBits('bf16', 1, 17, 5)), null);
      assert.equal((await state(page)).error, null);
    });

  test('the open Data types panel is drawn (screenshot)', async () => {
    await scrollResults(page, 5000);  // the section sits at the end of the results column
    await screenshot(browser, page, 'page-bits.png');
    assert.deepEqual(problems, []);
  });
});
