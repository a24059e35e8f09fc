// Tab between the app and the rest of the page (bundled before web/vramcalc_glue.js
// by web/tools/bundle_js.py). Inside the canvas the app's KeyboardNav moves the
// focus from widget to widget; on its last widget (Shift+Tab: its first) a Tab
// leaves the canvas as it would leave any other control, so the keyboard is never
// trapped, and a Tab from the page back into the canvas lands on its first (last)
// widget. Emscripten's GLFW takes every Tab on the window and prevents the
// browser's focus move, so this listener runs before it (a window capture listener
// installed before the module starts) and hides from it the Tabs the browser is to
// move the focus with. `tab(backwards, entering)` is the module's vramcalc_tab.
function installTabExit(canvas, tab) {
  var entering = null;  // the Shift state of a Tab the browser is moving the focus with
  window.addEventListener('keydown', function (e) {
    if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
    if (document.activeElement === canvas && !tab(e.shiftKey, false)) return;  // the app's
    e.stopImmediatePropagation();  // the browser's focus move, unseen by GLFW
    entering = document.activeElement === canvas ? null : e.shiftKey;
    setTimeout(function () { entering = null; }, 0);
  }, true);
  canvas.addEventListener('focus', function () {
    if (entering !== null) tab(entering, true);
    entering = null;
  });
}
