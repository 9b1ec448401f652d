from kustomer_bridge.browser.api import KustomerChat
from kustomer_bridge.browser.core.describer import AutoDescriber
from kustomer_bridge.browser.core.errors import KustomerError

from fakes import make_gate


def setup(capture=None):
    """A describer over a ready gate; ``created(payload)`` is a conversationCreated event
    (its snapshot, the next page path)."""
    gate, sdk, clock, lines = make_gate()
    events = []
    pages = iter(["/a", "/b", "/c", "/d", "/e", "/f", "/g"])
    describer = AutoDescriber(
        KustomerChat(gate, gate._log),
        capture or (lambda snapshot: ({"pagePathStr": snapshot}, [])),
        clock,
        gate._log,
        lambda event, payload: events.append((event, payload)),
    )
    gate.attach()
    sdk.complete_start()
    return sdk, clock, events, lines, lambda payload: describer.handle(payload, next(pages))


def describes(sdk):
    return [args[0] for method, args in sdk.sent if method == "describeConversation"]


def test_each_conversation_is_described_once_with_attributes_of_that_moment():
    sdk, _, events, _, created = setup()
    created({"conversationId": "c1"})
    created({"conversationId": "c1"})
    created({"conversationId": "c2"})
    assert describes(sdk) == [
        {"conversationId": "c1", "customAttributes": {"pagePathStr": "/a"}},
        {"conversationId": "c2", "customAttributes": {"pagePathStr": "/c"}},
    ]
    assert [event for event, _ in events] == ["describeSent", "describeSent"]


def test_a_failing_describe_is_retried_after_1_then_3_seconds_then_reported():
    sdk, clock, events, _, created = setup()
    for _ in range(3):
        sdk.fail_next("describeConversation", "attribute not activated")
        sdk.failures["describeConversation"] = KustomerError("attribute not activated")
    created({"conversationId": "c1"})
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
                "reason": "Kustomer.describeConversation failed: attribute not activated",
            },
        )
    ]
    clock.advance(60000)
    assert len(describes(sdk)) == 3


def test_a_retry_that_succeeds_reports_the_attempts():
    sdk, clock, events, _, created = setup()
    sdk.fail_next("describeConversation")
    created({"conversationId": "c1"})
    clock.advance(1000)
    assert events[-1][0] == "describeSent" and events[-1][1]["attempts"] == 2


def test_rejected_attributes_are_reported_and_the_call_still_goes_out():
    problems = [{"name": "bad name", "reason": "letters and digits only"}]
    sdk, _, events, _, created = setup(
        capture=lambda snapshot: ({"pageUrl": "https://x.test/"}, problems)
    )
    created({"conversationId": "c1"})
    assert events[0] == ("attributeRejected", problems[0])
    assert describes(sdk)[0]["customAttributes"] == {"pageUrl": "https://x.test/"}


def test_a_capture_that_raises_is_logged_not_raised():
    def broken(snapshot):
        raise RuntimeError("DOM went away")

    sdk, _, _, lines, created = setup(capture=broken)
    created({"conversationId": "c1"})
    assert describes(sdk) == []
    assert any("DOM went away" in text for _, text in lines)


def test_events_without_an_id_are_ignored_with_a_debug_line():
    sdk, _, events, lines, created = setup()
    for payload in (None, {}, {"conversationId": ""}, {"conversationId": True}, "c1", [1]):
        created(payload)
    assert describes(sdk) == [] and events == []
    assert [level for level, _ in lines if "without a conversationId" in _] == ["debug"] * 6
    assert not [text for level, text in lines if level != "debug"]


def test_a_numeric_id_is_described_as_text_once():
    sdk, _, _, _, created = setup()
    created({"conversationId": 42})
    created({"conversationId": "42"})
    assert [call["conversationId"] for call in describes(sdk)] == ["42"]


def test_a_describe_that_times_out_is_retried_and_a_late_answer_is_ignored():
    sdk, clock, events, lines, created = setup()
    sdk.hold_methods.add("describeConversation")
    created({"conversationId": "c1"})
    clock.advance(10000)  # the call deadline
    assert events == []
    sdk.hold_methods.clear()
    sdk.release("describeConversation", {})  # the first answer arrives after its deadline
    assert events == []
    clock.advance(1000)  # the retry goes out and is answered
    assert len(describes(sdk)) == 2
    assert [(event, payload["attempts"]) for event, payload in events] == [("describeSent", 2)]
    assert any("describeConversation called back after" in text for _, text in lines)


def test_a_describe_that_never_answers_ends_in_describe_failed():
    sdk, clock, events, _, created = setup()
    sdk.hold_methods.add("describeConversation")
    created({"conversationId": "c1"})
    clock.advance(10000 + 1000 + 10000 + 3000 + 10000)
    assert len(describes(sdk)) == 3
    assert [event for event, _ in events] == ["describeFailed"]
    assert events[0][1]["reason"] == "Kustomer.describeConversation did not call back within 10 s"
