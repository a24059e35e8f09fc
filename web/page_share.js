// Share links and export on the page (bundled before web/vramcalc_glue.js by
// web/tools/bundle_js.py, in one function scope). The fragment itself is the
// app's business (imgui_ui/share_link.h builds, checks and applies it); here it
// only meets the address bar: kept current with history.replaceState (never a
// new history entry), and the breakdown reaches the clipboard or a downloaded
// file. The helpers take the host's call(during, fn); the API functions at the
// end use the glue's host, change() and report(), so a fault is handled as
// everywhere else.
/* global host, change, report, failure, HostError, fetchHub, fullLink */

// export(format) formats: [file extension, MIME type].
var EXPORT_FORMATS = { json: ['json', 'application/json'], csv: ['csv', 'text/csv'],
  markdown: ['md', 'text/markdown'] };

function exportError(message, code) {
  var err = new Error(message);
  err.code = code;
  return err;
}

// The breakdown as the CLI prints it with --format `format`; throws Error with
// .code 'invalid_option' for another format, 'no_estimate' when there is none.
function exportWith(call, format) {
  var f = String(format);
  if (!Object.prototype.hasOwnProperty.call(EXPORT_FORMATS, f)) {
    throw exportError("export: '" + f.slice(0, 40) + "' is not one of json|markdown|csv",
      'invalid_option');
  }
  var text = call('exporting ' + f, function (M) { return M.exportText(f); });
  if (text === '') throw exportError('export: there is no estimate for these inputs', 'no_estimate');
  return text;
}

// This page (with its query, e.g. ?embed=1) and `fragment` after '#'.
function linkWith(fragment) {
  return location.href.split('#')[0] + (fragment ? '#' + fragment : '');
}

// Puts the state's fragment in the address bar if it differs; returns it.
function syncHash(call) {
  var fragment = call('reading the link', function (M) { return M.shareHash(); });
  var want = fragment ? '#' + fragment : '';
  try {
    if (location.hash !== want) history.replaceState(history.state, '', linkWith(fragment));
  } catch (e) { /* a browser that refuses (some do on file://): the old address stays */ }
  return fragment;
}

// A fragment names a dropped file (which no link can carry) as file=NAME.
function linkHasFile(fragment) { return /(^|&)file=/.test(fragment); }

// Copies `text`; resolves to null or a one-line reason it could not.
function copyText(text) {
  if (!navigator.clipboard || !navigator.clipboard.writeText) {
    return Promise.resolve('copying needs the clipboard, which this browser does not offer here');
  }
  return navigator.clipboard.writeText(text).then(function () { return null; }, function (e) {
    return 'copying failed: ' + (e && e.message ? e.message : String(e));
  });
}

// Saves `text` as vramcalc.<ext> through a blob: link (nothing leaves the page).
function downloadText(text, format) {
  var kind = EXPORT_FORMATS[format];
  var url = URL.createObjectURL(new Blob([text], { type: kind[1] + ';charset=utf-8' }));
  var a = document.createElement('a');
  a.href = url;
  a.download = 'vramcalc.' + kind[0];
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
}

// ---- The page API and the share row (window.vramcalc, vramcalcPageRequest) ----
// Applies a link's fragment; a refused one leaves the defaults and says why on
// the error line (core's message).
function openLink(call, hash) {
  if (hash.length <= 1) return;
  call('opening the link', function (M) { return M.applyShareHash(hash.slice(1)); });
}
// A fragment typed into the address bar (replaceState fires no hashchange). It is
// read from the event: syncHash() may have put the state's back in between.
window.addEventListener('hashchange', function (e) {
  if (!host.running()) return;
  var hash = String(e.newURL || '');
  var fragment = hash.indexOf('#') < 0 ? '' : hash.slice(hash.indexOf('#') + 1);
  try {
    var now = host.call('reading the link', function (M) { return M.shareHash(); });
    if (fragment === now) return;
    change('opening the link', function (M) { return M.applyShareHash(fragment); });
    syncHash(host.call);
  } catch (e) { /* replaced: the restored instance keeps its state */ }
});
function exportText(format) {
  try {
    return exportWith(host.call, format);
  } catch (e) {
    if (e instanceof HostError) throw Object.assign(new Error(failure(e)), { code: 'internal_error' });
    throw e;
  }
}
// The page's link to this view (also what "Copy link" copies).
function shareLink() { return linkWith(syncHash(host.call)); }
// The buttons of the share row (and the API calls below): null or what went wrong.
function copyLink() {
  var link = shareLink();
  return copyText(link).then(function (why) {
    if (why) return report(why);
    if (linkHasFile(link.split('#')[1] || '')) {
      return report('link copied without the dropped file: a link cannot carry a file, ' +
        'so whoever opens it drops the file again');
    }
    return null;
  });
}
function copyMarkdown() {
  return copyText(exportText('markdown')).then(function (why) { return why ? report(why) : null; });
}
function download(format) {
  try {
    downloadText(exportText(format), String(format));
    return null;
  } catch (e) {
    return report(e.message);
  }
}
function pageRequest(what) {
  if (what === 'copy-link') return copyLink();
  if (what === 'open-full') {  // the embed view's link: a new tab, not inside the iframe
    window.open(fullLink(syncHash(host.call)), '_blank', 'noopener');
    return Promise.resolve(null);
  }
  if (what === 'copy-markdown') return copyMarkdown();
  if (what.indexOf('download-') === 0) return Promise.resolve(download(what.slice(9)));
  if (what.indexOf('hub:') === 0) return fetchHub(what.slice(4));  // page_hub.js
  return Promise.resolve(null);
}
