// The Hub field's fetch (bundled before web/vramcalc_glue.js by
// web/tools/bundle_js.py, in one function scope). Only on the user's click (the
// field's Fetch: page request "hub:TEXT") or a call of window.vramcalc.fetchHub:
// core reads the id or URL and picks the files from the Hub's listing
// (core/sources/hub.h); this file only does the HTTP. Each chosen file becomes a
// remote stand-in for a File (name, size, slice().arrayBuffer() as an HTTP Range
// request), so the drop's own loader reads it: the same limits, header-only reads
// of .safetensors and .gguf, one joining rule, the same messages. No credentials
// are sent; the CSP allows huggingface.co and its file hosts for connect only.
/* global host, change, report, pure, parseOrThrow, loadFiles */

var HUB_HOST = 'huggingface.co';

// A one-line reason for an HTTP status of the Hub.
function hubStatusText(status, what) {
  if (status === 401 || status === 403) {
    return 'Hub: ' + what + ' is gated or private (HTTP ' + status + '): the calculator sends no token';
  }
  if (status === 404) return 'Hub: ' + what + ' was not found on ' + HUB_HOST + ' (HTTP 404)';
  if (status === 429) return 'Hub: ' + HUB_HOST + ' refused: too many requests (HTTP 429), try again later';
  return 'Hub: ' + HUB_HOST + ' answered HTTP ' + status + ' for ' + what;
}

function hubFetch(url, init, what) {
  return fetch(url, Object.assign({ credentials: 'omit', cache: 'no-store' }, init || {}))
    .catch(function () {
      throw new Error('Hub: could not reach ' + HUB_HOST + ' for ' + what + ' (offline?)');
    });
}

// The first `end` bytes of a response that ignored the Range header, without
// downloading the rest of what may be a 10 GB shard.
function firstBytesOf(response, end) {
  var reader = response.body.getReader();
  var out = new Uint8Array(end);
  var got = 0;
  function next() {
    if (got >= end) { reader.cancel(); return out; }
    return reader.read().then(function (r) {
      if (r.done) return out.slice(0, got);
      var take = Math.min(r.value.length, end - got);
      out.set(r.value.subarray(0, take), got);
      got += take;
      return next();
    });
  }
  return next();
}

// Bytes [start, end) of a file on the Hub (redirects to its file hosts followed).
function hubRange(file, start, end) {
  if (end <= start) return Promise.resolve(new ArrayBuffer(0));
  var init = { headers: { Range: 'bytes=' + start + '-' + (end - 1) } };
  return hubFetch(file.url, init, file.name).then(function (r) {
    if (r.status === 206) return r.arrayBuffer();
    if (r.status !== 200) throw new Error(hubStatusText(r.status, file.name));
    return firstBytesOf(r, end).then(function (bytes) { return bytes.slice(start).buffer; });
  });
}

// What loadFiles() reads of a File, for a file on the Hub.
function remoteFile(f) {
  var file = { name: f.name, size: f.size, url: f.url };
  file.slice = function (start, end) {
    return { arrayBuffer: function () { return hubRange(file, start, end); } };
  };
  return file;
}

function hubStatus(text) {
  change('showing the Hub status', function (M) { M.setHubStatus(text); return ''; });
}

// Fetches the model `text` names and loads it as a drop would. Resolves to null
// or the one-line message (also the page's error line); the state is kept on any
// failure. Never rejects.
function fetchHub(text) {
  var plan = null;
  return host.ready().then(function () {
    var ref = parseOrThrow(pure('reading the Hub id', function (M) {
      return M.hubPlanJson(String(text), '');
    }));
    var what = ref.repo + (ref.revision === 'main' ? '' : '@' + ref.revision);
    hubStatus('Fetching ' + what + ' from ' + HUB_HOST + '...');
    return hubFetch(ref.tree_url, {}, what).then(function (r) {
      if (!r.ok) throw new Error(hubStatusText(r.status, what));
      return r.text();
    }).then(function (tree) {
      plan = parseOrThrow(pure('choosing the Hub files', function (M) {
        return M.hubPlanJson(String(text), tree);
      }));
      hubStatus('Reading ' + plan.files.length + ' file' + (plan.files.length === 1 ? '' : 's') +
        ' of ' + what + '...');
      return loadFiles(plan.files.map(remoteFile));
    }).then(function (message) {
      if (message) return message;
      // The picker names the repository, and share links carry it (hub=).
      return change('naming the Hub model', function (M) { return M.setLoadedHub(what); });
    });
  }).catch(function (e) {
    // Core's messages and ours both start with "Hub".
    return report(e && e.message ? e.message : String(e));
  }).then(function (message) {
    hubStatus('');
    return message;
  });
}
