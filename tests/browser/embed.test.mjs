// The iframe embed (issue 12): index.html?embed=1 plus a share link is the compact
// view (state().embed) with only the knobs the link names, its numbers those of the
// native CLI for the same options; it posts its content height to the parent page
// when it changes, never while idle; dist/embed.html, served under a sub-path with
// its own CSP, shows two live embeds that its listener (embed.js) sizes to fit.
// Screenshots: build/screenshots/embed.png (the live embeds of embed.html;
// docs/embed.png is a copy), embed-view.png (one embed at 640 px).
// Run: node --test tests/browser/embed.test.mjs   (after scripts/build_web.sh and the native build)
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import {
  LAUNCH, cliArgs, cliSkip, dist, newWatchedPage, runCli, screenshot, serveDist, shots,
  waitFirstFrame,
} from './helpers.mjs';

const PREFIX = '/docs/tools/';
const LLAMA = 'model=llama-3.1-8b&seq=8192&gpu=rtx4090-24gb';
const QLORA = 'model=llama-3.1-8b&mode=training&method=qlora&checkpointing=full&batch=4&gpu=rtx4090-24gb';

const stateOf = (target) => target.evaluate(() => window.vramcalc.state());
const cliEstimate = (fragment) => JSON.parse(runCli([...cliArgs(fragment), '--format', 'json']));

// Records every message a page receives from a child frame, from its first script
// on: the sender's index among the iframes, its origin and the data.
function recordMessages() {
  window.__messages = [];
  window.addEventListener('message', (e) => {
    const index = [...document.querySelectorAll('iframe')].findIndex((f) => f.contentWindow === e.source);
    window.__messages.push({ index, origin: e.origin, data: e.data });
  });
}
const heights = (page, index) => page.evaluate((i) => window.__messages
  .filter((m) => m.index === i && m.data && m.data.type === 'vramcalc:height')
  .map((m) => m.data.height), index);

// The frame of iframe #id once its app drew its first frame.
async function embedFrame(page, id) {
  const frame = await (await page.waitForSelector(`#${id}`)).contentFrame();
  await waitFirstFrame(frame);
  return frame;
}

