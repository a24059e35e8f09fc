// Share links and export on the real page (dist/, Chromium): the whole state
// survives a link into a fresh page, the address bar follows every change
// without adding history entries, hostile fragments are refused with one line
// and the defaults kept, a dropped file is named (not lost) in a link, and
// export()/download()/copyMarkdown() give exactly what the native CLI prints
// for the same model and options (the link's keys turned into CLI arguments).
// Run: node --test tests/browser   (after scripts/build_web.sh and the native build)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  dropBytes, newWatchedPage, root, screenshot, setOptions, startPage, state, waitFirstFrame,
} from './helpers.mjs';

const cli = join(root, 'build', 'native', 'vramcalc');
const cliSkip = existsSync(cli) ? false : `native CLI missing (${cli}): run the native build`;

// A link's fragment as CLI arguments: model= is MODEL, every other key --key=value
// (plot, bits and lang are the page's own display keys).
function cliArgs(fragment) {
  const args = ['estimate'];
  for (const part of fragment.split('&')) {
    const [key, value] = part.split('=').map(decodeURIComponent);
    if (key === 'model') args.splice(1, 0, value);
    else if (key !== 'plot' && key !== 'bits' && key !== 'lang') args.push(`--${key}=${value}`);
  }
  return args;
}
const runCli = (args) => execFileSync(cli, args, { encoding: 'utf8' });

const hashOf = (page) => page.evaluate(() => location.hash.slice(1));
const waitHash = (page, needle) =>
  page.waitForFunction((n) => location.hash.includes(n), needle, { timeout: 10000 });
// state() without what differs between two pages showing the same thing.
const shown = (s) => ({ inputs: s.inputs, model: s.model, estimate: s.estimate, bits: s.bits });

