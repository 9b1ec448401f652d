"""The drop-in tag: configuration, idempotence, consent, load timing, CSP nonce."""

import re

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL
from kustomer_bridge.server.tag import chat_tag

from pages import (
    PYTHON_NEVER_RUNS,
    STRICT_CSP,
    WRITTEN_WIDGET,
    boot_ready,
    poll,
    ready_state,
)


def test_included_twice_boots_once(page, make_page, kustomer_stub, dist_url, runtime, guard):
    second = (
        '<script src="%skustomer-bridge.js" data-kustomer-api-key="test-key" '
        'data-runtime="%s" data-debug defer></script>' % (dist_url, runtime)
    )
    boot_ready(page, make_page(body=second))
    conversation = kustomer_stub.create_conversation("hi")
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=2)
    assert len(kustomer_stub.calls("start")) == 1
    assert kustomer_stub.described_ids() == [conversation, marker]
    assert len(page.workers) == 1  # Python booted once
    assert any("included twice" in text for text in guard.console_texts())


@pytest.mark.engines(runners=False)
@PYTHON_NEVER_RUNS
def test_the_macros_widget_tag_is_fetched_alongside_the_loader_and_started_once(
    page, site_page, dist_url, runtime, kustomer_stub
):
    """Under a strict CSP too: the macro gives Kustomer's tag the nonce."""
    tag = chat_tag(
        "test-key", dist_url + "kustomer-bridge.js", brand_id="b", runtime=runtime, nonce="n0nc3"
    )
    assert "data-kustomer-bridge-widget" in tag
    held, widget_requests = [], []
    page.on("request", lambda r: r.url.startswith(WIDGET_URL) and widget_requests.append(r))
    page.route(dist_url + "kustomer-bridge.js", lambda route: held.append(route))
    head = '<meta http-equiv="Content-Security-Policy" content="%s">' % STRICT_CSP
    page.goto(site_page(str(tag), head), wait_until="commit")
    poll(page, lambda: held, "the loader was never requested")
    poll(page, lambda: widget_requests, "widget.js was not fetched while the loader was held")
    held[0].continue_()
    page.wait_for_function("() => !!window.kustomerBridge")
    assert ready_state(page) == "ready"
    assert len(kustomer_stub.calls("start")) == 1
    assert len(widget_requests) == 1  # the loader injected no second widget.js
    assert page.evaluate("document.querySelectorAll('script[src*=\"widget.js\"]').length") == 1
    assert page.evaluate("kustomerBridge.runtime") is None


def test_a_widget_tag_for_the_bridge_that_ran_first_is_still_started_once(
    page, make_page, kustomer_stub
):
    boot_ready(page, make_page(before_tag=WRITTEN_WIDGET % (WIDGET_URL, "")))  # not deferred
    assert len(kustomer_stub.calls("start")) == 1
    conversation = kustomer_stub.create_conversation("hi")
    assert kustomer_stub.wait_for_call("describeConversation")["args"][0]["conversationId"] == (
        conversation
    )


