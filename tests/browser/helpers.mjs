// Shared by the browser tests: Chromium's launch flags (DESIGN.md), a static
// server for dist/, the native CLI as the oracle, waiting for the first frame, the
// page state, real files dropped on the canvas, and screenshots checked for not
// being blank.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const shots = join(root, 'build', 'screenshots');

// The native CLI, the oracle for the page's numbers (built by the native build).
export const cli = join(root, 'build', 'native', 'vramcalc');
export const cliSkip = existsSync(cli) ? false : `native CLI missing (${cli}): run the native build`;
export const runCli = (args) => execFileSync(cli, args, { encoding: 'utf8' });

// A link's fragment as CLI arguments: model= is MODEL, every other key --key=value
// (plot, bits, theme, memory-units and lang are the page's own display keys).
const PAGE_ONLY_KEYS = new Set(['plot', 'bits', 'theme', 'memory-units', 'lang']);
export function cliArgs(fragment) {
  const args = ['estimate'];
  for (const part of fragment.split('&')) {
    const [key, value] = part.split('=').map(decodeURIComponent);
    if (key === 'model') args.splice(1, 0, value);
    else if (!PAGE_ONLY_KEYS.has(key)) args.push(`--${key}=${value}`);
  }
  return args;
}

export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json', '.png': 'image/png', '.ttf': 'font/ttf', '.css': 'text/css',
  '.webmanifest': 'application/manifest+json',
};

// A static server for `dir` (dist/ unless told) on a free localhost port (the
// test owns it), under the URL path `prefix` ('/docs/tools/' serves dir there,
// as a sub-path host does; 404 elsewhere).
export function serveDist(dir = dist, prefix = '/') {
  const server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const path = full.startsWith(prefix) ? '/' + full.slice(prefix.length) : null;
    const file = path === null ? '' : normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A 1280x800 page in a new context whose console errors and uncaught exceptions
// are collected into `problems` (each test file asserts it stays empty). The
// browser prefers the dark colour scheme (Playwright's default is light), so the
// pictures look as the app's first theme did; theme.test.mjs asks for each.
export async function newWatchedPage(browser, problems, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }, colorScheme: 'dark', ...options });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text().slice(0, 300)); });
  page.on('pageerror', (e) => problems.push(String(e).slice(0, 300)));
  return page;
}

// The usual start of a test file: dist/ served, Chromium launched, one watched
// page on index.html (+ `fragment`, e.g. '#theme=light') after its first frame;
// `options` go to the browser context (colorScheme, viewport).
export async function startPage(problems, options = {}, fragment = '') {
  assert.ok(existsSync(join(dist, 'index.html')), 'dist/ missing: run scripts/build_web.sh first');
  const server = await serveDist();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(LAUNCH);
  const page = await newWatchedPage(browser, problems, options);
  await page.goto(`${origin}/index.html${fragment}`);
  await waitFirstFrame(page);
  return { server, origin, browser, page };
}

export const state = (page) => page.evaluate(() => window.vramcalc.state());

