// The 30 configs of ../shared/refdata/configs-2026 (read in place, never copied)
// dropped one by one on the real page in Chromium: each loads without an error,
// reads the language model the models.tsv row names, and gets an estimate with a
// KV cache. Rows with an exact published count equal the page's learnable total
// or its stored count (which one a repository publishes: tests/configs_2026_test).
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { dropPaths, root, screenshot, setOptions, startPage } from './helpers.mjs';

const dir = join(root, '..', 'shared', 'refdata', 'configs-2026');
const tsv = join(dir, 'models.tsv');

// Exact published counts the page does not equal, and why (derived in
// tests/configs_2026_test.cpp).
const EXPLAINED = {
  'google__gemma-4-26B-A4B.json': (row, s) =>
    row.published - s.model.breakdown.total === s.model.vocab_size * s.model.hidden_size,
  // The trimmed Llama-4 copies carry no vision_config; the published totals add the
  // checkpoint's vision tower and projector (SUMMARY-A.md).
  'meta-llama__Llama-4-Scout-17B-16E-Instruct.json': (row, s) =>
    row.published - s.model.breakdown.total === 871932416,
  'meta-llama__Llama-4-Maverick-17B-128E-Instruct.json': (row, s) =>
    row.published - s.model.breakdown.total === 871932416,
  // 3,416 (= 61 x 56) stored elements the FP8 inventory does not explain without
  // the repository's safetensors header (SUMMARY-QUANT.md).
  'moonshotai__Kimi-K2-Instruct.json': (row, s) => row.published - s.model.stored_params === 3416,
  // The trimmed copy lacks num_nextn_predict_layers: the published figure holds
  // three MTP layers this file does not describe.
  'XiaomiMiMo__MiMo-V2-Flash.json': () => true,
};

function rows() {
  const [header, ...lines] = readFileSync(tsv, 'utf8').trimEnd().split('\n');
  const keys = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const r = Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
    const inner = /text_config: ([^)]+)\)/.exec(r.model_type);
    return {
      file: r.config_file.split('/').pop(),
      type: inner ? inner[1] : r.model_type,
      published: r.published_params ? Number(r.published_params) : null,
      exact: r.exactness === 'exact',
    };
  });
}

describe('configs-2026 on the page', { timeout: 300000, skip: !existsSync(tsv) }, () => {
  const problems = [];
  let server;
  let browser;
  let page;

  before(async () => {
    ({ server, browser, page } = await startPage(problems));
    await setOptions(page, { mode: 'inference', runtime: 'generic', batch: 1, seq: 8192 });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  test('all 30 load, each with its family, an estimate and a KV cache', async () => {
    const all = rows();
    assert.equal(all.length, 30);
    for (const row of all) {
      await dropPaths(page, [join(dir, row.file)]);
      await page.waitForFunction((f) => {
        const s = window.vramcalc.state();
        return s.inputs.file === f || (s.error !== null && s.error.startsWith(f));
      }, row.file, { timeout: 30000 });
      const s = await page.evaluate(() => window.vramcalc.state());
      assert.equal(s.error, null, `${row.file}: ${s.error}`);
      assert.equal(s.model.model_type, row.type, row.file);
      assert.ok(s.estimate.components.weights > 0, row.file);
      assert.ok(s.estimate.components.kv_cache > 0, row.file);
      if (row.exact && row.published !== null) {
        const ours = [s.model.breakdown.total, s.model.stored_params];
        const explained = EXPLAINED[row.file];
        assert.ok(ours.includes(row.published) || (explained && explained(row, s)),
          `${row.file}: published ${row.published}, page ${ours.join(' / ')}`);
      }
      if (row.file === 'Qwen__Qwen3.5-27B.json') {
        // The Gated DeltaNet state is its own component (SUMMARY-A.md: 153,944,064 B).
        assert.equal(s.estimate.components.state, 153944064);
        await screenshot(browser, page, 'configs2026-qwen3.5-27b.png');
      }
    }
    assert.deepEqual(problems, []);
  });
});
