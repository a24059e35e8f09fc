// The light and dark themes (issue 10 item 5) in Chromium: the page starts in the
// browser's prefers-color-scheme (Playwright's colorScheme), the HTML background
// and the canvas both in that theme's page colour (imgui_ui/palette.cpp: dark
// #171a1f = 23,26,31; light #f6f7f9 = 246,247,249), a later switch of the system
// scheme followed, the header's Light/Dark switch kept in the share link and in
// state(), a link with theme= opening in that theme in a browser that prefers the
// other (from its very first paint), and screenshots of both themes at 1280x800
// and 360x740 (build/screenshots/theme-*.png; docs/theme-*.png are copies).
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  LAUNCH, newWatchedPage, screenshot, serveDist, settle, state, waitFirstFrame,
} from './helpers.mjs';
import { chromium } from 'playwright-core';

const DARK_BG = [23, 26, 31];
const LIGHT_BG = [246, 247, 249];
// The header's switch at 1280 x 800 (build/screenshots/theme-dark-1280.png): the
// "Dark" and "Light" radio buttons right of "Data types", left of "Units".
const DARK_RADIO = [960, 25];
const LIGHT_RADIO = [1033, 25];
const EMPTY_HEADER = [700, 8];  // between the tagline and the controls
const WITH_GPU = 'model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb';

// The colour of one CSS pixel of the page as drawn (a 1x1 screenshot, decoded by
// the browser in a blank page).
async function pixel(browser, page, [x, y]) {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  const blank = await browser.newPage();
  try {
    return await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = 1;
      c.height = 1;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    }, png.toString('base64'));
  } finally {
    await blank.close();
  }
}

const bodyBackground = (page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const hashOf = (page) => page.evaluate(() => location.hash.slice(1));


describe('light and dark themes in Chromium', { timeout: 180000 }, () => {
  const problems = [];
  let server;
  let origin;
  let browser;

  before(async () => {
    server = await serveDist();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(colorScheme, fragment = '', viewport = { width: 1280, height: 800 }) {
    const page = await newWatchedPage(browser, problems, { colorScheme, viewport });
    await page.goto(`${origin}/index.html${fragment}`);
    await waitFirstFrame(page);
    await settle(page);
    return page;
  }

  for (const [scheme, bg, css] of [['dark', DARK_BG, 'rgb(23, 26, 31)'],
    ['light', LIGHT_BG, 'rgb(246, 247, 249)']]) {
    test(`a browser preferring ${scheme} gets the ${scheme} theme`, async () => {
      // With a GPU, so the verdict's colour and the plot's capacity line are in the picture.
      const page = await open(scheme, `#${WITH_GPU}`);
      const s = await state(page);
      assert.deepEqual(s.theme, { shown: scheme, system: scheme, chosen: false });
      assert.equal(s.inputs.theme, scheme);
      assert.equal(await hashOf(page), WITH_GPU);  // the browser's own theme: no key
      assert.equal(await bodyBackground(page), css);
      assert.deepEqual(await pixel(browser, page, EMPTY_HEADER), bg);
      await page.mouse.move(1279, 799);
      await screenshot(browser, page, `theme-${scheme}-1280.png`);
      await page.setViewportSize({ width: 360, height: 740 });
      await settle(page);
      await screenshot(browser, page, `theme-${scheme}-360.png`);
      await page.context().close();
    });
  }

  test('a later switch of the system scheme is followed', async () => {
    const page = await open('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => window.vramcalc.state().theme.shown === 'light');
    await settle(page);
    assert.deepEqual(await pixel(browser, page, EMPTY_HEADER), LIGHT_BG);
    assert.equal(await bodyBackground(page), 'rgb(246, 247, 249)');
    await page.context().close();
  });

  test('the switch goes into the link, which opens in that theme elsewhere', async () => {
    const page = await open('dark');
    await page.mouse.click(...LIGHT_RADIO);
    await page.waitForFunction(() => location.hash.includes('theme=light'));
    let s = await state(page);
    assert.deepEqual(s.theme, { shown: 'light', system: 'dark', chosen: true });
    const fragment = await hashOf(page);
    assert.equal(fragment, 'model=llama-3.1-8b&theme=light');
    await settle(page);
    assert.deepEqual(await pixel(browser, page, EMPTY_HEADER), LIGHT_BG);
    await page.mouse.click(...DARK_RADIO);  // back to the browser's own: the key goes
    await page.waitForFunction(() => !location.hash.includes('theme='));
    s = await state(page);
    assert.deepEqual(s.theme, { shown: 'dark', system: 'dark', chosen: false });
    await page.context().close();

    // Opened in another browser that prefers dark: light from the first paint (the
    // page script reads theme= before the wasm loads), then drawn light.
    const other = await newWatchedPage(browser, problems, { colorScheme: 'dark' });
    await other.goto(`${origin}/index.html#${fragment}`, { waitUntil: 'domcontentloaded' });
    assert.equal(await other.evaluate(() => document.documentElement.dataset.theme), 'light');
    await waitFirstFrame(other);
    await settle(other);
    assert.deepEqual((await state(other)).theme, { shown: 'light', system: 'dark', chosen: true });
    assert.equal(await hashOf(other), fragment);
    assert.deepEqual(await pixel(browser, other, EMPTY_HEADER), LIGHT_BG);
    // setOption is the JS API's switch, as for units.
    assert.equal(await other.evaluate(() => window.vramcalc.setOption('theme', 'dark')), null);
    assert.match(await other.evaluate(() => window.vramcalc.setOption('theme', 'sepia')),
      /theme: 'sepia' is not dark\|light/);
    await other.context().close();
    assert.deepEqual(problems, []);
  });
});
