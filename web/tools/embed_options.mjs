// Writes the element's attribute table into a built embed.html: one row per option
// of the npm module's options() (the CLI's option table), in place of the marker
// <!--vramcalc:options-->, so the documented attributes are exactly those the
// element observes and never go stale.
// usage: node embed_options.mjs MODULE_INDEX_JS EMBED_HTML
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [moduleIndex, htmlPath] = process.argv.slice(2);
if (!moduleIndex || !htmlPath) {
  console.error('usage: node embed_options.mjs MODULE_INDEX_JS EMBED_HTML');
  process.exit(2);
}
const { ready, options } = await import(pathToFileURL(resolve(moduleIndex)).href);
await ready;

const MARKER = '<!--vramcalc:options-->';
const html = readFileSync(htmlPath, 'utf8');
if (!html.includes(MARKER)) {
  console.error(`embed_options: ${htmlPath} has no ${MARKER}`);
  process.exit(1);
}
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// A choice without a fixed list (a GPU id, a tensor split) takes free text.
const values = (o) => (o.choices ? o.choices.split('|').join(' | ') : o.kind === 'choice' ? 'text' : o.kind);
const rows = options().map((o) => `<tr><th scope="row"><code>${esc(o.key)}</code></th>` +
  `<td>${esc(values(o))}</td>` +
  `<td>${esc(o.group)}</td><td>${esc(o.help)}</td></tr>`);
const table = '<table class="options">\n<caption>The element\'s attributes besides model and units ' +
  '(the options of <code>vramcalc estimate</code>)</caption>\n' +
  '<thead><tr><th scope="col">attribute</th><th scope="col">values</th><th scope="col">group</th>' +
  '<th scope="col">what it sets</th></tr></thead>\n<tbody>\n' + rows.join('\n') + '\n</tbody>\n</table>';
writeFileSync(htmlPath, html.replace(MARKER, table));
