/*
 * kustomer-bridge-boot.mjs: loaded by kustomer-bridge.js once Kustomer's start has completed
 * (or cannot). build.py joins the files of web/boot/ into one module, in this order, writes
 * into it the runtime's paths and the whole Python package (no extra request), and gives it a
 * content-hashed name:
 *   driver.mjs             the driver: port events to the core, its commands carried out
 *   kept.mjs               the describes kept for the tab (sessionStorage)
 *   package.mjs            the Python package, and how it gets into an interpreter
 *   worker-runner.mjs      the core in a worker (the default)
 *   main-thread-runner.mjs the core in PyScript on the main thread
 *   boot.mjs               which runner, and what to say when Python cannot run
 * kustomer_bridge/browser/port.py defines the port's events and commands; the build writes
 * that definition into PORT, and the driver sends and runs nothing else.
 */
const PATHS = /*PATHS*/ { pyscript: "", mpy: "", py: "" };
const PORT = /*PORT*/ { events: {}, commands: {} };

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

// A message is the port's when its name is defined and it has that many fields.
const ofThePort = (table, message) => table[message[0]]?.length === message.length - 1;

// The driver: one batch of events at a time to the core, its commands carried out in order.
function drive(internal, handle) {
  const { sdk, log } = internal;
  const kept = createKept(log);
  const queue = [];
  let busy = false;
  const send = (event) => {
    if (!ofThePort(PORT.events, event)) return log("error", "internal error: event " + event[0]);
    queue.push(event);
    pump();
  };
  const { run, listeners } = commandRunners(internal, send, kept);
  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length) {
      // The tab's kept describes are read as the batch leaves, after the commands of the
      // batch before (its keep and forget) have run.
      const batch = queue.splice(0).map((event) =>
        (event[0] === "kept" ? ["kept", kept.records()] : event));
      let commands = null;
      try {
        commands = JSON.parse(await handle(JSON.stringify(batch, wellFormed)));
      } catch (error) {
        log("error", "internal error: " + error.message);
      }
      for (const command of commands || []) {
        try {
          if (!ofThePort(PORT.commands, command)) throw new Error("not a command of the port");
          run[command[0]](...command.slice(1));
        } catch (error) {
          log("error", "internal error on " + command[0] + ": " + error.message);
        }
      }
      // The core has taken these conversations: it keeps their describes from now on.
      for (const [name, payload] of commands ? batch : []) {
        if (name === "conversationCreated") internal.earlySettled(payload?.conversationId);
      }
    }
    busy = false;
  };
  sdk.onStart.push((response, error) => send(["started", errorInfo(error)]));
  sdk.onStop.push(() => {
    listeners.clear(); // Kustomer.stop() dropped them
    send(["stopped"]);
  });
  send(["boot", plain(internal.config), { start: sdk.start, startError: errorInfo(sdk.startError),
    landingUrl: internal.landingUrl }]);
  // The describes earlier pages of the tab left (before this page's own), and again when the
  // page comes back from the back/forward cache: another page may have finished some.
  send(["kept", null]);
  addEventListener("pageshow", (event) => event.persisted && send(["kept", null]));
  addEventListener("online", () => send(["wake", "online"]));
  document.addEventListener("visibilitychange", () =>
    document.visibilityState === "visible" && send(["wake", "visible"]));
  // The loader hears every conversation from each start's completion on: the ones it kept,
  // then each new one, go to the core with the page snapshot of their moment.
  const conversation = (payload, snapshot) =>
    send(["conversationCreated", plain(payload), snapshot]);
  internal.takeEarlyEvents(conversation).forEach(([payload, snapshot]) =>
    conversation(payload, snapshot));
  internal.connect(send);
}

// What each of the core's commands does (run); send(event) reports back. listeners holds the
// function given to Kustomer.addListener for each event, to remove the very same one.
function commandRunners(internal, send, kept) {
  const K = () => window.Kustomer;
  const listeners = new Map();
  const timers = new Map();
  const run = {
    // Kustomer drops a call made while it is not started (after a stop, before a start's
    // callback): the core hears of it, and holds the call for the next start.
    invoke: (id, method, args, sync) => {
      if (internal.sdk.start !== "done") return send(["notStarted", id]);
      try {
        if (sync) return send(["callback", id, plain(K()[method]()), null]);
        K()[method](...args, (response, error) =>
          send(["callback", id, plain(response), errorInfo(error)]));
      } catch (error) {
        send(["threw", id, String(error)]);
      }
    },
    start: (options) => {
      try {
        K().start(options);
      } catch (error) {
        send(["started", errorInfo("Kustomer.start threw " + error)]);
      }
    },
    listen: (event) => {
      const listener = (payload) => send(["sdkEvent", event, plain(payload)]);
      listeners.set(event, listener);
      K().addListener(event, listener);
    },
    unlisten: (event) => {
      K().removeListener(event, listeners.get(event));
      listeners.delete(event);
    },
    timer: (id, ms) => timers.set(id, setTimeout(() => {
      timers.delete(id);
      send(["timer", id]);
    }, ms)),
    cancelTimer: (id) => clearTimeout(timers.get(id)),
    answer: internal.answer,
    emit: internal.emit,
    ready: (ok, message) => internal.settle(ok, message),
    state: (state) => {
      internal.state = state;
    },
    remember: internal.rememberLanding,
    keep: kept.keep,
    forget: kept.forget,
    log: (level, text) => console[level === "debug" ? "log" : level](text),
    booted: (runtime) => booted(internal, runtime),
  };
  return { run, listeners };
}

// The core is up: the page's kustomerBridge says where, and an event tells the page.
function booted(internal, runtime) {
  const face = internal.face;
  face.runtime = runtime;
  face.runner = internal.runner;
  face.bootMs = Math.round(performance.now());
  dispatchEvent(new CustomEvent("kustomer-bridge:booted",
    { detail: { runtime, runner: face.runner, bootMs: face.bootMs } }));
  internal.log("debug", `Python took over at ${face.bootMs} ms, in the ${face.runner} runner`);
}
