"""The pinned browser runtime, copied from node_modules into dist/runtime/ (never a CDN).

Each package lands in a folder named after its version (``micropython-1.28.0-6``), so its
files can be cached as immutable; PyScript's carries one patched line (``CSP_PATCH``).
"""

import json

from .paths import NODE, ROOT, BuildError

# key: (npm package, files to copy, folder in dist/runtime)
RUNTIMES = {
    "pyscript": ("@pyscript/core", "dist/*.js", "pyscript"),
    "mpy": (
        "@micropython/micropython-webassembly-pyscript",
        "micropython.mjs micropython.wasm",
        "micropython",
    ),
    "py": (
        "pyodide",
        "pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json",
        "pyodide",
    ),
}
ENTRY = {"pyscript": "core.js", "mpy": "micropython.mjs", "py": "pyodide.mjs"}
# What the bundle redistributes: (component, npm package, license, license text).
THIRD_PARTY = (
    ("PyScript", "@pyscript/core", "Apache-2.0", "node_modules/@pyscript/core/LICENSE"),
    (
        "MicroPython",
        "@micropython/micropython-webassembly-pyscript",
        "MIT",
        "licenses/MicroPython-MIT.txt",
    ),
    ("Pyodide", "pyodide", "MPL-2.0", "licenses/MPL-2.0.txt"),
    ("CPython standard library (in Pyodide)", "pyodide", "PSF-2.0", "licenses/PSF-2.0.txt"),
)
# PyScript 0.7.31 turns its worker hooks into code with Function() whenever a script's hooks
# are built, even for main-thread scripts that never start a worker; under a CSP without
# 'unsafe-eval' (or under Trusted Types) that throws and Python never boots. Main-thread
# scripts do not need worker hooks, so the vendored copy skips them when that happens.
CSP_PATCH = (
    b"return Function(`return(w,x)=>(${r})(w,x,...[${s}])`)()",
    b"try{return Function(`return(w,x)=>(${r})(w,x,...[${s}])`)()}catch(e){}",
)


def package_version(name):
    manifest = NODE / name / "package.json"
    if not manifest.exists():
        raise BuildError(
            "%s is missing: run `npm ci` in %s first (the runtime is vendored "
            "from node_modules, never fetched from a CDN)" % (manifest, ROOT)
        )
    return json.loads(manifest.read_text())["version"]


def strip_source_map(data):
    lines = data.split(b"\n")
    return b"\n".join(line for line in lines if not line.startswith(b"//# sourceMappingURL="))


def patch_pyscript(name, data):
    if not name.startswith("core-"):
        return data
    if data.count(CSP_PATCH[0]) != 1:
        raise BuildError(
            "PyScript's core chunk changed: the CSP patch in scripts/bundle/runtime.py no "
            "longer applies to %s; re-check it against the new version" % name
        )
    return data.replace(CSP_PATCH[0], CSP_PATCH[1])


def vendor_runtime(dist):
    """Copy the pinned runtime into dist/runtime/<name>-<version>/; each entry's path."""
    paths = {}
    for key, (package, patterns, folder) in RUNTIMES.items():
        version = package_version(package)
        patched = "-csp" if key == "pyscript" else ""  # see CSP_PATCH: not the npm bytes
        target = dist / "runtime" / ("%s-%s%s" % (folder, version, patched))
        target.mkdir(parents=True)
        for pattern in patterns.split():
            for source in sorted((NODE / package).glob(pattern)):
                data = source.read_bytes()
                if source.suffix in (".js", ".mjs"):
                    data = strip_source_map(data)
                if key == "pyscript":
                    data = patch_pyscript(source.name, data)
                (target / source.name).write_bytes(data)
        paths[key] = "runtime/%s/%s" % (target.name, ENTRY[key])
    return paths
