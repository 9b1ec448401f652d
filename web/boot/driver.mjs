/*
 * The driver: port events to the core, one batch at a time, and the core's commands carried
 * out in order. kustomer_bridge/browser/port.py defines the port's events and commands (the
 * build writes them into ../port/generated.mjs); the driver sends and runs nothing else.
 */
import { createKept } from "./kept.mjs";
import { pythonCannotRun } from "./python.mjs";
import { PORT } from "../port/generated.mjs";

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

function errorInfo(error) {
  return error ? plain({ message: String(error.message || error), status: error.status,
    code: error.code }) : null;
}

// A message is the port's when its name is defined and it has that many fields.
const ofThePort = (table, message) => table[message[0]]?.length === message.length - 1;

// The driver: one batch of events at a time to the core, its commands carried out in order.
// runner: {handle(eventsJson) -> (Promise of) commandsJson, restart() -> Promise of a handle}.
// A core that fails (the handle throws: a wasm trap, a worker gone) is said once and started
// again, at most MAX_RESTARTS times: the new core is greeted as the first was, and gets the
// tab's kept describes, the conversations not yet taken and the page's unanswered requests.
const MAX_RESTARTS = 3;

export function drive(internal, runner) {
  const { sdk, log } = internal;
  const kept = createKept(log);
  const queue = [];
  const core = { handle: runner.handle, restarts: 0, busy: false };
  const send = (event) => {
    if (!core.handle) return; // Python could not be started again: the loader said so
    if (!ofThePort(PORT.events, event)) return log("error", "internal error: event " + event[0]);
    queue.push(event);
    pump();
  };
  const { run, reset } = commandActions(internal, send, kept);
  const pump = async () => {
    if (core.busy) return;
    core.busy = true;
    while (queue.length) {
      // The tab's kept describes are read as the batch leaves, after the commands of the
      // batch before (its keep and forget) have run.
      const batch = queue.splice(0).map((event) =>
        (event[0] === "kept" ? ["kept", kept.records()] : event));
      let commands;
      try {
        commands = JSON.parse(await core.handle(JSON.stringify(batch, wellFormed)));
      } catch (error) {
        if (!(await restart(error))) return;
        continue;
      }
      carryOut(commands, batch);
    }
    core.busy = false;
  };
  const carryOut = (commands, batch) => {
    for (const command of commands) {
      try {
        if (!ofThePort(PORT.commands, command)) throw new Error("not a command of the port");
        run[command[0]](...command.slice(1));
      } catch (error) {
        log("error", "internal error on " + command[0] + ": " + error.message);
      }
    }
    // The core has taken these conversations: it keeps their describes from now on.
    for (const [name, payload] of batch) {
      if (name === "conversationCreated") internal.earlySettled(payload?.conversationId);
    }
  };
  const restart = async (error) => {
    log.once("warn", `the Python core failed (${error.message || error}); it is started ` +
      "again, and its held calls and kept describes go on");
    try {
      if (++core.restarts > MAX_RESTARTS) throw new Error(`it failed ${core.restarts} times`);
      core.handle = await runner.restart();
    } catch (failure) {
      core.handle = null;
      internal.pythonFailed(pythonCannotRun(failure.message));
      return false;
    }
    queue.length = 0; // for the core that failed; greet gives the new one what is still due
    reset();
    greet(internal.earlyStored());
    return true;
  };
  // The conversations the loader heard (the ones it held, then each new one) go to the core
  // with the page snapshot of their moment.
  const conversation = (payload, snapshot) =>
    send(["conversationCreated", plain(payload), snapshot]);
  const greet = (conversations) => {
    send(["boot", plain(internal.config), { start: sdk.start,
      startError: errorInfo(sdk.startError), landingUrl: internal.landingUrl }]);
    // The describes earlier pages of the tab left (before this page's own).
    send(["kept", null]);
    conversations.forEach(([payload, snapshot]) => conversation(payload, snapshot));
    internal.connect(send);
  };
  sdk.onStart.push((response, error) => send(["started", errorInfo(error)]));
  sdk.onStop.push(() => {
    reset.listeners(); // Kustomer.stop() dropped them
    send(["stopped"]);
  });
  greet(internal.takeEarlyEvents(conversation));
  // Back from the back/forward cache: another page of the tab may have finished some.
  addEventListener("pageshow", (event) => event.persisted && send(["kept", null]));
  addEventListener("online", () => send(["wake", "online"]));
  document.addEventListener("visibilitychange", () =>
    document.visibilityState === "visible" && send(["wake", "visible"]));
}

// What each of the core's commands does (run); send(event) reports back. listeners holds the
// function given to Kustomer.addListener for each event, to remove the very same one; reset()
// forgets what the core that failed had under way (its listeners, its timers, the callbacks
// of its calls), and reset.listeners() only the listeners (Kustomer.stop() dropped them).
export function commandActions(internal, send, kept) {
  const K = () => window.Kustomer;
  const listeners = new Map();
  const timers = new Map();
  const era = { core: 0 };
  const reset = () => {
    era.core += 1;
    listeners.forEach((listener, event) => K().removeListener(event, listener));
    reset.listeners();
    timers.forEach(clearTimeout);
    timers.clear();
  };
  reset.listeners = () => listeners.clear();
  const run = {
    // Kustomer drops a call made while it is not started (after a stop, before a start's
    // callback): the core hears of it, and holds the call for the next start.
    invoke: (id, method, args, sync) => {
      if (internal.sdk.start !== "done") return send(["notStarted", id]);
      const core = era.core;
      try {
        if (sync) return send(["callback", id, plain(K()[method]()), null]);
        K()[method](...args, (response, error) => core === era.core &&
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
    cancelTimer: (id) => {
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    answer: internal.answer,
    emit: internal.emit,
    ready: (ok, message) => internal.settle(ok, message),
    state: (state) => {
      internal.state = state;
    },
    remember: internal.rememberLanding,
    keep: kept.keep,
    claim: (key) => kept.claim(key).then((granted) => send(["claimed", key, granted])),
    forget: kept.forget,
    log: (level, text) => console[level === "debug" ? "log" : level](text),
    booted: (runtime) => booted(internal, runtime),
  };
  return { run, reset };
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
