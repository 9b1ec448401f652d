/*
 * kustomerBridge.ready: Kustomer is ready through the bridge: its start completed, the bridge
 * hears every new conversation, and Python can run on this page (it loads when wanted:
 * demand.mjs). It rejects as soon as a part is known not to come, with the reason: Kustomer
 * (widget.js blocked, its start called back with an error, no start or no start callback
 * within data-ready-timeout-ms, counted from when the tag starts loading it):
 * KustomerUnavailable; Python (no WebAssembly here, or its runtime cannot run):
 * PythonUnavailable. A Python that is only slow is waited for (../boot/patience.mjs).
 */
import { seconds } from "./config.mjs";

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
  };
}
