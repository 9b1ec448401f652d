import asyncio

import pytest

from kustomer_bridge.errors import KustomerError, KustomerTimeout, KustomerUnavailable

from fakes import make_bridge, run_in_own_loop


def test_calls_before_start_reach_the_sdk_once_after_its_callback():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    opened = bridge.call("open")
    bridge.call("close")
    assert sdk.sent == [] and bridge.pending_count() == 2
    sdk.complete_start()
    assert sdk.methods_sent() == ["open", "close"]
    assert sdk.dropped == []
    assert opened.done() and bridge.pending_count() == 0
    sdk.complete_start()  # a second notification flushes nothing again
    assert sdk.methods_sent() == ["open", "close"]


def test_flush_order_is_login_then_describe_customer_then_call_order():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    bridge.call("open")
    bridge.call("describeCustomer", [{"customAttributes": {"planStr": "pro"}}])
    bridge.call("createConversation", [{"message": "hi"}])
    bridge.call("login", [{"jwtToken": "t"}])
    sdk.complete_start()
    assert sdk.methods_sent() == ["login", "describeCustomer", "open", "createConversation"]


def test_describe_customer_waits_for_a_pending_login_callback():
    bridge, sdk, _, _ = make_bridge()
    sdk.hold_methods.add("login")
    bridge.attach()
    sdk.complete_start()
    bridge.call("login", [{"jwtToken": "t"}])
    described = bridge.call("describeCustomer", [{"customAttributes": {}}])
    bridge.call("open")
    assert sdk.methods_sent() == ["login"]
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "open"]
    assert described.done()


def test_queued_describe_customer_after_login_holds_the_rest_until_login_calls_back():
    bridge, sdk, _, _ = make_bridge()
    sdk.hold_methods.add("login")
    bridge.attach()
    bridge.call("createConversation", [{"message": "hi"}])
    bridge.call("describeCustomer", [{"customAttributes": {}}])
    bridge.call("login", [{"jwtToken": "t"}])
    sdk.complete_start()
    assert sdk.methods_sent() == ["login"]
    bridge.call("open")
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "createConversation", "open"]


def test_failure_while_held_behind_login_rejects_the_held_calls():
    bridge, sdk, _, _ = make_bridge()
    sdk.hold_methods.add("login")
    bridge.attach()
    sdk.complete_start()
    bridge.call("login", [{"jwtToken": "t"}])
    described = bridge.call("describeCustomer", [{}])
    bridge.state = "waiting"  # e.g. a restart that then times out
    bridge.fail("gone")
    assert described.failed()


def test_results_resolve_with_the_response_or_raise_kustomer_error():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    sdk.complete_start()
    assert bridge.call("login", [{"jwtToken": "t"}]).result() == {"identified": True}
    sdk.fail_next("openKbArticle", "invalid id", status=404, code="not_found")
    failed = bridge.call("openKbArticle", ["nope"])
    with pytest.raises(KustomerError) as raised:
        failed.result()
    assert (raised.value.message, raised.value.status, raised.value.code) == (
        "invalid id",
        404,
        "not_found",
    )
    assert str(raised.value) == "Kustomer.openKbArticle failed: invalid id"


def test_results_are_awaitable():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()

    async def scenario():
        pending = bridge.call("getOpenConversations")
        asyncio.get_running_loop().call_soon(sdk.complete_start)
        return await pending, await bridge.ready

    sdk.responses["getOpenConversations"] = [{"conversationId": "c1"}]
    assert run_in_own_loop(scenario) == ([{"conversationId": "c1"}], True)


def test_sync_methods_answer_once_ready():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    availability = bridge.call("isChatAvailable", sync=True)
    assert not availability.done()
    sdk.complete_start()
    assert availability.result() == {"availability": "online"}


def test_the_loaders_verdict_fails_pending_and_later_calls_with_its_reason():
    """The loader's ready timer (from tag time) and widget.js's load errors end the wait;
    the loader has reported the reason once, so the core logs nothing."""
    bridge, sdk, clock, lines = make_bridge(timeout_ms=2000)
    sdk.status = "pending"
    bridge.attach()
    pending = bridge.call("open")
    assert clock.pending() == 0  # no second ready timer in the core
    bridge.sdk_failed("Kustomer is unavailable: Kustomer.start() did not call back within 2 s")
    assert bridge.state == "failed"
    for deferred in (pending, bridge.ready, bridge.call("close")):
        with pytest.raises(KustomerUnavailable) as raised:
            deferred.result()
        assert "did not call back within 2 s" in str(raised.value)
    assert [text for level, text in lines if level != "debug"] == []


