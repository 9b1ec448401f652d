"""The describer: each describe kept until Kustomer answers it, retried with backoff, for a
patience, resumed by the next page of the tab."""

import pytest

from kustomer_bridge.browser.core.describer import Describer
from kustomer_bridge.browser.core.errors import KustomerError
from kustomer_bridge.browser.core.kept import (
    PATIENCE_MS,
    RETRY_CAP_MS,
    describe_key,
    retry_delay_ms,
)

from fakes import make_gate


class Tab:
    """A describer over a gate, with what the loader would store for the tab."""

    def __init__(self, capture=None, start=True):
        self.gate, self.sdk, self.clock, self.lines = make_gate()
        self.events = []
        self.kept = {}  # key -> record, as the loader keeps them
        pages = iter(["/a", "/b", "/c", "/d", "/e", "/f", "/g"])
        self.describer = Describer(
            self.gate,
            capture or (lambda snapshot: ({"pagePathStr": snapshot}, [])),
            self.clock,
            self.gate._log,
            lambda event, payload: self.events.append((event, payload)),
            self,
        )
        self.claims = []  # keys claimed; granted at once unless a test holds them
        self.grant = True
        self.created = lambda payload: self.describer.created(payload, next(pages))
        self.gate.attach()
        if start:
            self.sdk.complete_start()

    # the tab's part (the driver's keep, forget and claim commands)
    def keep(self, record):
        self.kept[record["key"]] = record

    def forget(self, key):
        self.kept.pop(key)

    def claim(self, key):
        self.claims.append(key)
        if self.grant is not None:
            self.describer.claimed(key, self.grant)

    def describes(self):
        return [args[0] for method, args in self.sdk.sent if method == "describeConversation"]

    def named(self, name):
        return [payload for event, payload in self.events if event == name]

    def fail_describes(self, message="network error"):
        self.sdk.failures["describeConversation"] = KustomerError(message)


def test_each_conversation_is_described_once_with_attributes_of_that_moment():
    tab = Tab()
    tab.created({"conversationId": "c1"})
    tab.created({"conversationId": "c1"})
    tab.created({"conversationId": "c2"})
    assert tab.describes() == [
        {"conversationId": "c1", "customAttributes": {"pagePathStr": "/a"}},
        {"conversationId": "c2", "customAttributes": {"pagePathStr": "/c"}},
    ]
    assert [event for event, _ in tab.events] == ["describeSent", "describeSent"]
    assert tab.kept == {}  # answered: nothing left for the next page


def test_a_describe_is_kept_until_kustomer_answers_it():
    tab = Tab()
    tab.sdk.hold_methods.add("describeConversation")
    tab.created({"conversationId": "c1"})
    [record] = tab.kept.values()
    assert record == {
        "key": describe_key("c1", {"pagePathStr": "/a"}),
        "conversationId": "c1",
        "customAttributes": {"pagePathStr": "/a"},
        "patienceMs": PATIENCE_MS,
        "delayed": False,
    }
    tab.sdk.release("describeConversation", {})
    assert tab.kept == {} and [e for e, _ in tab.events] == ["describeSent"]


def test_a_failed_describe_is_delayed_once_then_retried_with_backoff_until_answered():
    tab = Tab()
    tab.fail_describes()
    tab.created({"conversationId": "c1"})
    key = describe_key("c1", {"pagePathStr": "/a"})
    assert tab.named("describeDelayed") == [
        {
            "conversationId": "c1",
            "reason": "Kustomer.describeConversation failed: network error",
            "attempts": 1,
        }
    ]
    assert tab.kept[key]["delayed"] is True
    for attempts in (1, 2, 3):
        tab.fail_describes()
        tab.clock.advance(retry_delay_ms(attempts, key) - 1)
        assert len(tab.describes()) == attempts  # never before its backoff
        tab.clock.advance(1)
        assert len(tab.describes()) == attempts + 1
    tab.sdk.failures.clear()
    tab.clock.advance(retry_delay_ms(4, key))
    assert tab.named("describeSent")[0]["attempts"] == 5
    assert len(tab.named("describeDelayed")) == 1 and tab.kept == {}


def test_the_key_and_backoff_are_the_same_in_every_runtime():
    """micropython/smoke.py asserts the same values under MicroPython."""
    key = describe_key("c1", {"b": 2, "a": "x", "c": True})
    assert key == "c1/97785b9d"
    assert [retry_delay_ms(n, key) for n in (1, 2, 7)] == [531, 1067, 32616]


