"""A Django site with the app installed: staticfiles serves the bundle (and collectstatic
copies it), the template tag renders the drop-in tag, a conversation is described."""

import json
import mimetypes
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

import django_shop
from pages import boot_ready


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def django_site(dist_url, tmp_path_factory):
    """The site on a real local server (dist_url: the checkout's bundle is built)."""
    django_shop.configure(tmp_path_factory.mktemp("collected"))
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d" % server.server_port
    server.shutdown()


def test_a_django_site_serves_the_bundle_and_the_tag(
    page, django_site, kustomer_stub, runtime, guard
):
    guard.allowed.add(django_site)
    boot_ready(page, django_site + "/orders/A-2002?rt=" + runtime)
    assert (
        page.evaluate("document.querySelector('script[src$=\"kustomer-bridge.js\"]').src")
        == django_site + "/static/kustomer-bridge/kustomer-bridge.js"
    )
    conversation = kustomer_stub.create_conversation("Where is my order?")
    call = kustomer_stub.wait_for_call("describeConversation")["args"][0]
    assert call["conversationId"] == conversation
    assert call["customAttributes"]["orderNumberStr"] == "A-2002"
    assert len(kustomer_stub.calls("start")) == 1


def test_collectstatic_copies_the_bundle_with_its_mime_types(django_site):
    from django.conf import settings
    from django.core.management import call_command

    import kustomer_bridge

    call_command("collectstatic", interactive=False, verbosity=0)
    collected = Path(settings.STATIC_ROOT) / "kustomer-bridge"
    bundle = Path(kustomer_bridge.static_path())
    manifest = json.loads((bundle / "kustomer-bridge.manifest.json").read_text())
    for name in ["kustomer-bridge.js", *manifest["files"]["mpy"]]:
        assert (collected / name).read_bytes() == (bundle / name).read_bytes(), name
    assert mimetypes.guess_type("x.mjs")[0] == "text/javascript"
    assert mimetypes.guess_type("x.wasm")[0] == "application/wasm"
