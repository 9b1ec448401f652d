#!/usr/bin/env python3
"""Build dist/: the drop-in loader, its boot module, the vendored runtime and the demo pages.

    python build.py                  build dist/ and print its sizes
    python build.py serve [--port N] build, then serve dist/ (http://127.0.0.1:N/demo/)
    python build.py pack [--out DIR] build, then the npm package kustomer-bridge-<version>.tgz

Needs `npm ci` to have installed the pinned runtime into node_modules/ (nothing is fetched
from a CDN, ever). Building twice gives the same bytes. It also rewrites the copies of Python
definitions kept in the jinja2 macro and docs/architecture.md (scripts/bundle/generated.py).
The work is done by the package in scripts/bundle/, also the package's PEP 517 backend.
"""

import argparse
import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))
from bundle import generated
from bundle.dist import build_dist, sizes
from bundle.npm import CDN_LOADER, npm_pack
from bundle.paths import DIST, BuildError
from bundle.serve import make_server
from kustomer_bridge.server.defaults import KUSTOMER_WIDGET_URL
from kustomer_bridge.server.tag import pasteable_tag


def serve(port):
    server = make_server(DIST, port, host="0.0.0.0", verbose=True)
    print(
        "serving http://127.0.0.1:%d/demo/ (MicroPython) and /demo/py/ (Pyodide); "
        "Ctrl-C stops" % server.server_address[1],
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


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
    demo = {"demo_widget": KUSTOMER_WIDGET_URL, "api_key": args.api_key} if args.api_key else {}
    for path in generated.refresh():
        print("rewrote the generated part of %s" % path)
    try:
        manifest = build_dist(DIST, brand_id=args.brand_id or "demo-brand", **demo)
    except BuildError as error:
        print("build.py: %s" % error, file=sys.stderr)
        return 1
    print("built %s" % DIST)
    for key, (raw, packed) in sizes(DIST).items():
        print("dist/ for %-3s raw %8.1f KB  gzip %8.1f KB" % (key, raw / 1024, packed / 1024))
    print("kustomer-bridge.js integrity: %s" % manifest["integrity"])
    if args.command == "pack":
        tarball = npm_pack(DIST, args.out)
        print(
            "packed %s (%d bytes); once published, the tags are:"
            % (tarball, tarball.stat().st_size)
        )
        print(pasteable_tag(CDN_LOADER % manifest["version"], manifest["integrity"]))
    if args.command == "serve":
        serve(args.port)
    return 0


def pypa_build():
    """``python -m build`` run in this folder finds this file first: hand over to PyPA's
    build, the tool that command means (this file is ``python build.py``)."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]
    try:
        runpy.run_module("build", run_name="__main__", alter_sys=True)
    except ImportError:
        sys.exit("python -m build: PyPA's build is not installed (pip install build)")


if __name__ == "__main__":
    if __spec__ is not None and __spec__.name == "build":
        pypa_build()
    else:
        sys.exit(main())