describe('the iframe embed (index.html?embed=1)', { timeout: 240000 }, () => {
  const problems = [];
  const requests = [];
  let server;
  let origin;
  let browser;
  let page;  // dist/embed.html

  before(async () => {
    assert.ok(existsSync(join(dist, 'embed.html')), 'dist/ missing: run scripts/build_web.sh first');
    server = await serveDist(dist, PREFIX);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(recordMessages);
    await page.goto(`${origin}${PREFIX}embed.html`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('the embed view: state().embed, only the named knobs, the CLI\'s numbers', { skip: cliSkip }, async () => {
    const p = await newWatchedPage(browser, problems);
    await p.goto(`${origin}${PREFIX}index.html?embed=1#${LLAMA}`);
    await waitFirstFrame(p);
    let s = await stateOf(p);
    assert.equal(s.embed, true);
    assert.deepEqual(s.embed_knobs, ['seq', 'gpu']);
    assert.equal(s.error, null);
    assert.deepEqual(s.estimate, cliEstimate(LLAMA));
    assert.equal(s.verdict.fits, true);
    // A knob changes the answer: 128k tokens of KV cache do not fit a 24 GB card.
    assert.equal(await p.evaluate(() => window.vramcalc.setOption('seq', '131072')), null);
    s = await stateOf(p);
    assert.deepEqual(s.estimate, cliEstimate(LLAMA.replace('seq=8192', 'seq=131072')));
    assert.equal(s.verdict.fits, false);
    // The screen readers' mirror follows (at most every 200 ms).
    await p.waitForFunction(() => /^Does not fit on /.test(
      document.getElementById('vramcalc-results').textContent));
    // A wasm fault: the restarted instance is the same embed with the same knobs.
    assert.match(await p.evaluate(() => window.vramcalc.faultForTest('trap')),
      /^vramcalc hit an internal error and restarted with your settings/);
    await p.evaluate(() => window.vramcalc.ready);
    s = await stateOf(p);
    assert.equal(s.embed, true);
    assert.deepEqual(s.embed_knobs, ['seq', 'gpu']);
    assert.equal(s.inputs.seq, 131072);
    // No file picker in an embed; the full page is not an embed.
    assert.equal(await p.$('#vramcalc-file'), null);
    await p.goto(`${origin}${PREFIX}index.html#${LLAMA}`);
    await waitFirstFrame(p);
    s = await stateOf(p);
    assert.equal(s.embed, false);
    assert.deepEqual(s.embed_knobs, []);
    assert.deepEqual(s.estimate, cliEstimate(LLAMA));
    await p.context().close();
    assert.deepEqual(problems, []);
  });

  test('?knobs= picks the knobs; the link still sets everything', { skip: cliSkip }, async () => {
    const frame = await embedFrame(page, 'embed-qlora');
    const s = await stateOf(frame);
    assert.equal(s.embed, true);
    assert.deepEqual(s.embed_knobs, ['batch']);
    assert.equal(s.inputs.mode, 'training');
    assert.equal(s.inputs.method, 'qlora');
    assert.deepEqual(s.estimate, cliEstimate(QLORA));
  });

  test('embed.html: two live embeds sized to the height each posts, nothing from elsewhere', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-src 'self';/);
    const ids = await page.$$eval('iframe.vramcalc', (fs) => fs.map((f) => f.id));
    assert.deepEqual(ids, ['embed-llama', 'embed-qlora']);
    for (const [index, id] of ids.entries()) {
      const frame = await embedFrame(page, id);
      assert.equal((await stateOf(frame)).embed, true);
      await page.waitForFunction((i) => window.__messages.some((m) => m.index === i), index);
      const posted = await heights(page, index);
      // Once at start (and again only while the first layout settles), not per frame.
      assert.ok(posted.length >= 1 && posted.length <= 3, `${id}: ${posted}`);
      const last = posted.at(-1);
      assert.ok(Number.isInteger(last) && last > 100 && last < 600, `${id}: ${last} px`);
      await page.waitForFunction(([i, h]) => document.querySelectorAll('iframe.vramcalc')[i]
        .getBoundingClientRect().height === h, [index, last]);
      // The content fits the iframe exactly: the canvas is as tall as the height posted.
      assert.equal(await frame.evaluate(() => window.innerHeight), last);
      const msgs = await page.evaluate(() => window.__messages);
      assert.ok(msgs.every((m) => m.origin === origin), JSON.stringify(msgs));
    }
    const elsewhere = (u) => !u.startsWith(`${origin}${PREFIX}`) && !u.startsWith('data:');
    assert.deepEqual(requests.filter(elsewhere), []);
    assert.deepEqual(problems, []);
  });

  test('idle embeds post nothing and draw nothing; a change that moves the content posts again', async () => {
    const frame = await embedFrame(page, 'embed-qlora');
    await page.waitForTimeout(500);
    const count = (await page.evaluate(() => window.__messages.length));
    const frames = (await stateOf(frame)).frames;
    await page.waitForTimeout(1500);
    assert.equal(await page.evaluate(() => window.__messages.length), count, 'messages while idle');
    assert.equal((await stateOf(frame)).frames, frames, 'frames while idle');
    // Batch 8 does not fit; a refused value's error line makes the content taller,
    // and the next good value takes it away again.
    assert.equal(await frame.evaluate(() => window.vramcalc.setOption('batch', '8')), null);
    assert.equal((await stateOf(frame)).verdict.fits, false);
    const h0 = (await heights(page, 1)).at(-1);
    const newHeight = async (n) => {
      await page.waitForFunction((k) => window.__messages.filter((m) => m.index === 1).length > k, n);
      const h = (await heights(page, 1)).at(-1);
      await page.waitForFunction((x) => document.getElementById('embed-qlora')
        .getBoundingClientRect().height === x, h);
      assert.equal(await frame.evaluate(() => window.innerHeight), h);
      return h;
    };
    let n = (await heights(page, 1)).length;
    assert.notEqual(await frame.evaluate(() => window.vramcalc.setOption('batch', 'many')), null);
    const taller = await newHeight(n);
    assert.ok(taller > h0, `${taller} > ${h0}`);
    n = (await heights(page, 1)).length;
    assert.equal(await frame.evaluate(() => window.vramcalc.setOption('batch', '4')), null);
    assert.equal(await newHeight(n), h0);
    assert.equal((await stateOf(frame)).verdict.fits, true);
  });

  test('"Open in vramcalc" opens the full page with the same settings', async () => {
    const frame = await embedFrame(page, 'embed-llama');
    await frame.evaluate(() => window.vramcalc.setOption('seq', '16384'));
    await page.locator('#embed-llama').scrollIntoViewIfNeeded();
    const box = await (await page.$('#embed-llama')).boundingBox();
    const popup = page.context().waitForEvent('page');
    // The button ends 8 px (the window padding) from the right, on the first line.
    await page.mouse.move(box.x + box.width - 40, box.y + 19);
    await page.waitForTimeout(100);  // a frame sees the hover before the click
    await page.mouse.click(box.x + box.width - 40, box.y + 19);
    const full = await popup;
    await waitFirstFrame(full);
    assert.equal(full.url(), `${origin}${PREFIX}index.html#${LLAMA.replace('8192', '16384')}`);
    const s = await stateOf(full);
    assert.equal(s.embed, false);
    assert.equal(s.inputs.seq, 16384);
    await full.close();
    await frame.evaluate(() => window.vramcalc.setOption('seq', '8192'));
    assert.deepEqual(problems, []);
  });

  test('a tooltip goes when the pointer leaves the iframe', async () => {
    const frame = await embedFrame(page, 'embed-llama');
    await page.locator('#embed-llama').scrollIntoViewIfNeeded();
    const box = await (await page.$('#embed-llama')).boundingBox();
    const clip = { x: box.x + box.width - 420, y: box.y, width: 420, height: 80 };
    await page.mouse.move(box.x + 10, box.y + box.height + 40);  // outside, on embed.html
    await page.waitForTimeout(300);
    const plain = await page.screenshot({ clip });
    const f = (await stateOf(frame)).frames;
    await page.mouse.move(box.x + box.width - 40, box.y + 19);  // "Open in vramcalc": its tooltip
    await frame.waitForFunction((n) => window.vramcalc.state().frames > n, f);
    await page.waitForTimeout(300);
    assert.notDeepEqual(await page.screenshot({ clip }), plain, 'no tooltip or hover drawn');
    await page.mouse.move(box.x + 10, box.y + box.height + 40);
    await page.waitForTimeout(300);
    assert.deepEqual(await page.screenshot({ clip }), plain, 'the tooltip stayed after the pointer left');
  });

  test('screenshots: the live embeds of embed.html, one embed at 640 px', async () => {
    await page.mouse.move(0, 0);
    const live = page.locator('#live-embeds');
    await live.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const box = await live.boundingBox();  // with a margin of the page around it
    await page.screenshot({ path: join(shots, 'embed.png'),
      clip: { x: box.x - 16, y: box.y - 12, width: box.width + 32, height: box.height + 24 } });
    const p = await newWatchedPage(browser, problems);
    await p.setViewportSize({ width: 640, height: 400 });
    await p.goto(`${origin}${PREFIX}index.html?embed=1#${LLAMA}`);
    await waitFirstFrame(p);
    await screenshot(browser, p, 'embed-view.png');
    await p.context().close();
    assert.deepEqual(problems, []);
  });
});
