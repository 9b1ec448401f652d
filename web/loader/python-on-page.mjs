/*
 * Python on the page: whether it can run here (found out at tag time, before a runtime is
 * loaded), whether the page has Python or PyScript of its own, and the boot module, loaded
 * from the loader's folder when Python is wanted (demand.mjs), tried again until it loads.
 */
import { MANIFEST } from "./manifest.mjs";

const PYSCRIPT = Symbol.for("@pyscript/core"); // the page's own PyScript, once it has loaded
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

// The one sentence that says Python cannot run here (the loader's pythonFailed says it).
export function pythonCannotRun(cause) {
  return `Python cannot run on this page: ${cause}. Chat itself works; its conversations ` +
    "are not described (each is reported as describeFailed)";
}

// Why Python cannot run here, or null: no WebAssembly (iOS Lockdown Mode), or a
// Content-Security-Policy without 'wasm-unsafe-eval', found out with an empty module (WebKit
// refuses only its instance), not inside the runtime.
export async function whyPythonCannotRun() {
  if (typeof WebAssembly === "undefined") {
    return "this browser has no WebAssembly (as in iOS Lockdown Mode)";
  }
  try {
    await WebAssembly.instantiate(EMPTY_WASM_MODULE);
    return null;
  } catch (error) {
    return "its Content-Security-Policy forbids WebAssembly (add 'wasm-unsafe-eval' to script-src)";
  }
}

// A page with Python of its own, in <script type="mpy|py"> tags.
const pagePython = () => !!document.querySelector(
  "script[type=mpy]:not([data-kustomer-bridge]), script[type=py]:not([data-kustomer-bridge])");

// A page that runs PyScript itself (its own config or core.js), beside which the core runs
// in a worker; ownPyScript: the PyScript there is the bridge's (the main-thread runner's).
export const pagePyScript = (ownPyScript) => (!!window[PYSCRIPT] && !ownPyScript) ||
  !!document.querySelector("script[type=mpy][config]:not([data-kustomer-bridge]), " +
    "script[type=py][config], mpy-config:not([data-kustomer-bridge]), " +
    "py-config:not([data-kustomer-bridge])");

// PyScript then runs the page's Python and the core, on the main thread.
export const pythonWithoutPyScript = (ownPyScript) =>
  pagePython() && !pagePyScript(ownPyScript);

// internal: window.__kustomerBridge__ (main.mjs), which the boot module drives from;
// canRun: a promise of whether Python can run here (false: pythonFailed has said why).
export function createPythonLoader(base, internal, canRun) {
  const { log } = internal;
  const state = { booting: false, module: null, servingPage: false };
  // The boot module, once it has loaded; a failed load is forgotten, so the next try loads
  // it again (a query string keeps the browser from answering with the failure it remembers).
  const bootModule = (attempt = 0) => (state.module ||= import(
    new URL(MANIFEST.boot + (attempt ? "?attempt=" + attempt : ""), base).href).catch((error) => {
    state.module = null;
    throw error;
  }));
  // A boot module that did not load (a lost network, a 503) is tried again, after 1 s, 2 s,
  // 4 s ... 60 s, and at once when the network is back; calls and conversations are held.
  const load = (attempt) => bootModule(attempt).then((module) => module.boot(internal),
    (error) => {
      log.once("warn", `the bridge's boot module did not load (${error.message}); trying ` +
        "again until it does: calls and conversations are held meanwhile");
      const again = () => {
        clearTimeout(timer);
        removeEventListener("online", again);
        load(attempt + 1);
      };
      const timer = setTimeout(again, Math.min(60000, 1000 * 2 ** attempt));
      addEventListener("online", again);
    });
  return {
    // Once: load the boot module, which boots Python and drives the core.
    boot() {
      if (state.booting) return;
      state.booting = true;
      canRun.then((yes) => yes && load(0));
    },
    // The page's own PyScript: its scripts can `import kustomer_bridge`. The package is
    // written into the page's interpreter before each of its scripts runs, through
    // PyScript's own onReady hook, added as soon as PyScript is there (its mpy:progress or
    // py:progress event comes before its interpreter). Returns whether it is there.
    servePagePython() {
      const pyscript = window[PYSCRIPT];
      if (!pyscript || internal.ownPyScript) return false;
      if (state.servingPage) return true;
      state.servingPage = true;
      pyscript.hooks.main.onReady.add(async (wrap) =>
        (await bootModule()).install(wrap.interpreter, internal));
      log("debug", "the page's own PyScript can import kustomer_bridge");
      return true;
    },
  };
}
