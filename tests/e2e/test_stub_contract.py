"""The stub behaves like Kustomer's widget.js: its fidelity promises (the contract module the
package ships, run here against the stub, collected from it), and what only the stub has
(its controls, its call log)."""

import json

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL
from kustomer_bridge.testing.contract import *  # noqa: F403 (the promises, against the stub)

INSTANT = pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0)


def call_async(page, expression):
    """Run an SDK call that takes a node-style callback; returns [response, error-info]."""
    return page.evaluate(
        """() => new Promise(resolve => { (%s)((response, error) => resolve(
        [response === undefined ? "undefined" : response,
         error ? {message: error.message, status: error.status, code: error.code,
                  isError: error instanceof Error} : null])); })"""
        % expression
    )


@pytest.mark.kustomer(load_latency_ms=400, start_latency_ms=100)
def test_start_is_queued_until_the_sdk_arrives(page, kustomer_sdk):
    """Time is paused (Playwright's clock), so the SDK arrives when the test moves it on."""
    page.clock.install(time=0)
    page.clock.pause_at(1000)
    stub = kustomer_sdk()
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


def test_kustomer_loaded_fires_straight_away(page, kustomer_sdk):
    """Before the SDK arrives (its 300 ms load latency): time is paused, so it cannot yet."""
    page.clock.install(time=0)
    page.clock.pause_at(1000)
    kustomer_sdk(
        '<script>window.loadedEvents = 0; addEventListener("kustomerLoaded", '
        "() => window.loadedEvents++)</script>"
    )
    assert page.evaluate("window.loadedEvents") == 1
    assert not page.evaluate("KustomerStub.arrived")
    page.clock.run_for(300)
    assert page.evaluate("KustomerStub.arrived") and page.evaluate("window.loadedEvents") == 1


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=300, allow_dropped=True)
def test_calls_before_the_start_callback_do_nothing_and_are_logged_dropped(page, kustomer_sdk):
    stub = kustomer_sdk()
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


@INSTANT
def test_callbacks_have_the_documented_shapes(page, kustomer_sdk):
    stub = kustomer_sdk()
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


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=300, allow_dropped=True)
def test_sync_getters_return_nothing_before_start_completes(page, kustomer_sdk):
    kustomer_sdk()
    page.wait_for_function("KustomerStub.arrived")
    assert page.evaluate("Kustomer.isChatAvailable() === undefined")
    assert page.evaluate("KustomerStub.calls[0].dropped")  # the classic race, on purpose


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0, known_attributes=["pageUrl"])
def test_unknown_attributes_error_when_known_attributes_is_set(page, kustomer_sdk):
    stub = kustomer_sdk()
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


@INSTANT
def test_create_conversation_fires_the_event_and_opens_the_widget(page, kustomer_sdk):
    stub = kustomer_sdk()
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


@INSTANT
def test_create_conversation_without_a_message_creates_nothing(page, kustomer_sdk):
    stub = kustomer_sdk()
    page.evaluate(
        "window.created = 0; Kustomer.start({}, () => Kustomer.addListener("
        "'onConversationCreate', () => window.created++))"
    )
    stub.wait_until_ready()
    call_async(page, "cb => Kustomer.createConversation({}, cb)")
    assert page.evaluate("window.created") == 0
    assert call_async(page, "cb => Kustomer.getOpenConversations(cb)")[0] == []


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0, allow_dropped=True)
def test_listeners_are_keyed_by_reference_and_stop_clears_them(page, kustomer_sdk):
    """(Asking isChatAvailable after stop is the point: a call that does nothing.)"""
    stub = kustomer_sdk()
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


@INSTANT
def test_fail_next_and_start_errors(page, kustomer_sdk):
    stub = kustomer_sdk()
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


@INSTANT
def test_the_call_log_is_json_serialisable(page, kustomer_sdk):
    stub = kustomer_sdk()
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
        "page": page.url,
    }


def test_without_an_api_key_it_logs_and_does_nothing(page, site_page, kustomer_stub, guard):
    guard.expect_console(r"^\[kustomer-stub\] no data-kustomer-api-key on the widget.js")
    page.goto(site_page('<script src="%s"></script>' % WIDGET_URL))
    assert page.evaluate("typeof window.Kustomer") == "undefined"


@INSTANT
def test_hide_chat_icon_hides_the_launcher(page, kustomer_sdk):
    stub = kustomer_sdk()
    page.evaluate("Kustomer.start({hideChatIcon: true})")
    stub.wait_until_ready()
    assert not page.locator("#kustomer-ui-sdk-iframe").is_visible()


def test_the_guard_blocks_requests_to_other_hosts(page, site_page, guard):
    guard.expect_console("net::ERR_FAILED")  # the browser reports the aborted request
    page.goto(site_page('<img src="https://tracker.example.net/pixel.gif">'))
    assert guard.foreign == ["https://tracker.example.net/pixel.gif"]
    guard.foreign.clear()
