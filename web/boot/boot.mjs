/*
 * Boot: find out whether Python can run here, pick the runner, then drive the core. The
 * worker runner is the default; the main thread runs the core when data-runner="main", when
 * the page has Python but no PyScript of its own (PyScript then runs both), or when a worker
 * cannot start (reported once). When Python cannot run at all, the loader is told why
 * (pythonFailed): ready rejects, and every conversation is reported describeFailed.
 */
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

function pythonCannotRun(cause) {
  return `Python cannot run on this page: ${cause}. Chat itself works; its conversations ` +
    "are not described (each is reported as describeFailed)";
}

// No WebAssembly (iOS Lockdown Mode), or a Content-Security-Policy without
// 'wasm-unsafe-eval': found out with an empty module (WebKit refuses only its instance),
// not inside the runtime.
async function whyPythonCannotRun() {
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

// The runner: {handle, restart} (driver.mjs).
async function startRunner(internal) {
  const { config, log } = internal;
  const pagePyScript = internal.pagePyScript();
  if (config.runner === "main" && pagePyScript) {
    throw new Error('data-runner="main" cannot run beside the page\'s own PyScript (that ' +
      "would change the page's Python): leave data-runner out, and the core runs in a worker");
  }
  if (config.runner === "worker" && !internal.pythonWithoutPyScript()) {
    try {
      const handle = await startWorker(internal);
      internal.runner = "worker";
      return { handle, restart: () => startWorker(internal) };
    } catch (error) {
      if (!error.cannotStart || pagePyScript) throw error;
      log("warn", "Python runs on the main thread: a worker could not start (" + error.message +
        "); a Content-Security-Policy needs worker-src blob:");
    }
  }
  internal.runner = "main";
  return startMainThread(internal);
}

export async function boot(internal) {
  const problem = await whyPythonCannotRun();
  if (problem) return internal.pythonFailed(pythonCannotRun(problem));
  let runner;
  try {
    runner = await startRunner(internal);
  } catch (error) {
    return internal.pythonFailed(pythonCannotRun(error.message));
  }
  drive(internal, runner);
}
