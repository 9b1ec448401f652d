// What the build writes into the boot module: the runtime's files, relative to it, the
// Python package that ships to the browser (path -> source), the heap the worker runner
// gives MicroPython, and the lockfile and standard library (a file beside pyodide.mjs) it
// gives Pyodide (scripts/bundle/runtime.py, stdlib.py). Empty in an unbuilt source tree.
export const PATHS = { pyscript: "", mpy: "", py: "" };
export const FILES = {};
export const MICROPYTHON_HEAP_BYTES = 0;
export const PYODIDE_LOCK = null;
export const PYODIDE_WORKER_STDLIB = "";