def test_backoff_doubles_from_1_s_to_a_60_s_cap_with_jitter():
    for key in ("c1/00000000", "c2/12345678", "conv-x/deadbeef"):
        for attempts in range(1, 40):
            ceiling = min(RETRY_CAP_MS, 1000 * 2 ** (attempts - 1))
            assert ceiling / 2 <= retry_delay_ms(attempts, key) <= ceiling
    spread = {retry_delay_ms(1, "c%d/0" % n) for n in range(50)}
    assert len(spread) > 40  # pages that failed together do not retry together


def test_a_25_s_outage_is_outlasted_with_a_bounded_number_of_tries():
    tab = Tab()
    tab.fail_describes()
    tab.created({"conversationId": "c1"})
    while tab.clock.now < 25000:
        tab.fail_describes()
        tab.clock.advance(100)
    tab.sdk.failures.clear()
    tab.clock.advance(RETRY_CAP_MS)
    assert 4 <= len(tab.describes()) <= 7
    assert len(tab.named("describeSent")) == 1 and tab.named("describeFailed") == []


def test_the_network_coming_back_tries_a_waiting_describe_at_once():
    tab = Tab()
    tab.fail_describes()
    tab.created({"conversationId": "c1"})
    tab.describer.wake("online")
    assert len(tab.describes()) == 2 and tab.named("describeSent")
    tab.describer.wake("visible")  # nothing waits any more
    assert len(tab.describes()) == 2


def test_a_describe_kustomer_refuses_is_given_up_at_once():
    tab = Tab()
    tab.sdk.failures["describeConversation"] = KustomerError("not activated", 400)
    tab.created({"conversationId": "c1"})
    tab.clock.advance(PATIENCE_MS)
    assert len(tab.describes()) == 1 and tab.kept == {}
    assert tab.named("describeFailed") == [
        {
            "conversationId": "c1",
            "customAttributes": {"pagePathStr": "/a"},
            "reason": "Kustomer.describeConversation failed: not activated",
        }
    ]


def test_after_its_patience_a_describe_is_given_up_once():
    tab = Tab()
    tab.sdk.hold_methods.add("describeConversation")  # nobody ever answers
    tab.created({"conversationId": "c1"})
    tab.clock.advance(PATIENCE_MS + 2 * RETRY_CAP_MS)
    [failed] = tab.named("describeFailed")
    assert failed["reason"] == (
        "not described within 30 min (Kustomer.describeConversation did not call back within 10 s)"
    )
    tries = len(tab.describes())
    assert 20 <= tries <= 40, tries  # about one a minute once backed off
    tab.clock.advance(PATIENCE_MS)
    assert len(tab.describes()) == tries and tab.kept == {}


def test_kept_describes_of_the_tab_are_resumed_once_start_completed():
    earlier = Tab()
    earlier.sdk.hold_methods.add("describeConversation")
    earlier.created({"conversationId": "c1"})
    records = list(earlier.kept.values())  # the page went before Kustomer answered
    tab = Tab(start=False)
    tab.describer.adopt(records)
    tab.describer.adopt(records)  # a second look at the tab resumes nothing twice
    assert tab.describes() == []  # held until start completed
    tab.sdk.complete_start()
    assert tab.describes() == [{"conversationId": "c1", "customAttributes": {"pagePathStr": "/a"}}]
    tab.created({"conversationId": "c1"})  # Kustomer says it again: claimed already
    assert len(tab.describes()) == 1 and tab.kept == {}


def test_a_kept_describe_past_its_patience_is_reported_failed_not_sent():
    tab = Tab()
    record = {"conversationId": "c1", "customAttributes": {}, "patienceMs": -5, "delayed": True}
    tab.describer.adopt([record])
    tab.clock.advance(0)
    assert tab.describes() == []
    assert tab.named("describeFailed")[0]["reason"] == (
        "not described within 30 min (never answered)"
    )


def test_a_describe_another_page_finished_is_let_go_silently():
    tab = Tab()
    tab.fail_describes()
    tab.created({"conversationId": "c1"})
    tab.describer.adopt([])  # back from the back/forward cache: the tab no longer keeps it
    tab.clock.advance(PATIENCE_MS)
    assert len(tab.describes()) == 1
    assert [event for event, _ in tab.events] == ["describeDelayed"]


