// The colour theme on the page (bundled before web/vramcalc_glue.js by
// web/tools/bundle_js.py). The app draws the theme (imgui_ui/palette.h) and keeps the
// user's choice; here the browser's prefers-color-scheme reaches it, at start and
// when the system switches, and the page's own background (index.html's CSS, seen
// before the first frame and around the canvas) follows what the app draws. A link's
// theme= is read here too, before the wasm has loaded, so it opens without a flash
// of the other colour.
var themeQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: light)') : null;

function browserTheme() { return themeQuery && themeQuery.matches ? 'light' : 'dark'; }

// The page's CSS colours for theme `id` ('dark' | 'light'): html[data-theme=...].
function showTheme(id) { document.documentElement.setAttribute('data-theme', id); }

(function () {
  var m = /(?:^#|&)theme=(dark|light)(?:&|$)/.exec(location.hash);
  showTheme(m ? m[1] : browserTheme());
})();

// Tells a (fresh) instance the browser's theme; the app's choice, if any, stays.
function followBrowserTheme(call) {
  call('reading the colour scheme', function (M) { M.setSystemTheme(browserTheme()); });
}

// Later switches of the system theme (a laptop going to night mode) reach the app.
function watchBrowserTheme(onChange) {
  if (!themeQuery) return;
  var listen = themeQuery.addEventListener ? themeQuery.addEventListener.bind(themeQuery, 'change')
    : themeQuery.addListener.bind(themeQuery);  // Safari before 14
  listen(onChange);
}
