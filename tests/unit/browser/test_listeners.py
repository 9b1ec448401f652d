import pytest

from fakes import make_gate


def ready_registry():
    gate, sdk, _, lines = make_gate()
    gate.attach()
    sdk.complete_start()
    return gate.listeners, sdk, lines


def test_one_sdk_listener_per_event_fanned_out():
    registry, sdk, _ = ready_registry()
    first, second = [], []
    registry.on("onUnread", first.append)
    registry.on("onUnread", second.append)
    assert len(sdk.listeners["onUnread"]) == 1
    sdk.fire("onUnread", {"total": 1})
    assert first == second == [{"total": 1}]


def test_conversations_come_from_the_loader_never_from_an_sdk_listener():
    registry, sdk, _ = ready_registry()
    seen = []
    unsubscribe = registry.on("onConversationCreate", seen.append)
    assert sdk.listeners == {}
    registry.emit("onConversationCreate", {"conversationId": "c1"})
    unsubscribe()
    assert seen == [{"conversationId": "c1"}] and sdk.listeners == {}


def test_registrations_before_ready_are_attached_in_the_start_callback():
    gate, sdk, _, _ = make_gate()
    gate.listeners.on("onOpen", lambda event: None)
    gate.listeners.on("onClose", lambda event: None)
    gate.attach()
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