def test_the_pages_describe_settles_when_answered_after_retries():
    tab = Tab()
    tab.fail_describes()
    result = tab.describer.describe("c9", {"planStr": "pro"})
    assert not result.done()
    tab.clock.advance(RETRY_CAP_MS)
    assert result.done() and result.result() is None
    same = tab.describer.describe("c9", {"planStr": "pro"})  # asked again: sent again
    assert same.done() and len(tab.describes()) == 3


def test_while_kustomer_cannot_come_the_pages_describe_fails_but_stays_kept():
    tab = Tab(start=False)
    tab.gate.sdk_failed("Kustomer is unavailable: widget.js failed to load")
    result = tab.describer.describe("c9", {"planStr": "pro"})
    assert str(result.error()) == "Kustomer is unavailable: widget.js failed to load"
    assert [record["conversationId"] for record in tab.kept.values()] == ["c9"]
    assert tab.named("describeDelayed")[0]["reason"] == str(result.error())


def test_a_held_describe_fails_when_kustomer_cannot_come_and_stays_kept():
    tab = Tab(start=False)
    tab.created({"conversationId": "c1"})
    tab.gate.sdk_failed("Kustomer is unavailable: no start")
    tab.clock.advance(PATIENCE_MS * 2)
    assert tab.describes() == [] and tab.named("describeFailed") == []
    [record] = tab.kept.values()
    assert record["conversationId"] == "c1"  # for the next page


def test_a_timed_out_describe_ignores_its_late_answer_and_is_retried():
    tab = Tab()
    tab.sdk.hold_methods.add("describeConversation")
    tab.created({"conversationId": "c1"})
    tab.clock.advance(10000)  # the call deadline
    tab.sdk.hold_methods.clear()
    tab.sdk.release("describeConversation", {})  # the first answer, after its deadline
    assert tab.named("describeSent") == []
    tab.clock.advance(RETRY_CAP_MS)
    assert len(tab.describes()) == 2 and tab.named("describeSent")[0]["attempts"] == 2
    assert any("describeConversation called back after" in text for _, text in tab.lines)


def test_rejected_attributes_are_reported_and_the_call_still_goes_out():
    problems = [{"name": "bad name", "reason": "letters and digits only"}]
    tab = Tab(capture=lambda snapshot: ({"pageUrl": "https://x.test/"}, problems))
    tab.created({"conversationId": "c1"})
    assert tab.events[0] == ("attributeRejected", problems[0])
    assert tab.describes()[0]["customAttributes"] == {"pageUrl": "https://x.test/"}


def test_a_capture_that_raises_is_logged_not_raised():
    def broken(snapshot):
        raise RuntimeError("DOM went away")

    tab = Tab(capture=broken)
    tab.created({"conversationId": "c1"})
    assert tab.describes() == []
    assert any("DOM went away" in text for _, text in tab.lines)


def test_events_without_an_id_are_ignored_with_a_debug_line():
    tab = Tab()
    for payload in (None, {}, {"conversationId": ""}, {"conversationId": True}, "c1", [1]):
        tab.created(payload)
    assert tab.describes() == [] and tab.events == []
    lines = [level for level, text in tab.lines if "without a conversationId" in text]
    assert lines == ["debug"] * 6


def test_a_numeric_id_is_described_as_text_once():
    tab = Tab()
    tab.created({"conversationId": 42})
    tab.created({"conversationId": "42"})
    assert [call["conversationId"] for call in tab.describes()] == ["42"]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ({"a": 1, "b": "x"}, {"b": "x", "a": 1}, True),
        ({"a": 1}, {"a": 2}, False),
        ({}, {"a": None}, False),
    ],
)
def test_a_describe_is_named_by_its_conversation_and_attributes(first, second, same):
    assert (describe_key("c1", first) == describe_key("c1", second)) is same
    assert describe_key("c1", first) != describe_key("c2", first)


def test_a_kept_describe_another_page_has_is_resumed_only_once_that_page_lets_it_go():
    tab = Tab()
    records = [
        {
            "key": describe_key("c1", {"a": 1}),
            "conversationId": "c1",
            "customAttributes": {"a": 1},
            "patienceMs": 60000,
        }
    ]
    tab.grant = False  # a frame of the tab, or a duplicated tab, is describing it
    tab.describer.adopt(records)
    assert tab.describes() == [] and tab.kept == {}
    tab.grant = True  # that page went without an answer; this one is shown again
    tab.describer.adopt(records)
    assert tab.describes() == [{"conversationId": "c1", "customAttributes": {"a": 1}}]
    assert tab.claims == [records[0]["key"]] * 2
