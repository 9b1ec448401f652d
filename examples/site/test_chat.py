"""A site owner's own tests of their Kustomer chat, on the kustomer_stub fixture
(``pip install "kustomer-bridge[test]"``): no Kustomer account, no network.

Run them in every engine pytest-playwright knows, on as many workers as you like:
``pytest --browser chromium --browser firefox -n 2`` (no browser set-up: without
Playwright's own builds, the system's are used). Strict by default: a test whose pages make a
Kustomer call before start()'s callback fails, showing the call log.
"""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

import kustomer_bridge

BUNDLE = "/kustomer-bridge/"


class Site(http.server.SimpleHTTPRequestHandler):
    """This folder, and the installed kustomer-bridge bundle at /kustomer-bridge/: what the
    site's own server does (the export, Flask or Django)."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def translate_path(self, path):
        if path.startswith(BUNDLE):
            return str(Path(kustomer_bridge.static_path(), path[len(BUNDLE) :].split("?")[0]))
        return super().translate_path(path)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    handler = functools.partial(Site, directory=str(Path(__file__).parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()


def test_each_new_conversation_is_described_with_the_order_number(page, kustomer_stub, site_url):
    page.goto(site_url + "index.html")
    conversation = kustomer_stub.create_conversation("Where is my order?")
    kustomer_stub.expect_described(conversation, {"orderNumberStr": "A-1001"})


@pytest.mark.xfail(strict=True, reason="the classic race, which strict mode exists to catch")
def test_the_racy_snippet_fails_in_strict_mode(page, kustomer_stub, site_url):
    page.goto(site_url + "racy.html")
    kustomer_stub.expect_call("describeCustomer")


def test_chat_still_works_when_describe_fails(page, kustomer_stub, site_url):
    page.goto(site_url + "index.html")
    kustomer_stub.wait_until_ready()
    kustomer_stub.fail_next("describeConversation", "attribute not activated")
    kustomer_stub.create_conversation("Hello")
    kustomer_stub.expect_call("describeConversation", times=1)
    expect(page.locator("iframe#kustomer-ui-sdk-iframe")).to_be_visible()


def test_the_bridge_describes_with_the_pages_attributes(page, kustomer_stub, site_url):
    page.goto(site_url + "bridge.html?utm_campaign=spring")
    kustomer_stub.expect_no_call("describeConversation")  # nothing before a conversation
    conversation = kustomer_stub.create_conversation("Where is my order?")
    sent = kustomer_stub.expect_described(
        conversation, {"orderNumberStr": "A-1001", "utmCampaignStr": "spring"}
    )
    assert sent["pageUrl"] == site_url + "bridge.html?utm_campaign=spring"


def test_a_conversation_in_a_popup_is_described_with_its_own_page(page, kustomer_stub, site_url):
    page.goto(site_url + "bridge.html")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Help in a new window").click()
    popup = opened.value
    conversation = kustomer_stub.for_page(popup).create_conversation("Help me")
    kustomer_stub.expect_described(conversation, {"helpTopicStr": "orders"})
    [call] = kustomer_stub.calls("describeConversation")
    assert call["page"] == site_url + "help.html"


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0)
def test_a_login_that_never_calls_back_times_out_without_waiting(page, kustomer_stub, site_url):
    """Playwright's clock runs the bridge's 10 s call deadline in no time."""
    page.clock.install()
    page.goto(site_url + "account.html")
    kustomer_stub.wait_until_ready()
    kustomer_stub.fault("login", "silent")  # Kustomer never calls back
    page.get_by_role("button", name="Sign in to chat").click()
    kustomer_stub.expect_call("login")
    page.clock.fast_forward(10_000)  # data-call-timeout-ms, the default
    expect(page.locator("#status")).to_have_text("Kustomer.login did not call back within 10 s")
