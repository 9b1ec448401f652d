"""The loader and the boot module as shipped: web/loader/ and web/boot/, ES modules, each
bundled into one file by esbuild and minified by terser (both pinned in package-lock.json).
The build writes into a copy of web/ what each bundle carries (the loader's manifest; the boot
module's runtime paths, Pyodide's lockfile as the core needs it, and the whole Python package,
so there is no extra request) and the
seam with Python (web/port/generated.mjs, fresh); the boot module gets a content-hashed name.
"""

import ast
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .generated import seam_module
from .paths import NODE, PACKAGE, WEB, BuildError
from .runtime import MICROPYTHON_HEAP_BYTES, pyodide_lock
from .stdlib import WORKER_STDLIB


def strip_docstrings(source):
    """Source without docstrings (they cost the browser bytes and nothing else)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body.pop(0)
            if not body:
                body.append(ast.Pass())
    return ast.unparse(tree) + "\n"


def python_files():
    """What ships to the browser, by its path in the runtime's file system: the package's
    ``__init__`` and its ``browser/`` folder, whole."""
    shipped = [PACKAGE / "__init__.py", *sorted((PACKAGE / "browser").rglob("*.py"))]
    return {
        "kustomer_bridge/" + path.relative_to(PACKAGE).as_posix(): strip_docstrings(
            path.read_text()
        )
        for path in shipped
    }


def bundle(entry, writes, module, options=()):
    """web/<entry> and what it imports as one script (``module``: an ES module), with
    ``writes`` ({path under web/: source}) in place of those files; ``options``: esbuild's
    own, added (the bench's --metafile)."""
    esbuild = NODE / "esbuild" / "bin" / "esbuild"
    if not esbuild.exists():
        raise BuildError("%s is missing: run `npm ci` first" % esbuild)
    with tempfile.TemporaryDirectory() as folder:
        web = Path(folder) / "web"
        shutil.copytree(WEB, web)
        for path, source in {"port/generated.mjs": seam_module(), **writes}.items():
            (web / path).write_text(source)
        command = ["node", str(esbuild), str(web / entry), "--bundle", "--target=es2020"]
        command += ["--format=esm" if module else "--format=iife", "--log-level=error", *options]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError("esbuild failed: %s" % result.stderr.strip())
    return result.stdout


def exports(values):
    """An ES module's source that exports each of ``values`` as JSON."""
    return "".join(
        "export const %s = %s;\n" % (name, json.dumps(value, sort_keys=True))
        for name, value in values.items()
    )


def minify(source, module=False):
    """JavaScript as shipped: terser, comments dropped."""
    terser = NODE / "terser" / "bin" / "terser"
    if not terser.exists():
        raise BuildError("%s is missing: run `npm ci` first" % terser)
    command = ["node", str(terser), "--compress", "--mangle", "--ecma", "2020"]
    command += ["--module"] if module else []
    result = subprocess.run(command, input=source, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError("terser failed: %s" % result.stderr.strip())
    return result.stdout


def write_boot_module(dist, paths):
    """The boot module, minified, under a content-hashed name; returns that name."""
    inline = exports(
        {
            "PATHS": paths,
            "FILES": python_files(),
            "MICROPYTHON_HEAP_BYTES": MICROPYTHON_HEAP_BYTES,
            "PYODIDE_LOCK": pyodide_lock(),
            "PYODIDE_WORKER_STDLIB": WORKER_STDLIB,
        }
    )
    source = bundle("boot/boot.mjs", {"boot/inline.mjs": inline}, module=True)
    data = minify(source, module=True).encode()
    name = "kustomer-bridge-boot.%s.mjs" % hashlib.sha256(data).hexdigest()[:10]
    (dist / name).write_bytes(data)
    return name


def write_loader(dist, manifest):
    """kustomer-bridge.js: the loader's modules as one strict script, minified, with the
    manifest (version, boot module)."""
    source = bundle(
        "loader/index.mjs", {"loader/manifest.mjs": exports({"MANIFEST": manifest})}, False
    )
    (dist / "kustomer-bridge.js").write_text(minify('"use strict";\n' + source))
