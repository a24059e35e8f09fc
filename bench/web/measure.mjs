// Page performance of dist/ (and optionally a peer calculator's built site) in
// Debian's Chromium with software GL, the figures of bench/REPORT.md:
//   download    files fetched from navigation until 1.5 s after the first result,
//               gzip -9 (and brotli -11) of each file as it lies on disk
//   first       ms from navigation to the first result (ours: the performance mark
//               'vramcalc-first-frame'; a peer: its first-contentful-paint)
//   idle        requestAnimationFrame callbacks and main-thread task time
//               (CDP Performance.getMetrics TaskDuration) over --idle-ms, from 2 s
//               after the first result, without input
//   change      main-thread task time of one change until the page is quiet again
//               (500 ms), minus the idle rate over the same window; ours also
//               counts the frames it laid out (state().frames)
// Every run is a fresh browser context; both sites are served from 127.0.0.1 by
// this script in the same Chromium session; requests to other hosts are refused.
// Prints one JSON object (medians over runs, and every run) on stdout.
//
// usage: node bench/web/measure.mjs [--runs 5] [--idle-ms 10000] [--changes 10]
//          [--ours DIR (default dist/)] [--peer /tmp/gpu_poor/build --peer-prefix /gpu_poor]
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { LAUNCH, dist } from '../../tests/browser/helpers.mjs';
import { peerSite } from './peer_gpu_poor.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const RUNS = Number(args.runs || 5);
const IDLE_MS = Number(args['idle-ms'] || 10000);
const CHANGES = Number(args.changes || 10);
const QUIET_MS = 500;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
  '.png': 'image/png', '.ico': 'image/x-icon', '.jpg': 'image/jpeg' };

// One server, several roots by URL prefix; records the files each page fetched.
function serve(roots) {
  const served = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [prefix, dir] = roots.find(([p]) => path === p || path.startsWith(p + '/')) || [];
    if (dir === undefined) return res.writeHead(404).end();
    let rel = path.slice(prefix.length) || '/';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return res.writeHead(404).end();
    }
    served.push(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Cache-Control': 'no-store' });
    return res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, served })));
}

const gz = (b) => gzipSync(b, { level: 9 }).length;
const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Counts requestAnimationFrame callbacks (window.__rafCalls) from the page's start.
function countRaf() {
  window.__rafCalls = 0;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((t) => { window.__rafCalls += 1; cb(t); });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
}

// Our page: first result = the first frame mark; a change = a knob through the API
// or a click on the batch +/- buttons (1280x800: x 372 / 342, y 499).
const oursSite = {
  name: 'vramcalc',
  path: '/index.html',
  firstResult: async (page) => {
    await page.waitForFunction(() => performance.getEntriesByName('vramcalc-first-frame').length > 0,
      null, { timeout: 30000 });
    return page.evaluate(() => performance.getEntriesByName('vramcalc-first-frame')[0].startTime);
  },
  frames: (page) => page.evaluate(() => window.vramcalc.state().frames),
  changes: {
    api: (page, i) => page.evaluate((b) => window.vramcalc.setOption('batch', String(b)), 2 + (i % 2)),
    click: (page, i) => page.mouse.click(i % 2 ? 342 : 372, 499),
  },
};

async function taskMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

async function oneRun(browser, origin, site, served) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => (route.request().url().startsWith(origin)
    ? route.continue() : route.abort()));
  const page = await context.newPage();
  await page.addInitScript(countRaf);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  served.length = 0;
  await page.goto(origin + site.path);
  const first = await site.firstResult(page);
  await page.waitForTimeout(1500);
  const files = [...new Set(served)].map((f) => {
    const b = readFileSync(f);
    return { file: f.split(sep).slice(-2).join('/'), raw: b.length, gzip: gz(b), brotli: br(b) };
  });
  if (site.prepare) await site.prepare(page);
  await page.waitForTimeout(2000);

  const raf0 = await page.evaluate(() => window.__rafCalls);
  const t0 = await taskMs(cdp);
  await page.waitForTimeout(IDLE_MS);
  const idleTask = (await taskMs(cdp)) - t0;
  const idleRaf = (await page.evaluate(() => window.__rafCalls)) - raf0;
  const idleRate = idleTask / IDLE_MS;  // ms of task time per ms of wall time

  const changes = {};
  for (const [kind, act] of Object.entries(site.changes)) {
    const ms = [];
    const frames = [];
    for (let i = 0; i < CHANGES; ++i) {
      const f0 = site.frames ? await site.frames(page) : 0;
      const a = await taskMs(cdp);
      const w0 = Date.now();
      await act(page, i);
      await page.waitForTimeout(QUIET_MS);
      const b = await taskMs(cdp);
      ms.push(b - a - idleRate * (Date.now() - w0));
      if (site.frames) frames.push((await site.frames(page)) - f0);
    }
    changes[kind] = { ms_median: median(ms), ms, frames_median: site.frames ? median(frames) : null,
      frames };
  }
  await context.close();
  return { first_ms: first, files, gzip_total: files.reduce((s, f) => s + f.gzip, 0),
    brotli_total: files.reduce((s, f) => s + f.brotli, 0), idle_raf: idleRaf,
    idle_task_ms: idleTask, changes };
}

function summary(runs) {
  const changes = {};
  for (const kind of Object.keys(runs[0].changes)) {
    changes[kind] = { ms_median: median(runs.map((r) => r.changes[kind].ms_median)),
      frames_median: runs[0].changes[kind].frames_median === null ? null
        : median(runs.map((r) => r.changes[kind].frames_median)) };
  }
  return { first_ms: median(runs.map((r) => r.first_ms)), gzip_total: median(runs.map((r) => r.gzip_total)),
    brotli_total: median(runs.map((r) => r.brotli_total)), idle_raf: median(runs.map((r) => r.idle_raf)),
    idle_task_ms: median(runs.map((r) => r.idle_task_ms)), files: runs[0].files, changes };
}

const roots = [['', normalize(args.ours || dist)]];  // --ours DIR: another build of ours
const sites = [oursSite];
if (args.peer) {
  const prefix = args['peer-prefix'] || '/gpu_poor';
  roots.unshift([prefix, normalize(args.peer)]);
  sites.push(peerSite(prefix));
}
const { server, served } = await serve(roots);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch(LAUNCH);
const result = { runs: RUNS, idle_ms: IDLE_MS, changes_per_run: CHANGES,
  chromium: browser.version(), sites: {} };
try {
  const perSite = Object.fromEntries(sites.map((s) => [s.name, []]));
  for (let r = 0; r < RUNS; ++r) {  // interleaved, so machine load hits both alike
    for (const site of sites) perSite[site.name].push(await oneRun(browser, origin, site, served));
  }
  for (const site of sites) {
    result.sites[site.name] = { median: summary(perSite[site.name]), every_run: perSite[site.name] };
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(result, null, 1));
