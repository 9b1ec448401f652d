/*
 * kustomerBridge.ready: Kustomer is ready, through the bridge (its start completed and the
 * Python core took over). It rejects as soon as a part is known not to come, with the reason:
 * Kustomer (widget.js blocked, no start or no start callback within data-ready-timeout-ms,
 * counted from when the tag starts loading it): KustomerUnavailable; Python (its runtime
 * cannot run on this page): PythonUnavailable. A Python that is only slow (a slow phone, a
 * slow network) is waited for: once PYTHON_PATIENCE_MS have passed, one console line says
 * so, and every held call is answered whenever it arrives.
 */
import { seconds } from "./config.mjs";

export const PYTHON_PATIENCE_MS = 60000;
export const RUNTIME_NAMES = { mpy: "MicroPython", py: "Pyodide" };

export function createReady(config, log) {
  const state = { settled: false, settle: null };
  const promise = new Promise((resolve, reject) => {
    state.settle = (ok, message, name) => {
      state.settled = true;
      ok ? resolve(true) : reject(Object.assign(new Error(message), { name }));
    };
  });
  promise.catch(() => {}); // a rejection nobody awaits is not an error of the page's
  const settle = (ok, message = "", name = "KustomerUnavailable") => {
    if (!state.settled) state.settle(ok, message, name);
  };
  return {
    promise,
    settle,
    // A part cannot come: said once in the console, and ready rejects with it.
    fail(message, name) {
      log.once("error", message);
      settle(false, message, name);
    },
    // lateReason(wait) says what Kustomer has not done in time (null: nothing).
    boundKustomer(lateReason, giveUp) {
      setTimeout(() => {
        const reason = lateReason(seconds(config.readyTimeoutMs));
        if (reason) giveUp(reason);
      }, config.readyTimeoutMs);
    },
    boundPython(isUp) {
      setTimeout(() => isUp() || log.once("warn", `Python (${RUNTIME_NAMES[config.runtime]}) ` +
        `has not started ${seconds(PYTHON_PATIENCE_MS)} after the bridge began to load it; ` +
        "calls to the bridge stay held until it does"), PYTHON_PATIENCE_MS);
    },
  };
}