def test_consent_pending_loads_nothing_until_granted(page, make_page, kustomer_stub, dist_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(make_page(attrs={"data-consent": "pending"}))  # the load event is the marker:
    assert [url for url in requests if "/runtime/" in url or "widget.js" in url] == []
    assert page.evaluate("typeof window.Kustomer") == "undefined"
    page.evaluate("kustomerBridge.grantConsent()")
    page.wait_for_function("() => window.kustomerBridge")
    assert ready_state(page) == "ready"
    assert page.evaluate("kustomerBridge.runtime") is None


@PYTHON_NEVER_RUNS
@pytest.mark.parametrize("mode", ["idle", "interaction"])
def test_deferred_load_modes(page, make_page, kustomer_stub, mode):
    """Nothing loads until the page is idle (its idle callback is held here) or the visitor
    interacts; the load event (goto waits for it) is the marker."""
    page.add_init_script("window.idle = []; window.requestIdleCallback = (f) => idle.push(f)")
    page.goto(make_page(attrs={"data-load": mode, "data-python": None}))
    assert page.evaluate("typeof window.Kustomer") == "undefined"
    if mode == "interaction":
        page.mouse.click(10, 10)
    else:
        assert page.evaluate("idle.length") == 1
        page.evaluate("idle.forEach((callback) => callback())")
    page.wait_for_function("() => window.kustomerBridge")
    assert ready_state(page) == "ready"
    assert page.evaluate("kustomerBridge.runtime") is None


# Each bad setting and its message is unit-tested (tests/js/config.test.mjs); here, what
# the page sees of one.
@pytest.mark.parametrize(
    ("attrs", "message"),
    [({"data-start-options": "{oops"}, "data-start-options is not valid JSON")],
)
def test_bad_data_attributes_are_reported_once_and_the_bridge_stays_off(
    page, site_page, dist_url, attrs, message, guard
):
    guard.expect_console(re.escape(message))
    rendered = " ".join("%s='%s'" % item for item in attrs.items())
    page.goto(
        site_page(
            '<script src="%skustomer-bridge.js" data-kustomer-api-key="k" %s defer>'
            "</script><button onclick=\"this.textContent='ok'\">b</button>" % (dist_url, rendered)
        )
    )
    errors = [text for text in guard.console_texts("error") if "[kustomer-bridge]" in text]
    assert len(errors) == 1 and message in errors[0] and "stays off" in errors[0]
    assert page.evaluate("kustomerBridge.ready.then(() => 'ok', e => 'off')") == "off"
    assert page.evaluate("typeof window.Kustomer") == "undefined"
    page.click("button")
    assert page.text_content("button") == "ok"


@pytest.mark.engines
def test_strict_csp_with_nonce_and_wasm_unsafe_eval_works(
    page, make_page, kustomer_stub, runtime, runner, browser_name, guard
):
    """'strict-dynamic' trusts what the nonced loader creates: the worker too."""
    if browser_name == "firefox" and runner == "main":  # PyScript's eval probe (caught)
        guard.expect_console(r"blocked a JavaScript eval .*Missing 'unsafe-eval'")
    head = '<meta http-equiv="Content-Security-Policy" content="%s">' % STRICT_CSP
    boot_ready(page, make_page(head=head, attrs={"nonce": "n0nc3"}))
    assert page.evaluate("kustomerBridge.runner") == runner
    conversation = kustomer_stub.create_conversation("hi")
    assert (
        kustomer_stub.wait_for_call("describeConversation")["args"][0]["conversationId"]
        == conversation
    )
    assert page.evaluate(
        "[...document.scripts].filter(s => s.src || s.type === '%s')"
        ".every(s => s.nonce === 'n0nc3')" % runtime
    )


@pytest.mark.engines
def test_a_csp_that_forbids_workers_runs_python_on_the_main_thread_and_says_so(
    page, make_page, kustomer_stub, runtime, runner, browser_name, guard
):
    if browser_name == "firefox":
        guard.expect_console(r"blocked a JavaScript eval .*Missing 'unsafe-eval'")
    if runner == "worker":  # data-runner="main" does not try one
        guard.expect_console(r"\[kustomer-bridge\] Python runs on the main thread: a worker")
        guard.expect_console(r"blob:")  # the browser's own report of the blocked worker
    policy = STRICT_CSP + "; worker-src 'none'"
    head = '<meta http-equiv="Content-Security-Policy" content="%s">' % policy
    boot_ready(page, make_page(head=head, attrs={"nonce": "n0nc3"}))
    assert page.evaluate("kustomerBridge.runner") == "main"
    conversation = kustomer_stub.create_conversation("hi")
    call = kustomer_stub.wait_for_call("describeConversation")["args"][0]
    assert call["conversationId"] == conversation


def test_csp_without_wasm_unsafe_eval_gives_a_clear_error_and_the_page_works(
    page, make_page, kustomer_stub, guard
):
    guard.expect_console("forbids WebAssembly")
    csp = (
        "default-src 'none'; script-src 'nonce-n0nc3' 'strict-dynamic'; "
        "connect-src http://127.0.0.1:* http://localhost:*; frame-src 'self'"
    )
    head = '<meta http-equiv="Content-Security-Policy" content="%s">' % csp
    page.goto(
        make_page(
            head=head,
            attrs={"nonce": "n0nc3", "data-ready-timeout-ms": "4000"},
            body='<button nonce="n0nc3">b</button>',
        )
    )
    state = ready_state(page)
    assert state.startswith("PythonUnavailable: Python cannot run on this page")
    assert "add 'wasm-unsafe-eval' to script-src" in state
    kustomer_stub.wait_until_ready()  # chat itself still works: widget.js is plain JS
    page.evaluate("document.querySelector('button').textContent = 'ok'")
    assert page.text_content("button") == "ok"
