/*
 * Wiring. Reads the tag's config (a bad one is reported once and the bridge stays off),
 * defines window.kustomerBridge at once, loads or finds Kustomer when consent and data-load
 * allow, and loads the boot module from the loader's own folder once Kustomer's start has
 * completed (or cannot), so Python never competes with widget.js; at once when the page has
 * Python but no PyScript of its own (PyScript then runs both). window.__kustomerBridge__ (`internal`) is what the boot module and the
 * page's Python use; it is defined here, whole.
 */
import { MANIFEST } from "./manifest.mjs";
import { WIDGET_URL } from "../port/generated.mjs";
import { createLog, debugOn, notify, readConfig } from "./config.mjs";
import { createTrusted, PYTHON_HEADER } from "./trusted.mjs";
import { KustomerSdk } from "./kustomer.mjs";
import { createEarly, restingRule } from "./early.mjs";
import { createFace } from "./face.mjs";
import { createReady, RUNTIME_NAMES } from "./ready.mjs";

const LANDING_KEY = "kustomer-bridge:landing";
const PYSCRIPT = Symbol.for("@pyscript/core"); // the page's own PyScript, once it has loaded

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

  const base = new URL(".", script.src).href;
  const widget = config.widgetSrc ? new URL(config.widgetSrc, base).href : WIDGET_URL;
  const trusted = createTrusted(base, widget, log);
  const ready = createReady(config, log);
  const face = createFace(log);
  const kustomer = new KustomerSdk({ config, widget, log, trusted, nonce: script.nonce });

  // The first URL of the visit. Raw in memory only: Python stores it redacted
  // (["remember", url]), so a token in a magic link is never at rest in the browser.
  const storage = (write) => {
    try {
      return write ? sessionStorage.setItem(LANDING_KEY, write) : sessionStorage.getItem(LANDING_KEY);
    } catch (error) {
      // no sessionStorage (privacy mode): the landing page is this page
    }
  };
  // Until Python has stored it, the landing page rests as early.mjs stores URLs (atRest).
  const atRest = restingRule(config);
  let landingUrl = storage();
  if (!landingUrl) storage(atRest(landingUrl = location.href));
  const early = createEarly({
    log,
    atRest,
    landing: () => landingUrl,
    reportFailed(payload, reason) {
      const conversationId = payload?.conversationId;
      if (conversationId !== undefined && conversationId !== null && conversationId !== "") {
        log("debug", `conversation ${conversationId} not described: ${reason}`);
        face.emit("describeFailed",
          { conversationId: String(conversationId), customAttributes: null, reason });
      }
    },
  });

  const pageFace = {
    version: MANIFEST.version,
    ready: ready.promise,
    describeConversation: (conversationId, attributes) =>
      face.request("describe", { conversationId, attributes }),
    setAttributes: (attributes) => face.request("setAttributes", { attributes }),
    on: face.subscribe,
    grantConsent() {
      config.consent = "granted";
      schedule();
    },
  };

  // A page with Python of its own, in <script type="mpy|py"> tags; and a page that runs
  // PyScript itself (its own config or core.js), beside which the core runs in a worker.
  const pagePython = () => !!document.querySelector(
    "script[type=mpy]:not([data-kustomer-bridge]), script[type=py]:not([data-kustomer-bridge])");
  const pagePyScript = () => (!!window[PYSCRIPT] && !internal.ownPyScript) ||
    !!document.querySelector("script[type=mpy][config]:not([data-kustomer-bridge]), " +
      "script[type=py][config], mpy-config:not([data-kustomer-bridge]), " +
      "py-config:not([data-kustomer-bridge])");
  // PyScript then runs the page's Python and the core, on the main thread.
  const pythonWithoutPyScript = () => pagePython() && !pagePyScript();

  const flags = { loaded: false, booting: false, bootModule: null };
  // The boot module, once it has loaded; a failed load is forgotten, so the next try loads it
  // again (a query string keeps the browser from answering with the failure it remembers).
  const bootModule = (attempt = 0) => (flags.bootModule ||= import(
    new URL(MANIFEST.boot + (attempt ? "?attempt=" + attempt : ""), base).href).catch((error) => {
    flags.bootModule = null;
    throw error;
  }));

  // Python cannot run on this page: said once; ready rejects; every held and later request is
  // refused; every conversation is reported describeFailed with the reason.
  const pythonFailed = (reason) => {
    const error = Object.assign(new Error(reason), { name: "PythonUnavailable" });
    error.answer = { name: error.name, message: reason, text: reason };
    ready.fail(reason, error.name);
    face.refuse(error);
    early.fail(reason);
  };

  const internal = {
    config, log, trusted, nonce: script.nonce, face: pageFace, state: "waiting", runner: null,
    pythonHeader: PYTHON_HEADER,
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
      return landingUrl;
    },
    takeEarlyEvents: early.take,
    earlySettled: early.settled,
    earlyStored: early.stored,
    pagePyScript,
    pythonWithoutPyScript,
    runtimeName: RUNTIME_NAMES[config.runtime],
    pythonFailed,
    settle: ready.settle,
    connect: face.connect,
    answer: face.answer,
    emit: face.emit,
    rememberLanding(url) {
      landingUrl = url;
      storage(url);
    },
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

  // ---- Kustomer's events, as the loader acts on them --------------------------------------
  const bootPython = () => {
    if (flags.booting || !flags.loaded) return;
    flags.booting = true;
    ready.boundPython(() => face.connected);
    loadBootModule(0);
  };
  // A boot module that did not load (a lost network, a 503) is tried again, after 1 s, 2 s, 4 s
  // ... 60 s, and at once when the network is back; meanwhile calls and conversations are held.
  const loadBootModule = (attempt) => bootModule(attempt).then((module) => module.boot(internal),
    (error) => {
      log.once("warn", `the bridge's boot module did not load (${error.message}); trying again ` +
        "until it does: calls and conversations are held meanwhile");
      const again = () => {
        clearTimeout(timer);
        removeEventListener("online", again);
        loadBootModule(attempt + 1);
      };
      const timer = setTimeout(again, Math.min(60000, 1000 * 2 ** attempt));
      addEventListener("online", again);
    });
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

  // The page's own PyScript: its scripts can `import kustomer_bridge` (the Python API, a client
  // of the core in its worker). The package is written into the page's interpreter before each
  // of its scripts runs, through PyScript's own onReady hook, added as soon as PyScript is there
  // (its mpy:progress or py:progress event comes before its interpreter).
  const servePagePython = () => {
    const pyscript = window[PYSCRIPT];
    if (!pyscript || internal.ownPyScript || flags.servingPagePython) return;
    flags.servingPagePython = true;
    pyscript.hooks.main.onReady.add(async (wrap) => (await bootModule()).install(wrap.interpreter));
    log("debug", "the page's own PyScript can import kustomer_bridge");
  };

  // ---- load: widget.js at once, the boot module once start completed -----------------------
  const load = () => {
    if (flags.loaded) return;
    flags.loaded = true;
    ready.boundKustomer(kustomer.lateReason, kustomer.giveUp);
    kustomer.load();
    if (pythonWithoutPyScript()) bootPython(); // PyScript runs the page's and ours
  };
  const schedule = () => {
    if (config.consent !== "granted") return;
    if (config.load === "idle") (window.requestIdleCallback || setTimeout)(load);
    else if (config.load === "immediate") load();
    else for (const type of ["pointerdown", "keydown", "scroll"]) {
      addEventListener(type, load, { once: true });
    }
  };

  window.__kustomerBridge__ = internal;
  try {
    window.kustomerBridge = pageFace;
    if (window.kustomerBridge !== pageFace) throw "it is read-only";
  } catch (error) {
    log("error", `cannot define window.kustomerBridge (${error})`);
  }
  servePagePython();
  for (const type of ["mpy", "py"]) addEventListener(type + ":progress", servePagePython);
  schedule();
}
