"""The call gate: calls held until start completes, flushed in order, each with a deadline."""

import asyncio

import pytest

from kustomer_bridge.browser.core.errors import KustomerError, KustomerTimeout, KustomerUnavailable

from fakes import make_gate, run_in_own_loop


def test_calls_before_start_reach_the_sdk_once_after_its_callback():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    opened = gate.call("open")
    gate.call("close")
    assert sdk.sent == [] and not opened.done()
    sdk.complete_start()
    assert sdk.methods_sent() == ["open", "close"]
    assert sdk.dropped == []
    assert opened.done()
    sdk.complete_start()  # a second notification flushes nothing again
    assert sdk.methods_sent() == ["open", "close"]


def test_flush_order_is_login_then_describe_customer_then_call_order():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    gate.call("open")
    gate.call("describeCustomer", [{"customAttributes": {"planStr": "pro"}}])
    gate.call("createConversation", [{"message": "hi"}])
    gate.call("login", [{"jwtToken": "t"}])
    sdk.complete_start()
    assert sdk.methods_sent() == ["login", "describeCustomer", "open", "createConversation"]


def test_describe_customer_waits_for_a_pending_login_callback():
    gate, sdk, _, _ = make_gate()
    sdk.hold_methods.add("login")
    gate.attach()
    sdk.complete_start()
    gate.call("login", [{"jwtToken": "t"}])
    described = gate.call("describeCustomer", [{"customAttributes": {}}])
    gate.call("open")
    assert sdk.methods_sent() == ["login"]
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "open"]
    assert described.done()


def test_queued_describe_customer_after_login_holds_the_rest_until_login_calls_back():
    gate, sdk, _, _ = make_gate()
    sdk.hold_methods.add("login")
    gate.attach()
    gate.call("createConversation", [{"message": "hi"}])
    gate.call("describeCustomer", [{"customAttributes": {}}])
    gate.call("login", [{"jwtToken": "t"}])
    sdk.complete_start()
    assert sdk.methods_sent() == ["login"]
    gate.call("open")
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "createConversation", "open"]


def test_failure_while_held_behind_login_rejects_the_held_calls():
    gate, sdk, _, _ = make_gate()
    sdk.hold_methods.add("login")
    gate.attach()
    sdk.complete_start()
    gate.call("login", [{"jwtToken": "t"}])
    described = gate.call("describeCustomer", [{}])
    assert not described.done() and sdk.methods_sent() == ["login"]  # held behind login
    gate.sdk_failed("gone")  # e.g. a restart the loader reports as unavailable
    assert described.failed() and "gone" in str(described.error())
    assert sdk.methods_sent() == ["login"] and gate.state == "failed"


def test_results_resolve_with_the_response_or_raise_kustomer_error():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    sdk.complete_start()
    assert gate.call("login", [{"jwtToken": "t"}]).result() == {"identified": True}
    sdk.fail_next("openKbArticle", "invalid id", status=404, code="not_found")
    failed = gate.call("openKbArticle", ["nope"])
    with pytest.raises(KustomerError) as raised:
        failed.result()
    assert (raised.value.message, raised.value.status, raised.value.code) == (
        "invalid id",
        404,
        "not_found",
    )
    assert str(raised.value) == "Kustomer.openKbArticle failed: invalid id"


def test_results_are_awaitable():
    gate, sdk, _, _ = make_gate()
    gate.attach()

    async def scenario():
        pending = gate.call("getOpenConversations")
        asyncio.get_running_loop().call_soon(sdk.complete_start)
        return await pending, await gate.ready

    sdk.responses["getOpenConversations"] = [{"conversationId": "c1"}]
    assert run_in_own_loop(scenario) == ([{"conversationId": "c1"}], True)


def test_sync_methods_answer_once_ready():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    availability = gate.call("isChatAvailable", sync=True)
    assert not availability.done()
    sdk.complete_start()
    assert availability.result() == {"availability": "online"}


def test_the_loaders_verdict_fails_pending_and_later_calls_with_its_reason():
    """The loader bounds every start (data-ready-timeout-ms) and hears widget.js's load
    errors; it has reported the reason once, so the core logs nothing."""
    gate, sdk, clock, lines = make_gate()
    sdk.status = "pending"
    gate.attach()
    pending = gate.call("open")
    assert clock.pending() == 0  # no second ready timer in the core
    gate.sdk_failed("Kustomer is unavailable: Kustomer.start() did not call back within 2 s")
    assert gate.state == "failed"
    for deferred in (pending, gate.ready, gate.call("close")):
        with pytest.raises(KustomerUnavailable) as raised:
            deferred.result()
        assert "did not call back within 2 s" in str(raised.value)
    assert [text for level, text in lines if level != "debug"] == []


