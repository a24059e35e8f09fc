// <vramcalc-estimate model="llama-3.1-8b" seq="8192" gpu="rtx4090-24gb">: the
// calculator's answer as HTML text for documentation pages (dist/vramcalc-element.js).
// Attributes are the CLI's option names (options(), plus the CLI's `units`), so an
// element reads like `vramcalc estimate MODEL --seq 8192 --gpu ...` and shows what
// that command prints: the verdict, the breakdown with formulas, the notes. It is
// text, not pixels (selectable, found by search, printed, read by screen readers).
// The numbers come from the npm package's module, the CLI's core in WebAssembly,
// which build_web.sh copies beside this file as npm-module/ (index.js resolves
// against this file's URL, so the pair works under any sub-path).
import { estimate, options, params, ready } from './npm-module/index.js';

const STYLE = `
:host { display: block; margin: 1em 0; padding: 0.75em 1em; border-radius: 6px;
  color-scheme: light; color: #1f2328; background: #ffffff; border: 1px solid #d1d9e0;
  --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
@media (prefers-color-scheme: dark) {
  :host { color-scheme: dark; color: #e6edf3; background: #0d1117; border-color: #3d444d;
    --muted: #9198a1; --line: #3d444d; --head: #151b23; --ok: #3fb950; --bad: #f85149; }
}
@media print {
  :host { color: #000; background: none; border-color: #999; --ok: #000; --bad: #000; }
}
[hidden] { display: none; }
.verdict { margin: 0 0 0.5em; font-weight: 600; }
.verdict.fits .word { color: var(--ok); }
.verdict.short .word, .error { color: var(--bad); }
.error { margin: 0; font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: 0 0 0.4em; color: var(--muted); }
caption code { color: inherit; overflow-wrap: anywhere; }
th, td { text-align: left; vertical-align: top; padding: 0.3em 0.6em;
  border-top: 1px solid var(--line); }
thead th { background: var(--head); border-top: none; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
tbody th, tfoot th { white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
.muted { color: var(--muted); }
ul { margin: 0.5em 0 0; padding-left: 1.2em; color: var(--muted); font-size: 0.9em; }
`;

// One sheet for every element. Constructed sheets are not inline <style>, so a
// host page's CSP needs no style-src 'unsafe-inline' for them.
function sheet() {
  if (!('adoptedStyleSheets' in Document.prototype)) return null;
  const s = new CSSStyleSheet();
  s.replaceSync(STYLE);
  return s;
}

// The core compiles once per page; if it cannot, each element says why.
let failure = null;
try {
  await ready;
} catch (e) {
  failure = String(e && e.message ? e.message : e);
}
const OPTIONS = failure === null ? options() : [];
const FLAGS = new Set(OPTIONS.filter((o) => o.kind === 'flag').map((o) => o.key));
const KEYS = OPTIONS.map((o) => o.key);
const SHEET = sheet();

// Element with text and children (strings or nodes); never innerHTML, so the
// attribute values and the core's text stay text.
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) el.setAttribute(k, v);
  el.append(...children.filter((c) => c !== null));
  return el;
}

// The CLI's --units: GB = 10^9 bytes (the default), GiB = 2^30; two decimals as
// `--format markdown` prints them.
function unitsOf(value) {
  if (value === null || value === 'gb') return { div: 1e9, name: 'GB' };
  if (value === 'gib') return { div: 1073741824, name: 'GiB' };
  throw new Error('option --units: use gb or gib');
}
const amount = (bytes, u) => `${(bytes / u.div).toFixed(2)} ${u.name}`;
// The bytes stay exact in <data value>, for scripts and tests; people read `amount`.
const bytesCell = (bytes, u) =>
  h('td', { class: 'num' }, h('data', { value: String(bytes) }, amount(bytes, u)));

