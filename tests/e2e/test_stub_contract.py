"""The stub behaves like Kustomer's widget.js as documented (its sources: the header of
web/kustomer-stub.js)."""

import json

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

OFFICIAL_TAG = '<script src="%s" data-kustomer-api-key="test-key"></script>' % WIDGET_URL


@pytest.fixture
def sdk_page(page, site_page, kustomer_stub):
    """A page with only Kustomer's own tag; the test drives window.Kustomer itself."""

    def open_page(config=None, body=""):
        if config:
            kustomer_stub.configure(**config)
        page.goto(site_page(body + OFFICIAL_TAG))
        return kustomer_stub

    return open_page


def call_async(page, expression):
    """Run an SDK call that takes a node-style callback; returns [response, error-info]."""
    return page.evaluate(
        """() => new Promise(resolve => { (%s)((response, error) => resolve(
        [response === undefined ? "undefined" : response,
         error ? {message: error.message, status: error.status, code: error.code,
                  isError: error instanceof Error} : null])); })"""
        % expression
    )


def test_only_start_exists_until_the_sdk_arrives_and_start_is_queued(page, sdk_page):
    """Time is paused (Playwright's clock), so the SDK arrives when the test moves it on."""
    page.clock.install(time=0)
    page.clock.pause_at(1000)
    stub = sdk_page({"loadLatencyMs": 400, "startLatencyMs": 100})
    assert page.evaluate("Object.keys(window.Kustomer)") == ["start"]
    assert page.evaluate("typeof Kustomer.open") == "undefined"
    page.evaluate(
        "window.startedAt = null; Kustomer.start({brandId: 'b'}, () => "
        "{ window.startedAt = performance.now(); })"
    )
    page.clock.run_for(399)
    assert not page.evaluate("KustomerStub.arrived")
    page.clock.run_for(1)
    assert page.evaluate("KustomerStub.arrived") and page.evaluate("window.startedAt") is None
    page.clock.run_for(100)
    stub.wait_until_ready()
    assert page.evaluate("typeof Kustomer.describeConversation") == "function"


def test_kustomer_loaded_fires_straight_away(page, site_page, kustomer_stub):
    page.goto(
        site_page(
            '<script>window.loadedEvents = 0; addEventListener("kustomerLoaded", '
            "() => window.loadedEvents++)</script>" + OFFICIAL_TAG
        )
    )
    assert page.evaluate("window.loadedEvents") == 1
    assert not page.evaluate("KustomerStub.arrived")


def test_calls_before_the_start_callback_do_nothing_and_are_logged_dropped(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 300})
    page.wait_for_function("KustomerStub.arrived")
    page.evaluate(
        "Kustomer.start({}); Kustomer.open(); "
        "Kustomer.addListener('onOpen', () => { window.opened = true; });"
    )
    stub.wait_until_ready()
    assert [(c["method"], c["dropped"]) for c in stub.calls()] == [
        ("start", False),
        ("open", True),
        ("addListener", True),
    ]
    page.evaluate("Kustomer.open()")
    assert page.evaluate("window.opened === undefined")  # the early listener was dropped


def test_callbacks_have_the_documented_shapes(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate("Kustomer.start({})")
    stub.wait_until_ready()
    login, error = call_async(page, "cb => Kustomer.login({jwtToken: 'abc'}, cb)")
    assert error is None and login["identified"] is True and "customerId" in login
    assert call_async(page, "cb => Kustomer.isLoggedIn({externalId: 'ext-3'}, cb)") == [True, None]
    assert page.evaluate("Kustomer.isChatAvailable()") == {"availability": "online"}
    assert page.evaluate("Kustomer.getUnreadCount()") == {"total": 0, "conversations": {}}
    _, error = call_async(page, "cb => Kustomer.describeConversation({customAttributes: {}}, cb)")
    assert error["isError"] and "conversationId" in error["message"]
    assert call_async(page, "cb => Kustomer.openKbArticle('', cb)")[1]["status"] == 404
    conversations, _ = call_async(page, "cb => Kustomer.getOpenConversations(cb)")
    assert conversations == []


def test_sync_getters_return_nothing_before_start_completes(page, sdk_page):
    sdk_page({"loadLatencyMs": 0, "startLatencyMs": 300})
    page.wait_for_function("KustomerStub.arrived")
    assert page.evaluate("Kustomer.isChatAvailable() === undefined")


def test_unknown_attributes_error_when_known_attributes_is_set(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0, "knownAttributes": ["pageUrl"]})
    page.evaluate("Kustomer.start({})")
    stub.wait_until_ready()
    ok = call_async(
        page,
        "cb => Kustomer.describeConversation({conversationId: 'c', "
        "customAttributes: {pageUrl: 'https://x.test/'}}, cb)",
    )
    bad = call_async(
        page,
        "cb => Kustomer.describeConversation({conversationId: 'c', "
        "customAttributes: {orderNumberStr: 'A-1'}}, cb)",
    )
    assert ok[1] is None
    assert "orderNumberStr" in bad[1]["message"]


