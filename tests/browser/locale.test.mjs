// The Chinese interface (issue 12, item 7) on the real page (dist/, Chromium): the
// language comes from navigator.language (the context's locale), an English page
// never asks for zh-glyphs.ttf, a zh-CN page fetches it once, shows Chinese with
// the same numbers as the English page, and keeps working offline from the
// service worker's cache; the switch in the header flips the language, the share
// link carries lang=zh and opening it restores Chinese. Screenshot for a human:
// build/screenshots/zh.png (README's docs/zh.png is a copy).
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { LAUNCH, dist, screenshot, serveDist, setOptions, state, waitFirstFrame } from './helpers.mjs';

const FONT = '/zh-glyphs.ttf';
// What the screenshot and the comparison show: a GPU for the verdict, a long context.
const OPTIONS = { seq: '8192', gpu: 'rtx4090-24gb' };
// Where the header's language switch is drawn at 1280x800 (CSS pixels), read off
// build/screenshots/zh.png: the labels of its radio buttons, left of the units.
const ZH_SWITCH = [912, 25];  // "中文" on the English page
const EN_SWITCH = [855, 25];  // "EN" on the Chinese page
// state() without what differs between pages showing the same numbers.
const numbers = (s) => ({ model: s.model, estimate: s.estimate, verdict: s.verdict });

describe('the Chinese interface', { timeout: 240000 }, () => {
  const problems = [];
  const fontRequests = [];  // every zh-glyphs.ttf the server saw (page and worker)
  let server;
  let origin;
  let browser;
  let english;  // state() of the English page, for the numbers

  before(async () => {
    assert.ok(existsSync(join(dist, 'index.html')), 'dist/ missing: run scripts/build_web.sh first');
    server = await serveDist();
    server.on('request', (req) => { if (req.url.startsWith(FONT)) fontRequests.push(req.url); });
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  // A fresh context with `locale` (navigator.language), a 1280x800 watched page on `url`.
  async function open(locale, url = `${origin}/index.html`) {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      // A Chinese font that failed to load is a warning on the page; here it is a failure.
      if (m.type() === 'error' || m.text().includes('font was not loaded')) {
        problems.push(m.text().slice(0, 300));
      }
    });
    page.on('pageerror', (e) => problems.push(String(e).slice(0, 300)));
    await page.goto(url);
    await waitFirstFrame(page);
    return page;
  }

  // Resolves once the page has drawn a frame with the Chinese font in its atlas:
  // the font's arrival bumps the state, and the next frame is drawn with it.
  async function fontDrawn(page) {
    await page.waitForFunction(() => performance.getEntriesByType('resource')
      .some((r) => r.name.includes('zh-glyphs.ttf') && r.responseEnd > 0), null, { timeout: 20000 });
    const f = (await state(page)).frames;
    await page.waitForFunction((n) => window.vramcalc.state().frames > n, f, { timeout: 10000 })
      .catch(() => {});  // already drawn before we looked: nothing left to wait for
    await page.waitForTimeout(300);
  }

  // The service worker of this page is active: the names its cache holds.
  const cachedNames = (page) => page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 200 && !navigator.serviceWorker.controller; ++i) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const keys = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) keys.push(new URL(r.url).pathname);
    }
    return keys;
  });

  test('an English page (en-US) stays English and never asks for the Chinese font', async () => {
    const page = await open('en-US');
    await setOptions(page, OPTIONS);
    const s = await state(page);
    assert.equal(s.lang, 'en');
    assert.equal(s.inputs.lang, 'en');
    english = numbers(s);
    const cached = await cachedNames(page);  // the offline copy is complete...
    assert.ok(cached.includes('/index.html'), cached.join(' '));
    assert.ok(!cached.includes(FONT), 'not precached for English visitors');  // ...without it
    await page.waitForTimeout(500);
    assert.deepEqual(fontRequests, []);
    assert.equal(await page.evaluate(() => location.hash), '#model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb');
    await page.context().close();
    assert.deepEqual(problems, []);
  });

  test('a zh-CN page shows Chinese, fetches the font once, the numbers unchanged, offline too', async () => {
    const page = await open('zh-CN');
    await setOptions(page, OPTIONS);
    await fontDrawn(page);
    const s = await state(page);
    assert.equal(s.lang, 'zh');
    assert.equal(s.error, null);
    assert.deepEqual(numbers(s), english);  // formulas and numbers are not translated
    // The address bar says zh only because the browser chose it: lang= is in the link.
    assert.match(await page.evaluate(() => location.hash), /&lang=zh$/);
    assert.deepEqual(fontRequests, [FONT]);
    await screenshot(browser, page, 'zh.png');

    // The page fetched the font before its service worker controlled it; the
    // worker kept the bytes it was handed, so offline the reload is Chinese still.
    for (let i = 0; i < 100 && !(await cachedNames(page)).includes(FONT); ++i) {
      await page.waitForTimeout(50);
    }
    assert.ok((await cachedNames(page)).includes(FONT), 'kept for offline use');
    await page.context().setOffline(true);
    await page.reload();
    await waitFirstFrame(page);
    await fontDrawn(page);
    const offline = await state(page);
    assert.equal(offline.lang, 'zh');
    assert.deepEqual(numbers(offline), english);
    await page.context().setOffline(false);
    assert.deepEqual(fontRequests, [FONT], 'the offline reload came from the cache');
    await page.context().close();
    assert.deepEqual(problems, []);
  });

  test('the switch flips the language; the share link carries lang=zh and restores it', async () => {
    fontRequests.length = 0;
    const page = await open('en-US');
    assert.equal((await state(page)).lang, 'en');
    // The header's 中文 radio button (right-aligned, the first row of the page).
    await page.mouse.click(...ZH_SWITCH);
    await page.waitForFunction(() => window.vramcalc.state().lang === 'zh', null, { timeout: 10000 });
    await fontDrawn(page);
    assert.deepEqual(fontRequests, [FONT]);
    const link = await page.evaluate(() => window.vramcalc.shareLink());
    assert.match(link, /#model=llama-3\.1-8b&lang=zh$/);
    // And back: EN names itself, so the way back is readable in either language.
    await page.mouse.click(...EN_SWITCH);
    await page.waitForFunction(() => window.vramcalc.state().lang === 'en', null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.vramcalc.shareLink()), `${origin}/index.html#model=llama-3.1-8b`);
    await page.context().close();

    // The link opened by an English browser: Chinese, as the sender saw it.
    const opened = await open('en-US', link);
    await fontDrawn(opened);
    const s = await state(opened);
    assert.equal(s.lang, 'zh');
    assert.equal(s.error, null);
    await opened.context().close();
    assert.deepEqual(problems, []);
  });
});
