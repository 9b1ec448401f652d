/*
 * The worker runner, the default: a module worker that loads the runtime itself (PyScript's
 * MicroPython build, or Pyodide; PyScript's own worker would cost 35 KB more and create its
 * worker from a plain string URL, which Trusted Types refuse) and runs the core there. It
 * never touches the page, so it needs no SharedArrayBuffer, COOP or COEP. Its source becomes
 * a blob: URL of the bridge's own (a Content-Security-Policy needs worker-src blob:).
 *
 * It fails in one of two ways, told apart: the worker cannot start (the page forbids it:
 * error.cannotStart, the main thread may still run the core), or the runtime cannot run in
 * it (a file of it did not download, say: the main thread would fail the same way).
 */
import { guardFetch, runtimeDidNotStart } from "./downloads.mjs";
import {
  FILES, MICROPYTHON_HEAP_BYTES, PATHS, PYODIDE_LOCK, PYODIDE_WORKER_STDLIB,
} from "./inline.mjs";
import { installPackage, runnerScript } from "./package.mjs";

// guard: downloads.mjs's guardFetch; options: loadMicroPython's (its heap) or loadPyodide's
// (its lockfile, so none is fetched, and the standard library the core needs, as bytecode).
async function workerMain(install, guard, files, script, runtime, options) {
  const failed = (text) => self.postMessage("failed: " + text);
  const folder = new URL(".", runtime).href;
  self.fetch = guard(self.fetch, folder, failed);
  self.addEventListener("unhandledrejection", (event) => event.preventDefault());
  // Pyodide tells a classic worker from a module one by trying importScripts("data:..."),
  // which a page enforcing Trusted Types reports as a violation. This is a module worker.
  self.importScripts = () => {
    throw new TypeError("a module worker has no importScripts");
  };
  try {
    const module = await import(runtime);
    const quiet = { stdout: () => {}, stderr: (text) => console.error(text) };
    const interpreter = module.loadMicroPython
      ? await module.loadMicroPython({ ...quiet, ...options })
      : await module.loadPyodide({ indexURL: folder, ...quiet, ...options });
    install(interpreter, files);
    interpreter.runPython(script);
    const handle = interpreter.globals.get("handle");
    self.onmessage = ({ data }) => self.postMessage(String(handle(data)));
    self.postMessage("up");
  } catch (error) {
    failed(String(error.message || error));
  }
}

// Resolves to the handle(eventsJson) -> Promise of commandsJson the driver calls (it has one
// batch in flight at a time, so answers come in order). Once the worker is up, an error in it
// (a wasm trap, an exception out of the core) ends it: the batch in flight and every later
// one reject, and the driver starts a new worker.
export function startWorker(internal) {
  const { config, trusted } = internal;
  const runtime = new URL(PATHS[config.runtime], import.meta.url).href;
  const script = runnerScript(internal, "handle = runners.worker_handle()");
  const url = trusted.blobURL(`(${workerMain})(${installPackage}, ${guardFetch}, ` +
    `${JSON.stringify(FILES)}, ${JSON.stringify(script)}, ${JSON.stringify(runtime)}, ` +
    `${JSON.stringify(config.runtime === "mpy" ? { heapsize: MICROPYTHON_HEAP_BYTES }
      : { lockFileContents: PYODIDE_LOCK,
        stdLibURL: new URL(PYODIDE_WORKER_STDLIB, runtime).href })})`);
  return new Promise((resolve, reject) => {
    const state = { worker: null, up: false, answer: null, failure: null };
    const cannotStart = (message) => {
      URL.revokeObjectURL(url);
      state.worker?.terminate();
      reject(Object.assign(new Error(message), { cannotStart: true }));
    };
    try {
      state.worker = new Worker(trusted.scriptURL(url), { type: "module" });
    } catch (error) {
      return cannotStart(error.message);
    }
    state.worker.onerror = (event) => {
      event.preventDefault();
      if (!state.up) return cannotStart(event.message || "blob: workers are blocked");
      state.failure = new Error(event.message || "the worker stopped");
      state.worker.terminate();
      state.answer?.(null);
    };
    state.worker.onmessage = ({ data }) => {
      if (state.up) return state.answer?.(data);
      URL.revokeObjectURL(url);
      if (data !== "up") {
        state.worker.terminate();
        return reject(new Error(runtimeDidNotStart(internal.runtimeName,
          data.slice("failed: ".length))));
      }
      state.up = true;
      resolve((events) => new Promise((done, fail) => {
        if (state.failure) return fail(state.failure);
        state.answer = (commands) => {
          state.answer = null;
          state.failure ? fail(state.failure) : done(commands);
        };
        state.worker.postMessage(events);
      }));
    };
  });
}
