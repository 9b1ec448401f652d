"""A site owner's own test of their Kustomer integration, on the kustomer_stub fixture.

Run it in any engine pytest-playwright knows: ``pytest --browser chromium --browser firefox``
(no set-up: without Playwright's own browsers, the system's are used).
"""

import functools
import http.server
import threading
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def site_url():
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(Path(__file__).parent)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()


def test_new_conversation_is_described_with_the_order_number(page, kustomer_stub, site_url):
    page.goto(site_url + "index.html")
    conversation_id = kustomer_stub.create_conversation("Where is my order?")

    call = kustomer_stub.wait_for_call("describeConversation")
    assert call["args"][0]["conversationId"] == conversation_id
    assert call["args"][0]["customAttributes"]["orderNumberStr"] == "A-1001"
    assert not call["dropped"]


def test_chat_still_works_when_describe_fails(page, kustomer_stub, site_url):
    page.goto(site_url + "index.html")
    kustomer_stub.wait_until_ready()
    kustomer_stub.fail_next("describeConversation", "attribute not activated")
    kustomer_stub.create_conversation("Hello")
    assert kustomer_stub.wait_for_call("describeConversation")["args"][0]["conversationId"]
    assert page.locator("iframe#kustomer-ui-sdk-iframe").is_visible()
