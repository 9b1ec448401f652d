"""The bridge in a real page: calls held until start completes, results, failures, attach."""

import json

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

from pages import (
    WRITTEN_WIDGET,
    boot_ready,
    hold_boot_module,
    python_result,
    python_scenario,
    ready_state,
)

# The SDK arrives after Python has booted, so every call below is made before start completed.
SLOW_SDK = {"mpy": {"loadLatencyMs": 1500}, "py": {"loadLatencyMs": 4000}}

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
    kustomer_stub.configure(**SLOW_SDK[runtime])
    page.add_init_script(
        "window.failNextForPython = () => KustomerStub.failNext("
        "'openKbArticle', {message: 'no such article', status: 404, "
        "code: 'not_found'})"
    )
    page.goto(make_page(PAGE_PYTHON % runtime))
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
    start_done = calls[0]["time"]
    assert all(call["time"] >= start_done for call in calls)


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


@pytest.mark.engines
@pytest.mark.parametrize("tag", ["injected", "written"])
@pytest.mark.parametrize("how", ["blocked", "404"])
def test_sdk_that_never_loads_gives_kustomer_unavailable(
    page, make_page, how, tag, guard, browser_name
):
    guard.expect_console("widget.js failed to load")
    if browser_name == "chromium":  # Firefox logs no line of its own for these
        guard.expect_console({"blocked": "ERR_BLOCKED_BY_CLIENT", "404": "status of 404"}[how])
    if how == "blocked":
        page.route(WIDGET_URL + "*", lambda route: route.abort("blockedbyclient"))
    else:
        page.route(WIDGET_URL + "*", lambda route: route.fulfill(status=404, body="nope"))
    written = WRITTEN_WIDGET % (WIDGET_URL, " defer") if tag == "written" else ""
    page.goto(
        make_page(
            '<button id="still-works" onclick="this.textContent=\'clicked\'">click</button>',
            after_tag=written,
        )
    )
    state = ready_state(page)
    assert state.startswith("KustomerUnavailable: Kustomer is unavailable: widget.js failed")
    assert (
        page.evaluate("kustomerBridge.describeConversation('c1', {}).catch(e => e.name)")
        == "KustomerUnavailable"
    )
    page.click("#still-works")
    assert page.text_content("#still-works") == "clicked"


def test_start_that_never_calls_back_times_out(page, make_page, kustomer_stub, guard, runtime):
    guard.expect_console("did not call back")
    guard.expect_console(r"^\[kustomer-stub\] the rest of the SDK failed to load \(failLoad\)")
    kustomer_stub.configure(failLoad=True)
    timeout = {"mpy": "1500", "py": "6000"}[runtime]  # longer than Pyodide's boot
    page.goto(make_page(attrs={"data-ready-timeout-ms": timeout}))
    assert ready_state(page) == (
        "KustomerUnavailable: Kustomer is unavailable: "
        "Kustomer.start() did not call back within %g s" % (int(timeout) / 1000)
    )


def test_python_that_cannot_boot_in_time_rejects_ready(
    page, site_page, dist_url, kustomer_stub, guard
):
    """Pyodide only: it cannot boot in 200 ms (MicroPython sometimes can), though Kustomer
    starts within them."""
    kustomer_stub.configure(loadLatencyMs=0, startLatencyMs=0)
    guard.expect_console("Python did not start")
    page.goto(
        site_page(
            '<script src="%skustomer-bridge.js" data-kustomer-api-key="k" '
            'data-runtime="py" data-ready-timeout-ms="200" defer></script>' % dist_url
        )
    )
    state = ready_state(page)
    assert state.startswith("KustomerUnavailable: Python did not start within 200 ms")


ATTACH_CASES = {
    # the page starts Kustomer in its own snippet at kustomerLoaded, widget.js sync in <head>:
    # start has completed before the deferred bridge boots
    "completed-before-boot": (
        '<script>addEventListener("kustomerLoaded", () => Kustomer.start({brandId: "p"}))'
        '</script><script src="%s" data-kustomer-api-key="k"></script>' % WIDGET_URL,
        "",
    ),
    # the page's start is in flight while Python boots
    "in-flight": (
        '<script>addEventListener("kustomerLoaded", () => Kustomer.start({brandId: "p"}))'
        '</script><script src="%s" data-kustomer-api-key="k"></script>' % WIDGET_URL,
        "slow",
    ),
    # the page calls start only after the bridge has loaded
    "after-bridge": (
        '<script src="%s" data-kustomer-api-key="k"></script><script>setTimeout(() => '
        'Kustomer.start({brandId: "p"}, () => { window.pageCallback = true; }), 2500)</script>'
        % WIDGET_URL,
        "",
    ),
}


@pytest.mark.engines
@pytest.mark.parametrize("case", sorted(ATTACH_CASES))
def test_attach_mode_calls_start_exactly_once(page, make_page, kustomer_stub, runtime, case):
    head, speed = ATTACH_CASES[case]
    if speed == "slow":
        kustomer_stub.configure(**SLOW_SDK[runtime])
    else:
        kustomer_stub.configure(loadLatencyMs=0, startLatencyMs=0)
    boot_ready(page, make_page(head=head, attrs={"data-kustomer-api-key": None}))
    if case == "after-bridge":
        assert page.evaluate("window.pageCallback") is True
    conversation = kustomer_stub.create_conversation("hi")
    call = kustomer_stub.wait_for_call("describeConversation")
    assert call["args"][0]["conversationId"] == conversation
    assert len(kustomer_stub.calls("start")) == 1
    dropped = {c["method"] for c in kustomer_stub.calls() if c["dropped"]}
    assert dropped <= {"isChatAvailable"}  # only the readiness probe, by design


STOP_BEHIND_LOGIN = """
async def scenario(chat):
    await chat.ready
    seen = []
    chat.on("onOpen", lambda event: seen.append("open"))
    await chat.get_unread_count()  # the core answers in order: the onOpen listener is on
    js.window.KustomerStub.fault("login", js.JSON.parse('{"kind": "late", "delayMs": 800}'))
    login = chat.login("jwt-abc")
    described = chat.describe_customer(custom_attributes={"planStr": "pro"})
    stopped = chat.stop()
    while chat.state == "ready":  # until the core has the stop (it waits behind the login)
        await asyncio.sleep(0.01)
    state = chat.state
    js.window.Kustomer.open()  # Kustomer.stop has not run yet: the SDK still calls us
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
