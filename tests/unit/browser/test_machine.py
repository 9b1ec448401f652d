"""The sans-IO core: port events in, port commands out (no browser, no JavaScript)."""

import json

from kustomer_bridge.browser.core.machine import Machine

CONFIG = {"callTimeoutMs": 10000, "debug": False}
SNAPSHOT = {
    "href": "https://shop.test/checkout?token=abc&utm_campaign=spring",
    "pathname": "/checkout",
    "title": "Checkout",
    "referrer": "",
    "landingUrl": "https://shop.test/?token=abc",
    "metas": [["orderNumberStr", "A-7"]],
}


class Core:
    """The machine as the JavaScript driver sees it: JSON in, JSON out."""

    def __init__(self, start="done", config=None):
        self.machine = Machine()
        self.commands = []
        self.send(["boot", {**CONFIG, **(config or {})}, {"start": start, "landingUrl": ""}])

    def send(self, *events):
        out = json.loads(self.machine.handle_json(json.dumps(list(events))))
        self.commands.extend(out)
        return out

    def named(self, name, commands=None):
        return [c[1:] for c in (self.commands if commands is None else commands) if c[0] == name]


def test_boot_after_start_is_ready_and_says_which_runtime():
    core = Core()
    assert core.named("listen") == []  # conversations come from the loader's own listener
    assert core.named("state") == [["ready"]]
    assert core.named("booted")[0][0].split()[0] in ("cpython", "micropython")


def test_a_conversation_is_described_once_with_the_page_of_its_moment():
    core = Core()
    out = core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    out += core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    [(_call_id, method, args, sync)] = core.named("invoke", out)
    assert method == "describeConversation" and not sync
    attributes = args[0]["customAttributes"]
    assert args[0]["conversationId"] == "c1" and attributes["orderNumberStr"] == "A-7"
    assert attributes["pageUrl"] == "https://shop.test/checkout?token=REDACTED&utm_campaign=spring"
    assert attributes["utmCampaignStr"] == "spring"


def test_calls_before_start_are_held_then_sent_in_order_and_settled():
    core = Core(start="none")
    core.send(["request", 1, "call", {"method": "open", "args": [], "timeoutMs": None}])
    core.send(
        ["request", 2, "call", {"method": "login", "args": [{"jwtToken": "t"}], "timeoutMs": None}]
    )
    assert core.named("invoke") == []
    out = core.send(["started", None])
    assert [i[1] for i in core.named("invoke", out)] == ["login", "open"]
    login_id = core.named("invoke", out)[0][0]
    out = core.send(["callback", login_id, {"identified": True}, None])
    assert core.named("answer", out) == [[2, True, {"identified": True}]]


def test_a_callback_that_never_comes_settles_with_kustomer_timeout():
    core = Core()
    core.send(["request", 1, "call", {"method": "open", "args": [], "timeoutMs": 800}])
    [(timer, ms)] = core.named("timer")
    assert ms == 800
    out = core.send(["timer", timer])
    [(request, ok, error)] = core.named("answer", out)
    assert (request, ok, error["name"]) == (1, False, "KustomerTimeout")
    assert error["method"] == "open" and error["timeoutMs"] == 800
    assert error["text"] == "Kustomer.open did not call back within 0.8 s"
    late = core.send(["callback", core.named("invoke")[-1][0], {}, None])
    assert core.named("answer", late) == []


def test_a_method_that_throws_rejects_only_its_caller():
    core = Core()
    core.send(["request", 1, "call", {"method": "open", "args": [], "timeoutMs": None}])
    out = core.send(["threw", core.named("invoke")[-1][0], "TypeError: not a function"])
    [(_, ok, error)] = core.named("answer", out)
    assert not ok and "it threw" in error["text"] and "TypeError" in error["text"]


