// Runs a Python file under the vendored MicroPython (the browser's runtime) in Node, with
// the package as the browser gets it: its __init__ and its browser/ folder. With HEAPSIZE
// (bytes), MicroPython gets that heap, as the worker runner gives it; the wasm memory's size
// is printed before and after, as "MEMORY <bytes at start> <bytes at the end>".
// usage: node run.mjs MICROPYTHON_MJS PACKAGE_DIR SCRIPT [HEAPSIZE]
import { readFileSync, readdirSync, statSync } from "node:fs";
const [mjs, packageDir, script, heapsize] = process.argv.slice(2);
const { loadMicroPython } = await import(mjs);
let out = "";
const mp = await loadMicroPython({ stdout: (t) => { out += t + "\n"; }, stderr: (t) => { out += t + "\n"; },
  ...(heapsize ? { heapsize: +heapsize } : {}) });
const memory = () => mp._module.HEAPU8.buffer.byteLength;
const atStart = memory();
const copy = (from, to) => {
  mp.FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    if (statSync(from + "/" + name).isDirectory()) copy(from + "/" + name, to + "/" + name);
    else if (name.endsWith(".py")) mp.FS.writeFile(to + "/" + name, readFileSync(from + "/" + name));
  }
};
mp.FS.mkdirTree("/lib/kustomer_bridge");
mp.FS.writeFile("/lib/kustomer_bridge/__init__.py", readFileSync(packageDir + "/__init__.py"));
copy(packageDir + "/browser", "/lib/kustomer_bridge/browser");
try {
  await mp.runPythonAsync("import sys\nsys.path.insert(0, '/lib')\n" + readFileSync(script, "utf8"));
  // A script that defines handle, boot, batches and answers is driven as the worker drives
  // the core: each batch of events in a call of its own.
  const handle = mp.globals.get("handle");
  if (handle) {
    handle(mp.globals.get("boot"));
    for (const batch of mp.globals.get("batches")) handle(mp.globals.get("answers")(handle(batch)));
    out += "CONVERSATIONS OK\n";
  }
} catch (error) {
  out += "PYTHON ERROR: " + error.message + "\n";
}
process.stdout.write(out + `MEMORY ${atStart} ${memory()}\n`);
