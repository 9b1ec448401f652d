"""The bridge in a real page: calls held until start completes, results, failures, attach."""

import json

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

from pages import (
    PENDING,
    PYTHON_NEVER_RUNS,
    READY_TIMEOUT_MS,
    WRITTEN_WIDGET,
    boot_ready,
    hold_boot_module,
    hold_runtime,
    hold_widget,
    poll,
    python_result,
    python_scenario,
    ready_state,
    wait_for_console,
)

PAGE_PYTHON = """
<script type="%s">
import asyncio, json, js
import kustomer_bridge
from kustomer_bridge import KustomerError

chat = kustomer_bridge.chat()
results = {"state_at_first_call": chat.state}

async def main():
    opened = chat.open()
    login = chat.login("jwt-abc")
    described = chat.describe_customer(custom_attributes={"planStr": "pro"})
    available = chat.is_chat_available()
    try:
        chat.describe_conversation("", {})
    except ValueError as error:
        results["validation"] = str(error)
    js.window.callsMade = True  # the test lets widget.js arrive now
    results["login"] = await login
    await described
    await opened
    results["available"] = await available
    results["ready"] = await chat.ready
    js.window.failNextForPython()
    try:
        await chat.open_kb_article("missing")
    except KustomerError as error:
        results["error"] = [error.message, error.status, error.code, type(error).__name__]
    js.window.pyResults = json.dumps(results)

asyncio.get_event_loop().create_task(main())
</script>
"""


def test_python_calls_before_start_reach_the_sdk_after_its_callback(
    page, make_page, kustomer_stub, runtime
):
    """widget.js is held until Python has made its calls: every one is made before start."""
    release_widget = hold_widget(page)
    page.add_init_script(
        "window.failNextForPython = () => KustomerStub.failNext("
        "'openKbArticle', {message: 'no such article', status: 404, "
        "code: 'not_found'})"
    )
    page.goto(make_page(PAGE_PYTHON % runtime), wait_until="commit")
    page.wait_for_function("window.callsMade === true", timeout=30000)
    release_widget()
    page.wait_for_function("window.pyResults", timeout=30000)
    results = json.loads(page.evaluate("window.pyResults"))
    assert results["state_at_first_call"] == "waiting"
    assert results["login"]["identified"] is True
    assert results["available"] == {"availability": "online"}
    assert results["ready"] is True
    assert "conversation_id is required" in results["validation"]
    assert results["error"] == ["no such article", 404, "not_found", "KustomerError"]
    calls = kustomer_stub.calls()
    assert [call for call in calls if call["dropped"]] == []
    methods = [call["method"] for call in calls]
    assert methods[:4] == ["start", "addListener", "login", "describeCustomer"]
    assert methods.count("open") == 1 and methods.count("login") == 1


def test_js_face_calls_before_python_boots_are_replayed(page, make_page, kustomer_stub):
    release = hold_boot_module(page)  # Python cannot take over until released
    page.goto(make_page(body="<script>window.early = [];</script>"))
    page.evaluate("""() => {
      window.earlyDescribe = kustomerBridge.describeConversation('conv-early', {planStr: 'pro'})
        .then(() => 'resolved', e => e.message);
      kustomerBridge.on('onOpen', () => window.early.push('open'));
    }""")
    assert page.evaluate("kustomerBridge.runtime") is None  # Python has not booted yet
    release()
    assert page.evaluate("window.earlyDescribe") == "resolved"
    call = kustomer_stub.wait_for_call("describeConversation")
    assert call["args"][0] == {
        "conversationId": "conv-early",
        "customAttributes": {"planStr": "pro"},
    }
    page.evaluate("Kustomer.open()")
    page.wait_for_function("window.early.length === 1")


