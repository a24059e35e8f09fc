// vramcalc's service worker (dist/sw.js, stamped by web/tools/stamp_site.py): the
// site works offline after one visit. One cache per build, named by the build's
// content hash and filled whole before the worker takes over, so a page always
// gets index.html, vramcalc.js and vramcalc.wasm of one build: the page asks for
// vramcalc.js?v=HASH and vramcalc.wasm?v=HASH, and only that build's cache holds
// those URLs. Pages load from the network while online (a deploy is seen at the
// next load) and from the cache when the network fails: the page asked for
// (embed.html, or index.html whatever its query, e.g. an iframe's ?embed=1), else
// index.html for the folder's own address. Requests to other origins (the Hub
// field) pass through untouched.
var VERSION = '__VERSION__';
var FILES = __FILES__;
var CACHE = 'vramcalc-' + VERSION;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES);
  }).then(function () { return self.skipWaiting(); }));
});

// The new build's cache is complete: every other build's goes.
self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('vramcalc-') === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreSearch: true }).then(function (hit) {
          return hit || cache.match('index.html');
        });
      });
    }));
    return;
  }
  event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
});
