// The peer of bench/web/measure.mjs: gpu_poor (github.com/RahulSChand/gpu_poor),
// its React site built outside this repository (npm install && npx react-scripts
// build, in e.g. /tmp/gpu_poor; nothing of it is committed here). Served under
// `prefix` (its build expects /gpu_poor/). First result = its first-contentful-
// paint (its index.html is an empty root, so that is React's first render); one
// change = picking another option in a dropdown, and the same plus a click on
// "Find Memory requirement" (its results are computed on that click).
const SIZE_INPUT = 'input[placeholder="e.g. for llama-7b enter 7"]';
const LENGTHS = 'input[placeholder="?"]';  // prompt length, tokens to generate
const SELECT = 'select[name="dropdownQuant"]';
const OPTIONS = ['no_quant', 'bnb_int8'];
const FIND = 'button:has-text("Find Memory requirement")';

export function peerSite(prefix) {
  return {
    name: 'gpu_poor',
    path: `${prefix}/`,
    firstResult: async (page) => {
      await page.waitForFunction(() => window.__fcp !== undefined, null, { timeout: 30000 });
      return page.evaluate(() => window.__fcp);
    },
    // A model for the results: 7 billion parameters (as its placeholder suggests),
    // a 2048-token prompt and 1 token generated; refuses to run if a result is missing.
    prepare: async (page) => {
      await page.fill(SIZE_INPUT, '7');
      await page.locator(LENGTHS).nth(0).fill('2048');
      await page.locator(LENGTHS).nth(1).fill('1');
      await page.click(FIND);
      await page.waitForTimeout(300);
      if (await page.locator('.ReactModal__Overlay').count() > 0) {
        throw new Error(`gpu_poor refused the inputs: ${await page.locator('.ReactModal__Content').innerText()}`);
      }
    },
    changes: {
      select: (page, i) => page.selectOption(SELECT, OPTIONS[(i + 1) % 2]),
      'select+find': async (page, i) => {
        await page.selectOption(SELECT, OPTIONS[(i + 1) % 2]);
        await page.click(FIND);
      },
    },
  };
}
