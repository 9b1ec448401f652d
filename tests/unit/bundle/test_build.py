"""The bundle's build: the same bytes every time, and one clear message without the npm
runtime."""

import ast
import base64
import hashlib
import json
import re
import zipfile

import pytest

import build
from bundle import runtime, web
from bundle.dist import build_dist
from bundle.paths import NODE, PACKAGE
from bundle.stdlib import WORKER_STDLIB

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


def stdlib_imports(folder):
    """The archive paths of every module the Python files under ``folder`` import by absolute
    name (``a.b`` -> ``a/b``; for ``from a import b``, ``a/b`` too: b may be a module)."""
    paths = set()
    for source in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                paths.update(alias.name.replace(".", "/") for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                base = node.module.replace(".", "/")
                paths.add(base)
                paths.update(base + "/" + alias.name for alias in node.names)
    return paths


def test_the_workers_pyodide_has_every_module_the_browser_package_imports_as_bytecode(built):
    """The worker's Python runs the core alone, from WORKER_STDLIB: each standard-library
    module the browser package imports is in it, as an unchecked hash-based pyc compiled by the
    pinned Pyodide (its boot in the browser tests proves it loads)."""
    [folder] = built.glob("runtime/pyodide-*-pyc")
    with zipfile.ZipFile(NODE / "pyodide" / "python_stdlib.zip") as whole:
        stdlib = set(whole.namelist())
    with zipfile.ZipFile(folder / WORKER_STDLIB) as worker:
        shipped = set(worker.namelist())
        assert worker.read("json/__init__.pyc")[4:8] == (1).to_bytes(4, "little")
    assert {name[:-1] for name in shipped if name.endswith(".pyc")} <= stdlib
    for path in stdlib_imports(PACKAGE / "browser"):
        for module in (path + ".py", path + "/__init__.py"):
            if module in stdlib:
                assert module + "c" in shipped, "the worker's Pyodide lacks %s" % module


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
        assert manifest["pyscript"] in files
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


def test_the_browser_folder_ships_whole_and_imports_nothing_server_side(built):
    """What runs in the browser imports only itself, the standard library and the page's
    (js, pyscript); the boot module carries every module of browser/ and nothing else."""
    browser = PACKAGE / "browser"
    modules = [PACKAGE / "__init__.py", *sorted(browser.rglob("*.py"))]
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                module = (node.module or "").replace(".", "/")
                target = (path.parent / ("../" * (node.level - 1)) / module).resolve()
                inside = target.is_relative_to(browser) or target == PACKAGE
                lazy = path.name == "__init__.py" and node.module and "server" in node.module
                assert inside or lazy, "%s imports %s" % (path.relative_to(PACKAGE), node.module)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module]
                )
                for name in names:
                    assert name.split(".")[0] not in (
                        "kustomer_bridge",
                        "flask",
                        "django",
                        "jinja2",
                    ), "%s imports %s" % (path.relative_to(PACKAGE), name)
    shipped = sorted(web.python_files())
    assert shipped == sorted(
        "kustomer_bridge/" + path.relative_to(PACKAGE).as_posix() for path in modules
    )
    boot = next(built.glob("kustomer-bridge-boot.*.mjs")).read_text()
    assert "kustomer_bridge/server/" not in boot and "kustomer_bridge/flask.py" not in boot