def test_fail_now_rejects_everything_once():
    bridge, _, clock, lines = make_bridge()
    bridge.attach()
    pending = bridge.call("open")
    bridge.fail("widget.js was blocked")
    bridge.fail("widget.js was blocked")
    assert pending.failed() and bridge.ready.failed()
    assert len([line for line in lines if line[0] == "error"]) == 1
    assert clock.pending() == 0


def test_start_error_fails_the_bridge():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    sdk.complete_start(KustomerError("bad brand"))
    assert bridge.state == "failed"
    assert "bad brand" in str(bridge.failure)


def test_late_start_after_timeout_lets_new_calls_through():
    bridge, sdk, _clock, _ = make_bridge(timeout_ms=100)
    bridge.attach()
    bridge.sdk_failed("Kustomer is unavailable: Kustomer.start() was not called within 0.1 s")
    sdk.complete_start()
    assert bridge.state == "ready"
    assert bridge.call("open").done() and sdk.methods_sent() == ["open"]


def test_a_start_the_loader_found_by_probing_makes_the_bridge_ready():
    bridge, sdk, clock, _ = make_bridge()
    bridge.attach()
    bridge.call("open")
    sdk.page_started_before()
    assert bridge.state == "ready" and sdk.methods_sent()[-1] == "open"
    assert clock.pending() == 0


def test_attach_when_start_already_done():
    bridge, sdk, _, _ = make_bridge()
    sdk.ready, sdk.status = True, "done"
    bridge.attach()
    assert bridge.ready.result() is True


def test_start_is_not_called_twice():
    bridge, sdk, _, _ = make_bridge()
    sdk.status = "pending"
    bridge.attach()
    bridge.start({"brandId": "b"})
    assert sdk.start_calls == []
    sdk.complete_start()
    bridge.start({"brandId": "b"})
    assert sdk.start_calls == []


def test_stop_then_start_holds_calls_and_reattaches_listeners():
    bridge, sdk, _, _ = make_bridge()
    seen = []
    bridge.listeners.on("onOpen", seen.append)
    bridge.attach()
    sdk.complete_start()
    assert len(sdk.listeners["onOpen"]) == 1
    bridge.stop()
    assert bridge.state == "stopped" and sdk.listeners == {}
    held = bridge.call("open")
    assert not held.done()
    bridge.start({"brandId": "b"})
    assert sdk.start_calls == [{"brandId": "b"}]
    sdk.complete_start()
    assert held.done() and len(sdk.listeners["onOpen"]) == 1
    sdk.fire("onOpen", {"n": 1})
    assert seen == [{"n": 1}]


def test_fifty_stop_start_cycles_keep_one_listener_and_release_the_old():
    bridge, sdk, _, _ = make_bridge()
    bridge.listeners.on("onConversationCreate", lambda event: None)
    bridge.attach()
    sdk.complete_start()
    for _ in range(50):
        bridge.stop()
        bridge.start({})
        sdk.complete_start()
    assert len(sdk.listeners["onConversationCreate"]) == 1
    assert len(sdk.released) == 50


def test_an_sdk_method_that_throws_fails_only_its_caller():
    bridge, sdk, _, _ = make_bridge()
    bridge.attach()
    sdk.complete_start()

    def broken(method, args, callback):
        raise TypeError("Kustomer.nope is not a function")

    sdk.invoke = broken
    result = bridge.call("nope")
    with pytest.raises(KustomerError) as raised:
        result.result()
    assert str(raised.value) == (
        "Kustomer.nope failed: it threw TypeError: Kustomer.nope is not a function"
    )
    assert bridge.state == "ready"


def test_a_stop_and_start_by_the_page_itself_reattaches_listeners():
    bridge, sdk, _, _ = make_bridge()
    bridge.listeners.on("onConversationCreate", lambda event: None)
    bridge.attach()
    sdk.complete_start()
    sdk.page_stops_and_restarts()
    assert bridge.state == "ready"
    assert len(sdk.listeners["onConversationCreate"]) == 1


def test_a_start_that_failed_before_the_bridge_existed_fails_it_at_once():
    bridge, sdk, clock, _ = make_bridge()
    sdk.status, sdk.failed_start = "failed", KustomerError("brand not found")
    bridge.attach()
    assert str(bridge.failure) == ("Kustomer.start() called back with an error: brand not found")
    assert clock.pending() == 0


