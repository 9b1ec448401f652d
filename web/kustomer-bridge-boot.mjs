/*
 * kustomer-bridge-boot.mjs: loaded by kustomer-bridge.js once Kustomer's start has completed
 * (or cannot). build.py gives it a content-hashed name and writes into it the runtime's paths
 * and the whole Python package (no extra request).
 *
 * It boots the Python core in a host, then drives it: the host is a worker running the
 * runtime (Python off the main thread), or PyScript on the main thread when the page runs
 * Python of its own, when data-host="main", or when a worker cannot start (reported once). The driver sends the core
 * the port's events and carries out its commands; pysrc/kustomer_bridge/port.py defines both.
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
  const listeners = new Map(); // event -> the one function given to Kustomer.addListener
  const timers = new Map();
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
  const K = () => window.Kustomer;
  // Each SDK call forwards one callback: an SDK that calls back twice is answered once.
  const invoke = (id, method, args, sync) => {
    let pending = true;
    try {
      if (sync) return send(["callback", id, plain(K()[method]()), null]);
      K()[method](...args, (response, error) => {
        if (pending) send(["callback", id, plain(response), errorInfo(error)]);
        else log("debug", "Kustomer." + method + " called back again; ignored");
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
      log("error", "could not listen for " + event + ": " + error.message);
    }
  };
  const run = {
    invoke,
    start: (options) => {
      try {
        K().start(options);
      } catch (error) {
        send(["started", errorInfo("Kustomer.start threw " + error)]);
      }
    },
    listen,
    unlisten: (event) => {
      const listener = listeners.get(event);
      listeners.delete(event);
      if (event === "onConversationCreate") return internal.takeEarlyEvents(null);
      try {
        K().removeListener(event, listener);
      } catch (error) {
        log("debug", "removing the " + event + " listener: " + error.message);
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
      log("debug", "Python took over at " + face.bootMs + " ms, in a " + face.host + " host");
    },
  };
  sdk.onStart.push((response, error) => send(["started", errorInfo(error)]));
  sdk.onStop.push(() => {
    listeners.clear(); // Kustomer.stop() dropped them
    send(["stopped"]);
  });
  send(["boot", plain(internal.config), { start: sdk.start, startError: errorInfo(sdk.startError),
    landingUrl: internal.landingUrl }]);
  internal.connect(send);
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
  internal.settle(false, message);
}

// PyScript reads its configs once, when it loads: ours points the runtime at this bundle
// and turns plugins off; the type we do not use gets plugins off too, unless the page uses it.
function configure(internal) {
  const { config } = internal;
  const other = config.runtime === "mpy" ? "py" : "mpy";
  const configs = { [config.runtime]: {
    interpreter: new URL(PATHS[config.runtime], import.meta.url).href, plugins: PLUGINS_OFF } };
  if (!document.querySelector(`script[type=${other}], ${other}-script`)) {
    configs[other] = { plugins: PLUGINS_OFF };
  }
  for (const type in configs) {
    const element = document.createElement(`${type}-config`);
    element.setAttribute("data-kustomer-bridge", "");
    element.textContent = JSON.stringify(configs[type]);
    element.hidden = true;
    (document.head || document.documentElement).appendChild(element);
  }
}

// The worker host: a module worker that loads the runtime itself (PyScript is not needed
// there) and runs the core; it never touches the page, so it needs no SharedArrayBuffer,
// COOP or COEP. Serialised into the worker as source (a blob: URL: CSP worker-src blob:).
async function workerMain(python, runtime, micropython) {
  try {
    const module = await import(runtime);
    const quiet = { stdout: () => {}, stderr: (text) => console.error(text) };
    const interpreter = micropython ? await module.loadMicroPython(quiet)
      : await module.loadPyodide({ indexURL: new URL(".", runtime).href, ...quiet });
    interpreter.runPython(python);
    const handle = interpreter.globals.get("handle");
    self.onmessage = ({ data }) => self.postMessage(String(handle(data)));
    self.postMessage("up");
  } catch (error) {
    self.postMessage("failed: " + error);
  }
}

// Resolves to the handle(eventsJson) -> Promise of commandsJson the driver calls (it has one
// batch in flight at a time, so answers come in order).
function workerHost(internal) {
  const { config } = internal;
  const runtime = new URL(PATHS[config.runtime], import.meta.url).href;
  const python = PYTHON + "handle = hosts.worker_handle()\n";
  const source = URL.createObjectURL(new Blob([`(${workerMain})(${JSON.stringify(python)}, ` +
    `${JSON.stringify(runtime)}, ${config.runtime === "mpy"})`], { type: "text/javascript" }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { type: "module" });
    let answer = null;
    worker.onerror = (event) => reject(new Error(event.message || "blob: workers are blocked"));
    worker.onmessage = ({ data }) => {
      if (answer) return answer(data);
      URL.revokeObjectURL(source);
      if (data !== "up") return reject(new Error(data));
      resolve((events) => new Promise((done) => {
        answer = (commands) => {
          answer = null;
          done(commands);
        };
        worker.postMessage(events);
      }));
    };
  });
}

// The main-thread host: the page's runtime runs the core, which connects itself.
function mainThreadHost(internal) {
  const tag = document.createElement("script");
    tag.type = internal.config.runtime;
    tag.setAttribute("data-kustomer-bridge", "");
    tag.nonce = internal.nonce;
  tag.textContent = PYTHON + "hosts.run_on_main_thread()\n";
  (document.head || document.documentElement).appendChild(tag);
  return internal.hostConnected;
}

export async function boot(internal) {
  const { config, log } = internal;
  if (hostUsesPyScript()) {
    return refuse(internal, "this page runs its own PyScript; kustomer-bridge does not add its " +
      "runtime to it (that would change the page's Python). Chat itself still works");
  }
  if (!(await wasmAllowed())) {
    return refuse(internal, "Python cannot run on this page: its Content-Security-Policy " +
      "forbids WebAssembly (add 'wasm-unsafe-eval' to script-src); chat itself still works");
  }
  let handle = null;
  if (config.host === "worker" && !internal.pagePython()) {
    try {
      handle = await workerHost(internal);
      internal.host = "worker";
    } catch (error) {
      log("warn", "Python runs on the main thread: a worker could not start (" +
        (error.message || error) + "); a Content-Security-Policy needs worker-src blob:");
    }
  }
  if (!handle) {
    configure(internal);
    try {
      await import(new URL(PATHS.core, import.meta.url).href);
    } catch (error) {
      return refuse(internal, "PyScript failed to load: " + error.message);
    }
    internal.host = "main";
    handle = await mainThreadHost(internal);
  }
  drive(internal, handle);
}
