"""The deployable bundle, built into a folder (dist/ by default): the loader, its boot
module, the vendored runtime, the manifest (with the loader's SRI hash and every file it may
load), the third-party notices, the stub SDK and the demo pages. Building twice gives the
same bytes."""

import ast
import base64
import gzip
import hashlib
import json
import shutil

import jinja2

from .paths import DIST, PACKAGE, ROOT, TEMPLATES, WEB, BuildError
from .runtime import (
    MICROPYTHON_INITIAL_PAGES,
    THIRD_PARTY,
    WASM_PAGE,
    package_version,
    vendor_runtime,
)
from .web import write_boot_module, write_loader


def build_dist(dist=DIST, demo_widget=None, api_key="demo-key", brand_id="demo-brand"):
    """Build the bundle into ``dist`` (emptied first); returns its manifest."""
    if dist.exists():
        shutil.rmtree(dist)
    dist.mkdir(parents=True)
    runtime = vendor_runtime(dist)
    paths = {"pyscript": runtime["pyscript"], "mpy": runtime["mpy"], "py": runtime["py"]}
    manifest = {"version": read_version(), "boot": write_boot_module(dist, paths)}
    write_loader(dist, manifest)
    manifest = write_manifest(dist, manifest, paths)
    write_notices(dist)
    (dist / "stub").mkdir()
    shutil.copyfile(WEB / "kustomer-stub.js", dist / "stub" / "kustomer-stub.js")
    render_pages(
        dist,
        {
            "api_key": api_key,
            "brand_id": brand_id,
            "widget_src": demo_widget or "stub/kustomer-stub.js",
            "version": manifest["version"],
        },
    )
    return manifest


def read_version():
    """The one version number: ``kustomer_bridge.__version__`` (pyproject reads it too)."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__version__"]:
            return node.value.value
    raise BuildError("kustomer_bridge/__init__.py has no __version__")


def subresource_integrity(data):
    """The ``integrity`` attribute value of a file (SRI, sha384)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def write_manifest(dist, manifest, paths):
    """kustomer-bridge.manifest.json: the loader's SRI hash, and every file it may load
    (each with a versioned or content-hashed URL), by runtime."""

    def folder(path):
        return [str(file.relative_to(dist)) for file in (dist / path).parent.glob("*")]

    full = {
        **manifest,
        **paths,
        "integrity": subresource_integrity((dist / "kustomer-bridge.js").read_bytes()),
        "files": {
            key: sorted([manifest["boot"], *folder(paths["pyscript"]), *folder(paths[key])])
            for key in ("mpy", "py")
        },
    }
    (dist / "kustomer-bridge.manifest.json").write_text(
        json.dumps(full, indent=2, sort_keys=True) + "\n"
    )
    return full


def write_notices(dist):
    """THIRD-PARTY-NOTICES.md and licenses/: what the bundle redistributes."""
    (dist / "licenses").mkdir()
    rows = ["| component | npm package | version | license | text |", "|---|---|---|---|---|"]
    for component, package, license_id, text in THIRD_PARTY:
        name = "%s-%s.txt" % (component.split()[0], license_id)
        shutil.copyfile(ROOT / text, dist / "licenses" / name)
        rows.append(
            "| %s | `%s` | %s | %s | licenses/%s |"
            % (component, package, package_version(package), license_id, name)
        )
    (dist / "THIRD-PARTY-NOTICES.md").write_text(
        "# Third-party software in this bundle\n\nkustomer-bridge %s (Apache-2.0) "
        "redistributes, unmodified except where noted:\n\n%s\n\nPyScript's core chunk "
        "carries one patched line (see CSP_PATCH in scripts/bundle/runtime.py). MicroPython's "
        "micropython.wasm declares %d pages (%d MiB) of initial memory instead of its build's "
        "259 (Emscripten's default): one number in its memory section, rewritten from the npm "
        "package's file by the build, nothing else in it changed (see "
        "MICROPYTHON_INITIAL_PAGES in scripts/bundle/runtime.py). Pyodide "
        "bundles further libraries under their own licenses: see https://pyodide.org/en/"
        "stable/project/about.html#license.\n"
        % (
            read_version(),
            "\n".join(rows),
            MICROPYTHON_INITIAL_PAGES,
            MICROPYTHON_INITIAL_PAGES * WASM_PAGE // (1024 * 1024),
        )
    )


def render_pages(dist, context):
    """Each demo page into demo/ (MicroPython) and demo/py/ (Pyodide)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    for runtime, folder, root in (("mpy", "demo", "../"), ("py", "demo/py", "../../")):
        (dist / folder).mkdir(parents=True, exist_ok=True)
        for path in sorted((TEMPLATES / "demo").glob("*.html")):
            template = environment.get_template("demo/" + path.name)
            page = template.render(runtime=runtime, root=root, **context)
            (dist / folder / path.name).write_text(page)
        for script in ("demo-panel.js", "spa-router.js"):
            shutil.copyfile(WEB / script, dist / folder / script)


def sizes(dist):
    """(raw, gzipped) bytes of what each runtime's page can load from the bundle."""
    shared = [
        dist / "kustomer-bridge.js",
        *sorted(dist.glob("kustomer-bridge-boot.*.mjs")),
        *sorted(dist.glob("runtime/pyscript-*/*")),
    ]
    report = {}
    for key, folder in (("mpy", "micropython"), ("py", "pyodide")):
        blobs = [
            path.read_bytes() for path in shared + sorted(dist.glob("runtime/%s-*/*" % folder))
        ]
        packed = [len(gzip.compress(blob, compresslevel=6, mtime=0)) for blob in blobs]
        report[key] = (sum(map(len, blobs)), sum(packed))
    return report
