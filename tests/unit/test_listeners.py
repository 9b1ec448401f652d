import pytest

from fakes import make_bridge


def ready_registry():
    bridge, sdk, _, lines = make_bridge()
    bridge.attach()
    sdk.complete_start()
    return bridge.listeners, sdk, lines


def test_one_sdk_listener_per_event_fanned_out():
    registry, sdk, _ = ready_registry()
    first, second = [], []
    registry.on("onConversationCreate", first.append)
    registry.on("onConversationCreate", second.append)
    assert len(sdk.listeners["onConversationCreate"]) == 1
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    assert first == second == [{"conversationId": "c1"}]


def test_registrations_before_ready_are_attached_in_the_start_callback():
    bridge, sdk, _, _ = make_bridge()
    bridge.listeners.on("onOpen", lambda event: None)
    bridge.listeners.on("onClose", lambda event: None)
    bridge.attach()
    assert sdk.listeners == {}
    sdk.complete_start()
    assert sorted(sdk.listeners) == ["onClose", "onOpen"]
    assert "addListener" not in sdk.dropped


def test_unsubscribe_removes_the_sdk_listener_with_the_same_reference():
    registry, sdk, _ = ready_registry()
    unsubscribe_a = registry.on("onOpen", lambda event: None)
    unsubscribe_b = registry.on("onOpen", lambda event: None)
    handle = sdk.listeners["onOpen"][0]
    unsubscribe_a()
    assert sdk.listeners["onOpen"] == [handle]
    unsubscribe_b()
    unsubscribe_b()
    assert sdk.listeners["onOpen"] == []
    assert registry.attached_events() == []


def test_a_raising_handler_is_logged_and_the_others_still_run():
    registry, sdk, lines = ready_registry()
    seen = []

    def broken(event):
        raise RuntimeError("site bug")

    registry.on("onUnread", broken)
    registry.on("onUnread", seen.append)
    sdk.fire("onUnread", {"total": 1})
    assert seen == [{"total": 1}]
    assert any("onUnread raised RuntimeError: site bug" in text for _, text in lines)


def test_bridge_events_never_reach_the_sdk():
    registry, sdk, _ = ready_registry()
    seen = []
    registry.on("describeFailed", seen.append)
    registry.emit("describeFailed", {"conversationId": "c"})
    assert seen == [{"conversationId": "c"}] and sdk.listeners == {}


@pytest.mark.parametrize(("event", "handler"), [("", print), (None, print), ("onOpen", 3)])
def test_bad_registrations_raise(event, handler):
    registry, _, _ = ready_registry()
    with pytest.raises((ValueError, TypeError)):
        registry.on(event, handler)
