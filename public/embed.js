// dist/embed.html's iframes grow to their content. A vramcalc embed
// (index.html?embed=1) posts {type: 'vramcalc:height', height} to its parent page
// when its content's height changes (CSS pixels, once at start). A file, not an
// inline script, so the page's CSP can say script-src 'self'. The same lines work in
// any page: set VRAMCALC_ORIGIN to the origin that serves vramcalc.
(function () {
  var VRAMCALC_ORIGIN = location.origin;  // e.g. 'https://you.github.io'
  window.addEventListener('message', function (event) {
    var d = event.data;
    if (event.origin !== VRAMCALC_ORIGIN || !d || d.type !== 'vramcalc:height') return;
    var height = Number(d.height);
    if (!(height > 0 && height < 10000)) return;
    var frames = document.querySelectorAll('iframe.vramcalc');
    for (var i = 0; i < frames.length; ++i) {
      // Only the iframe that sent it: event.source is its window.
      if (frames[i].contentWindow === event.source) frames[i].style.height = Math.ceil(height) + 'px';
    }
  });
})();
