#!/usr/bin/env python3
"""Build dist/: the drop-in loader, its boot module, the vendored runtime and the demo pages.

    python build.py                  build dist/ and print its sizes
    python build.py serve [--port N] build, then serve dist/ (http://127.0.0.1:N/demo/)
    python build.py pack [--out DIR] build, then the npm package kustomer-bridge-<version>.tgz

Needs `npm ci` to have installed the pinned runtime into node_modules/ (nothing is fetched
from a CDN, ever). Building twice gives the same bytes.

It is also the package's PEP 517 build backend (pyproject's ``backend-path``): a wheel
carries the deployable bundle in ``kustomer_bridge/static/`` (built here, with Node/npm;
installing or using the wheel needs neither), and fails rather than ship without it.
"""

import argparse
import ast
import base64
import functools
import gzip
import hashlib
import http.server
import io
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "pysrc"))
from kustomer_bridge import hosting  # noqa: E402
from kustomer_bridge.export import export  # noqa: E402
from kustomer_bridge.resources import kustomer_widget_url, pasteable_tag  # noqa: E402

DIST = ROOT / "dist"
NODE = ROOT / "node_modules"
PACKAGE = ROOT / "pysrc" / "kustomer_bridge"
# The modules that ship to the browser (an allow-list: a new module stays host-side until it
# is named here); HOST_MODULES never do.
HOST_MODULES = (
    "__main__.py",
    "export.py",
    "flask.py",
    "hosting.py",
    "pytest_plugin.py",
    "resources.py",
)
BROWSER_MODULES = (
    "__init__.py",
    "api.py",
    "arguments.py",
    "attributes.py",
    "auto_describe.py",
    "call_queue.py",
    "client.py",
    "core.py",
    "deferred.py",
    "errors.py",
    "hosts.py",
    "listeners.py",
    "log.py",
    "machine.py",
    "page_context.py",
    "port.py",
    "privacy.py",
    "redaction.py",
)
BUNDLE_ROOT = "/kustomer_bridge_bundle"
# Where an npm CDN serves the published package's loader, by version (README's tag).
CDN_LOADER = "https://cdn.jsdelivr.net/npm/kustomer-bridge@%s/dist/kustomer-bridge.js"

# (npm package, files to copy, folder in dist/runtime)
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
# The bundle's MIME types are the package's hosting rules; the demo pages add a few.
MIME_TYPES = {
    **hosting.MIME_TYPES,
    ".py": "text/x-python",
    ".html": "text/html",
    ".css": "text/css",
    ".png": "image/png",
}


class BuildError(Exception):
    pass


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


# PyScript 0.7.31 turns its worker hooks into code with Function() whenever a script's hooks
# are built, even for main-thread scripts that never start a worker; under a CSP without
# 'unsafe-eval' that throws and Python never boots. Main-thread scripts do not need worker
# hooks, so the vendored copy skips them when the page forbids evaluation.
CSP_PATCH = (
    b"return Function(`return(w,x)=>(${r})(w,x,...[${s}])`)()",
    b"try{return Function(`return(w,x)=>(${r})(w,x,...[${s}])`)()}catch(e){}",
)


def patch_pyscript(name, data):
    if not name.startswith("core-"):
        return data
    if data.count(CSP_PATCH[0]) != 1:
        raise BuildError(
            "PyScript's core chunk changed: the CSP patch in build.py no longer "
            "applies to %s; re-check it against the new version" % name
        )
    return data.replace(CSP_PATCH[0], CSP_PATCH[1])


def vendor_runtime():
    """Copy the pinned runtime into dist/runtime/<name>-<version>/ (immutable folders)."""
    paths = {}
    for key, (package, patterns, folder) in RUNTIMES.items():
        version = package_version(package)
        patched = "-csp" if key == "pyscript" else ""  # see CSP_PATCH: not the npm bytes
        target = DIST / "runtime" / ("%s-%s%s" % (folder, version, patched))
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


