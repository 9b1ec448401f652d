"""The build of the deployable bundle (dist/), used by the top-level ``build.py`` command,
the test suite and the package's PEP 517 backend:

    paths.py    where things are (the repository, node_modules, the Python package)
    runtime.py  the pinned browser runtime, vendored from node_modules (never a CDN)
    web.py      the loader and the boot module: web/ modules bundled (esbuild), minified
    dist.py     the whole bundle into a folder, with its manifest, notices and demo pages
    serve.py    a static server with the bundle's MIME types (the demo, the tests)
    npm.py      the npm package (for CDNs that serve npm packages)
    backend.py  the PEP 517 backend: every wheel carries the bundle

Its own name (not ``build``) keeps ``python -m build`` PyPA's.
"""

import sys
from pathlib import Path

# The Python package it bundles (pysrc/kustomer_bridge), importable from every module here.
_PYSRC = str(Path(__file__).resolve().parents[2] / "pysrc")
if _PYSRC not in sys.path:
    sys.path.insert(0, _PYSRC)
