// Runs a Python file under the vendored MicroPython (the browser's runtime) in Node.
// usage: node run.mjs MICROPYTHON_MJS PACKAGE_DIR SCRIPT
import { readFileSync, readdirSync } from "node:fs";
const [mjs, packageDir, script] = process.argv.slice(2);
const { loadMicroPython } = await import(mjs);
let out = "";
const mp = await loadMicroPython({ stdout: (t) => { out += t + "\n"; }, stderr: (t) => { out += t + "\n"; } });
mp.FS.mkdir("/lib");
mp.FS.mkdir("/lib/kustomer_bridge");
for (const name of readdirSync(packageDir)) {
  if (name.endsWith(".py")) mp.FS.writeFile("/lib/kustomer_bridge/" + name, readFileSync(packageDir + "/" + name));
}
try {
  await mp.runPythonAsync("import sys\nsys.path.insert(0, '/lib')\n" + readFileSync(script, "utf8"));
} catch (error) {
  out += "PYTHON ERROR: " + error.message + "\n";
}
process.stdout.write(out);
