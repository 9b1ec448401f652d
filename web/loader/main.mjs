/*
 * Wiring. Reads the tag's config (a bad one is reported once and the bridge stays off),
 * defines window.kustomerBridge at once, finds out whether Python can run here, loads or
 * finds Kustomer when consent and data-load allow, and loads the boot module when Python is
 * wanted (demand.mjs: never before Kustomer's start has completed, so Python never competes
 * with widget.js); at once when the page has Python but no PyScript of its own (PyScript then
 * runs both). window.__kustomerBridge__ (`internal`) is what the boot module and the page's
 * Python use; it is defined here, whole.
 */
import { MANIFEST } from "./manifest.mjs";
import { WIDGET_URL } from "../port/generated.mjs";
import { createLog, debugOn, ownTag, readConfig } from "./config.mjs";
import { createTrusted, PYTHON_HEADER } from "./trusted.mjs";
import { KustomerSdk } from "./kustomer.mjs";
import { createEarly } from "./early.mjs";
import { createFace } from "./face.mjs";
import { createLanding } from "./landing.mjs";
import { createDemand, requestWantsPython } from "./demand.mjs";
import { createPythonLoader, pagePyScript, pythonCannotRun, pythonWithoutPyScript,
  whyPythonCannotRun } from "./python-on-page.mjs";
import { createReady } from "./ready.mjs";

export function main() {
  const script = ownTag();
  const log = createLog(debugOn(script));
  if (window.__kustomerBridge__) return log("debug", "included twice; the first copy runs");
  let config;
  try {
    config = readConfig(script);
  } catch (problem) {
    const ready = createReady({}, log);
    ready.fail(problem + "; the bridge stays off", "Error");
    window.__kustomerBridge__ = { failed: true };
    window.kustomerBridge = { ready: ready.promise, version: MANIFEST.version };
    return;
  }
  const signs = { want: () => {} }; // demand.mjs's, once it exists
  const parts = createParts(script, config, log, signs);
  const internal = createInternal(parts);
  const canRun = whyPythonCannotRun().then((problem) => !problem || internal.pythonFailed(problem));
  const python = createPythonLoader(parts.base, internal, canRun);
  const demand = createDemand({ config, log, load: () => {
    internal.pythonLoadedAt = performance.now();
    python.boot();
  } });
  signs.want = demand.want;
  const load = wireKustomer(parts, demand, internal, canRun);
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
  const servePage = () => python.servePagePython() && demand.want("the page has PyScript");
  servePage();
  for (const type of ["mpy", "py"]) addEventListener(type + ":progress", servePage);
  schedule();
}

// The loader's parts, each in its module; signs.want(why): Python is wanted (demand.mjs).
function createParts(script, config, log, signs) {
  const base = new URL(".", script.src).href;
  const widget = config.widgetSrc ? new URL(config.widgetSrc, base).href : WIDGET_URL;
  const trusted = createTrusted(base, widget, log);
  const face = createFace(log, (kind, args) =>
    requestWantsPython(kind, args) && signs.want("the page asked the bridge (" + kind + ")"));
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
    created: () => signs.want("a conversation was created"),
  });
  return { script, config, log, base, trusted, face, landing, early,
    ready: createReady(config, log),
    kustomer: new KustomerSdk({ config, widget, log, trusted, nonce: script.nonce }) };
}

// window.__kustomerBridge__, for the boot module and the page's own Python.
function createInternal({ script, config, log, trusted, face, landing, early, ready, kustomer }) {
  const internal = {
    config, log, trusted, nonce: script.nonce, face: pageFace(ready, face), state: "waiting",
    runner: null, pythonHeader: PYTHON_HEADER,
    sdk: {
      get mode() { // who starts Kustomer: "own" (the bridge) or "attach" (the page)
        return kustomer.state.mode;
      },
      get probed() { // the page's start had completed before the bridge could hear it
        return kustomer.state.probed;
      },
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
    // Python cannot run on this page (cause: why): said once; ready rejects; every held and
    // later request is refused; every conversation is reported describeFailed with the reason.
    pythonFailed(cause) {
      const reason = pythonCannotRun(cause);
      const error = Object.assign(new Error(reason), { name: "PythonUnavailable" });
      error.answer = { name: error.name, message: reason, text: reason };
      ready.fail(reason, error.name);
      face.refuse(error);
      early.fail(reason);
    },
    connect: face.connect,
    answer: face.answer,
    emit: face.emit,
    request: face.request,
    subscribe: face.subscribe,
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

// Kustomer's events, as the loader acts on them; returns load(): widget.js at once, Python
// when wanted. ready resolves once a start has completed, the bridge hears its conversations
// and Python can run here (canRun).
function wireKustomer({ kustomer, early, ready, face }, demand, internal, canRun) {
  const flags = { loaded: false };
  // internal.state: Kustomer as the loader sees it, until the core reports its own state
  kustomer.watchers.start.push((response, error) => {
    if (!flags.loaded) return; // heard before consent or data-load allowed: load() replays it
    internal.state = error ? "failed" : "ready";
    if (error) {
      ready.fail("Kustomer.start() called back with an error: " + (error.message || error),
        "KustomerUnavailable");
    } else {
      early.listen();
      demand.listen();
      canRun.then((yes) => yes && ready.settle(true));
    }
    if (internal.pagePyScript()) demand.want("the page has PyScript");
    demand.allow();
  });
  kustomer.watchers.stop.push(early.stopped, demand.stopped, () => (internal.state = "stopped"));
  // Kustomer cannot come: said once, here; ready rejects now, and the core answers every
  // pending call with the same reason.
  kustomer.watchers.unavailable.push((reason) => {
    internal.state = "failed";
    ready.fail(reason, "KustomerUnavailable");
    face.send("unavailable", { reason });
    demand.allow();
  });
  return () => {
    if (flags.loaded) return;
    flags.loaded = true;
    ready.boundKustomer(kustomer.lateReason, kustomer.giveUp);
    kustomer.load();
    if (internal.pythonWithoutPyScript()) { // PyScript runs the page's and ours, at once
      demand.want("the page has Python");
      demand.allow();
    }
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
