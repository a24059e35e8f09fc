// <vramcalc-estimate> in dist/embed.html (issue 12): the documentation page served
// under a sub-path, as a static host serves a project, with its own CSP. Its two
// live elements must render tables whose bytes are what the npm module's
// estimate() (the CLI's core) gives for the same attributes; one hand value:
// Llama-3.1-8B's BF16 weights are its published 8,030,261,248 parameters x 2 B.
// Changing an attribute re-renders; a bad model shows the core's message in one
// line. Screenshots: build/screenshots/element-embed.png (light), -dark.png,
// element-llama.png (one element).
// Run: node --test tests/browser/element.test.mjs   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { LAUNCH, dist, newWatchedPage, screenshot, serveDist, shots } from './helpers.mjs';

const PREFIX = '/docs/tools/';
const LLAMA_8B_BF16 = 8030261248 * 2;
// Attributes of an element that are not options of estimate().
const NOT_OPTIONS = new Set(['id', 'model', 'units']);

// What each element shows: its attributes, the status line, and the table's rows
// as [row header, bytes from <data value>, or the cell's text when unknown].
const readElements = (page) => page.evaluate(() => [...document.querySelectorAll('vramcalc-estimate')]
  .map((el) => ({
    attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
    status: el.shadowRoot.querySelector('[role=status]').textContent,
    statusClass: el.shadowRoot.querySelector('[role=status]').className,
    tables: el.shadowRoot.querySelectorAll('table').length,
    rows: [...el.shadowRoot.querySelectorAll('tbody tr, tfoot tr')].map((tr) => {
      const data = tr.querySelector('data');
      return [tr.querySelector('th').textContent, data ? Number(data.value) : tr.cells[1].textContent];
    }),
  })));

// Resolves when every element has drawn a table or an error line.
const rendered = (page) => page.waitForFunction(() => {
  const els = [...document.querySelectorAll('vramcalc-estimate')];
  return els.length > 0 && els.every((el) => el.shadowRoot &&
    el.shadowRoot.querySelector('table, [role=status].error'));
}, null, { timeout: 30000 });