# -- deadlines: nothing in Kustomer's docs promises that a callback ever comes ----------


def ready_bridge(**options):
    bridge, sdk, clock, lines = make_bridge(**options)
    bridge.attach()
    sdk.complete_start()
    return bridge, sdk, clock, lines


@pytest.mark.parametrize("method", ["getOpenConversations", "open", "login"])
def test_a_call_whose_callback_never_comes_raises_kustomer_timeout(method):
    bridge, sdk, clock, _ = ready_bridge(call_timeout_ms=2500)
    sdk.hold_methods.add(method)
    result = bridge.call(method)
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
    bridge, sdk, clock, lines = ready_bridge()
    sdk.hold_methods.add("open")
    result = bridge.call("open")
    clock.advance(10000)
    sdk.release("open", {"late": True})
    assert isinstance(result.error(), KustomerTimeout)
    assert lines[-1] == (
        "debug",
        "[kustomer-bridge] Kustomer.open called back after Kustomer.open did not call back "
        "within 10 s; ignored",
    )


def test_a_callback_that_fires_twice_settles_once():
    bridge, sdk, clock, lines = ready_bridge()
    sdk.hold_methods.add("login")
    result = bridge.call("login", [{"jwtToken": "t"}])
    sdk.release("login", {"identified": True}, times=2)
    assert result.result() == {"identified": True}
    assert "called back after its first callback; ignored" in lines[-1][1]
    assert clock.pending() == 0  # the deadline went with the first callback


def test_a_per_call_timeout_overrides_the_default():
    bridge, sdk, clock, _ = ready_bridge(call_timeout_ms=10000)
    sdk.hold_methods.add("open")
    result = bridge.call("open", timeout_ms=50)
    clock.advance(50)
    assert "within 0.05 s" in str(result.error())


def test_the_deadline_counts_from_sending_not_from_the_call():
    bridge, sdk, clock, _ = make_bridge(call_timeout_ms=1000)
    sdk.hold_methods.add("open")
    bridge.attach()
    result = bridge.call("open")
    clock.advance(5000)  # held for start: no deadline yet
    sdk.complete_start()
    clock.advance(999)
    assert not result.done()
    clock.advance(1)
    assert isinstance(result.error(), KustomerTimeout)


def test_a_login_that_never_calls_back_holds_describe_customer_only_until_its_deadline():
    bridge, sdk, clock, _ = ready_bridge(call_timeout_ms=3000)
    sdk.hold_methods.add("login")
    login = bridge.call("login", [{"jwtToken": "t"}])
    described = bridge.call("describeCustomer", [{"customAttributes": {}}])
    opened = bridge.call("open")
    clock.advance(2999)
    assert sdk.methods_sent() == ["login"]
    clock.advance(1)
    assert isinstance(login.error(), KustomerTimeout)
    assert sdk.methods_sent() == ["login", "describeCustomer", "open"]
    assert described.done() and opened.done()


def test_a_method_that_throws_cancels_its_deadline():
    bridge, sdk, clock, _ = ready_bridge()
    sdk.throwing.add("open")
    result = bridge.call("open")
    assert isinstance(result.error(), KustomerError) and clock.pending() == 0
    assert bridge.call("close").done()


def test_start_is_awaitable_and_bounded_by_the_ready_timeout():
    bridge, sdk, clock, _ = make_bridge(timeout_ms=2000)
    bridge.attach()
    started = bridge.start({"brandId": "b"})
    clock.advance(2000)
    assert isinstance(started.error(), KustomerUnavailable)
    again = bridge.start({"brandId": "b"})
    sdk.complete_start()
    assert again.result() is None and bridge.state == "ready"


def test_stop_behind_a_pending_login_keeps_listeners_until_kustomer_stop_has_run():
    bridge, sdk, _, _ = make_bridge()
    seen = []
    bridge.listeners.on("onOpen", seen.append)
    bridge.attach()
    sdk.complete_start()
    sdk.hold_methods.add("login")
    bridge.call("login", [{"jwtToken": "t"}])
    bridge.call("describeCustomer", [{}])
    stopped = bridge.stop()
    assert bridge.state == "stopped" and "stop" not in sdk.methods_sent()
    sdk.fire("onOpen", {"still": "live"})  # the SDK may still call us: nothing was released
    assert seen == [{"still": "live"}] and sdk.released == []
    sdk.release("login", {"identified": True})
    assert sdk.methods_sent() == ["login", "describeCustomer", "stop"]
    assert stopped.done() and len(sdk.released) == 1
