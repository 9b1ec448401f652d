"""Messy real-world pages: the bridge never breaks the site page and never loses a describe."""

import json

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL, KustomerStub

from pages import (
    READY_TIMEOUT_MS,
    boot_ready,
    hold,
    hold_widget,
    poll,
    ready_state,
    wait_for_python,
)


@pytest.mark.kustomer(fail={"start": {"message": "brand not found", "status": 404}})
def test_start_calling_back_with_an_error(page, make_page, kustomer_stub, guard):
    guard.expect_console("called back with an error")
    page.goto(make_page())
    assert ready_state(page) == (
        "KustomerUnavailable: Kustomer.start() called back with an error: brand not found"
    )


PAGE_PYTHON = """<p id=out></p>
<script type="mpy" config='%s'>
import asyncio, js
from pyscript import document
import kustomer_bridge

document.getElementById("out").textContent = "the page's Python ran"

async def use_the_bridge():
    chat = kustomer_bridge.chat()
    await chat.ready
    await chat.describe_customer(custom_attributes={"planStr": "pro"})
    js.window.pagePython = "used the bridge"

asyncio.get_event_loop().create_task(use_the_bridge())
</script>
<script type="module" src="%s"></script>
"""


@pytest.mark.engines(runners=False)
@pytest.mark.parametrize("order", ["PyScript before the tag", "PyScript after the tag"])
def test_a_page_running_its_own_pyscript_keeps_it_and_the_bridge_runs_beside_it(
    page, make_page, dist_url, kustomer_stub, runtime, order
):
    """The core runs in a worker; the page's MicroPython runs its own script, which can use
    the bridge's Python API. The page's runtime is held until the loader has run, so its
    script cannot start before the bridge could add its hook."""
    release_page_runtime = hold(page, "**/micropython.wasm", "the page's MicroPython")
    manifest = page.request.get(dist_url + "kustomer-bridge.manifest.json").json()
    own = PAGE_PYTHON % (
        json.dumps({"interpreter": dist_url + manifest["mpy"]}),
        dist_url + manifest["pyscript"],
    )
    before, after = (own, "") if order == "PyScript before the tag" else ("", own)
    page.goto(make_page(before_tag=before, after_tag=after), wait_until="commit")
    page.wait_for_function("!!window.kustomerBridge")
    release_page_runtime()  # and, on MicroPython, the bridge's worker's runtime too
    page.wait_for_function("document.getElementById('out').textContent !== ''")
    page.wait_for_function("window.pagePython === 'used the bridge'", timeout=30000)
    assert page.evaluate("kustomerBridge.runner") == "worker"
    conversation = kustomer_stub.create_conversation("hi")
    assert kustomer_stub.wait_for_call("describeConversation")["args"][0]["conversationId"] == (
        conversation
    )
    assert kustomer_stub.calls("describeCustomer")[0]["args"][0] == {
        "customAttributes": {"planStr": "pro"}
    }
    assert page.locator("script[data-kustomer-bridge]").count() == 0  # no PyScript of ours


@pytest.mark.parametrize(
    ("globals_script", "reported"),
    [
        ("window.Kustomer = 42;", "window.Kustomer is not Kustomer's SDK"),
        (
            "Object.defineProperty(window, 'kustomerBridge', {value: 'mine', writable: false});",
            "cannot define window.kustomerBridge",
        ),
        ("window.pyscript = {config: 'not yours'};", None),
    ],
)
def test_odd_globals_do_not_break_the_bridge(
    page, make_page, kustomer_stub, globals_script, reported, guard
):
    if reported:
        guard.expect_console(reported)
    page.goto(make_page(head="<script>%s</script>" % globals_script))
    page.wait_for_function("window.__kustomerBridge__.state === 'ready'", timeout=30000)
    conversation = kustomer_stub.create_conversation("hi")
    kustomer_stub.wait_for_call("describeConversation")
    assert kustomer_stub.described()[0]["conversationId"] == conversation