def test_a_call_is_checked_at_the_cores_boundary_and_answered_with_the_reason():
    core = Core()
    bad = [
        {"method": "nope", "args": []},
        {"method": "open", "args": [], "timeoutMs": "soon"},
        {"method": "open", "args": [], "timeoutMs": -1},
        {"method": "open", "args": {}},
        ["open", [], None],  # by position: not the port's
        {"method": "open", "callback": 1},  # a field the port does not define
    ]
    for request_id, args in enumerate(bad, 1):
        core.send(["request", request_id, "call", args])
    answers = core.named("answer")
    assert [(request_id, ok) for request_id, ok, _ in answers] == [(n, False) for n in range(1, 7)]
    assert "'nope' is not a Kustomer method" in answers[0][2]["text"]
    assert "timeout_ms must be a positive number" in answers[1][2]["text"]
    assert "must be a list" in answers[3][2]["text"]
    assert "a call request takes an object of method, args, timeoutMs" in answers[4][2]["text"]
    assert answers[5][2]["text"] == answers[4][2]["text"]
    assert core.named("invoke") == [] and core.named("timer") == []


def test_sync_methods_answer_with_the_callback_event():
    core = Core()
    core.send(["request", 1, "call", {"method": "isChatAvailable", "args": [], "timeoutMs": None}])
    [(call_id, _, _, sync)] = core.named("invoke")
    assert sync and core.named("timer") == []
    out = core.send(["callback", call_id, {"availability": "online"}, None])
    assert core.named("answer", out) == [[1, True, {"availability": "online"}]]


def test_unavailable_rejects_what_waits_with_the_loaders_reason_without_logging_it():
    core = Core(start="none")
    core.send(["request", 1, "call", {"method": "open", "args": [], "timeoutMs": None}])
    out = core.send(["unavailable", "Kustomer is unavailable: widget.js failed to load"])
    [(_, ok, error)] = core.named("answer", out)
    assert not ok and error["name"] == "KustomerUnavailable"
    assert error["message"] == "Kustomer is unavailable: widget.js failed to load"
    assert core.named("state", out) == [["failed"]]
    assert [c for c in out if c[0] == "log"] == []


def test_stop_then_start_listens_again_once():
    core = Core()
    core.send(["request", 1, "on", {"event": "onUnread"}])
    assert core.named("listen") == [["onUnread"]]
    core.send(["stopped"])
    out = core.send(["started", None])
    assert core.named("listen", out) == [["onUnread"]]
    assert core.named("state", out) == [["ready"]]


def test_an_event_the_port_does_not_define_is_logged_and_skipped():
    core = Core()
    out = core.send(["sdkEvent", "onOpen", {}, "a snapshot too many"], ["nonsense"])
    errors = [c[2] for c in out if c[0] == "log" and c[1] == "error"]
    assert len(errors) == 2 and all("not an event of the port" in text for text in errors)


def test_page_subscriptions_get_bridge_events_until_they_unsubscribe():
    core = Core()
    core.send(["request", 1, "on", {"event": "describeSent"}])
    core.send(["conversationCreated", {"conversationId": "c9"}, SNAPSHOT])
    out = core.send(["callback", core.named("invoke")[-1][0], {}, None])
    [(event, payload)] = core.named("emit", out)
    assert event == "describeSent" and payload["conversationId"] == "c9"
    core.send(["request", 2, "off", {"event": "describeSent"}])
    core.send(["conversationCreated", {"conversationId": "c10"}, SNAPSHOT])
    out = core.send(["callback", core.named("invoke")[-1][0], {}, None])
    assert core.named("emit", out) == []


def test_set_attributes_returns_rejections_and_reports_a_bad_shape_once():
    core = Core()
    out = core.send(
        ["request", 1, "setAttributes", {"attributes": {"bad name": 1, "planStr": "pro"}}]
    )
    [(_, ok, rejected)] = core.named("answer", out)
    assert ok and [r["name"] for r in rejected] == ["bad name"]
    for request in (2, 3):
        out = core.send(["request", request, "setAttributes", {"attributes": [1, 2]}])
        assert core.named("answer", out)[0][1] is True
    assert len([c for c in core.commands if c[0] == "log" and c[1] == "error"]) == 1


def test_a_bad_request_settles_with_a_value_error_naming_the_argument():
    core = Core()
    out = core.send(
        ["request", 1, "describe", {"conversationId": "", "attributes": {"planStr": "pro"}}]
    )
    [(_, ok, error)] = core.named("answer", out)
    assert not ok and error["name"] == "ValueError" and "conversation_id" in error["text"]


