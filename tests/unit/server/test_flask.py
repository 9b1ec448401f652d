"""The Flask extension serves the bundle with the hosting rules and renders the tag."""

import flask

from kustomer_bridge import flask as kustomer_flask


def test_the_bundle_is_served_with_the_hosting_headers_and_the_tag_points_at_it(built, monkeypatch):
    monkeypatch.setattr(kustomer_flask, "static_path", lambda: str(built))
    app = flask.Flask("shop")
    bridge = kustomer_flask.KustomerBridge(url_prefix="/kb/")
    bridge.init_app(app)
    client = app.test_client()
    loader = client.get("/kb/kustomer-bridge.js")
    assert loader.status_code == 200 and loader.headers["Content-Type"] == "text/javascript"
    assert loader.headers["Access-Control-Allow-Origin"] == "*"
    assert loader.headers["Cache-Control"] == "public, max-age=300"
    manifest = client.get("/kb/kustomer-bridge.manifest.json").get_json()
    wasm_path = next(name for name in manifest["files"]["mpy"] if name.endswith(".wasm"))
    wasm = client.get("/kb/" + wasm_path)
    assert wasm.headers["Content-Type"] == "application/wasm"
    assert wasm.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/kb/../pyproject.toml").status_code == 404
    with app.test_request_context():
        tag = str(bridge.kustomer_chat(api_key="k", call_timeout_ms=5000, attributes={"aStr": 1}))
    assert 'src="/kb/kustomer-bridge.js"' in tag and 'data-call-timeout-ms="5000"' in tag
    assert '{"aStr": 1}' in tag
    assert app.extensions["kustomer_bridge"] is bridge


def test_nothing_it_serves_bars_the_back_forward_cache(built, monkeypatch):
    """Browsers keep no page whose resources came with ``Cache-Control: no-store``."""
    monkeypatch.setattr(kustomer_flask, "static_path", lambda: str(built))
    app = flask.Flask("shop")
    kustomer_flask.KustomerBridge(app)
    client = app.test_client()
    manifest = client.get("/kustomer-bridge/kustomer-bridge.manifest.json").get_json()
    for name in ["kustomer-bridge.js", *manifest["files"]["mpy"], *manifest["files"]["py"]]:
        response = client.get("/kustomer-bridge/" + name)
        assert response.status_code == 200 and "no-store" not in response.headers["Cache-Control"]
