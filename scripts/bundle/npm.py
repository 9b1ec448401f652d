"""The npm package, for CDNs that serve npm packages: the exported bundle as dist/, beside a
generated package.json (no scripts, no dependencies), the README and the LICENSE. The
repository's own package.json only pins the runtime the build vendors."""

import io
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

from kustomer_bridge.server.export import export

from .dist import read_version
from .paths import ROOT

# Where an npm CDN serves the published package's loader, by version (the README's tag).
CDN_LOADER = "https://cdn.jsdelivr.net/npm/kustomer-bridge@%s/dist/kustomer-bridge.js"


def npm_manifest():
    """The published package.json."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        "name": project["name"],
        "version": read_version(),
        "description": project["description"],
        "license": project["license"],  # the SPDX expression, as npm takes it too
        "keywords": ["kustomer", "chat", "pyscript", "micropython", "pyodide"],
        "files": ["dist/"],
        "jsdelivr": "dist/kustomer-bridge.js",
        "unpkg": "dist/kustomer-bridge.js",
    }


def npm_pack(dist, out, stage=ROOT / "build" / "npm"):
    """Stage the bundle in ``dist`` as the package and run ``npm pack`` into ``out``;
    returns the tarball's path."""
    if stage.exists():
        shutil.rmtree(stage)
    export(str(stage / "dist"), "all", source=str(dist), out=io.StringIO())
    for name in ("README.md", "LICENSE"):
        shutil.copyfile(ROOT / name, stage / name)
    (stage / "package.json").write_text(json.dumps(npm_manifest(), indent=2) + "\n")
    Path(out).mkdir(parents=True, exist_ok=True)
    packed = subprocess.run(
        ["npm", "pack", "--json", "--pack-destination", str(Path(out).resolve())],
        cwd=stage,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out).resolve() / json.loads(packed.stdout)[0]["filename"]
