"""The README's "Use it" examples are complete and current: copied as written, they work."""

import contextlib
import io
import json
import os
import re
import runpy
import sys
from pathlib import Path

from bundle.npm import CDN_LOADER
from kustomer_bridge import flask as kustomer_flask
from kustomer_bridge.server import tag as server_tag

from readme import blocks


def write_example(folder, heading):
    """Write the section's blocks where their first-line comments say; returns the rest."""
    unnamed = []
    for language, code in blocks(heading):
        named = re.match(r"(?:#|\{#) ([\w/.]+)(?: #\})?\n", code)
        if named:
            (folder / named.group(1)).parent.mkdir(parents=True, exist_ok=True)
            (folder / named.group(1)).write_text(code)
        else:
            unnamed.append((language, code))
    return unnamed


def test_the_cdn_tag_is_what_the_macro_renders_for_this_version(built):
    """Version, hash and preload line: the README's tag is the one build.py pack prints."""
    manifest = json.loads((built / "kustomer-bridge.manifest.json").read_text())
    (_, tag), *_ = blocks("### A script tag, from npm through a CDN")
    expected = server_tag.pasteable_tag(CDN_LOADER % manifest["version"], manifest["integrity"])
    assert tag.split() == expected.split(), "README's CDN tag should read:\n" + expected


def test_the_jinja2_example_renders_the_tag(tmp_path, monkeypatch):
    (_, script), *_ = write_example(tmp_path, "### The jinja2 macro, for static-site generators")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(script, {})
    assert 'src="/kustomer-bridge/kustomer-bridge.js"' in out.getvalue()
    assert '{"orderNumberStr": "A-1001"}</script>' in out.getvalue()


def test_the_flask_example_serves_the_page_and_the_bundle(tmp_path, built, monkeypatch):
    write_example(tmp_path, "### Flask")
    monkeypatch.setattr(kustomer_flask, "static_path", lambda: str(built))
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.chdir(tmp_path)
    app = runpy.run_path(os.path.join(tmp_path, "app.py"), run_name="app")["app"]
    client = app.test_client()
    page = client.get("/orders/A-1001").get_data(as_text=True)
    assert 'src="/kustomer-bridge/kustomer-bridge.js"' in page
    assert '"orderNumberStr": "A-1001"' in page
    assert client.get("/kustomer-bridge/kustomer-bridge.js").status_code == 200


def test_the_testing_examples_are_the_example_sites_own_tests():
    """Each test the README shows under "Testing your site's chat integration" stands, as
    written, in examples/site/test_chat.py (which the suite runs)."""
    example = (
        Path(__file__).resolve().parents[2] / "examples" / "site" / "test_chat.py"
    ).read_text()
    tests = [
        code
        for language, code in blocks("## Testing your site's chat integration")
        if language == "python"
    ]
    assert len(tests) == 5
    for code in tests:
        assert code in example, "not in examples/site/test_chat.py:\n" + code
