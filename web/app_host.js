// The app host: runs the wasm app (vramcalc.js built with -sMODULARIZE) as one
// instance at a time and replaces an instance that faults. A wasm trap, an
// abort() or a stack overflow leaves an instance unusable (its stack pointer and
// heap are wherever the fault left them), so nothing calls into it again: every
// call from the page goes through call(), and the frame loop and the instance's
// own DOM listeners are guarded too. A faulted instance is halted (main loop
// paused, its listeners removed, its WebGL context dropped with its canvas) and a
// fresh one starts on a fresh canvas; hooks.started() then restores the page.
// Bundled with the page glue into one script (web/tools/bundle_js.py).

// A call the host refused or that faulted; `message` is for the page's error line.
function HostError(message, faulted) {
  this.name = 'HostError';
  this.message = message;
  this.faulted = faulted;
}
HostError.prototype = Object.create(Error.prototype);

// hooks: factory (the MODULARIZE factory), canvas (the element of the first
// instance), moduleOptions (extra Module fields: EM_JS hooks), died(fault) (an
// instance faulted: {error, during, level}), started(call, fault) (an instance
// runs; after a fault, restore the page through call), canvasChanged(canvas),
// gaveUp(fault) (no instance can run).
function createAppHost(hooks) {
  // A started instance is on probation until it has drawn a frame and lived this
  // long: time, not frames, because an idle page draws none (the loop pauses).
  var PROBATION_MS = 150;
  var MAX_LEVEL = 2;         // restore levels the glue knows (0 = everything)
  var current = null;
  var level = 0;             // faults in a row that struck during probation
  var readyPromise;

  function halt(inst) {
    inst.stopRecording();
    try { if (inst.module.pauseMainLoop) inst.module.pauseMainLoop(); } catch (e) { /* dead */ }
    for (var i = 0; i < inst.listeners.length; ++i) {
      var l = inst.listeners[i];
      l[0].removeEventListener(l[1], l[2], l[3]);
    }
    inst.listeners = [];
    var gl = inst.module.ctx;  // Browser.createContext's WebGL context
    var lose = gl && gl.getExtension ? gl.getExtension('WEBGL_lose_context') : null;
    if (lose) lose.loseContext();  // free it now, not when the GC finds it
    // Emscripten hangs its own functions on the canvas (getContext, GLctxObject,
    // pointer lock): dropped, so whoever still holds the old canvas does not keep
    // the dead instance's memory alive.
    var canvas = inst.module.canvas;
    Object.keys(canvas).forEach(function (k) { delete canvas[k]; });
  }

  // The one way an instance ends: halted at once, replaced from a clean stack.
  // A fault while the replacement restores the page, or in its first frames,
  // escalates the restore level (the restored state may be what faults).
  function die(inst, error, during) {
    if (inst.dead) return;
    inst.dead = true;
    halt(inst);
    var early = inst.restoring || !inst.everRan || (inst.onProbation && inst.calls === 0);
    level = early ? level + 1 : 0;
    var fault = { error: error, during: during || inst.during || 'drawing a frame', level: level };
    hooks.died(fault);
    if ((inst.first && !inst.everRan) || level > MAX_LEVEL) {  // it cannot start at all
      readyPromise = Promise.resolve();
      hooks.gaveUp(fault);
      return;
    }
    readyPromise = new Promise(function (resolve) {
      setTimeout(function () { resolve(start(fault)); }, 0);
    });
  }

  // Listeners the instance adds while it starts (GLFW's window and canvas ones,
  // the html5 wheel callback, the pointer-lock ones on document) are recorded
  // for halt() and guarded: once dead they do nothing, and an error inside them
  // ends the instance instead of escaping to the page.
  function record(inst) {
    var proto = EventTarget.prototype;
    var add = proto.addEventListener;
    proto.addEventListener = function (type, listener, options) {
      if (typeof listener !== 'function') return add.call(this, type, listener, options);
      var guarded = function (event) {
        if (inst.dead) return undefined;
        inst.during = type + ' event';
        try {
          return listener.call(this, event);
        } catch (e) {
          die(inst, e);
          return undefined;
        } finally {
          inst.during = null;
        }
      };
      inst.listeners.push([this, type, guarded, options]);
      return add.call(this, type, guarded, options);
    };
    inst.stopRecording = function () { proto.addEventListener = add; };
  }

  function endProbation(inst) {
    if (inst.dead || !inst.onProbation || inst.turns === 0) return;
    if (performance.now() - inst.startedAt < PROBATION_MS) return;
    inst.onProbation = false;
    level = 0;
  }

  function freshCanvas() {
    var old = current ? current.module.canvas : hooks.canvas;
    if (!current) return old;
    var canvas = old.cloneNode(false);  // same id and attributes, no listeners
    var focused = document.activeElement === old;
    old.replaceWith(canvas);
    if (focused) canvas.focus();
    hooks.canvasChanged(canvas);
    return canvas;
  }

  function start(fault) {
    var inst = { dead: false, first: !current, everRan: false, restoring: false, calls: 0,
      during: null, listeners: [], onProbation: true, turns: 0, startedAt: 0,
      stopRecording: function () {} };
    var options = {
      canvas: freshCanvas(),
      // Handled faults are reported on the page's error line: warnings, not errors.
      printErr: function (text) { console.warn('vramcalc: ' + text); },
      // Emscripten's handleException() (main loop, main()) ends in quit_: end the
      // instance here instead of rethrowing into the browser's event loop.
      quit: function (status, error) {
        if (error && error.name === 'ExitStatus' && status === 0) return;
        die(inst, error);
      },
      onAbort: function (what) {
        die(inst, new Error('Aborted(' + (what || 'abort() called in the wasm') + ')'));
      },
      preMainLoop: function () {
        if (inst.dead) return false;
        inst.during = 'drawing a frame';
        return true;
      },
      postMainLoop: function () {
        inst.during = null;
        if (inst.everRan) {
          ++inst.turns;
          endProbation(inst);
        }
      },
      onRuntimeInitialized: function () { record(inst); },
      postRun: [function () { inst.stopRecording(); }],
    };
    Object.keys(hooks.moduleOptions).forEach(function (k) { options[k] = hooks.moduleOptions[k]; });
    inst.module = options;  // MODULARIZE fills in the object it is given
    current = inst;
    var started = hooks.factory(options).then(function () {
      if (inst.dead) return readyPromise;
      inst.everRan = true;
      inst.startedAt = performance.now();
      setTimeout(function () { endProbation(inst); }, PROBATION_MS);
      inst.restoring = true;
      try {
        hooks.started(call, fault);
      } catch (e) {
        if (!(e instanceof HostError)) console.warn('vramcalc: starting the page failed', e);
      }
      inst.restoring = false;
      return inst.dead ? readyPromise : undefined;
    }, function (e) {
      die(inst, e, 'starting');
      return readyPromise;
    });
    if (!fault && !inst.dead) readyPromise = started;
    return started;
  }

  // Runs fn(module) on the running instance; throws HostError while none runs
  // or when fn faults (the instance is then replaced).
  function call(during, fn) {
    var inst = current;
    if (!inst || inst.dead || !inst.everRan) {
      throw new HostError('vramcalc is restarting after an internal error: try again when ' +
        'window.vramcalc.ready resolves', false);
    }
    var outer = inst.during;
    inst.during = during;
    ++inst.calls;
    try {
      return fn(inst.module);
    } catch (e) {
      if (e instanceof HostError) throw e;  // a nested call() faulted already
      die(inst, e, during);
      throw new HostError(e && e.message ? e.message : String(e), true);
    } finally {
      inst.during = outer;
      --inst.calls;
      // The frame loop pauses while idle: a call that changed the state wakes it
      // (web/main_web.cpp's vramcalc_wake; a read costs nothing). Its answer is the
      // state's version, so the glue can tell whether anything changed.
      if (inst.calls === 0 && !inst.dead && inst.module._vramcalc_wake) wake(inst);
    }
  }
  function wake(inst) {
    try {
      inst.version = inst.module._vramcalc_wake();
    } catch (e) {
      die(inst, e, inst.during);
    }
  }

  // A fault the guards above missed (it reached window.onerror): end the
  // instance when the error came out of its wasm.
  window.addEventListener('error', function (e) {
    var stack = e.error && e.error.stack ? String(e.error.stack) : '';
    if (current && !current.dead && (e.error instanceof WebAssembly.RuntimeError ||
        /wasm-function|\.wasm:/.test(stack))) {
      die(current, e.error, 'an event');
    }
  });

  start(null);
  return {
    call: call,
    // Resolves once an instance runs (after a fault: the replacement, restored).
    ready: function () { return readyPromise; },
    running: function () { return !!current && !current.dead && current.everRan; },
    // The running instance's state version after the last call (undefined: unknown).
    version: function () { return current && !current.dead ? current.version : undefined; },
  };
}
