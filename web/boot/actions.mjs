/*
 * What each of the core's commands does, by the port's field names (port.py; the driver's
 * dispatcher checks the actions are exactly the port's commands). send(name, fields) reports
 * back to the core. And how a value crosses the port: plain JSON.
 */
// NaN and Infinity would become null (which clears an attribute): keep them as text so Python
// rejects them with a reason. Lone surrogates become U+FFFD here, the same on both runtimes
// (MicroPython would turn each into three) and in every engine (Safari before 17.4 has no
// String.prototype.toWellFormed, so no use of it).
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;
export function wellFormed(key, value) {
  if (typeof value === "number" && !isFinite(value)) return String(value);
  if (typeof value === "string") {
    return value.replace(SURROGATES, (unit) => (unit.length === 2 ? unit : "\uFFFD"));
  }
  return value;
}

// A value as it crosses the port: plain JSON (functions, cycles and undefined become null).
export function plain(value) {
  try {
    return JSON.parse(JSON.stringify(value === undefined ? null : value, wellFormed) ?? "null");
  } catch (error) {
    return null;
  }
}

export function errorInfo(error) {
  return error ? plain({ message: String(error.message || error), status: error.status,
    code: error.code }) : null;
}

// The actions, and reset(): forget what a core that failed had under way (its listeners, its
// timers, the callbacks of its calls); reset.listeners() only the listeners (Kustomer.stop()
// dropped them).
export function commandActions(internal, send, kept) {
  const kustomer = kustomerActions(internal, send);
  const timers = timerActions(send);
  const reset = () => {
    kustomer.reset();
    timers.reset();
  };
  reset.listeners = kustomer.reset.listeners;
  const actions = {
    ...kustomer.actions,
    ...timers.actions,
    answer: ({ requestId, ok, value }) => internal.answer(requestId, ok, value),
    emit: ({ event, payload }) => internal.emit(event, payload),
    state: ({ state }) => {
      internal.state = state;
    },
    remember: ({ url }) => internal.rememberLanding(url),
    keep: ({ record }) => kept.keep(record),
    claim: ({ key }) => kept.claim(key).then((granted) => send("claimed", { key, granted })),
    forget: ({ key }) => kept.forget(key),
    log: ({ level, text }) => console[level === "debug" ? "log" : level](text),
    booted: ({ runtime }) => booted(internal, runtime),
  };
  return { actions, reset };
}

// Kustomer's SDK. listeners holds the function given to Kustomer.addListener for each event,
// to remove the very same one; a callback of a core that failed (an earlier era) is dropped.
function kustomerActions(internal, send) {
  const K = () => window.Kustomer;
  const listeners = new Map();
  const era = { core: 0 };
  const reset = () => {
    era.core += 1;
    listeners.forEach((listener, event) => K().removeListener(event, listener));
    reset.listeners();
  };
  reset.listeners = () => listeners.clear();
  const actions = {
    // Kustomer drops a call made while it is not started (after a stop, before a start's
    // callback): the core hears of it, and holds the call for the next start.
    invoke: ({ callId, method, args, sync }) => {
      if (internal.sdk.start !== "done") return send("notStarted", { callId });
      const core = era.core;
      try {
        if (sync) return send("callback", { callId, response: plain(K()[method]()), error: null });
        K()[method](...args, (response, error) => core === era.core &&
          send("callback", { callId, response: plain(response), error: errorInfo(error) }));
      } catch (error) {
        send("threw", { callId, text: String(error) });
      }
    },
    start: ({ options }) => {
      try {
        K().start(options);
      } catch (error) {
        send("started", { error: errorInfo("Kustomer.start threw " + error) });
      }
    },
    listen: ({ event }) => {
      const listener = (payload) => send("sdkEvent", { event, payload: plain(payload) });
      listeners.set(event, listener);
      K().addListener(event, listener);
    },
    unlisten: ({ event }) => {
      K().removeListener(event, listeners.get(event));
      listeners.delete(event);
    },
  };
  return { actions, reset };
}

function timerActions(send) {
  const timers = new Map();
  const reset = () => {
    timers.forEach(clearTimeout);
    timers.clear();
  };
  const actions = {
    timer: ({ timerId, ms }) => timers.set(timerId, setTimeout(() => {
      timers.delete(timerId);
      send("timer", { timerId });
    }, ms)),
    cancelTimer: ({ timerId }) => {
      clearTimeout(timers.get(timerId));
      timers.delete(timerId);
    },
  };
  return { actions, reset };
}

// The core is up: the page's kustomerBridge says where, and an event tells the page.
function booted(internal, runtime) {
  const face = internal.face;
  if (face.runtime) return internal.log("debug", "Python took over again");
  face.runtime = runtime;
  face.runner = internal.runner;
  face.bootMs = Math.round(performance.now());
  dispatchEvent(new CustomEvent("kustomer-bridge:booted",
    { detail: { runtime, runner: face.runner, bootMs: face.bootMs } }));
  internal.log("debug", `Python took over at ${face.bootMs} ms, in the ${face.runner} runner`);
}
