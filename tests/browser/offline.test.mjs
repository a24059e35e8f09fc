// Offline after the first visit and installable (issue 12): dist/ copied to a
// temporary site served under a sub-path, as GitHub Pages serves a project. The
// page registers sw.js, whose cache holds one build's files; offline, a reload
// still estimates; a new deploy is used at the next load and its cache replaces
// the old one whole; embed.html and its live iframe embeds open offline too.
// Llama-3.1-8B's BF16 weights: its published 8,030,261,248 parameters x 2 B.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import {
  LAUNCH, dist, newWatchedPage, root, screenshot, serveDist, setOptions, waitFirstFrame,
} from './helpers.mjs';

const PREFIX = '/docs/vramcalc/';
const LLAMA_8B_BF16 = 8030261248 * 2;

const version = (site) => /var VERSION = "([0-9a-f]+)"/.exec(readFileSync(join(site, 'sw.js'), 'utf8'))[1];

describe('offline after the first visit', { timeout: 240000 }, () => {
  const problems = [];
  let site;
  let server;
  let browser;
  let page;
  let url;

  before(async () => {
    site = mkdtempSync(join(tmpdir(), 'vramcalc-site-'));
    cpSync(dist, site, { recursive: true });
    server = await serveDist(site, PREFIX);
    url = `http://127.0.0.1:${server.address().port}${PREFIX}`;
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  // Once the service worker of `build` is active (the browser installs a new one
  // when the page loads and finds sw.js changed): the caches and what `build`'s
  // holds.
  async function cached(build) {
    return page.evaluate(async (v) => {
      const reg = await navigator.serviceWorker.ready;
      const want = 'vramcalc-' + v;
      for (let i = 0; i < 400; ++i) {
        const names = await caches.keys();
        const active = reg.active && reg.active.state === 'activated';
        if (active && names.length === 1 && names[0] === want) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const names = await caches.keys();
      const cache = await caches.open(want);
      const keys = (await cache.keys()).map((r) => r.url.replace(/^.*\/vramcalc\//, ''));
      return { names, keys, scope: reg.scope };
    }, build);
  }

  async function estimates() {
    await setOptions(page, { mode: 'inference', runtime: 'generic', 'weight-dtype': 'bf16' });
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('llama-3.1-8b')), null);
    const s = await page.evaluate(() => window.vramcalc.state());
    assert.equal(s.error, null);
    assert.equal(s.estimate.components.weights, LLAMA_8B_BF16);
  }

  test('installable: manifest and icons from the sub-path', async () => {
    await page.goto(url);
    await waitFirstFrame(page);
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.start_url, './');
    assert.equal(manifest.display, 'standalone');
    for (const icon of manifest.icons) {
      const ok = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, icon.src);
      assert.equal(`${ok[0]}x${ok[1]}`, icon.sizes);
    }
  });

  test('load, go offline, reload: it still estimates', async () => {
    const v1 = version(site);
    const c = await cached(v1);
    assert.equal(c.scope, url);
    assert.deepEqual(c.names, ['vramcalc-' + v1]);
    assert.deepEqual(c.keys.sort(), ['embed.css', 'embed.html', 'embed.js', 'icon-192.png',
      'icon-512.png', 'index.html', 'manifest.webmanifest', `vramcalc.js?v=${v1}`,
      `vramcalc.wasm?v=${v1}`].sort());
    await page.context().setOffline(true);
    await page.reload();
    await waitFirstFrame(page);
    await estimates();
    await screenshot(browser, page, 'offline.png');  // README's docs/offline.png: served offline
    await page.context().setOffline(false);
  });

  test('offline, embed.html opens from the cache and its iframe embeds run', async () => {
    await page.context().setOffline(true);
    const p = await page.context().newPage();
    await p.goto(`${url}embed.html`);
    assert.match(await p.title(), /iframe embed/);
    assert.equal(await p.evaluate(() => getComputedStyle(document.body).margin), '0px');  // embed.css
    // index.html?embed=1 in the iframe: the cached index.html, whatever its query.
    const frame = await (await p.waitForSelector('#embed-llama')).contentFrame();
    await waitFirstFrame(frame);
    const s = await frame.evaluate(() => window.vramcalc.state());
    assert.equal(s.embed, true);
    assert.equal(s.estimate.components.weights, LLAMA_8B_BF16);
    await p.close();
    await page.context().setOffline(false);
  });

  test('a new deploy is used at the next load and replaces the old cache', async () => {
    const v1 = version(site);
    // Deploy: a changed page, stamped as the build script stamps dist/.
    const index = join(site, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<title>', '<title>(build 2) '));
    execFileSync('python3', [join(root, 'web', 'tools', 'stamp_site.py'), join(root, 'web', 'sw.js'), site]);
    const v2 = version(site);
    assert.notEqual(v2, v1);
    await page.reload();
    await waitFirstFrame(page);
    assert.match(await page.title(), /^\(build 2\) /);
    // This build's script and wasm, and only its cache once the new worker runs.
    const src = await page.evaluate(() => document.querySelector('script[src]').src);
    assert.ok(src.endsWith(`vramcalc.js?v=${v2}`), src);
    const c = await cached(v2);
    assert.deepEqual(c.names, ['vramcalc-' + v2]);
    await page.context().setOffline(true);
    await page.reload();
    await waitFirstFrame(page);
    assert.match(await page.title(), /^\(build 2\) /);
    await estimates();
    await page.context().setOffline(false);
    assert.deepEqual(problems, []);
  });
});
