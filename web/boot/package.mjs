/*
 * The Python package, inline: build.py writes every module that ships to the browser into
 * FILES (path -> source), so the runtime is the only other download. It gets into an
 * interpreter (a runner's, or the page's own PyScript) by being written into that
 * interpreter's file system, in its working directory: on sys.path in MicroPython and Pyodide
 * alike. Self-contained: the worker runner serialises it into the worker.
 */
import { FILES } from "./inline.mjs";

export function installPackage(interpreter, files) {
  const { FS } = interpreter;
  const root = FS.cwd().replace(/\/$/, "");
  for (const [path, source] of Object.entries(files)) {
    const file = root + "/" + path;
    FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    FS.writeFile(file, source);
  }
}

// For the page's own PyScript (the loader adds the hook that calls it).
export function install(interpreter, internal) {
  installPackage(interpreter, FILES);
  servePagePython(internal);
}

// What the page's own Python (client.py) calls: the loader's face, JSON in, JSON out, never
// a rejection.
export function servePagePython(internal) {
  internal.requestJson = (kind, argsJson, callback) =>
    internal.request(kind, JSON.parse(argsJson)).then(
      (value) => callback(true, JSON.stringify(value ?? null)),
      (error) => callback(false, JSON.stringify(error.answer)));
  internal.subscribeJson = (event, callback) =>
    internal.subscribe(event, (payload) => callback(JSON.stringify(payload)));
}

// The Python a runner runs once the package is in: starts with the header the Trusted Types
// policy recognises as the bridge's own.
export function runnerScript(internal, call) {
  return internal.pythonHeader + "\nfrom kustomer_bridge.browser import runners\n" + call + "\n";
}
