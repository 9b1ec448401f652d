"""The loader and the boot module as shipped: web/ sections joined in order, placeholders
filled with JSON, minified by terser (pinned in package-lock.json), the boot module under a
content-hashed name. The Python package travels inside the boot module (no extra request).
"""

import ast
import hashlib
import json
import subprocess

from kustomer_bridge.browser import port
from kustomer_bridge.browser.arguments import TIMEOUT_LIMIT_MS
from kustomer_bridge.browser.attributes.redaction import Redactor
from kustomer_bridge.server.defaults import KUSTOMER_WIDGET_URL, TAG_CHOICES, TAG_DEFAULTS

from .paths import NODE, PACKAGE, WEB, BuildError

# web/loader/ and web/boot/, in the order they are joined (each file's comment says why).
LOADER_SECTIONS = (
    "config.js",
    "trusted.js",
    "kustomer.js",
    "early.js",
    "face.js",
    "ready.js",
    "main.js",
)
BOOT_SECTIONS = (
    "driver.mjs",
    "kept.mjs",
    "package.mjs",
    "worker-runner.mjs",
    "main-thread-runner.mjs",
    "boot.mjs",
)


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


def fill(source, marker, value, name):
    """Replace a /*MARKER*/ placeholder in a web/ source with JSON."""
    if marker not in source:
        raise BuildError("web/%s lost its %s placeholder" % (name, marker.split()[0]))
    return source.replace(marker, json.dumps(value, sort_keys=True))


def joined(folder, sections):
    """The files of web/<folder>/ in their order, as one source."""
    return "\n".join((WEB / folder / name).read_text() for name in sections)


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
    source = joined("boot", BOOT_SECTIONS)
    source = fill(source, '/*PATHS*/ { pyscript: "", mpy: "", py: "" }', paths, "boot/driver.mjs")
    source = fill(source, "/*FILES*/ {}", python_files(), "boot/package.mjs")
    source = fill(
        source, "/*PORT*/ { events: {}, commands: {} }", port.definition(), "boot/driver.mjs"
    )
    data = minify(source, module=True).encode()
    name = "kustomer-bridge-boot.%s.mjs" % hashlib.sha256(data).hexdigest()[:10]
    (dist / name).write_bytes(data)
    return name


def write_loader(dist, manifest):
    """kustomer-bridge.js: the loader's sections as one strict function, minified, with the
    manifest (version, boot module, Kustomer's widget.js URL, the redaction rule compiled for
    URLs at rest) and the tag's defaults."""
    source = '(() => {\n"use strict";\n%s\n})();\n' % joined("loader", LOADER_SECTIONS)
    manifest = {
        **manifest,
        "widget": KUSTOMER_WIDGET_URL,
        "hidden": Redactor().hidden_names(),
        "timeoutLimitMs": TIMEOUT_LIMIT_MS,
    }
    placeholder = (
        '/*MANIFEST*/ { version: "dev", boot: "", widget: "", hidden: "[^=&]*",\n'
        "  timeoutLimitMs: 1e9 }"
    )
    source = fill(source, placeholder, manifest, "loader/config.js")
    source = fill(source, "/*DEFAULTS*/ {}", TAG_DEFAULTS, "loader/config.js")
    source = fill(source, "/*CHOICES*/ {}", TAG_CHOICES, "loader/config.js")
    (dist / "kustomer-bridge.js").write_text(minify(source))
