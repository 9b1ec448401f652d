"""python -m kustomer_bridge export: the deployable bundle and how to serve it."""

import io
import json
import os

import pytest

from kustomer_bridge import cli
from kustomer_bridge.server import export


def exported(built, target, runtime):
    out = io.StringIO()
    manifest = export.export(str(target), runtime, source=str(built), out=out)
    files = sorted(
        os.path.relpath(os.path.join(folder, name), target)
        for folder, _, names in os.walk(target)
        for name in names
    )
    return manifest, files, out.getvalue()


@pytest.mark.parametrize("runtime", ["mpy", "py", "all"])
def test_export_copies_the_bundle_for_the_runtime_and_nothing_else(built, tmp_path, runtime):
    manifest, files, printed = exported(built, tmp_path, runtime)
    assert not [name for name in files if name.startswith(("demo/", "stub/"))]
    assert "kustomer-bridge.js" in files and manifest["boot"] in files
    assert ("runtime/pyodide-" in " ".join(files)) == (runtime != "mpy")
    assert ("runtime/micropython-" in " ".join(files)) == (runtime != "py")
    assert "THIRD-PARTY-NOTICES.md" in files and "licenses/MicroPython-MIT.txt" in files
    headers = (tmp_path / "_headers").read_text()
    assert [line for line in headers.splitlines() if not line.startswith(" ")] == [
        "/" + name for name in files if name != "_headers"
    ]
    assert 'integrity="%s"' % manifest["integrity"] in printed
    assert "Content-Type: application/wasm" in printed
    assert "no-store" not in headers  # it would bar the page from the back/forward cache


def test_the_exported_loader_matches_its_integrity_hash(built, tmp_path):
    manifest, _, _ = exported(built, tmp_path, "mpy")
    assert manifest == json.loads((tmp_path / "kustomer-bridge.manifest.json").read_text())
    assert (tmp_path / "kustomer-bridge.js").read_bytes() == (
        built / "kustomer-bridge.js"
    ).read_bytes()


def test_the_command_line(built, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(export, "static_path", lambda: str(built))
    assert cli.main(["export", str(tmp_path / "site"), "--runtime", "py", "--base", "/kb"]) == 0
    assert (tmp_path / "site" / "_headers").read_text().startswith("/kb/")
    assert "exported kustomer-bridge" in capsys.readouterr().out


def test_without_a_bundle_it_says_so(tmp_path, monkeypatch, capsys):
    def missing():
        raise FileNotFoundError("this kustomer-bridge has no bundle")

    monkeypatch.setattr(export, "static_path", missing)
    assert cli.main(["export", str(tmp_path)]) == 1
    assert "no bundle found" in capsys.readouterr().err
