// Keyboard and screen readers in Chromium (issue 10 item 6, item 7's errors): the
// canvas has the focus on load, Tab walks every widget (each knob the option table
// says applies, compared with a list of the ones that do not, written out here) with
// a visible focus ring, arrows step a number field and move in a list, Enter and
// Escape act on combos and the preset search, the hidden controls list names every
// control with its value, and an error keeps the last good total on screen.
// Run: node --test tests/browser/keys.test.mjs   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  pngPixels, pressKey, screenshot, startPage, state, tabTo as tabToShared,
} from './helpers.mjs';

// Options that do not apply to the default workload (generic inference, no GGUF
// file type): training's, the serving runtimes', and the few tied to one choice.
const NOT_FOR_GENERIC_INFERENCE = new Set(['zero', 'offload', 'imatrix', 'generate',
  'tensor-split']);
const GROUPS_NOT_SHOWN = new Set(['training', 'vllm', 'llamacpp', 'ollama']);

describe('keyboard and screen readers', { timeout: 240000 }, () => {
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

  const focus = async () => (await state(page)).focus;
  // A key held long enough for a frame to see it (ImGui 1.86 reads key state per
  // frame), then the frame that acted on it; Tab until a named widget has the focus.
  const press = (key) => pressKey(page, key);
  const tabTo = (name) => tabToShared(page, name);

  test('on load the canvas has the focus; the first Tab lands on the first widget, ringed',
    async () => {
      assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas');
      assert.equal((await focus()).index, -1);
      const s = await press('Tab');
      assert.equal(s.focus.index, 0);
      assert.equal(s.focus.ring, true);
      assert.equal(s.focus.name, 'Data types');  // the header's first control comes first
    });

  test('Tab reaches every knob that applies, then leaves the canvas and comes back',
    async () => {
    const options = await page.evaluate(() => window.vramcalc.options());
    const want = options.filter((o) => !GROUPS_NOT_SHOWN.has(o.group) &&
      !NOT_FOR_GENERIC_INFERENCE.has(o.key));
    const start = await focus();
    assert.equal(start.index, 0);
    const names = [start.name];
    let s = start;
    for (let i = 1; i < start.count; ++i) {
      s = (await press('Tab')).focus;
      assert.equal(s.ring, true, `no focus ring on ${s.name}`);
      names.push(s.name);
    }
    assert.equal(s.index, start.count - 1, 'on the last widget');
    const activeId = () => page.evaluate(() => document.activeElement && document.activeElement.id);
    // The last widget's Tab is the browser's: the focus leaves the canvas, no ring left.
    s = (await press('Tab')).focus;
    assert.notEqual(await activeId(), 'canvas', 'Tab on the last widget leaves the canvas');
    assert.equal(s.ring, false);
    // Shift+Tab from there comes back to the last widget, ringed.
    s = (await press('Shift+Tab')).focus;
    assert.equal(await activeId(), 'canvas', 'Shift+Tab from after the canvas enters it');
    assert.equal(s.index, start.count - 1, 'on the last widget');
    assert.equal(s.ring, true);
    // With a control before the canvas (as an embedding page has), Tab from it lands
    // on the first widget and Shift+Tab from the first widget goes back to it.
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'before-canvas';
      b.textContent = 'before';
      document.body.prepend(b);
      b.focus();
    });
    s = (await press('Tab')).focus;
    assert.equal(await activeId(), 'canvas', 'Tab from the page enters the canvas');
    assert.equal(s.index, 0);
    assert.equal(s.ring, true);
    s = (await press('Shift+Tab')).focus;
    assert.equal(await activeId(), 'before-canvas', 'Shift+Tab on the first widget leaves it');
    await page.evaluate(() => document.getElementById('before-canvas').remove());
    await page.focus('#canvas');
    s = (await press('Tab')).focus;
    assert.equal(s.index, 0, 'and back in, the first widget again');
    for (const o of want) {
      // Mode is two radio buttons, named by their choices.
      const name = o.key === 'mode' ? 'Inference' : o.label;
      assert.ok(names.includes(name), `Tab never reached ${o.key} (${name}): ${names.join(', ')}`);
    }
    for (const o of options.filter((x) => !want.includes(x))) {
      assert.ok(!names.includes(o.label), `${o.key} does not apply, yet Tab reached it`);
    }
    for (const n of ['Model', 'Open files...', 'Fetch', 'Training', 'Copy link',
      'sequence length', 'Data types']) {
      assert.ok(names.includes(n), `${n} not in ${names.join(', ')}`);
    }
    // Every stop has a name a screen reader can say (no scrollbar, no header cell).
    assert.ok(names.every((n) => n !== ''), names.join(', '));
    console.log(`keys: ${start.count} tab stops; knobs ${want.length}`);
  });

  test('the focus ring is visible: amber pixels all round the focused widget', async () => {
    const f = await tabTo('Batch');
    await page.mouse.move(1279, 799);  // (the mouse did not move: the ring stays)
    const png = await page.screenshot({ clip: { x: f.x - 6, y: f.y - 6, width: f.w + 12,
      height: f.h + 12 } });
    const { data } = await pngPixels(browser, png);
    const amber = { n: 0 };
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > 200 && data[i + 1] > 140 && data[i + 1] < 225 && data[i + 2] < 120) ++amber.n;
    }
    // A 2 px frame around the field: at least its perimeter (DPR 1).
    assert.ok(amber.n >= f.w + f.h, `amber pixels ${amber.n} around ${f.w}x${f.h}`);
    console.log(`keys: focus ring ${amber.n} amber pixels around Batch ${f.w}x${f.h}`);
    // The live region says where the Tab went, with the value.
    const batch = (await state(page)).inputs.batch;
    await page.waitForFunction((b) => document.getElementById('vramcalc-changes').textContent ===
      `Batch: ${b}`, batch, { timeout: 3000 });
    await screenshot(browser, page, 'keys-focus-ring.png');
  });

  test('arrow keys step the focused number field (Shift: the fast step)', async () => {
    const batch = (await state(page)).inputs.batch;
    assert.equal((await focus()).name, 'Batch');
    let s = await press('ArrowUp');
    assert.equal(s.inputs.batch, batch + 1);
    assert.equal(s.focus.name, 'Batch', 'the focus stays on the field');
    s = await press('ArrowDown');
    assert.equal(s.inputs.batch, batch);
  });

  test('typing into the focused number field replaces its value; Enter keeps it', async () => {
    await tabTo('Sequence');
    assert.equal((await state(page)).inputs.seq, 2048);
    await page.keyboard.type('4096');  // no Enter or click first
    let s = await press('Enter');
    assert.equal(s.inputs.seq, 4096, 'the typed digits replaced 2048');
    assert.equal(s.focus.name, 'Sequence', 'the focus stays on the field');
    await page.keyboard.type('512');
    s = await press('Enter');
    assert.equal(s.inputs.seq, 512);
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('seq', '2048')), null);
  });

  test('Enter opens a combo, arrows move in its list, Enter picks, Escape closes', async () => {
    await tabTo('Runtime');
    let s = await press('Enter');
    assert.equal(s.focus.popup, true, 'Enter opens the Runtime list');
    s = await press('Escape');
    assert.equal(s.focus.popup, false, 'Escape closes it');
    assert.equal(s.inputs.runtime, 'generic');
    s = await press('Enter');
    assert.equal(s.focus.popup, true);
    // The list opens on the chosen entry (Generic); the next one down is Hugging Face.
    await press('ArrowDown');
    s = await press('Enter');
    assert.equal(s.focus.popup, false);
    assert.equal(s.inputs.runtime, 'hf');
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('runtime', 'generic')), null);
  });

  test('the preset search: Enter picks the only match, Escape closes the list', async () => {
    const presets = await page.evaluate(() => window.vramcalc.presets());
    let pick = null;
    for (const p of presets) {
      const found = await page.evaluate((q) => window.vramcalc.presets(q), p.id);
      if (found.length === 1 && p.id !== 'llama-3.1-8b') {
        pick = found[0];
        break;
      }
    }
    assert.ok(pick, 'a preset id that matches only itself');
    // Tabbing scrolled the inputs column: back to its top, where the picker is.
    await page.mouse.move(200, 400);
    await page.waitForTimeout(100);
    await page.mouse.wheel(0, -3000);
    await page.waitForTimeout(200);
    await page.mouse.click(200, 100);  // the model picker
    await page.waitForTimeout(300);
    assert.equal((await focus()).popup, true);
    await page.keyboard.type(pick.id, { delay: 20 });
    await page.waitForTimeout(200);
    let s = await press('Enter');
    assert.equal(s.inputs.preset, pick.id);
    assert.equal(s.focus.popup, false);
    await page.mouse.click(200, 100);
    await page.waitForTimeout(300);
    assert.equal((await focus()).popup, true);
    await page.keyboard.type('qwen', { delay: 20 });
    s = await press('Escape');
    assert.equal(s.focus.popup, false, 'one Escape closes the list, search field and all');
    assert.equal(s.inputs.preset, pick.id);
    assert.equal(await page.evaluate(() => window.vramcalc.selectPreset('llama-3.1-8b')), null);
  });

  test('the controls list names every shown control with its value', async () => {
    const controls = () => page.evaluate(() => document.getElementById('vramcalc-controls').textContent);
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('batch', '4')), null);
    await page.waitForFunction(() => document.getElementById('vramcalc-controls')
      .textContent.includes('Batch: 4'));
    let text = await controls();
    const lines = text.split('\n');
    assert.ok(lines.includes('Batch: 4'), text);
    assert.ok(lines.includes('Runtime: Generic'), text);
    assert.ok(lines.includes('Mode: Inference'), text);
    assert.ok(lines.includes('Units: GB'), text);
    const described = await page.evaluate(() =>
      document.getElementById('canvas').getAttribute('aria-describedby'));
    assert.ok(described.split(' ').includes('vramcalc-controls'));
    const options = await page.evaluate(() => window.vramcalc.options());
    for (const o of options) {
      const shown = !GROUPS_NOT_SHOWN.has(o.group) && !NOT_FOR_GENERIC_INFERENCE.has(o.key);
      assert.equal(lines.some((l) => l.startsWith(`${o.label}: `)), shown, o.key);
    }
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('runtime', 'vllm')), null);
    await page.waitForFunction(() => document.getElementById('vramcalc-controls')
      .textContent.includes('Runtime: vLLM'));
    text = await controls();
    assert.match(text, /^Max seqs: /m);
    assert.doesNotMatch(text, /^Attention: /m);  // vLLM's own kernels
    // The change is announced, control first.
    const changed = await page.evaluate(() => document.getElementById('vramcalc-changes').textContent);
    assert.match(changed, /^Runtime: vLLM$/m);
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('runtime', 'generic')), null);
    assert.equal(await page.evaluate(() => window.vramcalc.setOption('batch', '1')), null);
  });

  test('an error keeps the last good total on screen, in the UI\'s words', async () => {
    for (const [k, v] of [['gpus', '2'], ['tp', '2']]) {
      assert.equal(await page.evaluate(([a, b]) => window.vramcalc.setOption(a, b), [k, v]), null);
    }
    const good = await state(page);
    const totalLine = await page.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 400));  // the mirror lags by <= 200 ms
      return document.getElementById('vramcalc-results').textContent.split('\n')
        .find((l) => l.startsWith('Total per GPU: '));
    });
    assert.ok(totalLine, 'a total line');
    // core takes the value (the knob shows it) but cannot estimate with it.
    await page.evaluate(() => window.vramcalc.setOption('gpus', '3'));
    const s = await state(page);
    assert.equal(s.error, 'GPUs (3) must be a multiple of Tensor parallel x Pipeline parallel (2)');
    assert.equal(s.results_stale, true);
    assert.equal(s.estimate, null);  // the contract's estimate is for the inputs
    assert.equal(s.inputs.gpus, 3);  // the knob keeps what was typed
    await page.waitForFunction(() => document.getElementById('vramcalc-results')
      .textContent.includes('Error: GPUs (3)'));
    const text = await page.evaluate(() => document.getElementById('vramcalc-results').textContent);
    assert.ok(text.includes(totalLine), `${totalLine} kept:\n${text}`);
    assert.ok(good.estimate.per_gpu_bytes > 0);
    await page.mouse.move(1279, 799);
    await screenshot(browser, page, 'keys-error-keeps-results.png');
    for (const [k, v] of [['gpus', '1'], ['tp', '1']]) {
      await page.evaluate(([a, b]) => window.vramcalc.setOption(a, b), [k, v]);
    }
    const back = await state(page);
    assert.equal(back.error, null);
    assert.equal(back.results_stale, false);
  });

  test('no console or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
