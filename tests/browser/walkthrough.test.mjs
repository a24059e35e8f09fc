// Issue 10's two questions answered as a new user would, on the real page with the
// defaults, by keyboard and clicks only (no API call sets an input): the answers
// must be the CLI's for the same link, and the steps are counted. Then the answer's
// share link is opened at 360x740, 1280x800 and 3840x2160 (DPR 2) for the README's
// screenshots (build/screenshots/walk-*.png; docs/walk-*.png are copies).
//   Q1: does Llama-3.1-70B fit on 2 x H100 for 32k-context BF16 inference, and what batch?
//   Q2: QLoRA of Llama-3.1-8B, rank 16, batch 4, seq 2048 on a 24 GB RTX 4090?
// Run: node --test tests/browser/walkthrough.test.mjs   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  cliArgs, cliSkip, newWatchedPage, pressKey, runCli, screenshot, startPage, state,
  tabTo as tabToShared, waitFirstFrame,
} from './helpers.mjs';

const MODEL_PICKER = [200, 100];  // 1280x800: the model combo at the top of the inputs
const TRAINING = [290, 463];      // the Mode row's Training radio

describe('a new user answers the two questions', { timeout: 240000 }, () => {
  const problems = [];
  let server;
  let browser;
  let page;
  let origin;
  let steps;  // user actions (a click, a typed value, a key) per question

  before(async () => {
    ({ server, browser, page, origin } = await startPage(problems));
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  const press = (key) => pressKey(page, key);
  const tabTo = (name) => tabToShared(page, name);
  async function click(xy) {
    ++steps;
    await page.mouse.click(...xy);
    await page.waitForTimeout(250);
  }
  async function type(text) {
    ++steps;
    await page.keyboard.type(text, { delay: 25 });
    await page.waitForTimeout(150);
    await press('Enter');
  }
  // Tab to the field `name`, Enter to edit it, type `value` and Enter (Tab presses
  // are not counted: a mouse user clicks the field instead, one step).
  async function fill(name, value) {
    await tabTo(name);
    await press('Enter');
    await type(value);
  }
  // Opens the searchable list `name` from the keyboard, types `words`, Enter picks.
  async function pick(name, words) {
    await tabTo(name);
    ++steps;
    await press('Enter');
    await type(words);
  }
  // Opens the short list `name`, moves `down` entries down, Enter picks.
  async function choose(name, down) {
    await tabTo(name);
    ++steps;
    await press('Enter');
    for (let i = 0; i < down; ++i) await press('ArrowDown');
    await press('Enter');
  }
  const hash = () => page.evaluate(() => location.hash.slice(1));
  async function settledHash(needle) {
    await page.waitForFunction((n) => location.hash.includes(n), needle, { timeout: 10000 });
    return hash();
  }

  // The answer at three sizes, from its share link in fresh pages.
  async function pictures(name, fragment) {
    for (const [w, h, dpr] of [[360, 740, 1], [1280, 800, 1], [3840, 2160, 2]]) {
      const p = await newWatchedPage(browser, problems, {
        viewport: { width: w / dpr, height: h / dpr }, deviceScaleFactor: dpr });
      await p.goto(`${origin}/index.html#${fragment}`);
      await waitFirstFrame(p);
      await p.waitForTimeout(300);
      await screenshot(browser, p, `walk-${name}-${w}x${h}.png`);
      await p.context().close();
    }
  }

  test('Q1: Llama-3.1-70B on 2 x H100, 32k context, BF16 inference: fits, and the batch',
    { skip: cliSkip }, async () => {
      steps = 0;
      const t0 = Date.now();
      await click(MODEL_PICKER);
      await type('llama 3.1 70b');
      await fill('Sequence', '32768');
      await pick('GPU', 'h100');
      await fill('GPUs', '2');
      const s = await state(page);
      const seconds = (Date.now() - t0) / 1000;
      assert.equal(s.error, null);
      assert.equal(s.inputs.preset, 'llama-3.1-70b');
      assert.equal(s.inputs.seq, 32768);
      assert.equal(s.inputs.gpu, 'h100-80gb');
      assert.equal(s.inputs.gpus, 2);
      assert.equal(s.inputs.tp, 2, 'two GPUs split the model');
      assert.equal(s.inputs['weight-dtype'], 'bf16');
      const fragment = await settledHash('gpus=2');
      // The page's answer is the CLI's for the same link.
      const cli = JSON.parse(runCli([...cliArgs(fragment), '--json']));
      assert.equal(s.estimate.per_gpu_bytes, cli.per_gpu_bytes);
      assert.equal(s.verdict.fits, cli.fits);
      const fit = JSON.parse(runCli(['fit', ...cliArgs(fragment).slice(1), '--json']));
      assert.equal(s.verdict.max_batch.value, fit.max_batch.value);
      assert.equal(s.verdict.fits, true);
      console.log(`walkthrough Q1: ${steps} steps, ${seconds.toFixed(1)} s scripted; ` +
        `${(s.estimate.per_gpu_bytes / 1e9).toFixed(2)} GB per GPU, largest batch ` +
        `${s.verdict.max_batch.value}; #${fragment}`);
      await pictures('q1', fragment);
    });

  test('Q2: QLoRA of Llama-3.1-8B, r 16, batch 4, seq 2048 on an RTX 4090', { skip: cliSkip },
    async () => {
      await page.goto(`${origin}/index.html`);  // a new visit: the defaults again
      await waitFirstFrame(page);
      steps = 0;
      const t0 = Date.now();
      await click(TRAINING);
      await choose('Method', 2);  // Full fine-tuning, LoRA, QLoRA
      await fill('Batch', '4');
      await pick('GPU', 'rtx 4090 24');
      const s = await state(page);
      const seconds = (Date.now() - t0) / 1000;
      assert.equal(s.error, null);
      assert.equal(s.inputs.preset, 'llama-3.1-8b');  // the default model
      assert.equal(s.inputs.mode, 'training');
      assert.equal(s.inputs.method, 'qlora');
      assert.equal(s.inputs['lora-rank'], 16);  // the default rank
      assert.equal(s.inputs.batch, 4);
      assert.equal(s.inputs.seq, 2048);  // the default sequence
      assert.equal(s.inputs.gpu, 'rtx4090-24gb');
      // The recipe came with QLoRA: gradient checkpointing, paged 8-bit AdamW.
      assert.equal(s.inputs.checkpointing, 'full');
      assert.equal(s.inputs.optimizer, 'paged-adamw-8bit');
      const fragment = await settledHash('gpu=rtx4090-24gb');
      const cli = JSON.parse(runCli([...cliArgs(fragment), '--json']));
      assert.equal(s.estimate.per_gpu_bytes, cli.per_gpu_bytes);
      assert.deepEqual(s.estimate.components, cli.components);
      assert.equal(s.verdict.fits, true);
      console.log(`walkthrough Q2: ${steps} steps, ${seconds.toFixed(1)} s scripted; ` +
        `${(s.estimate.per_gpu_bytes / 1e9).toFixed(2)} GB, fits ${s.verdict.fits}, largest ` +
        `batch ${s.verdict.max_batch.value}; #${fragment}`);
      await pictures('q2', fragment);
      assert.deepEqual(problems, []);
    });
});
