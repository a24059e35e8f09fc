// Offline after the first visit (web/sw.js) and one build's files together: the
// stamped index.html loads vramcalc.js?v=HASH, and the wasm is asked for with the
// same query, so a service-worker cache or an HTTP cache never pairs this script
// with another build's wasm. The single-file build (an inline script) and file://
// register nothing.
var pageScript = document.currentScript;
var assetQuery = (function () {
  var m = pageScript && /\?v=[0-9a-f]+$/.exec(pageScript.src || '');
  return m ? m[0] : '';
})();

function locateAsset(path, prefix) {
  return prefix + path + (/\.wasm$/.test(path) ? assetQuery : '');
}

// Hands the service worker `bytes` (an ArrayBuffer) of `url`, a file fetched only
// by some pages (zh-glyphs.ttf), to keep for offline use: on a first visit the
// page fetched it before the worker controlled the page, and sending the bytes
// spares a second download. No worker (file://, the single file): nothing.
function keepOffline(url, bytes) {
  if (!assetQuery || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready.then(function (reg) {
    if (reg.active) reg.active.postMessage({ keep: url, bytes: bytes });
  });
}

function registerOffline() {
  if (!assetQuery || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register('sw.js').catch(function (e) {
    console.warn('vramcalc: the offline copy was not installed', e);
  });
}
window.addEventListener('load', registerOffline);