def test_a_broken_event_is_logged_and_the_rest_of_the_batch_still_runs():
    core = Core()
    out = core.send(
        ["callback"], ["request", 1, "call", {"method": "open", "args": [], "timeoutMs": None}]
    )
    assert [c[1] for c in out if c[0] == "log"] == ["error"]
    assert core.named("invoke", out)[0][1] == "open"


def test_the_landing_url_is_remembered_redacted():
    core = Machine()
    boot = ["boot", CONFIG, {"start": "done", "landingUrl": "https://s.test/?token=abc&q=1"}]
    commands = json.loads(core.handle_json(json.dumps([boot])))
    assert ["remember", "https://s.test/?token=REDACTED&q=1"] in commands


def test_a_thousand_conversations_in_one_batch_are_a_thousand_describes():
    core = Core()
    events = [["conversationCreated", {"conversationId": "c%d" % n}, SNAPSHOT] for n in range(1000)]
    out = core.send(*events)
    describes = [i for i in core.named("invoke", out) if i[1] == "describeConversation"]
    assert len({args[0]["conversationId"] for _, _, args, _ in describes}) == len(describes) == 1000


def test_describes_are_kept_for_the_tab_until_answered_and_resumed_from_its_records():
    core = Core()
    out = core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    [[record]] = core.named("keep", out)
    [(call_id, _, args, _)] = core.named("invoke", out)
    assert (
        record["conversationId"] == "c1"
        and record["customAttributes"] == (args[0]["customAttributes"])
    )
    assert "token=abc" not in json.dumps(record)  # kept as it will be sent: redacted
    out = core.send(["callback", call_id, {}, None])
    assert core.named("forget", out) == [[record["key"]]]
    resumed = Core(start="none")
    out = resumed.send(["kept", [dict(record, patienceMs=60000)]])
    assert resumed.named("claim", out) == [[record["key"]]]  # no other page has it?
    out = resumed.send(["claimed", record["key"], True])
    assert resumed.named("invoke", out) == []  # held until Kustomer's start completed
    out = resumed.send(["started", None])
    assert [sent for _, _, sent, _ in resumed.named("invoke", out)] == [args]


def test_a_kept_describe_another_page_has_is_left_to_it():
    core = Core()
    record = {"key": "c1/a2fa7ee5", "conversationId": "c1", "customAttributes": {"a": 1}}
    out = core.send(["kept", [dict(record, patienceMs=60000, delayed=False)]])
    assert core.named("claim", out) == [[record["key"]]]
    out = core.send(["claimed", record["key"], False])
    assert core.named("invoke", out) == [] and core.named("keep", out) == []
    out = core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    assert core.named("invoke", out) == []  # its conversation is that page's to describe


def test_wake_tries_a_waiting_describe_at_once():
    core = Core()
    core.send(["request", 1, "on", {"event": "describeDelayed"}])
    out = core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    [(call_id, *_)] = core.named("invoke", out)
    out = core.send(["callback", call_id, None, {"message": "network error"}])
    assert [name for name, _ in core.named("emit", out)] == ["describeDelayed"]
    assert core.named("invoke", core.send(["wake", "online"]))


def test_what_the_core_cannot_read_is_logged_never_raised():
    core = Core()
    for text in ["5", "[1]", "[[]]", "[[7, 1]]", '{"a": 1}', "not json", "[" * 100000]:
        logs = [c for c in json.loads(core.machine.handle_json(text)) if c[0] == "log"]
        assert [level for _, level, line in logs] == ["error"], text
        assert "internal error" in logs[0][2]
    out = core.send(["conversationCreated", {"conversationId": "c1"}, SNAPSHOT])
    assert core.named("invoke", out)  # and the core goes on


def test_each_handler_takes_the_ports_fields_by_name():
    """A field renamed, swapped or dropped in port.py, or a handler's parameter, fails here."""
    import inspect

    from kustomer_bridge.browser.port import EVENT_FIELDS, parameter

    handlers = Machine()._handlers
    for name, fields in EVENT_FIELDS.items():
        taken = list(inspect.signature(handlers[name]).parameters)
        assert taken == [parameter(field) for field in fields], name
