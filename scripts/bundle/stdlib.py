"""The standard library the worker runner's Pyodide starts with, as bytecode.

The npm package's ``python_stdlib.zip`` (2.5 MB) holds source only, so every visit compiles
each module Pyodide imports as it starts (asyncio, typing, inspect, json, ...): most of the
time Pyodide takes to start once its files have arrived (measured in Node with the pinned
files: 4.1 s from source, 0.8 s from this file). Pyodide's maintainers weigh the same trade
(https://github.com/pyodide/pyodide/issues/3050). The worker runs nothing but the core, which
imports only modules Pyodide has imported by then (a unit test holds it to that), so the
worker gets those modules alone, as bytecode: ``WORKER_STDLIB``, 1.3 MB, loadPyodide's
``stdLibURL``. The main thread keeps the whole library (PyScript's and the page's Python may
import any module).

The bytecode has to come from the very interpreter that runs it (its magic number and
marshal format), so the pinned Pyodide compiles it, under Node, running ``compile_stdlib.py``.
The result is kept in ``node_modules/.cache/`` under a hash of what it depends on (the
package's version, its library, the compiler), so a machine compiles once (about 10 s).
"""

import hashlib
import os
import subprocess
import tempfile

from .paths import NODE, BuildError

COMPILER = os.path.join(os.path.dirname(__file__), "compile_stdlib.py")
CACHE = NODE / ".cache" / "kustomer-bridge"
WORKER_STDLIB = "python_stdlib-worker.zip"
# Runs the compiler in the pinned Pyodide: node -e RUN_IN_PYODIDE <folder> <script> <in> <out>
RUN_IN_PYODIDE = """
const { readFileSync, writeFileSync } = await import("node:fs");
const { pathToFileURL } = await import("node:url");
const [folder, script, source, target] = process.argv.slice(1);
const { loadPyodide } = await import(pathToFileURL(folder + "/pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: folder + "/", stdout: () => {} });
pyodide.FS.writeFile("/tmp/source.zip", readFileSync(source));
pyodide.runPython(readFileSync(script, "utf8"));
writeFileSync(target, pyodide.FS.readFile("/tmp/compiled.zip"));
"""


def worker_stdlib(pyodide_folder):
    """The bytes of ``WORKER_STDLIB``: the modules of ``python_stdlib.zip`` that Pyodide
    starts with, as bytecode."""
    source = pyodide_folder / "python_stdlib.zip"
    inputs = hashlib.sha256(RUN_IN_PYODIDE.encode())
    for path in (pyodide_folder / "package.json", source, COMPILER):
        with open(path, "rb") as data:
            inputs.update(data.read())
    key = inputs.hexdigest()[:16]
    cached = CACHE / ("worker-stdlib-%s.zip" % key)
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as work:
            target = os.path.join(work, "python_stdlib.zip")
            command = ["node", "--input-type=module", "-e", RUN_IN_PYODIDE]
            command += [str(pyodide_folder), COMPILER, str(source), target]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BuildError(
                    "compiling Pyodide's standard library failed (node %s): %s"
                    % (pyodide_folder, (result.stderr.strip() or "no output")[-2000:])
                )
            os.replace(target, cached)  # whole or not at all, if two builds race
    return cached.read_bytes()
