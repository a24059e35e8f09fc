// The Chinese UI's glyphs (bundled before web/vramcalc_glue.js by
// web/tools/bundle_js.py, in one function scope). English pages never download
// them: the wasm asks (vramcalcNeedCjkFont) when Chinese is shown without them, and
// zh-glyphs.ttf, a font subset to the characters of imgui_ui/locale_zh.cpp and
// served beside this script (same origin, in the service worker's cache), is
// handed to the module, which merges it into the font atlas and draws once.
/* global host, change, pageScript, keepOffline */

// The page's first language: the browser's (zh, zh-CN, zh-Hans, zh-TW -> zh).
// A link's lang= (applied after this) wins.
function browserLang() {
  var tag = String(navigator.language || '');
  return /^zh([-_]|$)/i.test(tag) ? 'zh' : 'en';
}

function fetchCjkFont() {
  var base = pageScript && pageScript.src ? pageScript.src : location.href;
  var url = new URL('zh-glyphs.ttf', base).href;
  fetch(url).then(function (r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.arrayBuffer();
  }).then(function (buf) {
    keepOffline(url, buf.slice(0));
    return host.ready().then(function () {
      change('loading the Chinese font', function (M) { M.setCjkFont(new Uint8Array(buf)); return ''; });
    });
  }).catch(function (e) {
    // Without its glyphs Chinese would draw as '?' boxes: English instead (the
    // single file opened from file://, or offline before the font was ever kept).
    console.warn('vramcalc: the Chinese font was not loaded, showing English', e);
    change('choosing the language', function (M) { return M.setOption('lang', 'en'); });
  });
}