def test_create_conversation_fires_the_event_and_opens_the_widget(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate(
        "window.created = []; Kustomer.start({}, () => Kustomer.addListener("
        "'onConversationCreate', r => window.created.push(r)))"
    )
    stub.wait_until_ready()
    response, _ = call_async(page, "cb => Kustomer.createConversation({message: 'hi'}, cb)")
    created = page.evaluate("window.created")
    assert len(created) == 1 and created[0]["conversationId"] == response["conversationId"]
    assert set(created[0]) == {"conversationId", "createdAt", "ended", "isInAssistantMode"}
    assert page.locator("iframe#kustomer-ui-sdk-iframe").get_attribute("style").count("340px")


def test_create_conversation_without_a_message_creates_nothing(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate(
        "window.created = 0; Kustomer.start({}, () => Kustomer.addListener("
        "'onConversationCreate', () => window.created++))"
    )
    stub.wait_until_ready()
    call_async(page, "cb => Kustomer.createConversation({}, cb)")
    assert page.evaluate("window.created") == 0
    assert call_async(page, "cb => Kustomer.getOpenConversations(cb)")[0] == []


def test_listeners_are_keyed_by_reference_and_stop_clears_them(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate("Kustomer.start({})")
    stub.wait_until_ready()
    page.evaluate(
        "window.a = () => {}; Kustomer.addListener('onOpen', window.a); "
        "Kustomer.addListener('onOpen', () => {}); "
        "Kustomer.removeListener('onOpen', () => {});"
    )
    assert page.evaluate("KustomerStub.listenerCounts") == {"onOpen": 2}
    page.evaluate("Kustomer.removeListener('onOpen', window.a)")
    assert page.evaluate("KustomerStub.listenerCounts") == {"onOpen": 1}
    call_async(page, "cb => Kustomer.stop(cb)")
    assert page.evaluate("KustomerStub.listenerCounts") == {}
    assert page.locator("#kustomer-ui-sdk-iframe").count() == 0
    assert page.evaluate("Kustomer.isChatAvailable() === undefined")


def test_fail_next_and_start_errors(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    stub.fail_next("start", "bad brand", status=403)
    assert call_async(page, "cb => Kustomer.start({}, cb)")[1]["message"] == "bad brand"
    page.evaluate("Kustomer.start({})")
    stub.wait_until_ready()
    stub.fail_next("open", "nope", status=500, code="E1")
    assert call_async(page, "cb => Kustomer.open(cb)")[1] == {
        "message": "nope",
        "status": 500,
        "code": "E1",
        "isError": True,
    }
    assert call_async(page, "cb => Kustomer.open(cb)")[1] is None
    stub.fail_next("close", "twice", times=2)
    assert [call_async(page, "cb => Kustomer.close(cb)")[1] is None for _ in range(3)] == [
        False,
        False,
        True,
    ]


def test_the_call_log_is_json_serialisable(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate("Kustomer.start({brandId: 'b'}, () => {})")
    stub.wait_until_ready()
    stub.create_conversation("hi")
    calls = stub.calls()
    assert json.loads(json.dumps(calls)) == calls
    assert calls[0] == {
        "method": "start",
        "args": [{"brandId": "b"}, "[function]"],
        "time": calls[0]["time"],
        "dropped": False,
    }


def test_without_an_api_key_it_logs_and_does_nothing(page, site_page, kustomer_stub, guard):
    guard.expect_console(r"^\[kustomer-stub\] no data-kustomer-api-key on the widget.js")
    page.goto(site_page('<script src="%s"></script>' % WIDGET_URL))
    assert page.evaluate("typeof window.Kustomer") == "undefined"


def test_hide_chat_icon_hides_the_launcher(page, sdk_page):
    stub = sdk_page({"loadLatencyMs": 0, "startLatencyMs": 0})
    page.evaluate("Kustomer.start({hideChatIcon: true})")
    stub.wait_until_ready()
    assert not page.locator("#kustomer-ui-sdk-iframe").is_visible()


def test_the_guard_blocks_requests_to_other_hosts(page, site_page, guard):
    guard.expect_console("net::ERR_FAILED")  # the browser reports the aborted request
    page.goto(site_page('<img src="https://tracker.example.net/pixel.gif">'))
    assert guard.foreign == ["https://tracker.example.net/pixel.gif"]
    guard.foreign.clear()