def python_bundle():
    """Python source that writes the package into the runtime's file system and imports
    its hosts; the boot module appends the call that starts one (worker or main thread)."""
    files = {
        "kustomer_bridge/" + name: strip_docstrings((PACKAGE / name).read_text())
        for name in BROWSER_MODULES
    }
    return (
        "# kustomer-bridge Python bundle, generated by build.py\n"
        "import os, sys\n"
        "FILES = %s\n"
        "def install(root):\n"
        "    for folder in (root, root + '/kustomer_bridge'):\n"
        "        try:\n"
        "            os.mkdir(folder)\n"
        "        except OSError:\n"
        "            pass\n"
        "    for name in FILES:\n"
        "        with open(root + '/' + name, 'w') as handle:\n"
        "            handle.write(FILES[name])\n"
        "    if root not in sys.path:\n"
        "        sys.path.insert(0, root)\n"
        "install(%r)\n"
        "from kustomer_bridge import hosts\n"
    ) % (json.dumps(files, indent=0, sort_keys=True), BUNDLE_ROOT)


def fill(source, marker, value, name):
    """Replace a /*MARKER*/ placeholder in a web/ source with JSON."""
    if marker not in source:
        raise BuildError("web/%s lost its %s placeholder" % (name, marker.split()[0]))
    return source.replace(marker, json.dumps(value, sort_keys=True))


def write_boot_module(paths):
    """The boot module, minified, under a content-hashed name; returns that name."""
    source = (ROOT / "web" / "kustomer-bridge-boot.mjs").read_text()
    source = fill(source, '/*PATHS*/ { core: "", mpy: "", py: "" }', paths, "boot module")
    source = fill(source, '/*PYTHON*/ ""', python_bundle(), "boot module")
    data = minify(source, module=True).encode()
    name = "kustomer-bridge-boot.%s.mjs" % hashlib.sha256(data).hexdigest()[:10]
    (DIST / name).write_bytes(data)
    return name


def write_loader(manifest):
    source = (ROOT / "web" / "kustomer-bridge.js").read_text()
    placeholder = '/*MANIFEST*/ { version: "dev", boot: "", widget: "" }'
    loader = fill(source, placeholder, manifest, "loader")
    (DIST / "kustomer-bridge.js").write_text(minify(loader))


