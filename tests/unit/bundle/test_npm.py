"""The npm package, for CDNs that serve npm packages: dist/ is the deployable bundle."""

import json
import tarfile

import pytest

import kustomer_bridge

# The session's wheel, venv and tarball are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")


def test_the_tarball_is_the_bundle_with_its_licenses(npm_tarball):
    assert npm_tarball.name == "kustomer-bridge-%s.tgz" % kustomer_bridge.__version__
    with tarfile.open(npm_tarball) as archive:
        names = set(archive.getnames())
        packed = json.load(archive.extractfile("package/dist/kustomer-bridge.manifest.json"))
        package = json.load(archive.extractfile("package/package.json"))
    assert package["name"] == "kustomer-bridge" and package["license"] == "Apache-2.0"
    assert package["version"] == kustomer_bridge.__version__
    assert package["files"] == ["dist/"] and package["jsdelivr"] == "dist/kustomer-bridge.js"
    assert not {"scripts", "dependencies", "peerDependencies"} & set(package)
    assert {"package/package.json", "package/LICENSE", "package/README.md"} <= names
    assert "package/dist/THIRD-PARTY-NOTICES.md" in names
    assert {
        "package/dist/licenses/MicroPython-MIT.txt",
        "package/dist/licenses/Pyodide-MPL-2.0.txt",
    } <= names
    for runtime in ("mpy", "py"):
        assert {"package/dist/" + name for name in packed["files"][runtime]} <= names
    assert not [name for name in names if "/demo/" in name or "/stub/" in name]
    assert packed["version"] == kustomer_bridge.__version__
