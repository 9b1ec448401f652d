"""The wheel carries the bundle: installed outside the repo, with no Node, it exports."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if not shutil.which("npm"):
        pytest.skip("building the wheel needs npm (the test command installs it)")
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(folder)],
        check=True,
        capture_output=True,
    )
    return next(folder.glob("kustomer_bridge-*.whl"))


def test_the_wheel_carries_the_bundle_and_stays_small(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    static = [name for name in names if name.startswith("kustomer_bridge/static/")]
    assert "kustomer_bridge/static/kustomer-bridge.js" in static
    assert "kustomer_bridge/static/_headers" in static
    assert any("/runtime/micropython-" in name for name in static)
    assert any("/runtime/pyodide-" in name for name in static)
    assert not [name for name in static if "/demo/" in name or "/stub/" in name]
    assert wheel.stat().st_size < 25 * 1024 * 1024
    assert not (ROOT / "pysrc" / "kustomer_bridge" / "static").exists()  # the tree stays clean


def test_installed_without_node_it_exports_the_bundle(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    no_node = {**os.environ, "PATH": str(venv / "bin") + ":/usr/sbin:/sbin"}
    site = tmp_path / "site"
    result = subprocess.run(
        [python, "-m", "kustomer_bridge", "export", str(site), "--runtime", "mpy"],
        cwd=tmp_path,
        env=no_node,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((site / "kustomer-bridge.manifest.json").read_text())
    assert 'integrity="%s"' % manifest["integrity"] in result.stdout
    assert all((site / name).is_file() for name in manifest["files"]["mpy"])
    where = subprocess.run(
        [python, "-c", "import kustomer_bridge; print(kustomer_bridge.static_path())"],
        cwd=tmp_path,
        env=no_node,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("kustomer_bridge/static")
