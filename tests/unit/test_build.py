"""build.py: the same bytes every time, and one clear message without the npm runtime."""

import hashlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build  # noqa: E402

needs_runtime = pytest.mark.skipif(
    not (build.NODE / "@pyscript" / "core").exists(),
    reason="needs `npm ci` (the test command runs it)",
)


def digests(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@needs_runtime
def test_building_twice_gives_the_same_output(tmp_path, monkeypatch):
    results = []
    for name in ("first", "second"):
        monkeypatch.setattr(build, "DIST", tmp_path / name)
        build.build_dist()
        results.append(digests(tmp_path / name))
    assert results[0] == results[1]
    assert "kustomer-bridge.js" in results[0]
    assert any(name.startswith("kustomer-bridge-boot.") for name in results[0])


def test_a_missing_runtime_gives_one_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "NODE", tmp_path / "node_modules")
    monkeypatch.setattr(build, "DIST", tmp_path / "dist")
    assert build.main([]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1
    assert "run `npm ci`" in error[0] and "never fetched from a CDN" in error[0]
