// The Hub field on the real page (dist/) in Chromium, with huggingface.co and its
// file host routed to a handler in this test that answers as the Hub does: the
// tree API's listing, resolve/ URLs, HTTP Range requests (206 with Content-Range), 401 for a gated repository, 404
// for a missing one. The files it serves are real: Yi-6B's config.json from
// ../shared/refdata (published count 6,061,035,520) and the sparse 10B-parameter
// checkpoint of fixtures.mjs (config, index, two 10 GB shards; 10^10 parameters,
// 2 x 10^10 bytes in BF16). Nothing reaches the network, nothing is fetched
// without a request, and a failure leaves the state as it was.
// Run: node --test tests/browser   (after scripts/build_web.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync,
  writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { LLAMA_10B_CONFIG, hfTensors, writeGguf, writeSafetensors } from './fixtures.mjs';
import { root, screenshot, setOptions, startPage, state, waitFirstFrame } from './helpers.mjs';

const refdata = join(root, '..', 'shared', 'refdata');
const cli = join(root, 'build', 'native', 'vramcalc');
const YI_6B_PUBLISHED = 6061035520;  // models.tsv: the Hub's safetensors total

// Bytes [start, end] (inclusive) of a file on disk.
function readRange(path, start, end) {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(end - start + 1);
    readSync(fd, buf, 0, buf.length, start);
    return buf;
  } finally {
    closeSync(fd);
  }
}

