/*
 * Wiring. Reads the tag's config (a bad one is reported once and the bridge stays off),
 * defines window.kustomerBridge at once, loads or finds Kustomer when consent and data-load
 * allow, and loads the boot module once Kustomer's start has completed (or cannot), so
 * Python never competes with widget.js; at once when the page has Python but no PyScript of
 * its own (PyScript then runs both). window.__kustomerBridge__ (`internal`) is what the boot
 * module and the page's Python use; it is defined here, whole.
 */
import { MANIFEST } from "./manifest.mjs";
import { WIDGET_URL } from "../port/generated.mjs";
import { createLog, debugOn, readConfig } from "./config.mjs";
import { createTrusted, PYTHON_HEADER } from "./trusted.mjs";
import { KustomerSdk } from "./kustomer.mjs";
import { createEarly } from "./early.mjs";
import { createFace } from "./face.mjs";
import { createLanding } from "./landing.mjs";
import { createPythonLoader, pagePyScript, pythonWithoutPyScript } from "./python-on-page.mjs";
import { createReady, RUNTIME_NAMES } from "./ready.mjs";

export function main() {
  const script = document.currentScript;
  const log = createLog(debugOn(script));
  if (window.__kustomerBridge__) return log("debug", "included twice; the first copy runs");
  let config;
  try {
    if (!script) throw "kustomer-bridge.js must be loaded by a <script src> tag";
    config = readConfig(script);
  } catch (problem) {
    const ready = createReady({}, log);
    ready.fail(problem + "; the bridge stays off", "Error");
    window.__kustomerBridge__ = { failed: true };
    window.kustomerBridge = { ready: ready.promise, version: MANIFEST.version };
    return;
  }
  const parts = createParts(script, config, log);
  const internal = createInternal(parts);
  const python = createPythonLoader(parts.base, internal);
  const load = wireKustomer(parts, python, internal);
  const schedule = () => {
    if (config.consent !== "granted") return;
    if (config.load === "idle") (window.requestIdleCallback || setTimeout)(load);
    else if (config.load === "immediate") load();
    else for (const type of ["pointerdown", "keydown", "scroll"]) {
      addEventListener(type, load, { once: true });
    }
  };
  internal.face.grantConsent = () => {
    config.consent = "granted";
    schedule();
  };
  define(internal, log);
  python.servePagePython();
  for (const type of ["mpy", "py"]) addEventListener(type + ":progress", python.servePagePython);
  schedule();
}

// The loader's parts, each in its module.
function createParts(script, config, log) {
  const base = new URL(".", script.src).href;
  const widget = config.widgetSrc ? new URL(config.widgetSrc, base).href : WIDGET_URL;
  const trusted = createTrusted(base, widget, log);
  const face = createFace(log);
  const landing = createLanding(config);
  const early = createEarly({
    log,
    atRest: landing.atRest,
    landing: () => landing.url,
    reportFailed(payload, reason) {
      const conversationId = payload?.conversationId;
      if (conversationId !== undefined && conversationId !== null && conversationId !== "") {
        log("debug", `conversation ${conversationId} not described: ${reason}`);
        face.emit("describeFailed",
          { conversationId: String(conversationId), customAttributes: null, reason });
      }
    },
  });
  return { script, config, log, base, trusted, face, landing, early,
    ready: createReady(config, log),
    kustomer: new KustomerSdk({ config, widget, log, trusted, nonce: script.nonce }) };
}

// window.__kustomerBridge__, for the boot module and the page's own Python.
function createInternal({ script, config, log, trusted, face, landing, early, ready, kustomer }) {
  const internal = {
    config, log, trusted, nonce: script.nonce, face: pageFace(ready, face), state: "waiting",
    runner: null, pythonHeader: PYTHON_HEADER, runtimeName: RUNTIME_NAMES[config.runtime],
    sdk: {
      get start() {
        return kustomer.state.start;
      },
      get startError() {
        return kustomer.state.startError;
      },
      onStart: kustomer.watchers.start,
      onStop: kustomer.watchers.stop,
    },
    get landingUrl() {
      return landing.url;
    },
    rememberLanding: landing.remember,
    takeEarlyEvents: early.take,
    earlySettled: early.settled,
    earlyStored: early.stored,
    pagePyScript: () => pagePyScript(internal.ownPyScript),
    pythonWithoutPyScript: () => pythonWithoutPyScript(internal.ownPyScript),
    // Python cannot run on this page: said once; ready rejects; every held and later request
    // is refused; every conversation is reported describeFailed with the reason.
    pythonFailed(reason) {
      const error = Object.assign(new Error(reason), { name: "PythonUnavailable" });
      error.answer = { name: error.name, message: reason, text: reason };
      ready.fail(reason, error.name);
      face.refuse(error);
      early.fail(reason);
    },
    settle: ready.settle,
    connect: face.connect,
    answer: face.answer,
    emit: face.emit,
    // For the page's own Python (client.py): JSON in, JSON out, never a rejection.
    requestJson: (kind, argsJson, callback) => face.request(kind, JSON.parse(argsJson)).then(
      (value) => callback(true, JSON.stringify(value ?? null)),
      (error) => callback(false, JSON.stringify(error.answer))),
    subscribeJson: (event, callback) =>
      face.subscribe(event, (payload) => callback(JSON.stringify(payload))),
  };
  internal.mainThreadConnected = new Promise((resolve) => {
    // The main-thread runner's Python hands over its newCore() -> handle(eventsJson) here.
    internal.connectMainThread = resolve;
  });
  return internal;
}

// window.kustomerBridge (grantConsent is added by main).
const pageFace = (ready, face) => ({
  version: MANIFEST.version,
  ready: ready.promise,
  describeConversation: (conversationId, attributes) =>
    face.request("describe", { conversationId, attributes }),
  setAttributes: (attributes) => face.request("setAttributes", { attributes }),
  on: face.subscribe,
});

// Kustomer's events, as the loader acts on them; returns load(): widget.js at once, the boot
// module once start completed.
function wireKustomer({ kustomer, early, ready, face }, python, internal) {
  const flags = { loaded: false };
  const bootPython = () => flags.loaded &&
    python.boot(() => ready.boundPython(() => face.connected));
  kustomer.watchers.start.push((response, error) => {
    if (!flags.loaded) return; // heard before consent or data-load allowed: load() replays it
    if (!error) early.listen();
    bootPython();
  });
  kustomer.watchers.stop.push(early.stopped);
  // Kustomer cannot come: said once, here; ready rejects now, and the core answers every
  // pending call with the same reason.
  kustomer.watchers.unavailable.push((reason) => {
    ready.fail(reason, "KustomerUnavailable");
    face.send("unavailable", { reason });
    bootPython();
  });
  return () => {
    if (flags.loaded) return;
    flags.loaded = true;
    ready.boundKustomer(kustomer.lateReason, kustomer.giveUp);
    kustomer.load();
    if (internal.pythonWithoutPyScript()) bootPython(); // PyScript runs the page's and ours
  };
}

function define(internal, log) {
  window.__kustomerBridge__ = internal;
  try {
    window.kustomerBridge = internal.face;
    if (window.kustomerBridge !== internal.face) throw "it is read-only";
  } catch (error) {
    log("error", `cannot define window.kustomerBridge (${error})`);
  }
}
