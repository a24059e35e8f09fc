// The embed view (index.html?embed=1#LINK, for an iframe in a documentation page;
// bundled before web/vramcalc_glue.js by web/tools/bundle_js.py). The app draws the
// compact view (imgui_ui/panel_embed.cpp) with the knobs LINK names, or those of
// ?knobs=a,b when given (a link must name mode=training to set it, which need not
// make it a knob). Here the page reads the query, keeps the knobs it was opened with
// (the address bar follows the state afterwards, and a restarted instance needs the
// same knobs), tells the parent page the content's height so it can size the
// iframe, and opens the full calculator with the same settings.
var embedQuery = new URLSearchParams(location.search);
var embedView = embedQuery.get('embed') === '1';
// Keys as a fragment ("seq&gpu" names the same knobs as "seq=8192&gpu=..."); core
// keeps the option keys among them (LinkOptionKeys).
var embedKnobs = embedQuery.has('knobs') ? embedQuery.get('knobs').split(',').join('&')
  : location.hash.slice(1);

// Switches a (fresh) instance to the embed view; nothing on the full page.
function enterEmbed(call) {
  if (!embedView) return;
  call('opening the embed view', function (M) { M.enterEmbedView(embedKnobs); });
}

// The content's height in CSS pixels, from the app when it changes (never per
// frame). The message carries nothing but the height, so any parent may read it.
function postHeight(height) {
  if (window.parent === window) return;
  window.parent.postMessage({ type: 'vramcalc:height', height: height }, '*');
}

// This page without ?embed=1, with the state's fragment: the whole calculator.
function fullLink(fragment) {
  var url = new URL(location.href);
  url.searchParams.delete('embed');
  url.searchParams.delete('knobs');
  url.hash = fragment;
  return url.href;
}