def test_empty_title_no_head_and_a_blocking_tag_in_head(
    page, site, dist_url, kustomer_stub, runtime
):
    folder, base = site
    (folder / "bare.html").write_text(
        '<script src="%skustomer-bridge.js" data-kustomer-api-key="k" data-runtime="%s">'
        "</script><p>no head, no title, tag without defer</p>" % (dist_url, runtime)
    )
    boot_ready(page, base + "bare.html")
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert "pageTitleStr" not in attributes and attributes["pagePathStr"] == "/bare.html"


def test_widget_script_included_twice(page, make_page, kustomer_stub, guard):
    guard.expect_console("included twice")
    tag = '<script src="%s" data-kustomer-api-key="k"></script>' % WIDGET_URL
    page.goto(make_page(head=tag + tag, attrs={"data-kustomer-api-key": None}))
    page.evaluate("Kustomer.start({})")  # the page starts Kustomer: then Python boots
    wait_for_python(page)
    assert ready_state(page) == "ready"
    conversation = kustomer_stub.create_conversation("hi")
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=2)
    assert kustomer_stub.described_ids() == [conversation, marker]


def test_a_burst_of_1000_conversations_is_described_exactly_once_each(
    page, make_page, kustomer_stub
):
    boot_ready(page, make_page())
    created = page.evaluate(
        "() => { const ids = []; for (let i = 0; i < 1000; i++) "
        "ids.push(KustomerStub.createConversation('m' + i)); return ids; }"
    )
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=1001, timeout=60000)
    ids = kustomer_stub.described_ids()
    assert len(ids) == 1001 and sorted(ids) == sorted([*created, marker])


def test_concurrent_conversations_during_spa_navigation_keep_their_own_page(
    page, make_page, kustomer_stub
):
    boot_ready(page, make_page())
    created = page.evaluate(
        "() => { const made = {}; for (let i = 0; i < 20; i++) { "
        "history.pushState({}, '', '/spa/page-' + i); "
        "made[KustomerStub.createConversation('m' + i)] = '/spa/page-' + i; } return made; }"
    )
    kustomer_stub.wait_for_call("describeConversation", count=20)
    pages = {
        args["conversationId"]: args["customAttributes"]["pagePathStr"]
        for args in kustomer_stub.described()
    }
    assert pages == created


HOSTILE = {
    "script": "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'>",
    "quotes": "\"'`",
    "emoji": "chat \U0001f4ac ok",
    "surrogate": "a\ud800b",
}


def test_hostile_values_are_converted_or_rejected_and_nothing_executes(
    page, make_page, kustomer_stub
):
    meta = '<meta name="kustomer:scriptStr" content="%s">' % (
        HOSTILE["script"].replace("<", "&lt;").replace('"', "&quot;").replace("'", "&#39;")
    )
    body = (
        "<span data-kustomer-attribute='emojiStr'>%s</span>"
        "<span data-kustomer-attribute='nanNum'>NaN</span>"
        "<script type='application/json' data-kustomer-attributes>"
        '{"quotesStr": "\\"\'`", "bigTxt": "%s"}</script>' % (HOSTILE["emoji"], "x" * 1_000_000)
    )
    boot_ready(page, make_page(body=body, head=meta))
    rejected = page.evaluate(
        "kustomerBridge.setAttributes({surrogateStr: 'a\\ud800b', infNum: Infinity, "
        "nanBisNum: NaN, okBool: 'true'})"
    )
    assert sorted(problem["name"] for problem in rejected) == ["infNum", "nanBisNum"]
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert attributes["scriptStr"] == HOSTILE["script"]
    assert attributes["quotesStr"] == HOSTILE["quotes"]
    assert attributes["emojiStr"] == HOSTILE["emoji"]
    assert attributes["bigTxt"] == "x" * 1024
    assert attributes["okBool"] is True
    assert attributes["surrogateStr"] == "a\ufffdb"
    assert "nanNum" not in attributes and "infNum" not in attributes
    assert page.evaluate("window.pwned") is None


