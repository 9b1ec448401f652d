"""A Flask app written only against the documented contract: KustomerBridge(app) and
{{ kustomer_chat(...) }} in its template."""

import threading

import flask
import pytest
from werkzeug.serving import make_server

from kustomer_bridge.flask import KustomerBridge

from pages import boot_ready

PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Order {{ order }}</title></head><body><h1>Order {{ order }}</h1>
{{ kustomer_chat(api_key="test-key", brand_id="brand-1", runtime=runtime,
                 attributes={"orderNumberStr": order}) }}</body></html>"""


@pytest.fixture(scope="module")
def flask_site(dist_url):
    """The app on a real local server (dist_url: the checkout's bundle is built)."""
    app = flask.Flask("shop")
    KustomerBridge(app)

    @app.route("/orders/<order>")
    def order_page(order):
        return flask.render_template_string(PAGE, order=order, runtime=flask.request.args["rt"])

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d" % server.server_port
    server.shutdown()


def test_a_flask_app_serves_the_bundle_and_the_tag(page, flask_site, kustomer_stub, runtime, guard):
    guard.allowed.add(flask_site)
    boot_ready(page, flask_site + "/orders/A-1001?rt=" + runtime)
    conversation = kustomer_stub.create_conversation("Where is my order?")
    call = kustomer_stub.wait_for_call("describeConversation")["args"][0]
    assert call["conversationId"] == conversation
    assert call["customAttributes"]["orderNumberStr"] == "A-1001"
    assert call["customAttributes"]["pagePathStr"] == "/orders/A-1001"
    assert len(kustomer_stub.calls("start")) == 1
