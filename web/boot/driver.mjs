/*
 * kustomer-bridge-boot.mjs: loaded by kustomer-bridge.js once Kustomer's start has completed
 * (or cannot). build.py joins the files of web/boot/ into one module, in this order, writes
 * into it the runtime's paths and the whole Python package (no extra request), and gives it a
 * content-hashed name:
 *   driver.mjs             the driver: port events to the core, its commands carried out
 *   package.mjs            the Python package, and how it gets into an interpreter
 *   worker-runner.mjs      the core in a worker (the default)
 *   main-thread-runner.mjs the core in PyScript on the main thread
 *   boot.mjs               which runner, and what to say when Python cannot run
 * pysrc/kustomer_bridge/port.py defines the port's events and commands.
 */
const PATHS = /*PATHS*/ { core: "", mpy: "", py: "" };

// NaN and Infinity would become null (which clears an attribute): keep them as text so Python
// rejects them with a reason. Lone surrogates become U+FFFD here, the same on both runtimes
// (MicroPython would turn each into three) and in every engine (Safari before 17.4 has no
// String.prototype.toWellFormed, so no use of it).
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
function wellFormed(key, value) {
  if (typeof value === "number" && !isFinite(value)) return String(value);
  if (typeof value === "string") {
    return value.replace(SURROGATES, (unit) => (unit.length === 2 ? unit : "\uFFFD"));
  }
  return value;
}

// A value as it crosses the port: plain JSON (functions, cycles and undefined become null).
function plain(value) {
  try {
    return JSON.parse(JSON.stringify(value === undefined ? null : value, wellFormed) ?? "null");
  } catch (error) {
    return null;
  }
}

function errorInfo(error) {
  return error ? plain({ message: String(error.message || error), status: error.status,
    code: error.code }) : null;
}

// The driver: one batch of events at a time to the core, its commands carried out in order.
function drive(internal, handle) {
  const { sdk, log } = internal;
  const queue = [];
  let busy = false;
  const send = (event) => {
    queue.push(event);
    pump();
  };
  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const batch = queue.splice(0);
      let commands = [];
      try {
        commands = JSON.parse(await handle(JSON.stringify(batch, wellFormed)));
      } catch (error) {
        log("error", "internal error: " + error.message);
      }
      for (const [name, ...args] of commands) {
        try {
          run[name](...args);
        } catch (error) {
          log("error", "internal error on " + name + ": " + error.message);
        }
      }
    }
    busy = false;
  };
  const listeners = new Map(); // event -> the one function given to Kustomer.addListener
  const run = commandRunners(internal, send, listeners);
  sdk.onStart.push((response, error) => send(["started", errorInfo(error)]));
  sdk.onStop.push(() => {
    listeners.clear(); // Kustomer.stop() dropped them
    send(["stopped"]);
  });
  send(["boot", plain(internal.config), { start: sdk.start, startError: errorInfo(sdk.startError),
    landingUrl: internal.landingUrl }]);
  internal.connect(send);
}

// What each of the core's commands does; send(event) reports back.
function commandRunners(internal, send, listeners) {
  const K = () => window.Kustomer;
  const timers = new Map();
  // Each SDK call forwards one callback: an SDK that calls back twice is answered once.
  const invoke = (id, method, args, sync) => {
    let pending = true;
    try {
      if (sync) return send(["callback", id, plain(K()[method]()), null]);
      K()[method](...args, (response, error) => {
        if (pending) send(["callback", id, plain(response), errorInfo(error)]);
        else internal.log("debug", "Kustomer." + method + " called back again; ignored");
        pending = false;
      });
    } catch (error) {
      send(["threw", id, String(error)]);
    }
  };
  // onConversationCreate comes through the loader's own listener, with page snapshots.
  const listen = (event) => {
    if (listeners.has(event)) return;
    const listener = (payload, snapshot = null) =>
      send(["sdkEvent", event, plain(payload), snapshot]);
    listeners.set(event, listener);
    if (event === "onConversationCreate") {
      return internal.takeEarlyEvents(listener).forEach((early) => listener(...early));
    }
    try {
      K().addListener(event, listener);
    } catch (error) {
      internal.log("error", "could not listen for " + event + ": " + error.message);
    }
  };
  return {
    invoke,
    listen,
    start: (options) => {
      try {
        K().start(options);
      } catch (error) {
        send(["started", errorInfo("Kustomer.start threw " + error)]);
      }
    },
    unlisten: (event) => {
      const listener = listeners.get(event);
      listeners.delete(event);
      if (event === "onConversationCreate") return internal.takeEarlyEvents(null);
      try {
        K().removeListener(event, listener);
      } catch (error) {
        internal.log("debug", "removing the " + event + " listener: " + error.message);
      }
    },
    timer: (id, ms) => timers.set(id, setTimeout(() => {
      timers.delete(id);
      send(["timer", id]);
    }, ms)),
    cancelTimer: (id) => clearTimeout(timers.get(id)),
    settle: internal.answer,
    emit: internal.emit,
    ready: (ok, message) => internal.settle(ok, message),
    state: (state) => {
      internal.state = state;
    },
    remember: internal.rememberLanding,
    log: (level, text) => console[level === "debug" ? "log" : level](text),
    booted: (runtime) => {
      const face = internal.face;
      face.runtime = runtime;
      face.host = internal.host;
      face.bootMs = Math.round(performance.now());
      dispatchEvent(new CustomEvent("kustomer-bridge:booted",
        { detail: { runtime, host: face.host, bootMs: face.bootMs } }));
      internal.log("debug", "Python took over at " + face.bootMs + " ms, in a " + face.host +
        " runner");
    },
  };
}