describe('share links and export', { timeout: 240000 }, () => {
  let server;
  let origin;
  let browser;
  let page;
  let defaults;
  const problems = [];

  before(async () => {
    ({ server, origin, browser, page } = await startPage(problems));
    defaults = shown(await state(page));
  });

  after(async () => {
    await browser?.close();
    server?.close();
    assert.deepEqual(problems, []);
  });

  // Opens `url` in a fresh page of its own and returns it after the first frame.
  async function open(url) {
    const p = await newWatchedPage(browser, problems);
    await p.goto(url);
    await waitFirstFrame(p);
    return p;
  }

  test('the address bar names the model and follows changes without history entries', async () => {
    await waitHash(page, 'model=llama-3.1-8b');
    assert.equal(await hashOf(page), 'model=llama-3.1-8b');
    const length = await page.evaluate(() => history.length);
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('qwen2.5-7b')), null);
    await setOptions(page, { batch: '4', seq: '8192', gpu: 'h100-80gb', units: 'gib',
      'kv-dtype': 'fp8', plot: 'batch' });
    await waitHash(page, 'plot=batch');
    assert.equal(await hashOf(page),
      'model=qwen2.5-7b&batch=4&seq=8192&kv-dtype=fp8&gpu=h100-80gb&units=gib&plot=batch');
    assert.equal(await page.evaluate(() => history.length), length, 'replaceState only');
    assert.equal(await page.evaluate(() => window.vramcalc.shareLink()),
      `${origin}/index.html#${await hashOf(page)}`);
  });

  test('a link reopens the same view in a fresh page', async () => {
    assert.equal(await page.evaluate(() => window.vramcalc.setBits('fp16', 0, 15, 1)), null);
    await setOptions(page, { mode: 'training', method: 'qlora', 'lora-rank': '8',
      checkpointing: 'full', textbook: 'true' });
    await waitHash(page, 'bits=fp16');
    const link = await page.evaluate(() => window.vramcalc.shareLink());
    const want = shown(await state(page));
    const other = await open(link);
    const got = await state(other);
    assert.equal(got.error, null);
    assert.deepEqual(shown(got), want);
    assert.equal(await hashOf(other), link.split('#')[1]);
    await other.context().close();
  });

  test('a link keeps the page\'s query (?embed=1) and opens in it', async () => {
    const link = `${origin}/index.html?embed=1#model=gpt2&seq=512`;
    const p = await open(link);
    const s = await state(p);
    assert.equal(s.error, null);
    assert.equal(s.inputs.preset, 'gpt2');
    assert.equal(s.inputs.seq, 512);
    assert.equal(await p.evaluate(() => window.vramcalc.shareLink()), link);
    await p.context().close();
  });

  test('export() is what the CLI prints for the link\'s options', { skip: cliSkip }, async () => {
    for (const options of [{}, { mode: 'inference', batch: '2', seq: '4096', units: 'gb' },
      { runtime: 'llamacpp', 'weight-dtype': 'int4', 'gpu-layers': '20' }]) {
      await setOptions(page, options);
      const fragment = await page.evaluate(() => window.vramcalc.shareLink().split('#')[1]);
      for (const format of ['json', 'markdown', 'csv']) {
        const text = await page.evaluate((f) => window.vramcalc.export(f), format);
        assert.equal(text, runCli([...cliArgs(fragment), '--format', format]), `${format} ${fragment}`);
      }
      const json = JSON.parse(await page.evaluate(() => window.vramcalc.export('json')));
      assert.deepEqual(json, (await state(page)).estimate, 'export json = state().estimate');
    }
    const err = await page.evaluate(() => {
      try { window.vramcalc.export('xml'); return null; } catch (e) { return [e.code, e.message]; }
    });
    assert.equal(err[0], 'invalid_option');
    assert.match(err[1], /json\|markdown\|csv/);
  });

  test('download() saves the export; copyMarkdown() puts it on the clipboard', async () => {
    for (const [format, name] of [['csv', 'vramcalc.csv'], ['json', 'vramcalc.json'],
      ['markdown', 'vramcalc.md']]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.evaluate((f) => window.vramcalc.download(f), format),
      ]);
      assert.equal(download.suggestedFilename(), name);
      const saved = readFileSync(await download.path(), 'utf8');
      assert.equal(saved, await page.evaluate((f) => window.vramcalc.export(f), format));
    }
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    assert.equal(await page.evaluate(() => window.vramcalc.copyMarkdown()), null);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, await page.evaluate(() => window.vramcalc.export('markdown')));
    assert.equal(await page.evaluate(() => window.vramcalc.copyLink()), null);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()),
      await page.evaluate(() => window.vramcalc.shareLink()));
  });

  // The row under the totals at 1280x800 with a GPU chosen (the verdict block above
  // it): y = 214; "Copy link" at x = 477, "CSV" at x = 825 (build/screenshots/page-share.png).
  test('the share row\'s buttons copy the link and download the CSV', async () => {
    const p = await open(`${origin}/index.html`);
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await setOptions(p, { gpu: 'h100-80gb' });
    await screenshot(browser, p, 'page-share.png');
    const press = async (x, y) => {  // ImGui 1.86 needs the press and release in separate frames
      await p.mouse.move(x, y);
      await p.waitForTimeout(100);
      await p.mouse.down();
      await p.waitForTimeout(100);
      await p.mouse.up();
    };
    const [download] = await Promise.all([p.waitForEvent('download'), press(825, 214)]);
    assert.equal(download.suggestedFilename(), 'vramcalc.csv');
    assert.equal(readFileSync(await download.path(), 'utf8'),
      await p.evaluate(() => window.vramcalc.export('csv')));
    await p.evaluate(() => navigator.clipboard.writeText('before the click'));
    await press(477, 214);
    const link = await p.evaluate(() => window.vramcalc.shareLink());
    assert.match(link, /#model=llama-3\.1-8b&gpu=h100-80gb$/);
    let clip = '';
    for (let i = 0; i < 50 && clip !== link; ++i) {  // the copy runs after the frame
      clip = await p.evaluate(() => navigator.clipboard.readText());
      if (clip !== link) await p.waitForTimeout(50);
    }
    assert.equal(clip, link);
    assert.equal((await state(p)).error, null);
    await p.context().close();
  });

  test('hostile fragments are refused with one line and the defaults kept', async () => {
    const checkRefused = (s, h) => {
      assert.match(String(s.error), /^link ignored: /, h.slice(0, 40));
      assert.ok(!s.error.includes('\n') && s.error.length < 400, s.error);
      assert.ok(!/[\u0000-\u001f\u202e]/.test(s.error), `raw control text: ${s.error}`);
    };
    // Opened from the address bar: the page starts with its defaults.
    const p = await newWatchedPage(browser, problems);
    for (const h of ['a'.repeat(100000), 'model=%0A%1B%5B2J', 'batch=%zz', 'batch=1e99']) {
      await p.goto('about:blank');  // a load, not a same-document fragment change
      await p.goto(`${origin}/index.html#${h}`);
      await waitFirstFrame(p);
      const s = await state(p);
      checkRefused(s, h);
      assert.deepEqual(shown(s), defaults, `defaults kept for ${h.slice(0, 40)}`);
      assert.equal(await hashOf(p), 'model=llama-3.1-8b', 'the address bar shows the state');
    }
    // Typed into the address bar of a running page: refused, the state kept as it was.
    for (const h of ['batch=4%', 'foo=1', 'batch=99999999999999999999999999', 'seq=-5',
      'batch=1&batch=2', 'model=%E2%80%AEevil', 'constructor=1&__proto__=2', '%',
      'model=gpt2&file=config.json', `seq=${'9'.repeat(3000)}`]) {
      await setOptions(p, { batch: '7' });  // also clears the previous message
      const before = shown(await state(p));
      await p.evaluate((f) => { location.hash = `#${f}`; }, h);
      await p.waitForFunction(() => /^link ignored/.test(window.vramcalc.state().error || ''),
        null, { timeout: 10000 });
      const s = await state(p);
      checkRefused(s, h);
      assert.deepEqual(shown(s), before, `kept for ${h.slice(0, 40)}`);
    }
    await p.evaluate(() => { location.hash = '#model=gpt2&seq=512'; });
    await p.waitForFunction(() => window.vramcalc.state().inputs.preset === 'gpt2');
    assert.equal((await state(p)).inputs.seq, 512);
    assert.equal((await state(p)).inputs.batch, 1, 'a link starts from the defaults');
    await p.context().close();
  });

  test('a dropped file is named in the link, and opening it says so', async () => {
    const config = JSON.stringify({ model_type: 'llama', hidden_size: 64, num_hidden_layers: 2,
      num_attention_heads: 4, num_key_value_heads: 2, intermediate_size: 128, vocab_size: 100 });
    const p = await open(`${origin}/index.html`);
    await dropBytes(p, Buffer.from(config), 'tiny config.json');
    await p.waitForFunction(() => window.vramcalc.state().inputs.model_source === 'file');
    await setOptions(p, { seq: '1024' });
    await waitHash(p, 'seq=1024');
    assert.equal(await hashOf(p), 'file=tiny%20config.json&seq=1024');
    const link = await p.evaluate(() => window.vramcalc.shareLink());
    const other = await open(link);
    const s = await state(other);
    assert.match(s.error, /dropped file \(tiny config\.json\).*drop it again/);
    assert.equal(s.inputs.seq, 1024);
    assert.equal(s.inputs.model_source, 'preset');
    await other.context().close();
    await p.context().close();
  });
});