// Waits until the page has stopped drawing (its frame count holds still), so the next
// input lands on what the last one opened, however slow the machine is.
export async function settle(page, before) {
  // Given `before` (a frame count), first the frame the last input caused.
  if (before !== undefined) {
    await page.waitForFunction((n) => window.vramcalc.state().frames > n, before,
      { timeout: 10000 });
  }
  let last = -1;
  for (let i = 0; i < 100; ++i) {
    const now = await page.evaluate(() => window.vramcalc.state().frames);
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}
// A key held across frames: Dear ImGui 1.86 reads keys as held or not once per
// frame, so a press and release between two frames (a busy machine) would be lost.
export async function pressHeld(page, key) {
  await page.keyboard.down(key);
  await page.waitForTimeout(150);
  await page.keyboard.up(key);
  await settle(page);
}
// One key press held long enough for a frame to see it, then that frame; the state.
export async function pressKey(page, key) {
  const before = await state(page);
  await page.keyboard.press(key, { delay: 40 });
  await page.waitForFunction((f) => window.vramcalc.state().frames > f, before.frames);
  await page.waitForTimeout(60);
  return state(page);
}
// Tabs until the keyboard focus is on the widget named `name`; returns that focus.
export async function tabTo(page, name) {
  for (let i = 0; i < 200; ++i) {
    const s = await pressKey(page, 'Tab');
    if (s.focus.name === name) return s.focus;
  }
  throw new Error(`Tab never reached ${name}`);
}
export const bytesRead = (page) => page.evaluate(() => window.vramcalc.bytesRead());

export async function setOptions(page, options) {
  for (const [key, value] of Object.entries(options)) {
    const err = await page.evaluate(([k, v]) => window.vramcalc.setOption(k, v), [key, value]);
    assert.equal(err, null, `setOption(${key}, ${value})`);
  }
}

export async function waitFirstFrame(page) {
  await page.waitForFunction(() => {
    try {
      return performance.getEntriesByName('vramcalc-first-frame').length > 0 &&
        window.vramcalc.state().frames > 0;
    } catch {
      return false;
    }
  }, null, { timeout: 30000 });
}

// Drops `bytes` as a File named `name` on the canvas, as a user's drag and drop does.
export async function dropBytes(page, bytes, name) {
  await page.evaluate(({ data, fileName }) => {
    const file = new File([new Uint8Array(data)], fileName, { type: 'application/json' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const canvas = document.getElementById('canvas');
    const init = { dataTransfer: dt, bubbles: true, cancelable: true };
    canvas.dispatchEvent(new DragEvent('dragenter', init));
    canvas.dispatchEvent(new DragEvent('dragover', init));
    canvas.dispatchEvent(new DragEvent('drop', init));
  }, { data: Array.from(bytes), fileName: name });
}

// Drops files from disk on the canvas together, as real Files: Chromium gets the
// paths (setInputFiles on a test-only input; nothing is read into the test or the
// page), then the page's drop handler receives them in a DataTransfer.
export async function dropPaths(page, paths) {
  await page.evaluate(() => {
    if (document.getElementById('test-drop-source')) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'test-drop-source';
    input.style.display = 'none';
    document.body.appendChild(input);
  });
  await page.setInputFiles('#test-drop-source', paths);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    for (const f of document.getElementById('test-drop-source').files) dt.items.add(f);
    const canvas = document.getElementById('canvas');
    const init = { dataTransfer: dt, bubbles: true, cancelable: true };
    canvas.dispatchEvent(new DragEvent('dragenter', init));
    canvas.dispatchEvent(new DragEvent('dragover', init));
    canvas.dispatchEvent(new DragEvent('drop', init));
  });
}

// The RGBA pixels of a PNG, decoded by the browser in a blank page:
// { width, height, data } with data a Buffer of width x height x 4 bytes.
export async function pngPixels(browser, png) {
  const page = await browser.newPage();
  try {
    const out = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let bin = '';
      for (let i = 0; i < px.length; i += 0x8000) {
        bin += String.fromCharCode.apply(null, px.subarray(i, i + 0x8000));
      }
      return { width: img.width, height: img.height, rgba: btoa(bin) };
    }, png.toString('base64'));
    return { width: out.width, height: out.height, data: Buffer.from(out.rgba, 'base64') };
  } finally {
    await page.close();
  }
}

// Distinct colours of a PNG.
async function distinctColours(browser, png) {
  const { data } = await pngPixels(browser, png);
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  return seen.size;
}

// Saves build/screenshots/<name> for a human to look at; fails when it is blank.
// `options` go to page.screenshot ({ fullPage: true } for a long HTML page).
export async function screenshot(browser, page, name, options = {}) {
  mkdirSync(shots, { recursive: true });
  await page.waitForTimeout(150);  // let the settle frames run
  const png = await page.screenshot({ ...options, path: join(shots, name) });
  const colours = await distinctColours(browser, png);
  // Text with anti-aliasing on a dark theme gives hundreds of colours; a blank
  // or single-colour canvas gives a handful.
  assert.ok(colours > 50, `${name} looks blank (${colours} distinct colours)`);
}

// Scrolls the results column (right half of a 1280-wide page) by `dy` CSS pixels,
// then parks the mouse on the window's edge so no tooltip covers a screenshot.
export async function scrollResults(page, dy) {
  await page.mouse.move(900, 500);
  await page.waitForTimeout(100);  // a frame sees the hover before the wheel arrives
  await page.mouse.wheel(0, dy);
  await page.waitForTimeout(200);
  await page.mouse.move(1279, 799);
  await page.waitForTimeout(100);
}