def minify(source, module=False):
    """JavaScript as shipped: terser (pinned in package-lock.json), comments dropped."""
    terser = NODE / "terser" / "bin" / "terser"
    if not terser.exists():
        raise BuildError("%s is missing: run `npm ci` first" % terser)
    command = ["node", str(terser), "--compress", "--mangle", "--ecma", "2020"]
    command += ["--module"] if module else []
    result = subprocess.run(command, input=source, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError("terser failed: %s" % result.stderr.strip())
    return result.stdout


def render_pages(context):
    """Render each demo page into dist/demo/ (MicroPython) and dist/demo/py/ (Pyodide)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    for runtime, folder, root in (("mpy", "demo", "../"), ("py", "demo/py", "../../")):
        (DIST / folder).mkdir(parents=True, exist_ok=True)
        for path in sorted((ROOT / "templates" / "demo").glob("*.html")):
            template = environment.get_template("demo/" + path.name)
            page = template.render(runtime=runtime, root=root, **context)
            (DIST / folder / path.name).write_text(page)
        for script in ("demo-panel.js", "spa-router.js"):
            shutil.copyfile(ROOT / "web" / script, DIST / folder / script)


def gzip_size(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def sizes():
    """(raw, gzipped) bytes of what each runtime's page can load from dist/."""
    shared = [
        DIST / "kustomer-bridge.js",
        *sorted(DIST.glob("kustomer-bridge-boot.*.mjs")),
        *sorted(DIST.glob("runtime/pyscript-*/*")),
    ]
    report = {}
    for key, folder in (("mpy", "micropython"), ("py", "pyodide")):
        files = shared + sorted(DIST.glob("runtime/%s-*/*" % folder))
        blobs = [path.read_bytes() for path in files]
        report[key] = (sum(map(len, blobs)), sum(map(gzip_size, blobs)))
    return report


def subresource_integrity(data):
    """The ``integrity`` attribute value of a file (SRI, sha384)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def write_notices():
    """dist/THIRD-PARTY-NOTICES.md and dist/licenses/: what the bundle redistributes."""
    (DIST / "licenses").mkdir()
    rows = ["| component | npm package | version | license | text |", "|---|---|---|---|---|"]
    for component, package, license_id, text in THIRD_PARTY:
        name = "%s-%s.txt" % (component.split()[0], license_id)
        shutil.copyfile(ROOT / text, DIST / "licenses" / name)
        rows.append(
            "| %s | `%s` | %s | %s | licenses/%s |"
            % (component, package, package_version(package), license_id, name)
        )
    (DIST / "THIRD-PARTY-NOTICES.md").write_text(
        "# Third-party software in this bundle\n\nkustomer-bridge %s (Apache-2.0) "
        "redistributes, unmodified except where noted:\n\n%s\n\nPyScript's core chunk "
        "carries one patched line (see CSP_PATCH in build.py). Pyodide bundles further "
        "libraries under their own licenses: see https://pyodide.org/en/stable/project/"
        "about.html#license.\n" % (read_version(), "\n".join(rows))
    )


def write_manifest(manifest, paths):
    """kustomer-bridge.manifest.json: the loader's SRI hash, and every file it may load
    (each with a versioned or content-hashed URL), by runtime."""
    loader = DIST / "kustomer-bridge.js"

    def folder(path):
        return [str(file.relative_to(DIST)) for file in (DIST / path).parent.glob("*")]

    full = {
        **manifest,
        **paths,
        "integrity": subresource_integrity(loader.read_bytes()),
        "files": {
            key: sorted([manifest["boot"], *folder(paths["core"]), *folder(paths[key])])
            for key in ("mpy", "py")
        },
    }
    (DIST / "kustomer-bridge.manifest.json").write_text(
        json.dumps(full, indent=2, sort_keys=True) + "\n"
    )
    return full


def build_dist(demo_widget=None, api_key="demo-key", brand_id="demo-brand"):
    if DIST.exists():
        shutil.rmtree(DIST)
    DIST.mkdir()
    runtime = vendor_runtime()
    paths = {"core": runtime["pyscript"], "mpy": runtime["mpy"], "py": runtime["py"]}
    manifest = {"version": read_version(), "boot": write_boot_module(paths)}
    write_loader({**manifest, "widget": kustomer_widget_url()})
    manifest = write_manifest(manifest, paths)
    write_notices()
    (DIST / "stub").mkdir()
    shutil.copyfile(ROOT / "web" / "kustomer-stub.js", DIST / "stub" / "kustomer-stub.js")
    render_pages(
        {
            "api_key": api_key,
            "brand_id": brand_id,
            "widget_src": demo_widget or "stub/kustomer-stub.js",
            "version": manifest["version"],
        }
    )
    return manifest


def read_version():
    """The one version number: ``kustomer_bridge.__version__`` (pyproject reads it too)."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__version__"]:
            return node.value.value
    raise BuildError("kustomer_bridge/__init__.py has no __version__")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types PyScript needs and CORS for cross-origin loaders."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory, port=0, host="127.0.0.1", verbose=False, handler_class=Handler):
    """A threaded static server for ``directory``; port 0 picks a free one."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose
    return server


def print_sizes():
    for key, (raw, packed) in sizes().items():
        print("dist/ for %-3s raw %8.1f KB  gzip %8.1f KB" % (key, raw / 1024, packed / 1024))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("command", nargs="?", choices=["build", "serve", "pack"], default="build")
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    parser.add_argument("--out", default="build", help="folder for pack's tarball (build/)")
    parser.add_argument("--api-key", help="demo on the real Kustomer widget with this chat key")
    parser.add_argument("--brand-id", default="", help="brand id for the real widget")
    args = parser.parse_args(argv)
    try:
        if args.api_key:
            build_dist(
                demo_widget=kustomer_widget_url(), api_key=args.api_key, brand_id=args.brand_id
            )
        else:
            build_dist()
    except BuildError as error:
        print("build.py: %s" % error, file=sys.stderr)
        return 1
    print("built %s" % DIST)
    print_sizes()
    manifest = json.loads((DIST / "kustomer-bridge.manifest.json").read_text())
    print("kustomer-bridge.js integrity: %s" % manifest["integrity"])
    if args.command == "pack":
        tarball = npm_pack(args.out)
        print(
            "packed %s (%d bytes); once published, the tags are:"
            % (tarball, tarball.stat().st_size)
        )
        print(pasteable_tag(CDN_LOADER % manifest["version"], manifest["integrity"]))
    if args.command == "serve":
        server = make_server(DIST, args.port, host="0.0.0.0", verbose=True)
        print(
            "serving http://127.0.0.1:%d/demo/ (MicroPython) and /demo/py/ (Pyodide); "
            "Ctrl-C stops" % server.server_address[1],
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


# ---- npm package: dist/ for CDNs that serve npm packages ----------------------------------
NPM_STAGE = ROOT / "build" / "npm"


def npm_manifest():
    """The published package.json: the deployable bundle only, no scripts, no dependencies
    (the repo's own package.json only pins the runtime build.py vendors)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        "name": project["name"],
        "version": read_version(),
        "description": project["description"],
        "license": project["license"]["text"],
        "keywords": ["kustomer", "chat", "pyscript", "micropython", "pyodide"],
        "files": ["dist/"],
        "jsdelivr": "dist/kustomer-bridge.js",
        "unpkg": "dist/kustomer-bridge.js",
    }


