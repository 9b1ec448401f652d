/*
 * kustomer-bridge-boot.mjs: loaded by kustomer-bridge.js once the page may load the bridge.
 * build.py gives it a content-hashed name and writes into it the runtime's paths and the whole
 * Python package (as the text of the <script type="mpy|py"> it inserts: no extra request).
 *
 * It completes the loader's internal object into the *port* Python uses: every value crosses
 * as a JSON string, which both runtimes' FFI pass the same way.
 */
const PATHS = /*PATHS*/ { core: "", mpy: "", py: "" };
const PYTHON = /*PYTHON*/ "";
const PLUGINS_OFF = ["!error", "!py-editor", "!py-terminal", "!py-game", "!donkey",
  "!deprecations-manager", "!codemirror"];

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

function json(value) {
  try {
    return JSON.stringify(value === undefined ? null : value, wellFormed) ?? "null";
  } catch (error) {
    return "null";
  }
}

function errorJson(error) {
  if (!error) return "";
  return json({ message: String(error.message || error), status: error.status, code: error.code });
}

function callback(fn) {
  return (response, error) => fn(json(response), errorJson(error));
}

// MicroPython cannot catch a JavaScript exception (it aborts the Python caller), so every
// call into Kustomer crosses back as a JSON envelope: {"value": ...} or {"threw": "..."}.
function guarded(call) {
  try {
    return json({ value: call() });
  } catch (error) {
    return json({ threw: String(error) });
  }
}

// A Python callback for one SDK call is a one-shot proxy, destroyed once called: an SDK that
// calls back twice must not reach it again (Pyodide would throw into the SDK).
function once(internal, method, fn) {
  let pending = callback(fn);
  return (response, error) => {
    if (pending) {
      const call = pending;
      pending = null;
      return call(response, error);
    }
    internal.log("debug", "Kustomer." + method + " called back again; ignored");
  };
}

// Replay what the page asked of window.kustomerBridge before Python took over, then let the
// face call Python directly.
function provide(internal, impl) {
  const face = internal.face;
  face.describeConversation = (id, attributes) => new Promise((resolve, reject) => {
    impl.describeConversation(String(id), json(attributes), (result) => resolve(JSON.parse(result)),
      (name, message) => reject(Object.assign(new Error(message), { name })));
  });
  face.setAttributes = (attributes) =>
    Promise.resolve(JSON.parse(impl.setAttributes(json(attributes))));
  face.on = (event, fn) => impl.on(String(event), (payload) => fn(JSON.parse(payload)));
  face.bootMs = Math.round(performance.now() - internal.t0);
  face.runtime = internal.runtime;
  clearTimeout(internal.bootTimer);
  const pending = internal.buffer.splice(0);
  for (const entry of pending) {
    if (entry.cancelled) continue;
    const result = face[entry.method](...entry.args);
    if (entry.method === "on") entry.off = result;
    else result.then(entry.resolve, entry.reject);
  }
  dispatchEvent(new CustomEvent("kustomer-bridge:booted",
    { detail: { runtime: face.runtime, bootMs: face.bootMs } }));
  internal.log("debug", "Python took over after " + face.bootMs + " ms");
}

function portFunctions(internal) {
  const { sdk, snapshot, takeEarlyEvents } = internal; // the loader's, handed on as JSON
  return {
    configJson: json(internal.config),
    startStatus: () => sdk.start,
    startError: () => errorJson(sdk.startError),
    loadProblem: () => sdk.error,
    scriptState: () => sdk.script,
    onStart: (watcher) => sdk.onStart.push(callback(watcher)),
    onStop: (watcher) => sdk.onStop.push(watcher),
    start: (optionsJson, fn) => guarded(() =>
      window.Kustomer.start(JSON.parse(optionsJson), once(internal, "start", fn))),
    invoke: (method, argsJson, fn) => guarded(() =>
      window.Kustomer[method](...JSON.parse(argsJson), once(internal, method, fn))),
    invokeSync: (method) => guarded(() => window.Kustomer[method]()),
    listener: (handler) => callback(handler),
    addListener: (event, listener) => guarded(() => window.Kustomer.addListener(event, listener)),
    removeListener: (event, listener) =>
      guarded(() => window.Kustomer.removeListener(event, listener)),
    snapshot: () => json(snapshot()),
    takeEarlyEvents: () => json(takeEarlyEvents()),
    console: (level, text) => console[level === "debug" ? "log" : level](text),
    provide: (impl) => provide(internal, impl),
  };
}

// A Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling WebAssembly: find
// out with an empty module instead of letting the runtime fail inside PyScript.
async function wasmAllowed() {
  try {
    await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch (error) {
    return false;
  }
}

// A page that configures or already loaded PyScript itself. (A plain <script type="mpy">
// without a config is welcome: it runs in our runtime and can use the Python API.)
function hostUsesPyScript() {
  return Boolean(document.querySelector("script[type=mpy][config]:not([data-kustomer-bridge]), " +
    "script[type=py][config], mpy-config:not([data-kustomer-bridge]), " +
    "py-config:not([data-kustomer-bridge])")) || Boolean(customElements.get("py-script"));
}

function refuse(internal, message) {
  internal.log("error", message);
  clearTimeout(internal.bootTimer);
  internal.settle(false, message);
}

export async function boot(internal) {
  const { config, nonce } = internal;
  const left = config.readyTimeoutMs - (performance.now() - internal.t0);
  internal.bootTimer = setTimeout(() => refuse(internal, "Python did not start within " +
    config.readyTimeoutMs + " ms (" + config.runtime + " runtime blocked, failed to download, " +
    "or slower than data-ready-timeout-ms)"), left);
  if (hostUsesPyScript()) {
    return refuse(internal, "this page runs its own PyScript; kustomer-bridge does not add its " +
      "runtime to it (that would change the page's Python). Chat itself still works");
  }
  if (!(await wasmAllowed())) {
    return refuse(internal, "Python cannot run on this page: its Content-Security-Policy " +
      "forbids WebAssembly (add 'wasm-unsafe-eval' to script-src); chat itself still works");
  }
  Object.assign(internal, portFunctions(internal));
  const parent = document.head || document.documentElement;
  const other = config.runtime === "mpy" ? "py" : "mpy";
  // PyScript loads every plugin for an interpreter type that has no config: give the type we
  // do not use one too, unless the page uses that type itself.
  if (!document.querySelector(`${other}-config, script[type=${other}], ${other}-script`)) {
    const off = document.createElement(`${other}-config`);
    off.setAttribute("data-kustomer-bridge", "");
    off.textContent = JSON.stringify({ plugins: PLUGINS_OFF });
    off.hidden = true;
    parent.appendChild(off);
  }
  const tag = document.createElement("script");
  tag.type = config.runtime;
  tag.setAttribute("config", JSON.stringify({
    interpreter: new URL(PATHS[config.runtime], import.meta.url).href,
    plugins: PLUGINS_OFF,
  }));
  tag.setAttribute("data-kustomer-bridge", "");
  tag.nonce = nonce;
  tag.textContent = PYTHON;
  parent.appendChild(tag);
  try {
    await import(new URL(PATHS.core, import.meta.url).href);
  } catch (error) {
    internal.log("error", "PyScript failed to load: " + error.message);
  }
}
