/*
 * Python's names and the patience it is given. A Python that is only slow (a slow phone, a
 * slow network) is waited for: once PYTHON_PATIENCE_MS have passed since the loader began to
 * load it, one console line says so, and every held call is answered whenever it arrives.
 */
import { seconds } from "../loader/config.mjs";

export const PYTHON_PATIENCE_MS = 60000;
export const RUNTIME_NAMES = { mpy: "MicroPython", py: "Pyodide" };

// isUp(): whether the core has taken over.
export function boundPython(internal, isUp) {
  const left = PYTHON_PATIENCE_MS - (performance.now() - internal.pythonLoadedAt);
  const name = RUNTIME_NAMES[internal.config.runtime];
  setTimeout(() => isUp() || internal.log.once("warn", `Python (${name}) has not started ` +
    `${seconds(PYTHON_PATIENCE_MS)} after the bridge began to load it; calls to the bridge ` +
    "stay held until it does"), Math.max(0, left));
}