def test_unsubscribe_removes_the_sdk_listener_with_the_same_reference(
    page, make_page, kustomer_stub
):
    """on/off reach the SDK through the core; a marker request (the core answers requests in
    order, and its commands run in order) shows what has NOT happened by then."""
    marker = "kustomerBridge.setAttributes({})"
    boot_ready(page, make_page())
    page.evaluate("() => { window.offOpen = kustomerBridge.on('onOpen', () => {}); }")
    page.evaluate("() => { window.offOpen2 = kustomerBridge.on('onOpen', () => {}); }")
    page.evaluate(marker)
    assert page.evaluate("KustomerStub.listenerCounts.onOpen") == 1
    page.evaluate("window.offOpen()")
    page.evaluate(marker)
    assert page.evaluate("KustomerStub.listenerCounts.onOpen") == 1
    page.evaluate("window.offOpen2()")
    page.wait_for_function("KustomerStub.listenerCounts.onOpen === 0")
    assert page.evaluate("KustomerStub.listenerCounts.onConversationCreate") == 1


def fail_the_widget(page, guard, browser_name, how):
    guard.expect_console("widget.js failed to load")
    if browser_name == "chromium":  # Firefox logs no line of its own for these
        guard.expect_console({"blocked": "ERR_BLOCKED_BY_CLIENT", "404": "status of 404"}[how])
    if how == "blocked":
        page.route(WIDGET_URL + "*", lambda route: route.abort("blockedbyclient"))
    else:
        page.route(WIDGET_URL + "*", lambda route: route.fulfill(status=404, body="nope"))


# Python on demand, and nothing asks for it: the loader alone says Kustomer is unavailable.
@pytest.mark.engines(runners=False)
@PYTHON_NEVER_RUNS
@pytest.mark.parametrize("tag", ["injected", "written"])
@pytest.mark.parametrize("how", ["blocked", "404"])
def test_sdk_that_never_loads_gives_kustomer_unavailable(
    page, make_page, how, tag, guard, browser_name
):
    fail_the_widget(page, guard, browser_name, how)
    written = WRITTEN_WIDGET % (WIDGET_URL, " defer") if tag == "written" else ""
    page.goto(
        make_page(
            '<button id="still-works" onclick="this.textContent=\'clicked\'">click</button>',
            after_tag=written,
            attrs={"data-python": None},
        )
    )
    state = ready_state(page)
    assert state.startswith("KustomerUnavailable: Kustomer is unavailable: widget.js failed")
    page.click("#still-works")
    assert page.text_content("#still-works") == "clicked"
    assert page.evaluate("kustomerBridge.runtime") is None  # Python was never wanted


@pytest.mark.engines(runners=False)
def test_a_call_made_once_kustomer_is_unavailable_is_refused_with_that_reason(
    page, make_page, guard, browser_name
):
    fail_the_widget(page, guard, browser_name, "blocked")
    page.goto(make_page(attrs={"data-python": None}))
    assert ready_state(page).startswith("KustomerUnavailable: ")
    refused = page.evaluate(
        "kustomerBridge.describeConversation('c1', {}).catch(e => [e.name, e.message])"
    )
    assert refused[0] == "KustomerUnavailable"
    assert "widget.js failed to load" in refused[1]


@pytest.mark.kustomer(fail_load=True)
def test_start_that_never_calls_back_times_out(page, make_page, kustomer_stub, guard):
    """The ready timer is passed with Playwright's clock once start is under way."""
    guard.expect_console("did not call back")
    guard.expect_console(r"^\[kustomer-stub\] the rest of the SDK failed to load \(failLoad\)")
    page.clock.install()
    page.goto(make_page())
    page.wait_for_function("__kustomerBridge__.sdk.start === 'pending'")
    page.clock.fast_forward(READY_TIMEOUT_MS)
    assert ready_state(page) == (
        "KustomerUnavailable: Kustomer is unavailable: "
        "Kustomer.start() did not call back within 30 s"
    )


LATER_START = """
async def scenario(chat):
    await chat.ready
    await chat.stop()
    js.window.KustomerStub.fault("start", js.JSON.parse('{"kind": "silent"}'))
    try:
        await chat.start(brandId="brand-1")
        return {"raised": None}
    except KustomerError as error:
        return {"raised": [type(error).__name__, str(error)]}
"""