// The command line the element stands for, in attribute order (flags as the CLI
// spells them), so a reader can reproduce the table.
function commandLine(el, model) {
  const quote = (v) => (/^[\w.,:@%+=/-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
  const parts = ['vramcalc', 'estimate', quote(model)];
  for (const { name, value } of el.attributes) {
    if (name !== 'units' && !KEYS.includes(name)) continue;
    if (FLAGS.has(name) && (value === '' || value === 'true')) parts.push(`--${name}`);
    else if (FLAGS.has(name)) parts.push(`--${name}=${quote(value)}`);
    else parts.push(`--${name}`, quote(value));
  }
  return parts.join(' ');
}

// The verdict line: fits / does not fit on the chosen GPU, or what one GPU needs.
function verdict(e, gpuName, u) {
  const need = `${amount(e.per_gpu_bytes, u)} per GPU`;
  if (e.gpu_memory_bytes === undefined) {
    return { kind: 'needs', word: 'Needs', text: ` ${need} (set gpu= to see whether it fits).` };
  }
  const have = `${gpuName ? `the ${gpuName}'s` : "the GPU's"} ${amount(e.gpu_memory_bytes, u)}`;
  const spare = e.gpu_memory_bytes - e.per_gpu_bytes;
  if (e.fits) {
    const text = ` ${need} of ${have}, ${amount(spare, u)} headroom.`;
    return { kind: 'fits', word: 'Fits:', text };
  }
  const text = ` ${need}, more than ${have}, ${amount(-spare, u)} short.`;
  return { kind: 'short', word: 'Does not fit:', text };
}

// The breakdown: a row a component, as `--format markdown` lists them (those that
// hold bytes, and the unknown ones), then the totals.
function table(e, name, command, u) {
  const cols = ['Component', u.name, 'Share', 'Formula', 'Assumption'];
  const head = h('tr', null,
    ...cols.map((t, i) => h('th', { scope: 'col', class: i === 1 || i === 2 ? 'num' : '' }, t)));
  const share = (bytes) => `${((100 * bytes) / e.per_gpu_bytes).toFixed(1)}%`;
  const row = (label, ...cells) => h('tr', null, h('th', { scope: 'row' }, label), ...cells);
  const rows = e.details.filter((d) => d.bytes > 0 || !d.known).map((d) => (d.known
    ? row(d.name, bytesCell(d.bytes, u), h('td', { class: 'num' }, share(d.bytes)),
      h('td', null, d.formula), h('td', { class: 'muted' }, d.assumption))
    : row(d.name, h('td', { class: 'num' }, 'unknown'), h('td', null),
      h('td', { class: 'muted', colspan: '2' }, d.assumption))));
  const total = (label, bytes) =>
    row(label, bytesCell(bytes, u), h('td', null), h('td', { colspan: '2' }));
  const foot = [total('Total per GPU', e.per_gpu_bytes)];
  if (e.total_bytes !== e.per_gpu_bytes) foot.push(total('Total, all GPUs', e.total_bytes));
  return h('div', { class: 'scroll' }, h('table', null,
    h('caption', null, `${name}: memory per GPU, from `, h('code', null, command)),
    h('thead', null, head), h('tbody', null, ...rows), h('tfoot', null, ...foot)));
}

class VramcalcEstimate extends HTMLElement {
  static get observedAttributes() {
    return ['model', 'units', ...KEYS];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    if (SHEET) root.adoptedStyleSheets = [SHEET];
    else root.append(h('style', null, STYLE));
    // The verdict and the error share one live region, so a change is announced.
    this.status = h('p', { role: 'status', class: 'verdict' });
    this.body = h('div');
    root.append(this.status, this.body);
    this.queued = false;
  }

  connectedCallback() { this.schedule(); }
  attributeChangedCallback() { this.schedule(); }

  // Attributes arrive one callback each (at upgrade, or a script setting several):
  // one render after the last of them.
  schedule() {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (this.isConnected) this.render();
    });
  }

  // Options from the attributes, by the CLI's names; a bare flag attribute is true.
  options() {
    const out = {};
    for (const key of KEYS) {
      const value = this.getAttribute(key);
      if (value !== null) out[key] = FLAGS.has(key) && value === '' ? 'true' : value;
    }
    return out;
  }

  render() {
    try {
      if (failure !== null) throw new Error(`the WebAssembly core did not load: ${failure}`);
      const model = (this.getAttribute('model') || '').trim();
      if (!model) {
        throw new Error('set model= to a preset id (llama-3.1-8b) or a parameter count (8e9)');
      }
      const u = unitsOf(this.getAttribute('units'));
      const e = estimate(model, this.options());
      const name = params(model).model.name;
      const v = verdict(e, this.getAttribute('gpu'), u);
      this.status.className = `verdict ${v.kind}`;
      this.status.replaceChildren(h('span', { class: 'word' }, v.word), v.text);
      const notes = e.notes.map((n) => h('li', null, n));
      this.body.replaceChildren(table(e, name, commandLine(this, model), u));
      if (notes.length) this.body.append(h('ul', { 'aria-label': 'Notes' }, ...notes));
    } catch (err) {
      // Bad input is the reader's to fix, not the page's to crash on: one line.
      this.status.className = 'error';
      this.status.replaceChildren(`vramcalc: ${err && err.message ? err.message : err}`);
      this.body.replaceChildren();
    }
  }
}

// A page that loads the script twice (two paths to it) keeps the first definition.
if (!customElements.get('vramcalc-estimate')) {
  customElements.define('vramcalc-estimate', VramcalcEstimate);
}