CYCLES = """
<script type="%s">
import asyncio, js
import kustomer_bridge

chat = kustomer_bridge.chat()

async def cycles():
    await chat.ready
    for _ in range(50):
        await chat.stop()
        await chat.start(brandId="brand-1")
    js.window.cyclesDone = True

asyncio.get_event_loop().create_task(cycles())
</script>
"""


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0)
def test_fifty_stop_start_cycles_reattach_listeners_once_and_describe_once(
    page, make_page, kustomer_stub, runtime
):
    page.goto(make_page(CYCLES % runtime))
    page.wait_for_function("window.cyclesDone === true", timeout=60000)
    assert len(kustomer_stub.calls("start")) == 51
    assert len(kustomer_stub.calls("stop")) == 50
    assert page.evaluate("KustomerStub.listenerCounts") == {"onConversationCreate": 1}
    conversation = kustomer_stub.create_conversation("after the cycles")
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=2)
    ids = kustomer_stub.described_ids()
    assert ids == [conversation, marker]
    assert [call for call in kustomer_stub.calls() if call["dropped"]] == []


@pytest.mark.kustomer(start_latency_ms=0)
def test_the_page_stopping_and_restarting_kustomer_itself(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    for _ in range(3):
        page.evaluate("() => new Promise(done => Kustomer.stop(() => Kustomer.start({}, done)))")
    page.wait_for_function("KustomerStub.listenerCounts.onConversationCreate === 1")
    conversation = kustomer_stub.create_conversation("after a restart by the page")
    kustomer_stub.wait_for_call("describeConversation")
    assert kustomer_stub.described_ids() == [conversation]


def test_widget_script_that_arrives_after_the_timeout(page, make_page, guard):
    """widget.js is held past the ready timer (Playwright's clock): pending calls fail, the
    page stays usable; when it arrives after all, the bridge recovers for new conversations."""
    guard.expect_console("had not loaded within")
    guard.expect_console("Kustomer became ready after the bridge had given up")
    release_widget = hold_widget(page)
    page.clock.install()
    page.goto(make_page(body="<input id=box>"), wait_until="commit")
    page.wait_for_function("!!window.kustomerBridge")
    page.evaluate(
        "() => { window.early = kustomerBridge.describeConversation('c1', {}).catch(e => e.name); }"
    )
    poll(page, release_widget.requested, "widget.js was never requested")
    page.clock.fast_forward(READY_TIMEOUT_MS)
    assert ready_state(page) == (
        "KustomerUnavailable: Kustomer is unavailable: widget.js had not loaded within 30 s "
        "(slow network or a blocked request)"
    )
    assert page.evaluate("window.early") == "KustomerUnavailable"
    page.fill("#box", "typing works")
    assert page.input_value("#box") == "typing works"
    release_widget()
    stub = KustomerStub(page)
    stub.wait_until_ready()  # chat arrives late; the bridge recovers for new conversations
    conversation = stub.create_conversation("late but here")
    assert stub.wait_for_call("describeConversation")["args"][0]["conversationId"] == conversation


def test_widget_script_that_arrives_late_but_in_time(page, make_page):
    release_widget = hold_widget(page)
    page.goto(make_page(), wait_until="commit")
    page.wait_for_function("!!window.kustomerBridge")
    page.evaluate(
        "() => { window.early = kustomerBridge.describeConversation('c-early', {planStr: 'x'})"
        ".then(() => 'ok'); }"
    )
    assert page.evaluate("kustomerBridge.runtime") is None  # Python boots after start
    release_widget()
    wait_for_python(page)
    assert ready_state(page) == "ready"
    assert page.evaluate("window.early") == "ok"
    assert KustomerStub(page).described_ids() == ["c-early"]


SOAK = """async () => {
  const made = {};
  for (let navigation = 0; navigation < 30; navigation++) {
    const path = "/soak/page-" + navigation;
    history.pushState({}, "", path);
    for (let i = 0; i < 10; i++) made[KustomerStub.createConversation(path + " #" + i)] = path;
    if (navigation % 3 === 2) {
      await new Promise((done) => Kustomer.stop(() => Kustomer.start({}, done)));
    }
  }
  return made;
}"""


@pytest.mark.kustomer(start_latency_ms=0)
def test_soak_300_conversations_30_navigations_10_restarts(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    made = page.evaluate(SOAK)
    assert len(made) == 300 and len(kustomer_stub.calls("start")) == 11
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=301, timeout=30000)
    calls = kustomer_stub.described()
    assert len(calls) == 301
    assert {c["conversationId"]: c["customAttributes"]["pagePathStr"] for c in calls} == {
        **made,
        marker: "/soak/page-29",
    }
