"""The wheel carries the bundle: installed outside the repo, with no Node, it exports."""

import json
import zipfile
from pathlib import Path

import pytest

# The session's wheel, venv and tarball are built once, on one worker.
pytestmark = pytest.mark.xdist_group("artifacts")

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_the_bundle_and_stays_small(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    static = [name for name in names if name.startswith("kustomer_bridge/static/")]
    assert "kustomer_bridge/static/kustomer-bridge.js" in static
    assert "kustomer_bridge/static/_headers" in static
    assert "kustomer_bridge/static/THIRD-PARTY-NOTICES.md" in static
    assert any("/runtime/micropython-" in name for name in static)
    assert any("/runtime/pyodide-" in name for name in static)
    assert not [name for name in static if "/demo/" in name or "/stub/" in name]
    assert wheel.stat().st_size < 25 * 1024 * 1024
    assert not (ROOT / "pysrc" / "kustomer_bridge" / "static").exists()  # the tree stays clean


def test_the_wheel_is_named_after_the_one_version(wheel):
    import kustomer_bridge

    assert wheel.name.startswith("kustomer_bridge-%s-" % kustomer_bridge.__version__)


def test_installed_without_node_it_exports_the_bundle(installed, tmp_path):
    site = tmp_path / "site"
    result = installed.run(
        "-m", "kustomer_bridge", "export", str(site), "--runtime", "mpy", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "kustomer-bridge.manifest.json").read_text())
    assert 'integrity="%s"' % manifest["integrity"] in result.stdout
    assert all((site / name).is_file() for name in manifest["files"]["mpy"])
    where = installed.run(
        "-c", "import kustomer_bridge; print(kustomer_bridge.static_path())", cwd=tmp_path
    ).stdout.strip()
    assert where.startswith(str(installed.venv)) and where.endswith("kustomer_bridge/static")
