"""SDK callbacks that never come, come twice or come late, methods that throw, odd payloads.

Nothing in Kustomer's docs promises that a callback ever fires. Each scenario injects one
such fault with the stub's ``fault`` control and checks the bridge's promise: every call gets
an answer within its deadline, the queue moves on, nothing settles twice.
"""

import pytest

from pages import boot_ready, python_result, python_scenario, wait_for_console

FAULTS = "window.faultNext = (method, kind, delayMs) => KustomerStub.fault(method, {kind, delayMs})"
CALL_TIMEOUT = {"data-call-timeout-ms": "800"}

NEVER = """
async def scenario(chat):
    await chat.ready
    js.window.faultNext("%(method)s", "silent", 0)
    started = js.performance.now()
    pending = %(call)s
    held = chat.describe_customer(custom_attributes={"planStr": "pro"})
    try:
        await pending
        return {"raised": None}
    except KustomerTimeout as error:
        waited = js.performance.now() - started
        timeout = [type(error).__name__, str(error), error.method, isinstance(error, KustomerError)]
    return {"timeout": timeout, "waited": waited, "held": await held}
"""


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("getOpenConversations", "chat.get_open_conversations()"),  # answers with a value
        ("open", "chat.open()"),  # answers with nothing
        ("login", 'chat.login("jwt-abc")'),  # holds describeCustomer behind it
    ],
)
def test_a_callback_that_never_comes_raises_kustomer_timeout_and_the_queue_moves_on(
    page, make_page, kustomer_stub, runtime, method, call
):
    page.add_init_script(FAULTS)
    page.goto(
        make_page(
            python_scenario(runtime, NEVER % {"method": method, "call": call}), attrs=CALL_TIMEOUT
        )
    )
    result = python_result(page)
    assert result["timeout"] == [
        "KustomerTimeout",
        "Kustomer.%s did not call back within 0.8 s" % method,
        method,
        True,
    ]
    assert result["waited"] >= 800  # never before its deadline (the upper bound is the bench's)
    assert result["held"] is None  # describeCustomer went out and was answered
    calls = kustomer_stub.calls()
    sent = [call["method"] for call in calls if call["method"] in (method, "describeCustomer")]
    assert sent == [method, "describeCustomer"]
    if method == "login":  # describeCustomer waited for login's deadline
        login, described = (c for c in calls if c["method"] in ("login", "describeCustomer"))
        assert described["time"] - login["time"] >= 800


TWICE = """
async def scenario(chat):
    await chat.ready
    js.window.faultNext("login", "twice", 0)
    settled = []
    result = chat.login("jwt-abc")
    result.add_done_callback(lambda done: settled.append(done.result()["identified"]))
    return {"login": await result, "settled": settled}
"""


def test_a_callback_that_fires_twice_settles_once(page, make_page, kustomer_stub, runtime, guard):
    page.add_init_script(FAULTS)
    page.goto(make_page(python_scenario(runtime, TWICE)))
    result = python_result(page)
    wait_for_console(page, guard, "Kustomer called back again for call")
    assert result["login"]["identified"] is True and result["settled"] == [True]


def test_a_describe_answered_twice_is_reported_sent_once(page, make_page, kustomer_stub):
    page.add_init_script(FAULTS)
    boot_ready(page, make_page())
    page.evaluate(
        "() => { window.sent = []; kustomerBridge.on('describeSent', e => "
        "window.sent.push(e.conversationId)); faultNext('describeConversation', 'twice', 0); }"
    )
    first = kustomer_stub.create_conversation("answered twice")
    marker = kustomer_stub.create_conversation("the marker")
    page.wait_for_function("window.sent.includes(%r)" % marker)
    assert page.evaluate("window.sent") == [first, marker]


LATE = """
async def scenario(chat):
    await chat.ready
    js.window.faultNext("open", "late", 2000)
    try:
        await chat.open()
        return {"raised": None}
    except KustomerTimeout as error:
        return {"timeout": str(error), "next": await chat.get_open_conversations()}
"""


def test_a_callback_after_the_deadline_is_ignored(page, make_page, kustomer_stub, runtime, guard):
    page.add_init_script(FAULTS)
    page.goto(make_page(python_scenario(runtime, LATE), attrs=CALL_TIMEOUT))
    result = python_result(page)
    assert result == {"timeout": "Kustomer.open did not call back within 0.8 s", "next": []}
    wait_for_console(page, guard, "Kustomer.open called back after Kustomer.open did not call")


THROWS = """
async def scenario(chat):
    await chat.ready
    js.window.faultNext("open", "throw", 0)
    try:
        await chat.open()
        return {"raised": None}
    except KustomerError as error:
        return {"error": [type(error).__name__, error.method, "threw" in str(error)],
                "next": await chat.close()}
"""


def test_an_sdk_method_that_throws_fails_only_its_caller(page, make_page, kustomer_stub, runtime):
    page.add_init_script(FAULTS)
    page.goto(make_page(python_scenario(runtime, THROWS)))
    assert python_result(page) == {"error": ["KustomerError", "open", True], "next": None}
    assert [c["fault"] for c in kustomer_stub.calls("open")] == ["throw"]


def test_a_describe_not_answered_is_said_delayed_once_and_retried_with_backoff(
    page, make_page, kustomer_stub
):
    """The deadline and the backoffs pass on Playwright's clock, moved on in 100 ms steps
    until the fourth describe: each timer fires no earlier than it is due."""
    page.add_init_script(FAULTS)
    page.clock.install()
    boot_ready(page, make_page(attrs={"data-call-timeout-ms": "300"}))
    page.evaluate(
        "() => { window.seen = []; for (const name of ['describeDelayed', 'describeSent', "
        "'describeFailed']) kustomerBridge.on(name, e => window.seen.push([name, e])); "
        "KustomerStub.fault('describeConversation', {kind: 'silent', times: 3}); }"
    )
    conversation = kustomer_stub.create_conversation("nobody answers, three times")
    sent = "() => window.seen.some(([name]) => name === 'describeSent')"
    for _ in range(200):  # 20 s of the page's time: the backoffs are 1 + 2 + 4 s at most
        if page.evaluate(sent):
            break
        page.clock.run_for(100)
    delayed, sent = page.evaluate("window.seen")
    assert delayed == [
        "describeDelayed",
        {
            "conversationId": conversation,
            "reason": "Kustomer.describeConversation did not call back within 0.3 s",
            "attempts": 1,
        },
    ]
    assert sent[0] == "describeSent" and sent[1]["attempts"] == 4
    calls = kustomer_stub.calls("describeConversation")
    assert [call.get("fault") for call in calls] == ["silent"] * 3 + [None]
    for gap, backoff in enumerate((1000, 2000, 4000)):  # the deadline, then the backoff
        assert calls[gap + 1]["time"] - calls[gap]["time"] >= 300 + backoff / 2


def test_payloads_without_an_id_are_skipped_and_numeric_ids_described(
    page, make_page, kustomer_stub
):
    boot_ready(page, make_page())
    for payload in (None, {}, {"conversationId": ""}, {"conversationId": 12345}, "conv-x"):
        kustomer_stub.fire("onConversationCreate", payload)
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=2)
    ids = kustomer_stub.described_ids()
    assert ids == ["12345", marker]
