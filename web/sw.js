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
//
// ON_DEMAND files (zh-glyphs.ttf, the Chinese UI's font) are fetched only by the
// pages that need them, so they are not precached for everyone: a fetch through
// this worker puts the response in this build's cache; a page that fetched one
// before this worker controlled it (the first visit) asks for it to be kept
// (postMessage {keep: url, bytes}, web/page_offline.js); and a new build's worker fetches
// them again at install only when an older cache held them. So a zh user stays
// offline-ready across deploys, and an English user never downloads them.
var VERSION = '__VERSION__';
var FILES = __FILES__;
var ON_DEMAND = __ON_DEMAND__;
var CACHE = 'vramcalc-' + VERSION;

function onDemandUrls() {
  return ON_DEMAND.map(function (name) { return new URL(name, self.location).href; });
}

// The on-demand files an older build's cache holds, fetched anew into `cache`.
function carryOnDemand(cache) {
  return Promise.all(onDemandUrls().map(function (url) {
    return caches.match(url).then(function (old) {
      if (!old) return null;
      return cache.add(url).catch(function () { return null; });  // the page fetches it later
    });
  }));
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(FILES).then(function () { return carryOnDemand(cache); });
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

// A page fetched an on-demand file before this worker controlled it and sends its
// bytes: keep them, unless a fetch through this worker already did.
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (typeof data.keep !== 'string' || onDemandUrls().indexOf(data.keep) < 0) return;
  if (!(data.bytes instanceof ArrayBuffer)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.match(data.keep).then(function (hit) {
      return hit || cache.put(data.keep, new Response(data.bytes, {
        headers: { 'Content-Type': 'font/ttf' },
      }));
    });
  }));
});

// Network response for an on-demand file, kept in this build's cache on success.
function fetchAndKeep(event, request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
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
  var onDemand = onDemandUrls().indexOf(url.origin + url.pathname) >= 0;
  event.respondWith(caches.match(request).then(function (hit) {
    if (hit) return hit;
    return onDemand ? fetchAndKeep(event, request) : fetch(request);
  }));
});
