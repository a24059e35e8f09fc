// The answer first (issue 10 item 4) on the real page: state().verdict for
// "Llama-3.3-70B on 2 x H100, TP 2, 32k" set through setOption equals the pure
// estimate() of the same options and `vramcalc fit`'s answers; vLLM's refusal
// and llama.cpp's layers that fit reach the verdict and the aria-live mirror's
// first line; screenshots at 1280x800 and 360x740 for a human to look at.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  newWatchedPage, root, screenshot, setOptions, startPage, state, waitFirstFrame,
} from './helpers.mjs';

const cli = join(root, 'build', 'native', 'vramcalc');
const cliSkip = existsSync(cli) ? false : `native CLI missing (${cli}): run the native build`;

// The question of issue 10, as options keyed by the CLI's names.
const QUESTION = { mode: 'inference', runtime: 'generic', batch: 1, seq: 32768,
  'weight-dtype': 'bf16', gpu: 'h100-80gb', gpus: 2, tp: 2 };
const mirror = (page) => page.evaluate(() => document.getElementById('vramcalc-results').textContent);

describe('the verdict comes first', { timeout: 180000 }, () => {
  let server;
  let browser;
  let page;
  let origin;
  const problems = [];

  before(async () => {
    ({ server, origin, browser, page } = await startPage(problems));
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('Llama-3.3-70B on 2 x H100, TP 2, 32k: fits, numbers equal estimate()', async () => {
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('llama-3.3-70b')), null);
    await setOptions(page, QUESTION);
    const s = await state(page);
    assert.equal(s.error, null);
    const pure = await page.evaluate((o) => window.vramcalc.estimate('llama-3.3-70b', o), QUESTION);
    assert.equal(s.estimate.per_gpu_bytes, pure.per_gpu_bytes);
    assert.deepEqual(s.estimate.components, pure.components);
    assert.deepEqual(s.estimate.gpu_shares, pure.gpu_shares);
    const v = s.verdict;
    assert.equal(v.fits, true);
    assert.equal(v.fits, pure.fits);
    assert.equal(v.gpu_memory_bytes, pure.gpu_memory_bytes);
    assert.equal(v.headroom_bytes, pure.gpu_memory_bytes - pure.per_gpu_bytes);
    assert.ok(v.headroom_bytes > 0);
    // tp alone: every GPU holds the same share, so none is singled out.
    assert.equal(pure.gpu_shares.length, 1);
    assert.equal(v.busiest_gpu, undefined);
    assert.ok(v.max_batch.value >= 1 && v.max_seq.value >= 32768, JSON.stringify(v));
    assert.match(v.text, /^Fits on 2 x NVIDIA H100 80GB \(SXM\), tp 2: [0-9.]+ GB free on each GPU\./);
    // The mirror (debounced) leads with the same sentence.
    await page.waitForFunction((t) =>
      document.getElementById('vramcalc-results').textContent.startsWith(t), v.text);
    await page.mouse.move(1279, 799);
    await screenshot(browser, page, 'verdict-70b-tp2.png');
  });

  test('the solver answers are `vramcalc fit`\'s', { skip: cliSkip }, async () => {
    const v = (await state(page)).verdict;
    const fit = JSON.parse(execFileSync(cli, ['fit', 'llama-3.3-70b', '--mode', 'inference',
      '--runtime', 'generic', '--batch', '1', '--seq', '32768', '--weight-dtype', 'bf16',
      '--gpu', 'h100-80gb', '--gpus', '2', '--tp', '2', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(v.max_batch, fit.max_batch);
    assert.deepEqual(v.max_seq, fit.max_seq);
    assert.equal(v.min_gpus, fit.min_gpus);
  });

  test('tp 2 x pp 2: per-GPU shares with the busiest one marked', async () => {
    await setOptions(page, { gpus: 4, pp: 2 });
    const s = await state(page);
    const v = s.verdict;
    assert.equal(s.estimate.gpu_shares.length, 2);
    const busiest = s.estimate.gpu_shares[s.estimate.busiest_gpu];
    assert.equal(v.busiest_gpu.index, s.estimate.busiest_gpu);
    assert.equal(v.busiest_gpu.bytes, busiest.bytes);
    assert.equal(v.headroom_bytes, v.gpu_memory_bytes - busiest.bytes);
    assert.ok(v.text.includes(`on the busiest GPU (${busiest.device})`), v.text);
    await page.mouse.move(1279, 799);
    await screenshot(browser, page, 'verdict-70b-tp2-pp2.png');
    await setOptions(page, { pp: 1, gpus: 2 });
  });

  test('vLLM that would not start: the refusal is the verdict and a warning', async () => {
    await setOptions(page, { runtime: 'vllm', seq: 131072, gpus: 1, tp: 1 });
    let v = (await state(page)).verdict;
    assert.equal(v.fits, false);
    assert.equal(typeof v.vllm.failure, 'string');
    assert.ok(v.warnings.some((w) => w.startsWith('vLLM would not start: ')), JSON.stringify(v));
    assert.match(v.text, /vLLM would not start: /);
    assert.ok(v.min_gpus > 1, `min_gpus ${v.min_gpus}`);
    await page.waitForFunction(() => /^Does not fit/.test(
      document.getElementById('vramcalc-results').textContent));
    await page.mouse.move(1279, 799);
    await screenshot(browser, page, 'verdict-vllm-refuses.png');
    // At the fewest GPUs it names, it starts: KV tokens and concurrency from vLLM.
    await setOptions(page, { gpus: v.min_gpus, tp: v.min_gpus });
    v = (await state(page)).verdict;
    assert.equal(v.fits, true, v.text);
    assert.equal(v.vllm.failure, null);
    assert.ok(v.vllm.kv_tokens >= 131072 && v.vllm.max_concurrent_seqs >= 1);
    assert.equal(v.max_batch.value, v.vllm.max_concurrent_seqs);
  });

  test('llama.cpp: the layers that fit, never "N of N" beside "does not fit"', async () => {
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('llama-3.1-8b')), null);
    await setOptions(page, { runtime: 'llamacpp', seq: 4096, gpus: 1, tp: 1, gpu: 'rtx4060-8gb' });
    const v = (await state(page)).verdict;
    assert.equal(v.fits, false);
    assert.ok(v.gpu_layers.value > 0 && v.gpu_layers.value < 32, JSON.stringify(v.gpu_layers));
    assert.ok(v.text.includes(`${v.gpu_layers.value} of 32`), v.text);
    assert.ok(!v.text.includes('32 of 32'), v.text);
    await page.waitForFunction((t) =>
      document.getElementById('vramcalc-results').textContent.startsWith(t), v.text);
    assert.ok((await mirror(page)).includes(`${v.gpu_layers.value} of 32`));
    await page.mouse.move(1279, 799);
    await screenshot(browser, page, 'verdict-llamacpp.png');
  });

  test('360 x 740: the verdict sits above the inputs', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const phone = await context.newPage();
    phone.on('pageerror', (e) => problems.push(String(e).slice(0, 300)));
    await phone.goto(`${origin}/index.html`);
    await waitFirstFrame(phone);
    assert.equal(await phone.evaluate(() => window.vramcalc.selectPreset('llama-3.3-70b')), null);
    await setOptions(phone, QUESTION);
    assert.equal((await state(phone)).verdict.fits, true);
    await screenshot(browser, phone, 'verdict-360.png');
    await context.close();
  });

  test('no console errors', () => {
    assert.deepEqual(problems, []);
  });
});
