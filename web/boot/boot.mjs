/*
 * Boot: pick the runner, then drive the core (the loader has found out that Python can run
 * here, and loads this module when Python is wanted). The worker runner is the default; the
 * main thread runs the core when data-runner="main", when the page has Python but no
 * PyScript of its own (PyScript then runs both), or when a worker cannot start (reported
 * once). When Python cannot run at all, the loader is told why (pythonFailed): every held
 * call is refused, and every conversation is reported describeFailed.
 *
 * The boot module's entry: the build bundles web/boot/ into one module (esbuild), writes the
 * runtime's paths and the whole Python package into inline.mjs (no extra request), and gives
 * it a content-hashed name. Its parts:
 *   patience.mjs           a slow Python is waited for, and said once
 *   downloads.mjs          a runtime file that does not download fails the boot, named
 *   driver.mjs             the driver: port events to the core, its commands carried out
 *   kept.mjs               the describes kept for the tab (sessionStorage)
 *   package.mjs            the Python package, and how it gets into an interpreter
 *   worker-runner.mjs      the core in a worker (the default)
 *   main-thread-runner.mjs the core in PyScript on the main thread
 */
import { drive } from "./driver.mjs";
import { startMainThread } from "./main-thread-runner.mjs";
import { servePagePython } from "./package.mjs";
import { boundPython, RUNTIME_NAMES } from "./patience.mjs";
import { startWorker } from "./worker-runner.mjs";

export { install } from "./package.mjs";

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
  internal.runtimeName = RUNTIME_NAMES[internal.config.runtime];
  servePagePython(internal);
  boundPython(internal, () => !!internal.face.runtime);
  let runner;
  try {
    runner = await startRunner(internal);
  } catch (error) {
    return internal.pythonFailed(error.message);
  }
  drive(internal, runner);
}
