"""The bundle's build: the same bytes every time, and one clear message without the npm
runtime."""

import ast
import base64
import hashlib
import json
import re

import pytest

import build
from bundle import runtime, web
from bundle.dist import build_dist
from bundle.paths import NODE, PACKAGE

needs_runtime = pytest.mark.skipif(
    not (NODE / "@pyscript" / "core").exists(),
    reason="needs `npm ci` (the test command runs it)",
)


def digests(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@needs_runtime
def test_building_twice_gives_the_same_output(tmp_path):
    results = []
    for name in ("first", "second"):
        build_dist(tmp_path / name)
        results.append(digests(tmp_path / name))
    assert results[0] == results[1]
    assert "kustomer-bridge.js" in results[0]
    assert any(name.startswith("kustomer-bridge-boot.") for name in results[0])


def test_a_missing_runtime_gives_one_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runtime, "NODE", tmp_path / "node_modules")
    monkeypatch.setattr(build, "DIST", tmp_path / "dist")
    assert build.main([]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1
    assert "run `npm ci`" in error[0] and "never fetched from a CDN" in error[0]


def test_the_manifest_has_the_loaders_sri_hash_and_every_file_it_may_load(built):
    manifest = json.loads((built / "kustomer-bridge.manifest.json").read_text())
    digest = hashlib.sha384((built / "kustomer-bridge.js").read_bytes()).digest()
    assert manifest["integrity"] == "sha384-" + base64.b64encode(digest).decode()
    for key in ("mpy", "py"):
        files = manifest["files"][key]
        assert manifest["boot"] in files and manifest[key] in files
        assert manifest["core"] in files
        for name in files:
            assert (built / name).is_file(), name
            versioned = re.match(r"runtime/[a-z]+-\d[\w.-]*/", name)
            hashed = re.match(r"kustomer-bridge-boot\.[0-9a-f]{10}\.mjs$", name)
            assert versioned or hashed, "%s has neither a version nor a hash" % name


def test_the_bundle_carries_the_license_of_everything_it_vendors(built):
    notices = (built / "THIRD-PARTY-NOTICES.md").read_text()
    for component, package, license_id, _ in runtime.THIRD_PARTY:
        name = "%s-%s.txt" % (component.split()[0], license_id)
        assert (built / "licenses" / name).stat().st_size > 500
        assert (
            "| %s | `%s` | %s | %s |"
            % (
                component,
                package,
                runtime.package_version(package),
                license_id,
            )
            in notices
        )


def test_only_browser_modules_ship_and_they_import_no_host_module(built):
    package = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert sorted(web.BROWSER_MODULES + web.HOST_MODULES) == package
    for name in web.BROWSER_MODULES:
        tree = ast.parse((PACKAGE / name).read_text())
        imported = {
            node.module
            for node in tree.body  # what runs on import
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
        assert not {module + ".py" for module in imported} - set(web.BROWSER_MODULES), name
    boot = next(built.glob("kustomer-bridge-boot.*.mjs")).read_text()
    for host in web.HOST_MODULES:
        assert "kustomer_bridge/" + host not in boot