def test_a_start_error_rejects_everything_and_is_left_to_the_loader_to_say():
    gate, sdk, clock, lines = make_gate()
    gate.attach()
    pending = gate.call("open")
    sdk.complete_start(KustomerError("bad brand"))
    sdk.complete_start(KustomerError("bad brand"))
    assert pending.failed() and gate.ready.failed()
    assert str(gate.failure) == "Kustomer.start() called back with an error: bad brand"
    assert [line for line in lines if line[0] != "debug"] == []  # the loader said it, once
    assert clock.pending() == 0


def test_start_error_fails_the_bridge():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    sdk.complete_start(KustomerError("bad brand"))
    assert gate.state == "failed"
    assert "bad brand" in str(gate.failure)


def test_late_start_after_timeout_lets_new_calls_through():
    gate, sdk, _clock, _ = make_gate()
    gate.attach()
    gate.sdk_failed("Kustomer is unavailable: Kustomer.start() was not called within 0.1 s")
    sdk.complete_start()
    assert gate.state == "ready"
    assert gate.call("open").done() and sdk.methods_sent() == ["open"]


def test_a_start_the_loader_found_by_probing_makes_the_bridge_ready():
    gate, sdk, clock, _ = make_gate()
    gate.attach()
    gate.call("open")
    sdk.complete_start()  # the loader reports the start it found
    assert gate.state == "ready" and sdk.methods_sent()[-1] == "open"
    assert clock.pending() == 0


def test_attach_when_start_already_done():
    gate, sdk, _, _ = make_gate()
    sdk.ready, sdk.status = True, "done"
    gate.attach()
    assert gate.ready.result() is True


def test_start_is_not_called_twice():
    gate, sdk, _, _ = make_gate()
    sdk.status = "pending"
    gate.attach()
    gate.start({"brandId": "b"})
    assert sdk.start_calls == []
    sdk.complete_start()
    gate.start({"brandId": "b"})
    assert sdk.start_calls == []


def test_stop_then_start_holds_calls_and_reattaches_listeners():
    gate, sdk, _, _ = make_gate()
    seen = []
    gate.listeners.on("onOpen", seen.append)
    gate.attach()
    sdk.complete_start()
    assert len(sdk.listeners["onOpen"]) == 1
    gate.stop()
    assert gate.state == "stopped" and sdk.listeners == {}
    held = gate.call("open")
    assert not held.done()
    gate.start({"brandId": "b"})
    assert sdk.start_calls == [{"brandId": "b"}]
    sdk.complete_start()
    assert held.done() and len(sdk.listeners["onOpen"]) == 1
    sdk.fire("onOpen", {"n": 1})
    assert seen == [{"n": 1}]


def test_fifty_stop_start_cycles_keep_one_listener():
    gate, sdk, _, _ = make_gate()
    gate.listeners.on("onUnread", lambda event: None)
    gate.attach()
    sdk.complete_start()
    for _ in range(50):
        gate.stop()
        gate.start({})
        sdk.complete_start()
    assert len(sdk.listeners["onUnread"]) == 1
    assert sdk.methods_sent().count("stop") == 50


def test_an_sdk_method_that_throws_fails_only_its_caller():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    sdk.complete_start()

    def broken(method, args, callback):
        raise TypeError("Kustomer.nope is not a function")

    sdk.invoke = broken
    result = gate.call("nope")
    with pytest.raises(KustomerError) as raised:
        result.result()
    assert str(raised.value) == (
        "Kustomer.nope failed: it threw TypeError: Kustomer.nope is not a function"
    )
    assert gate.state == "ready"


def test_a_stop_and_start_by_the_page_itself_reattaches_listeners():
    gate, sdk, _, _ = make_gate()
    gate.listeners.on("onUnread", lambda event: None)
    gate.attach()
    sdk.complete_start()
    sdk.page_stops_and_restarts()
    assert gate.state == "ready"
    assert len(sdk.listeners["onUnread"]) == 1


def test_a_start_that_failed_before_the_bridge_existed_fails_it_at_once():
    gate, sdk, clock, _ = make_gate()
    sdk.status, sdk.failed_start = "failed", KustomerError("brand not found")
    gate.attach()
    assert str(gate.failure) == ("Kustomer.start() called back with an error: brand not found")
    assert clock.pending() == 0


# -- deadlines: nothing in Kustomer's docs promises that a callback ever comes ----------


def ready_gate(**options):
    gate, sdk, clock, lines = make_gate(**options)
    gate.attach()
    sdk.complete_start()
    return gate, sdk, clock, lines


@pytest.mark.parametrize("method", ["getOpenConversations", "open", "login"])
def test_a_call_whose_callback_never_comes_raises_kustomer_timeout(method):
    gate, sdk, clock, _ = ready_gate(call_timeout_ms=2500)
    sdk.hold_methods.add(method)
    result = gate.call(method)
    clock.advance(2499)
    assert not result.done()
    clock.advance(1)
    with pytest.raises(KustomerTimeout) as raised:
        result.result()
    assert isinstance(raised.value, KustomerError)
    assert raised.value.method == method and raised.value.timeout_ms == 2500
    assert str(raised.value) == "Kustomer.%s did not call back within 2.5 s" % method
    assert clock.pending() == 0


