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
export function install(interpreter) {
  installPackage(interpreter, FILES);
}

// The Python a runner runs once the package is in: starts with the header the Trusted Types
// policy recognises as the bridge's own.
export function runnerScript(internal, call) {
  return internal.pythonHeader + "\nfrom kustomer_bridge.browser import runners\n" + call + "\n";
}