def test_a_later_start_that_never_calls_back_is_bounded_too(
    page, make_page, kustomer_stub, runtime, guard
):
    """Every start is bounded by data-ready-timeout-ms, from its call (Playwright's clock)."""
    guard.expect_console("Kustomer.start\\(\\) did not call back within 30 s")
    page.clock.install()
    page.goto(make_page(python_scenario(runtime, LATER_START)))
    kustomer_stub.wait_for_call("start", count=2)
    page.clock.fast_forward(READY_TIMEOUT_MS)
    assert python_result(page) == {
        "raised": [
            "KustomerUnavailable",
            "Kustomer is unavailable: Kustomer.start() did not call back within 30 s",
        ]
    }


SLOW_PYTHON = """<script>
addEventListener("kustomerLoaded", () => {
  const wait = () => KustomerStub.ready ? ready() : setTimeout(wait, 5);
  const ready = () => {
    window.early = KustomerStub.createConversation("before Python is up");
    window.held = kustomerBridge.describeConversation("c-held", {planStr: "pro"})
      .then(() => "answered", (error) => error.name);
  };
  wait();
});
</script>"""


def test_a_slow_python_is_waited_for_past_the_ready_timeout(
    page, make_page, kustomer_stub, runtime, guard
):
    """Kustomer is ready, Python's runtime is held past the ready timeout and the patience
    bound (Playwright's clock): ready has resolved (it does not wait for Python), one console
    line says Python is late; once the runtime arrives, the held call is answered and the
    early conversation described."""
    guard.expect_console(r"has not started 60 s after the bridge began to load it")
    release_runtime = hold_runtime(page, runtime)
    page.clock.install()
    page.goto(make_page(before_tag=SLOW_PYTHON))
    page.wait_for_function("window.early !== undefined")
    poll(page, release_runtime.requested, "the runtime was never requested")
    page.clock.fast_forward(61000)
    wait_for_console(page, guard, "has not started 60 s")
    assert ready_state(page) == "ready"
    assert page.evaluate(PENDING % "window.held") == "pending"
    release_runtime()
    assert page.evaluate("window.held") == "answered"
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=3)
    ids = kustomer_stub.described_ids()
    assert sorted(ids) == sorted(["c-held", page.evaluate("window.early"), marker])


STOP_BEHIND_LOGIN = """
async def scenario(chat):
    await chat.ready
    seen = []
    chat.on("onOpen", lambda event: seen.append("open"))
    await chat.get_unread_count()  # the core answers in order: the onOpen listener is on
    js.window.KustomerStub.fault("login", js.JSON.parse('{"kind": "hold"}'))
    login = chat.login("jwt-abc")
    described = chat.describe_customer(custom_attributes={"planStr": "pro"})
    stopped = chat.stop()
    while chat.state == "ready":  # until the core has the stop (it waits behind the login)
        await asyncio.sleep(0.01)
    state = chat.state
    js.window.Kustomer.open()  # Kustomer.stop has not run yet: the SDK still calls us
    js.window.KustomerStub.release("login")
    await login
    await described
    await stopped
    return {"seen": seen, "state_after_stop_call": state, "state": chat.state}
"""


def test_stop_behind_a_pending_login_keeps_listeners_until_kustomer_stop_has_run(
    page, make_page, kustomer_stub, runtime
):
    page.goto(make_page(python_scenario(runtime, STOP_BEHIND_LOGIN)))
    assert python_result(page) == {
        "seen": ["open"],
        "state_after_stop_call": "stopped",
        "state": "stopped",
    }
    sent = [c["method"] for c in kustomer_stub.calls() if c["method"] != "addListener"]
    assert sent[-4:] == ["login", "open", "describeCustomer", "stop"]
    assert page.evaluate("KustomerStub.listenerCounts") == {}