def test_a_callback_after_the_deadline_is_ignored_with_a_debug_line():
    gate, sdk, clock, lines = ready_gate()
    sdk.hold_methods.add("open")
    result = gate.call("open")
    clock.advance(10000)
    sdk.release("open", {"late": True})
    assert isinstance(result.error(), KustomerTimeout)
    assert lines[-1] == (
        "debug",
        "[kustomer-bridge] Kustomer.open called back after Kustomer.open did not call back "
        "within 10 s; ignored",
    )


def test_a_per_call_timeout_overrides_the_default():
    gate, sdk, clock, _ = ready_gate(call_timeout_ms=10000)
    sdk.hold_methods.add("open")
    result = gate.call("open", timeout_ms=50)
    clock.advance(50)
    assert "within 0.05 s" in str(result.error())


def test_the_deadline_counts_from_sending_not_from_the_call():
    gate, sdk, clock, _ = make_gate(call_timeout_ms=1000)
    sdk.hold_methods.add("open")
    gate.attach()
    result = gate.call("open")
    clock.advance(5000)  # held for start: no deadline yet
    sdk.complete_start()
    clock.advance(999)
    assert not result.done()
    clock.advance(1)
    assert isinstance(result.error(), KustomerTimeout)


def test_a_login_that_never_calls_back_holds_describe_customer_only_until_its_deadline():
    gate, sdk, clock, _ = ready_gate(call_timeout_ms=3000)
    sdk.hold_methods.add("login")
    login = gate.call("login", [{"jwtToken": "t"}])
    described = gate.call("describeCustomer", [{"customAttributes": {}}])
    opened = gate.call("open")
    clock.advance(2999)
    assert sdk.methods_sent() == ["login"]
    clock.advance(1)
    assert isinstance(login.error(), KustomerTimeout)
    assert sdk.methods_sent() == ["login", "describeCustomer", "open"]
    assert described.done() and opened.done()


def test_a_method_that_throws_cancels_its_deadline():
    gate, sdk, clock, _ = ready_gate()
    sdk.throwing.add("open")
    result = gate.call("open")
    assert isinstance(result.error(), KustomerError) and clock.pending() == 0
    assert gate.call("close").done()


def test_start_is_awaitable_and_settled_by_the_loaders_verdict():
    gate, sdk, _, _ = make_gate()
    gate.attach()
    started = gate.start({"brandId": "b"})
    gate.sdk_failed("Kustomer is unavailable: Kustomer.start() did not call back within 2 s")
    assert isinstance(started.error(), KustomerUnavailable)
    again = gate.start({"brandId": "b"})
    sdk.complete_start()
    assert again.result() is None and gate.state == "ready"


def test_stop_behind_a_pending_login_keeps_listeners_until_kustomer_stop_has_run():
    gate, sdk, _, _ = make_gate()
    seen = []
    gate.listeners.on("onOpen", seen.append)
    gate.attach()
    sdk.complete_start()
    sdk.hold_methods.add("login")
    gate.call("login", [{"jwtToken": "t"}])
    gate.call("describeCustomer", [{}])
    stopped = gate.stop()
    assert gate.state == "stopped" and "stop" not in sdk.methods_sent()
    sdk.fire("onOpen", {"still": "live"})  # the SDK may still call us: nothing was forgotten
    assert seen == [{"still": "live"}]
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "stop"]
    assert stopped.done() and sdk.listeners == {}


def test_a_call_that_reaches_kustomer_stopped_is_held_for_the_next_start():
    """The page stopped Kustomer while the core still thought it ready: the loader reports
    the call it could not carry out, and the gate sends it after the next start."""
    gate, sdk, _, _ = ready_gate()
    sdk.ready = False  # stopped by the page; the core has not heard yet
    described = gate.call("describeConversation", [{"conversationId": "c1"}])
    assert sdk.dropped == ["describeConversation"] and not described.done()
    sdk.complete_start()
    assert sdk.methods_sent() == ["describeConversation"] and described.done()


def test_a_stop_that_reaches_kustomer_stopped_is_done_not_replayed_after_the_next_start():
    """The page stopped Kustomer itself just before the core's stop went out: that stop is
    done (Kustomer is stopped), and the page's next start is not shut down by it."""
    gate, sdk, _, _ = ready_gate()
    sdk.ready = False  # stopped by the page; the core has not heard yet
    stopped = gate.stop()
    assert sdk.dropped == ["stop"] and stopped.done() and not stopped.failed()
    sdk.start({})
    sdk.complete_start()
    assert sdk.methods_sent() == [] and sdk.ready
