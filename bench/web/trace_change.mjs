// Where one change's main-thread time goes: a Chromium trace (CDP Tracing) over
// --changes knob changes of dist/ (through window.vramcalc.setOption, or with
// --click on the batch +/- buttons), 500 ms apart, summed per thread and event
// name and divided by the number of changes. Nested events are counted in
// their parents too (RunTask includes everything below it). Prints the top rows.
//
// usage: node bench/web/trace_change.mjs [--changes 6] [--click]
import { chromium } from 'playwright-core';

import { LAUNCH, serveDist, waitFirstFrame } from '../../tests/browser/helpers.mjs';

const argv = process.argv.slice(2);
const N = Number(argv[argv.indexOf('--changes') + 1]) || 6;
const click = argv.includes('--click');

const server = await serveDist();
const browser = await chromium.launch(LAUNCH);
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await waitFirstFrame(page);
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: {
    includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline',
      'v8.execute', 'blink', 'gpu', 'cc', 'viz'] } });
  for (let i = 0; i < N; ++i) {
    if (click) await page.mouse.click(i % 2 ? 342 : 372, 466);
    else await page.evaluate((b) => window.vramcalc.setOption('batch', String(b)), 2 + (i % 2));
    await page.waitForTimeout(500);
  }
  await cdp.send('Tracing.end');
  await complete;
  const threads = {};
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args.name;
  }
  const ms = {};
  for (const e of events) {
    const thread = threads[`${e.pid}:${e.tid}`];
    if (!thread || e.ph !== 'X' || !e.dur) continue;
    const key = `${thread} | ${e.name}`;
    ms[key] = (ms[key] || 0) + e.dur / 1000;
  }
  console.log(`ms per change (${N} changes, ${click ? 'clicks' : 'setOption'}):`);
  for (const [k, v] of Object.entries(ms).sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${(v / N).toFixed(2).padStart(8)}  ${k}`);
  }
} finally {
  await browser.close();
  server.close();
}