describe('<vramcalc-estimate> on dist/embed.html', { timeout: 120000 }, () => {
  const problems = [];
  const requests = [];
  let core;
  let server;
  let browser;
  let page;
  let origin;

  // The rows the element must show for `attrs`: estimate() of the same module,
  // filtered as `--format markdown` filters (components with bytes, or unknown).
  function expectedRows(attrs) {
    const options = Object.fromEntries(Object.entries(attrs).filter(([k]) => !NOT_OPTIONS.has(k)));
    const e = core.estimate(attrs.model, options);
    const rows = e.details.filter((d) => d.bytes > 0 || !d.known)
      .map((d) => [d.name, d.known ? d.bytes : 'unknown']);
    rows.push(['Total per GPU', e.per_gpu_bytes]);
    if (e.total_bytes !== e.per_gpu_bytes) rows.push(['Total, all GPUs', e.total_bytes]);
    return { rows, e };
  }

  before(async () => {
    assert.ok(existsSync(join(dist, 'embed.html')), 'dist/embed.html missing: run scripts/build_web.sh');
    core = await import(pathToFileURL(join(dist, 'npm-module', 'index.js')).href);
    await core.ready;
    server = await serveDist(dist, PREFIX);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch(LAUNCH);
    page = await newWatchedPage(browser, problems);
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}${PREFIX}embed.html`);
    await rendered(page);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('both live elements render the core\'s bytes, from this origin only, with no errors', async () => {
    const els = await readElements(page);
    assert.deepEqual(els.map((e) => e.attrs.id), ['llama', 'gpt-oss']);
    for (const el of els) {
      const { rows, e } = expectedRows(el.attrs);
      assert.equal(el.tables, 1, el.status);
      assert.deepEqual(el.rows, rows);
      assert.equal(el.statusClass, `verdict ${e.fits ? 'fits' : 'short'}`);
    }
    assert.deepEqual(els[0].rows[0], ['Weights', LLAMA_8B_BF16]);
    // 20.07 GB of tensors (as `vramcalc estimate` gives them) + the RTX 4090's CUDA
    // context, 384 MiB = 0.40 GB (cuda_context_test: 426 MiB x 128/142 SMs).
    assert.equal(els[0].status,
      "Fits: 20.48 GB per GPU of the rtx4090-24gb's 25.32 GB, 4.84 GB headroom.");
    // The CSP allows nothing elsewhere, and nothing elsewhere was asked for (the
    // data: URL is the inlined wasm, read in the page).
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /default-src 'none'/);
    const elsewhere = (u) => !u.startsWith(`${origin}${PREFIX}`) && !u.startsWith('data:');
    assert.deepEqual(requests.filter(elsewhere), []);
    assert.equal(await page.evaluate(() => document.querySelectorAll('canvas').length), 0);
    assert.deepEqual(problems, []);
  });

  test('a table for screen readers: caption, column and row headers, a status line', async () => {
    const shape = await page.$eval('#llama', (el) => {
      const r = el.shadowRoot;
      return {
        caption: r.querySelector('caption').textContent,
        cols: [...r.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
        rowHeads: r.querySelectorAll('tbody th[scope=row]').length,
        rows: r.querySelectorAll('tbody tr').length,
        text: r.textContent,
      };
    });
    assert.equal(shape.caption,
      'Llama-3.1-8B: memory per GPU, from vramcalc estimate llama-3.1-8b --seq 8192 --gpu rtx4090-24gb');
    assert.deepEqual(shape.cols, ['col', 'col', 'col', 'col', 'col']);
    assert.equal(shape.rowHeads, shape.rows);
    assert.match(shape.text, /8,030,261,248 params × 2 B \(BF16\)/);  // the formula, as text
  });

  test('changing an attribute re-renders; a bad model shows the core\'s message', async () => {
    await page.$eval('#llama', (el) => el.setAttribute('seq', '32768'));
    await page.waitForFunction(() => document.querySelector('#llama').shadowRoot
      .querySelector('caption').textContent.includes('--seq 32768'));
    let [el] = await readElements(page);
    assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
    assert.equal(el.rows.find((r) => r[0] === 'KV cache')[1], 4 * 1073741824);  // 4x the 8k cache

    // Training does not fit a 24 GB GPU; a bare count leaves the rest unknown.
    await page.$eval('#llama', (e) => e.setAttribute('mode', 'training'));
    await page.waitForFunction(() => document.querySelector('#llama').shadowRoot
      .querySelector('[role=status].short'));
    [el] = await readElements(page);
    assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
    assert.match(el.status,
      /^Does not fit: [\d.]+ GB per GPU, more than the rtx4090-24gb's 25\.32 GB, [\d.]+ GB short\.$/);
    await page.$eval('#llama', (e) => { e.removeAttribute('mode'); e.setAttribute('model', '7b'); });
    await page.waitForFunction(() => document.querySelector('#llama').shadowRoot
      .querySelector('caption').textContent.includes('estimate 7b'));
    [el] = await readElements(page);
    assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
    assert.ok(el.rows.some((r) => r[1] === 'unknown'), JSON.stringify(el.rows));

    await page.$eval('#llama', (e) => e.setAttribute('model', 'no-such-model'));
    await page.waitForFunction(() => document.querySelector('#llama').shadowRoot
      .querySelector('[role=status].error'));
    [el] = await readElements(page);
    const message = (() => {
      try { core.estimate('no-such-model', {}); } catch (e) { return e.message; }
    })();
    assert.equal(el.status, `vramcalc: ${message}`);
    assert.equal(el.tables, 0);

    await page.$eval('#llama', (e) => {
      e.setAttribute('model', 'llama-3.1-8b');
      e.setAttribute('seq', '8192');
    });
    await rendered(page);
    [el] = await readElements(page);
    assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
    assert.deepEqual(problems, []);
  });

  test('units="gib" shows GiB, the bytes unchanged', async () => {
    await page.$eval('#gpt-oss', (e) => e.setAttribute('units', 'gib'));
    await page.waitForFunction(() => document.querySelector('#gpt-oss').shadowRoot
      .querySelector('caption').textContent.endsWith('--units gib'));
    const [, el] = await readElements(page);
    assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
    const cell = await page.$eval('#gpt-oss', (e) => e.shadowRoot.querySelector('tfoot data').textContent);
    assert.equal(cell, `${(el.rows.at(-1)[1] / 2 ** 30).toFixed(2)} GiB`);
    await page.$eval('#gpt-oss', (e) => e.removeAttribute('units'));
  });

  // What embed.html tells a site to copy: the script and npm-module/ beside it,
  // into a folder of a Markdown-built site whose page holds only the script tag.
  test('the two copied files work in a plain page of another site', async () => {
    const site = mkdtempSync(join(tmpdir(), 'vramcalc-docs-'));
    try {
      cpSync(join(dist, 'vramcalc-element.js'), join(site, 'vramcalc-element.js'));
      cpSync(join(dist, 'npm-module'), join(site, 'npm-module'), { recursive: true });
      writeFileSync(join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">' +
        '<h1>Serving Llama</h1><p>Memory at 8k tokens:</p>\n' +
        '<script type="module" src="vramcalc-element.js"></script>\n' +
        '<vramcalc-estimate model="llama-3.1-8b" seq="8192" gpu="rtx4090-24gb"></vramcalc-estimate>\n');
      const other = await serveDist(site, '/handbook/serving/');
      try {
        const p = await newWatchedPage(browser, problems);
        await p.goto(`http://127.0.0.1:${other.address().port}/handbook/serving/`);
        await rendered(p);
        const [el] = await readElements(p);
        assert.deepEqual(el.rows, expectedRows(el.attrs).rows);
        await p.context().close();
      } finally {
        other.close();
      }
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
    assert.deepEqual(problems, []);
  });

  test('screenshots of the page, light and dark', async () => {
    await screenshot(browser, page, 'element-embed.png', { fullPage: true });
    // The first element alone, as README's picture (docs/element.png is a copy).
    await page.locator('#llama').screenshot({ path: join(shots, 'element-llama.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(browser, page, 'element-embed-dark.png', { fullPage: true });
    assert.deepEqual(problems, []);
  });
});