describe('the Hub field, with huggingface.co routed to local files', { timeout: 300000 }, () => {
  let dir;
  let ctx;
  const problems = [];
  const requests = [];  // [method, url, range header] of every request to the Hub's hosts
  const repos = {};     // repo -> { path in repo: file on disk }
  let offline = false;
  let ggufData = 0;     // tensor bytes of the fixture's GGUF (fixtures.mjs)

  before(async () => {
    assert.ok(statSync(join(refdata, 'configs', '01-ai__Yi-6B.json')).isFile());
    dir = mkdtempSync(join(tmpdir(), 'vramcalc-hub-'));
    repos['01-ai/Yi-6B'] = {
      'config.json': join(refdata, 'configs', '01-ai__Yi-6B.json'),
      'README.md': join(refdata, 'models.tsv'),
    };
    // The 10B model in two shards, with its index, config and a consolidated
    // copy of the same weights (as Mistral's repositories carry) that must not be read.
    const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const parts = [hfTensors({ to: 16, head: false }), hfTensors({ from: 16, embed: false })];
    const index = { metadata: { total_size: 0 }, weight_map: {} };
    const llama = {};
    parts.forEach((tensors, i) => {
      llama[names[i]] = join(dir, names[i]);
      index.metadata.total_size += writeSafetensors(llama[names[i]], tensors).dataBytes;
      for (const [name] of tensors) index.weight_map[name] = names[i];
    });
    llama['model.safetensors.index.json'] = join(dir, 'index.json');
    writeFileSync(llama['model.safetensors.index.json'], JSON.stringify(index));
    llama['config.json'] = join(dir, 'config.json');
    writeFileSync(llama['config.json'], JSON.stringify(LLAMA_10B_CONFIG));
    llama['consolidated.safetensors'] = join(dir, 'consolidated.safetensors');
    writeSafetensors(llama['consolidated.safetensors'], hfTensors());
    repos['test-org/llama-10b'] = llama;
    const gguf = join(dir, 'llama-10b.gguf');
    ggufData = writeGguf(gguf, 20e9).dataBytes;
    repos['test-org/llama-10b-GGUF'] = { 'llama-10b-Q8_0.gguf': gguf, 'llama-10b-F16.gguf': gguf };

    ctx = await startPage(problems);
    await ctx.page.context().route(/^https:\/\/([a-z0-9-]+\.)*(huggingface\.co|hf\.co)\//, async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      const range = req.headers().range || null;
      requests.push([req.method(), req.url(), range]);
      if (offline) return route.abort('internetdisconnected');  // routes outlive setOffline
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'range',
        'Access-Control-Expose-Headers': 'content-range, content-length' };
      if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      let m = url.pathname.match(/^\/api\/models\/(.+)\/tree\/([^/]+)$/);
      if (url.hostname === 'huggingface.co' && m) {
        if (m[1] === 'test-org/private') return route.fulfill({ status: 401, headers: cors, body: '{}' });
        const files = repos[m[1]];
        if (!files) {
          return route.fulfill({ status: 404, headers: cors, contentType: 'application/json',
            body: '{"error":"Repository not found"}' });
        }
        const listing = Object.entries(files).map(([path, disk]) => ({
          type: 'file', oid: '0', size: statSync(disk).size, path }));
        listing.push({ type: 'directory', oid: '0', size: 0, path: 'original' });
        return route.fulfill({ status: 200, headers: cors, contentType: 'application/json',
          body: JSON.stringify(listing) });
      }
      let disk = null;
      m = url.pathname.match(/^\/(.+)\/resolve\/([^/]+)\/(.+)$/);
      if (url.hostname === 'huggingface.co' && m && repos[m[1]] && repos[m[1]][m[3]]) {
        // The Hub redirects LFS files to its file host (cas-bridge.xethub.hf.co, which
        // the CSP allows); Playwright's routes never see a redirect's follow-up
        // request, so this handler answers resolve/ itself.
        disk = repos[m[1]][m[3]];
      }
      if (!disk) return route.fulfill({ status: 404, headers: cors, body: 'Entry not found' });
      const size = statSync(disk).size;
      const r = range && range.match(/^bytes=(\d+)-(\d+)$/);
      if (!r) return route.fulfill({ status: 200, headers: cors, body: readFileSync(disk) });
      const start = Number(r[1]);
      const end = Math.min(Number(r[2]), size - 1);
      return route.fulfill({ status: 206, headers: { ...cors,
        'Content-Range': `bytes ${start}-${end}/${size}` }, body: readRange(disk, start, end) });
    });
  });

  after(async () => {
    if (ctx) {
      await ctx.browser.close();
      ctx.server.close();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fetchHub = (text) => ctx.page.evaluate((t) => window.vramcalc.fetchHub(t), text);

  test('nothing is fetched from the Hub until asked', async () => {
    await ctx.page.waitForTimeout(500);
    assert.deepEqual(requests, []);
  });

  test('an id: the tree listing, then config.json; the published parameter count', async () => {
    assert.equal(await fetchHub('01-ai/Yi-6B'), null);
    const s = await state(ctx.page);
    assert.equal(s.error, null);
    assert.equal(s.estimate.params.total, YI_6B_PUBLISHED);
    assert.deepEqual(requests.map(([m, u]) => [m, u]), [
      ['GET', 'https://huggingface.co/api/models/01-ai/Yi-6B/tree/main'],
      ['GET', 'https://huggingface.co/01-ai/Yi-6B/resolve/main/config.json'],
    ]);
    // The page's weights equal the CLI's for the same file and defaults.
    const cliEstimate = JSON.parse(execFileSync(cli, ['estimate',
      join(refdata, 'configs', '01-ai__Yi-6B.json'), '--json'], { encoding: 'utf8' }));
    assert.equal(s.estimate.components.weights, cliEstimate.components.weights);
  });

  test('a repository URL: the index whole, the shards\' headers by Range', async () => {
    requests.length = 0;
    assert.equal(await fetchHub('https://huggingface.co/test-org/llama-10b'), null);
    const s = await state(ctx.page);
    assert.equal(s.error, null);
    assert.equal(s.estimate.params.total, 1e10);
    assert.equal(s.model.checkpoint.format, 'safetensors');
    assert.equal(s.estimate.components.weights, 2e10);  // BF16 bytes from the headers
    const urls = requests.map(([, u]) => u);
    assert.ok(!urls.some((u) => u.includes('consolidated')), urls.join('\n'));
    assert.ok(!urls.some((u) => u.includes('README')), urls.join('\n'));
    for (const name of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) {
      const host = requests.filter(([, u]) => u === `https://huggingface.co/test-org/llama-10b/resolve/main/${name}`);
      assert.ok(host.length >= 2, `${name}: ${host.length} requests`);
      assert.equal(host[0][2], 'bytes=0-7');        // the header length first
      assert.match(host[1][2], /^bytes=8-\d+$/);    // then the header, never the data
      for (const [, , range] of host) assert.ok(range !== null, 'a shard read without Range');
    }
    // Everything the page read is a few KB of a 40 GB repository.
    const read = await ctx.page.evaluate(() => window.vramcalc.bytesRead());
    assert.ok(read < 1e6, `read ${read} bytes`);
  });

  test('several .gguf files: a message naming them, the state kept; one by its URL', async () => {
    const before = await state(ctx.page);
    const message = await fetchHub('test-org/llama-10b-GGUF');
    assert.match(message, /2 \.gguf files \(llama-10b-F16\.gguf, llama-10b-Q8_0\.gguf\)/);
    const kept = await state(ctx.page);
    assert.equal(kept.estimate.params.total, before.estimate.params.total);
    assert.deepEqual(kept.inputs, before.inputs);
    assert.equal(await fetchHub(
      'https://huggingface.co/test-org/llama-10b-GGUF/blob/main/llama-10b-Q8_0.gguf'), null);
    const s = await state(ctx.page);
    assert.equal(s.error, null);
    assert.equal(s.model.checkpoint.format, 'gguf');
    assert.equal(s.model.num_layers, 32);
    assert.equal(s.model.vocab_size, 116370);  // from the header's tokenizer.ggml.tokens
    assert.equal(s.model.checkpoint.bytes, ggufData);
    assert.equal(s.inputs.runtime, 'llamacpp');  // a .gguf is served by llama.cpp
  });

  test('404, gated, hostile and offline: one line each, the model and knobs kept', async () => {
    const before = await state(ctx.page);
    const cases = [
      ['test-org/missing', /Hub: test-org\/missing was not found on huggingface\.co \(HTTP 404\)/],
      ['test-org/private', /gated or private \(HTTP 401\): the calculator sends no token/],
      ['https://evil.example/org/name', /not a huggingface\.co or hf\.co address/],
      ['org/../../etc', /ORG\/NAME/],
    ];
    for (const [text, pattern] of cases) {
      requests.length = 0;
      const message = await fetchHub(text);
      assert.match(message, pattern, text);
      assert.ok(!message.includes('\n'));
      const s = await state(ctx.page);
      assert.equal(s.error, message);
      assert.deepEqual(s.inputs, before.inputs, text);
      assert.equal(s.estimate.per_gpu_bytes, before.estimate.per_gpu_bytes, text);
    }
    assert.deepEqual(requests, []);  // the last two were refused before any request
    offline = true;
    try {
      const message = await fetchHub('01-ai/Yi-6B');
      assert.match(message, /could not reach huggingface\.co for 01-ai\/Yi-6B \(offline\?\)/);
      assert.equal((await state(ctx.page)).estimate.per_gpu_bytes, before.estimate.per_gpu_bytes);
    } finally {
      offline = false;
    }
  });

  test('a share link carries the Hub model; opening it fetches only on the click', async () => {
    await setOptions(ctx.page, { seq: '4096' });
    assert.equal(await fetchHub('01-ai/Yi-6B'), null);
    const loaded = await state(ctx.page);
    assert.equal(loaded.inputs.hub, '01-ai/Yi-6B');
    // The address bar follows the state a moment later (the mirror's timer).
    await ctx.page.waitForFunction(() => location.hash.startsWith('#hub=01-ai%2FYi-6B&'));
    const hash = await ctx.page.evaluate(() => location.hash);
    assert.match(hash, /seq=4096/);
    // A fresh page opened on the link: the field filled in, a note, nothing fetched.
    const before = requests.length;
    const page = await ctx.page.context().newPage();
    await page.goto(`${ctx.origin}/index.html${hash}`);
    await waitFirstFrame(page);
    const opened = await state(page);
    assert.match(opened.error, /names 01-ai\/Yi-6B on the Hugging Face Hub: press Fetch/);
    assert.equal(opened.inputs.seq, 4096);
    await page.waitForTimeout(300);
    assert.equal(requests.length, before, 'nothing fetched before the click');
    // Fetch (what the button does, with the field's text): the same model and numbers.
    assert.equal(await page.evaluate(() => window.vramcalc.fetchHub('01-ai/Yi-6B')), null);
    const fetched = await state(page);
    assert.equal(fetched.estimate.params.total, YI_6B_PUBLISHED);
    assert.deepEqual(fetched.estimate, loaded.estimate);
    await page.close();
  });

  test('the Hub field on screen; no console errors (CSP included)', async () => {
    assert.equal(await fetchHub('01-ai/Yi-6B'), null);
    await screenshot(ctx.browser, ctx.page, 'hub.png');
    // The 404, 401 and offline answers above are logged by Chromium itself.
    const expected = /^Failed to load resource: (the server responded with a status of 40[14]|net::ERR_INTERNET_DISCONNECTED)/;
    assert.deepEqual(problems.filter((p) => !expected.test(p)), []);
  });
});