def npm_pack(out):
    """Stage the built bundle as dist/ beside package.json, README and LICENSE, and run
    ``npm pack``; returns the tarball's path."""
    if NPM_STAGE.exists():
        shutil.rmtree(NPM_STAGE)
    export(str(NPM_STAGE / "dist"), "all", source=str(DIST), out=io.StringIO())
    for name in ("README.md", "LICENSE"):
        shutil.copyfile(ROOT / name, NPM_STAGE / name)
    (NPM_STAGE / "package.json").write_text(json.dumps(npm_manifest(), indent=2) + "\n")
    Path(out).mkdir(parents=True, exist_ok=True)
    packed = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(Path(out).resolve())],
        cwd=NPM_STAGE,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out).resolve() / json.loads(packed.stdout)[0]["filename"]


# ---- PEP 517 backend: setuptools, plus the bundle inside every wheel --------------------
PACKAGED_BUNDLE = PACKAGE / "static"


def package_bundle():
    """Build the bundle and export it into kustomer_bridge/static/ for the wheel."""
    if not (NODE / "@pyscript" / "core").exists():
        if not shutil.which("npm"):
            raise BuildError(
                "building the kustomer-bridge wheel needs Node and npm (to vendor the pinned "
                "browser runtime); installing or using the wheel does not"
            )
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT, check=True
        )
    build_dist()
    if PACKAGED_BUNDLE.exists():
        shutil.rmtree(PACKAGED_BUNDLE)
    export(str(PACKAGED_BUNDLE), "all", source=str(DIST), out=io.StringIO())
    if not (PACKAGED_BUNDLE / "kustomer-bridge.js").is_file():
        raise BuildError(
            "the bundle did not land in %s: refusing to build a wheel without it" % PACKAGED_BUNDLE
        )


def _setuptools():
    from setuptools import build_meta  # only when build.py is the backend

    return build_meta


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package_bundle()
    try:
        return _setuptools().build_wheel(wheel_directory, config_settings, metadata_directory)
    finally:
        shutil.rmtree(PACKAGED_BUNDLE, ignore_errors=True)


def build_sdist(sdist_directory, config_settings=None):
    return _setuptools().build_sdist(sdist_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A development install: static_path() is then the checkout's dist/."""
    return _setuptools().build_editable(wheel_directory, config_settings, metadata_directory)


def get_requires_for_build_wheel(config_settings=None):
    return _setuptools().get_requires_for_build_wheel(config_settings)


def get_requires_for_build_sdist(config_settings=None):
    return _setuptools().get_requires_for_build_sdist(config_settings)


def get_requires_for_build_editable(config_settings=None):
    return _setuptools().get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _setuptools().prepare_metadata_for_build_editable(metadata_directory, config_settings)


if __name__ == "__main__":
    sys.exit(main())
