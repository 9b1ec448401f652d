from kustomer_bridge.api import KustomerChat
from kustomer_bridge.auto_describe import AutoDescriber
from kustomer_bridge.errors import KustomerError

from fakes import make_bridge


def setup(capture=None):
    bridge, sdk, clock, lines = make_bridge()
    chat = KustomerChat(bridge, bridge._log)
    events = []
    pages = iter(["/a", "/b", "/c", "/d"])
    describer = AutoDescriber(
        chat,
        capture or (lambda: ({"pagePathStr": next(pages)}, [])),
        clock,
        bridge._log,
        lambda event, payload: events.append((event, payload)),
    )
    chat.on("onConversationCreate", describer.handle)
    bridge.attach()
    sdk.complete_start()
    return sdk, clock, events, lines


def describes(sdk):
    return [args[0] for method, args in sdk.sent if method == "describeConversation"]


def test_each_conversation_is_described_once_with_attributes_of_that_moment():
    sdk, _, events, _ = setup()
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    sdk.fire("onConversationCreate", {"conversationId": "c2"})
    assert describes(sdk) == [
        {"conversationId": "c1", "customAttributes": {"pagePathStr": "/a"}},
        {"conversationId": "c2", "customAttributes": {"pagePathStr": "/b"}},
    ]
    assert [event for event, _ in events] == ["describeSent", "describeSent"]


def test_a_failing_describe_is_retried_after_1_then_3_seconds_then_reported():
    sdk, clock, events, _ = setup()
    for _ in range(3):
        sdk.fail_next("describeConversation", "attribute not activated")
        sdk.failures["describeConversation"] = KustomerError("attribute not activated")
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    assert len(describes(sdk)) == 1
    sdk.failures["describeConversation"] = KustomerError("attribute not activated")
    clock.advance(999)
    assert len(describes(sdk)) == 1
    clock.advance(1)
    assert len(describes(sdk)) == 2
    sdk.failures["describeConversation"] = KustomerError("attribute not activated")
    clock.advance(3000)
    assert len(describes(sdk)) == 3
    assert events == [
        (
            "describeFailed",
            {
                "conversationId": "c1",
                "customAttributes": {"pagePathStr": "/a"},
                "error": "Kustomer.describeConversation failed: attribute not activated",
            },
        )
    ]
    clock.advance(60000)
    assert len(describes(sdk)) == 3


def test_a_retry_that_succeeds_reports_the_attempts():
    sdk, clock, events, _ = setup()
    sdk.fail_next("describeConversation")
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    clock.advance(1000)
    assert events[-1][0] == "describeSent" and events[-1][1]["attempts"] == 2


def test_rejected_attributes_are_reported_and_the_call_still_goes_out():
    problems = [{"name": "bad name", "reason": "letters and digits only"}]
    sdk, _, events, _ = setup(capture=lambda: ({"pageUrl": "https://x.test/"}, problems))
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    assert events[0] == ("attributeRejected", problems[0])
    assert describes(sdk)[0]["customAttributes"] == {"pageUrl": "https://x.test/"}


def test_a_capture_that_raises_is_logged_not_raised():
    def broken():
        raise RuntimeError("DOM went away")

    sdk, _, _, lines = setup(capture=broken)
    sdk.fire("onConversationCreate", {"conversationId": "c1"})
    assert describes(sdk) == []
    assert any("DOM went away" in text for _, text in lines)


def test_events_without_an_id_are_ignored():
    sdk, _, _, _ = setup()
    sdk.fire("onConversationCreate", None)
    sdk.fire("onConversationCreate", {"conversationId": ""})
    assert describes(sdk) == []
