"""The pinned browser runtime, copied from node_modules into dist/runtime/ (never a CDN).

Each package lands in a folder named after its version (``micropython-1.28.0-6``), so its
files can be cached as immutable; a folder whose files are not the npm bytes says so in its
name. PyScript's carries one patched line (``CSP_PATCH``); MicroPython's wasm declares less
initial memory (``MICROPYTHON_INITIAL_PAGES``); Pyodide's gains the standard library its
worker starts with, as bytecode (``WORKER_STDLIB``, stdlib.py).
"""

import json

from .paths import NODE, ROOT, BuildError
from .stdlib import WORKER_STDLIB, worker_stdlib

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


# MicroPython's build (ports/webassembly/Makefile, v1.28.0) sets no INITIAL_MEMORY, so its
# micropython.wasm declares Emscripten's default, 259 pages (16.2 MiB), which every page that
# boots it pays; the core needs about 1 MiB. The vendored copy declares 32 pages (2 MiB):
# one number in its memory section, rewritten in place (the limits are LEB128, which may be
# padded: the WebAssembly core spec's binary format), so nothing else in the file moves.
# Memory growth stays on (the build's ALLOW_MEMORY_GROWTH; the maximum is unchanged).
MICROPYTHON_INITIAL_PAGES = 32
WASM_PAGE = 65536
# The heap the worker runner gives MicroPython's garbage collector (loadMicroPython's
# heapsize). The core holds about 76 KiB after a conversation, but one object must fit in
# the heap: a batch of events arrives as one string (about 1 MB for a burst of 1,000
# conversations, or a 1 MB value a hostile page sets), and the areas MicroPython adds when
# the heap is full are no larger than the heap so far (measured in Node with the vendored
# files: a 1 MB string fails with 768 KiB, fits with 1 MiB). So 1 MiB, MicroPython's own
# default, which PyScript (the main-thread runner) keeps too; within the 2 MiB above.
MICROPYTHON_HEAP_BYTES = 1024 * 1024


def read_leb(data, at):
    """An unsigned LEB128 number at ``at``: (value, where it ends)."""
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return value, at


def padded_leb(value, length):
    """``value`` as an unsigned LEB128 of exactly ``length`` bytes."""
    out = bytearray()
    for index in range(length):
        byte = (value >> (7 * index)) & 0x7F
        out.append(byte | (0x80 if index < length - 1 else 0))
    if value >> (7 * length):
        raise BuildError("%d does not fit in %d LEB128 bytes" % (value, length))
    return bytes(out)


def memory_limits(data):
    """The module's one defined memory: (initial pages, where that number starts and ends)."""
    if data[:8] != b"\0asm\x01\0\0\0":
        raise BuildError("not a WebAssembly module (version 1)")
    at = 8
    while at < len(data):
        section, size_at = data[at], at + 1
        size, body = read_leb(data, size_at)
        if section == 5:  # memory: count, then each memory's flags and limits
            count, limits = read_leb(data, body)
            if count != 1:
                raise BuildError("expected one memory, found %d" % count)
            initial, end = read_leb(data, limits + 1)
            return initial, limits + 1, end
        at = body + size
    raise BuildError("the module defines no memory (an imported one cannot be rewritten)")


def with_initial_memory(data, pages):
    """The wasm module ``data`` declaring ``pages`` of initial memory, nothing else changed."""
    initial, start, end = memory_limits(data)
    if initial < pages:
        raise BuildError("it declares %d pages already, fewer than %d" % (initial, pages))
    return data[:start] + padded_leb(pages, end - start) + data[end:]


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


def pyodide_lock():
    """What the worker runner hands Pyodide as its lockfile (loadPyodide's lockFileContents):
    the pinned pyodide-lock.json's ``info`` and no packages, since the core imports only the
    standard library. Pyodide then fetches no lockfile (114 KB, 21 KB brotli) on each boot;
    the main-thread runner (PyScript) still reads the whole file from the folder."""
    lock = json.loads((NODE / "pyodide" / "pyodide-lock.json").read_text())
    return {"info": lock["info"], "packages": {}}


# How each vendored folder is not the npm bytes, added to its name: CSP_PATCH,
# MICROPYTHON_INITIAL_PAGES, WORKER_STDLIB.
NOT_NPM_BYTES = {"pyscript": "-csp", "mpy": "-%dpages" % MICROPYTHON_INITIAL_PAGES, "py": "-pyc"}


def vendor_runtime(dist):
    """Copy the pinned runtime into dist/runtime/<name>-<version>/; each entry's path."""
    paths = {}
    for key, (package, patterns, folder) in RUNTIMES.items():
        version = package_version(package)
        target = dist / "runtime" / ("%s-%s%s" % (folder, version, NOT_NPM_BYTES[key]))
        target.mkdir(parents=True)
        for pattern in patterns.split():
            for source in sorted((NODE / package).glob(pattern)):
                data = source.read_bytes()
                if source.suffix in (".js", ".mjs"):
                    data = strip_source_map(data)
                if key == "pyscript":
                    data = patch_pyscript(source.name, data)
                if source.name == "micropython.wasm":
                    data = with_initial_memory(data, MICROPYTHON_INITIAL_PAGES)
                (target / source.name).write_bytes(data)
        if key == "py":
            (target / WORKER_STDLIB).write_bytes(worker_stdlib(NODE / package))
        paths[key] = "runtime/%s/%s" % (target.name, ENTRY[key])
    return paths
