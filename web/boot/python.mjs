/*
 * Whether Python can run on this page, found out before a runtime is loaded, and the one
 * sentence that says it cannot (the loader's pythonFailed takes it from there).
 */
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

export function pythonCannotRun(cause) {
  return `Python cannot run on this page: ${cause}. Chat itself works; its conversations ` +
    "are not described (each is reported as describeFailed)";
}

// No WebAssembly (iOS Lockdown Mode), or a Content-Security-Policy without
// 'wasm-unsafe-eval': found out with an empty module (WebKit refuses only its instance),
// not inside the runtime.
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
