"""Hardened and unusual pages: Trusted Types, Python that cannot run, the back/forward cache.

Each row of the README's "Strict pages" table is a test here, in Chromium and Firefox ESR
(WebKitGTK in test_webkit.py where it has the feature), on both runtimes. When Python cannot
run, chat keeps working and no conversation is lost silently: each is reported
``describeFailed`` with the reason, ``ready`` says which part failed, and nothing leaks an
uncaught error into the page (the guard fails the test on any).
"""

import re

import pytest

from guard import check_guard, install_guard
from pages import (
    NONCE,
    boot_ready,
    csp_meta,
    hold_boot_module,
    readme_csp,
    ready_state,
    wait_for_python,
)

# Violations the page saw, from the securitypolicyviolation event (Firefox reports no console
# line for some), and describeFailed events, from the first moment.
WATCH_PAGE = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) =>
  window.violations.push(event.violatedDirective + " " + event.blockedURI));
window.describeFailed = [];
const subscribe = () => window.kustomerBridge
  ? kustomerBridge.on("describeFailed", (event) => window.describeFailed.push(event))
  : setTimeout(subscribe, 1);
subscribe();
"""


def describe_two(stub):
    first = stub.create_conversation("first")
    marker = stub.create_conversation("second")
    stub.wait_for_call("describeConversation", count=2)
    described = stub.described_ids()
    assert described == [first, marker]


@pytest.mark.engines(runners=False)
def test_the_readme_csp_with_trusted_types_has_no_violation_and_describes(
    page, make_page, dist_url, kustomer_stub, runtime
):
    page.add_init_script(WATCH_PAGE)
    policy = readme_csp(dist_url) + "; default-src 'none'; img-src data:"  # the test's favicon
    boot_ready(page, make_page(head=csp_meta(policy), attrs={"nonce": NONCE}))
    assert page.evaluate("kustomerBridge.runner") == "worker"
    describe_two(kustomer_stub)
    assert page.evaluate("window.violations") == []


@pytest.mark.engines(runners=False)
def test_a_policy_of_the_sites_own_is_used_instead(page, make_page, kustomer_stub, runtime):
    page.add_init_script(WATCH_PAGE)
    own_policy = (
        "<script nonce='%s'>window.kustomerBridgeTrustedTypes = trustedTypes.createPolicy("
        "'site-policy', {createScriptURL: (url) => url, createScript: (text) => text});"
        "</script>" % NONCE
    )
    policy = (
        "script-src 'nonce-%s' 'strict-dynamic' 'wasm-unsafe-eval'; "
        "require-trusted-types-for 'script'; trusted-types site-policy" % NONCE
    )
    boot_ready(page, make_page(head=csp_meta(policy) + own_policy, attrs={"nonce": NONCE}))
    describe_two(kustomer_stub)
    assert page.evaluate("window.violations") == []


DEFAULT_POLICY = (
    "<script nonce='%s'>trustedTypes.createPolicy('default', {createScriptURL: (url) => url, "
    "createScript: (text) => text});</script>" % NONCE
)


@pytest.mark.engines(runners=False)
def test_a_page_that_does_not_list_the_policy_says_what_to_add_and_its_default_policy_works(
    page, make_page, kustomer_stub, runtime, guard
):
    guard.expect_console(r'add "trusted-types kustomer-bridge" to it')
    guard.expect_console(r"Trusted ?Type")  # the browser's own report of the refused name
    policy = (
        "script-src 'nonce-%s' 'strict-dynamic' 'wasm-unsafe-eval'; "
        "require-trusted-types-for 'script'; trusted-types default" % NONCE
    )
    boot_ready(page, make_page(head=csp_meta(policy) + DEFAULT_POLICY, attrs={"nonce": NONCE}))
    describe_two(kustomer_stub)
    said = [text for text in guard.console_texts("error") if "[kustomer-bridge]" in text]
    assert len(said) == 1


def test_without_the_policy_or_a_default_one_chat_cannot_load_and_it_says_why(
    page, make_page, runtime, guard
):
    guard.expect_console(r'add "trusted-types kustomer-bridge" to it')
    guard.expect_console(r"widget.js could not be added")
    guard.expect_console(r"Trusted ?Type|TrustedScriptURL|injection sink")  # the browser's own
    policy = (
        "script-src 'nonce-%s' 'strict-dynamic' 'wasm-unsafe-eval'; "
        "require-trusted-types-for 'script'; trusted-types nothing" % NONCE
    )
    page.goto(make_page(head=csp_meta(policy), attrs={"nonce": NONCE}))
    assert ready_state(page).startswith(
        "KustomerUnavailable: Kustomer is unavailable: widget.js could not be added"
    )


def python_cannot_run(page, stub, reason, known_at_tag_time=True):
    """Chat works; each conversation is reported describeFailed; ready names Python when the
    cheap checks found it out at tag time (a runtime that does not download is found out as
    Python loads, after Kustomer is ready)."""
    state = ready_state(page)
    expected = "PythonUnavailable: Python cannot run on this page: " + reason
    assert state.startswith(expected) if known_at_tag_time else state == "ready", state
    stub.wait_until_ready()
    first = stub.create_conversation("first")
    second = stub.create_conversation("second")
    page.wait_for_function("window.describeFailed.length === 2")
    failed = page.evaluate("window.describeFailed")
    assert [event["conversationId"] for event in failed] == [first, second]
    assert all(event["reason"].startswith("Python cannot run") for event in failed)
    rejected = page.evaluate("kustomerBridge.describeConversation('c9', {}).catch(e => e.name)")
    assert rejected == "PythonUnavailable"
    assert stub.calls("describeConversation") == []


@pytest.mark.engines(runners=False)
def test_a_csp_without_wasm_unsafe_eval_reports_every_conversation_not_described(
    page, make_page, kustomer_stub, runtime, guard, browser_name
):
    guard.expect_console("forbids WebAssembly")
    if browser_name == "firefox":  # its own report of the refused compile
        guard.expect_console(r"blocked WebAssembly")
    page.add_init_script(WATCH_PAGE)
    policy = "script-src 'nonce-%s' 'strict-dynamic'" % NONCE
    page.goto(make_page(head=csp_meta(policy), attrs={"nonce": NONCE}))
    python_cannot_run(page, kustomer_stub, "its Content-Security-Policy forbids WebAssembly")


@pytest.mark.engines(runners=False)
@pytest.mark.parametrize("how", ["404", "blocked"])
def test_a_runtime_that_does_not_download_reports_every_conversation_not_described(
    page, make_page, kustomer_stub, runtime, guard, how
):
    runtime_not_downloaded(page, make_page, kustomer_stub, runtime, guard, how)


@pytest.mark.parametrize("runner", ["main"])
def test_a_runtime_that_does_not_download_on_the_main_thread_is_reported_too(
    page, make_page, kustomer_stub, runtime, guard
):
    """A runtime that does not download, on the main thread: Pyodide there would wait forever
    for the missing file. A blocked one goes through the same guard (downloads.test.mjs)."""
    runtime_not_downloaded(page, make_page, kustomer_stub, runtime, guard, "404")


def runtime_not_downloaded(page, make_page, stub, runtime, guard, how):
    wasm = {"mpy": "micropython.wasm", "py": "pyodide.asm.wasm"}[runtime]
    guard.expect_console(re.escape(wasm) + " did not download")
    guard.expect_console(r".")  # the browser's and the runtime's own lines for the failure
    page.add_init_script(WATCH_PAGE)
    if how == "404":
        page.context.route("**/" + wasm, lambda route: route.fulfill(status=404, body="nope"))
    else:
        page.context.route("**/" + wasm, lambda route: route.abort("blockedbyclient"))
    page.goto(make_page())
    python_cannot_run(page, stub, "the ", known_at_tag_time=False)


@pytest.mark.engines(runners=False)
def test_a_browser_without_webassembly_reports_every_conversation_not_described(
    page, make_page, kustomer_stub, runtime, guard
):
    guard.expect_console("this browser has no WebAssembly")
    page.add_init_script("delete window.WebAssembly;" + WATCH_PAGE)
    page.goto(make_page())
    python_cannot_run(page, kustomer_stub, "this browser has no WebAssembly")


@pytest.mark.engines(runners=False)
def test_the_early_buffer_keeps_the_newest_and_reports_what_it_dropped(
    page, make_page, kustomer_stub, runtime, guard
):
    guard.expect_console("more than 100 conversations were created before Python took over")
    page.add_init_script(WATCH_PAGE)
    release = hold_boot_module(page)
    page.goto(make_page(), wait_until="commit")
    kustomer_stub.wait_until_ready()
    page.wait_for_function("KustomerStub.listenerCounts.onConversationCreate === 1")
    made = page.evaluate(
        "() => Array.from({length: 103}, (_, i) => KustomerStub.createConversation('m' + i))"
    )
    page.wait_for_function("window.describeFailed.length === 3")
    assert [e["conversationId"] for e in page.evaluate("window.describeFailed")] == made[:3]
    release()
    wait_for_python(page)
    kustomer_stub.wait_for_call("describeConversation", count=100, timeout=30000)
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=101)
    described = kustomer_stub.described_ids()
    assert described == [*made[3:], marker]


# ---- back/forward cache -------------------------------------------------------------------
RECORD_UNLOAD_LISTENERS = """
window.unloadListeners = 0;
const add = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (type === "unload" || type === "beforeunload") window.unloadListeners++;
  return add.call(this, type, ...rest);
};
addEventListener("pageshow", (event) => { window.restored = event.persisted; });
"""


NOT_RESTORED_REASONS = """() => {
  const entry = performance.getEntriesByType("navigation")[0];
  return JSON.stringify(entry && entry.notRestoredReasons);
}"""


@pytest.fixture(scope="session")
def bfcache_browser(browser_type, browser_type_launch_args, browser_name):
    """A browser whose back/forward cache is on (Playwright turns it off in Chromium by
    default), for the session."""
    arguments = dict(browser_type_launch_args)
    if browser_name == "chromium":
        arguments["ignore_default_args"] = ["--disable-back-forward-cache"]
    browser = browser_type.launch(**arguments)
    yield browser
    browser.close()


@pytest.fixture
def bfcache_page(bfcache_browser):
    """A page of its own context in that browser, guarded like every test page."""
    context = bfcache_browser.new_context()
    page = context.new_page()
    watch = install_guard(page)
    yield page
    check_guard(watch)
    context.close()


def described_ids(page):
    return page.evaluate(
        "KustomerStub.calls.filter(c => c.method === 'describeConversation')"
        ".map(c => c.args[0].conversationId)"
    )


def leave_and_come_back(page, elsewhere):
    """Describe a conversation, go to ``elsewhere`` and back: whether the page came back
    from the back/forward cache, and if not, the reasons the browser gives."""
    page.evaluate("KustomerStub.createConversation('before leaving')")
    page.wait_for_function("() => KustomerStub.calls.some(c => c.method == 'describeConversation')")
    page.evaluate("(url) => { window.restored = undefined; location.href = url; }", elsewhere)
    page.wait_for_function("() => document.body?.textContent.includes('another page')")
    page.evaluate("history.back()")
    page.wait_for_function("() => window.restored !== undefined && !!window.KustomerStub")
    return page.evaluate("window.restored"), page.evaluate(NOT_RESTORED_REASONS)


@pytest.mark.engines(runners=False)
def test_a_page_with_the_bridge_is_restored_from_the_bfcache_and_describes_once(
    bfcache_page, make_page, site_page, runtime
):
    page = bfcache_page
    page.add_init_script(RECORD_UNLOAD_LISTENERS)
    boot_ready(page, make_page())
    elsewhere = site_page("<p>another page</p>")
    # A browser may evict a cached page for its own reasons (memory, a busy machine): one
    # more visit; a page that cannot be cached fails both, with the browser's reasons.
    restored, why_not = leave_and_come_back(page, elsewhere)
    if not restored:
        assert ready_state(page) == "ready"
        restored, why_not = leave_and_come_back(page, elsewhere)
    assert restored is True, why_not  # from the cache, not loaded again
    assert page.evaluate("window.unloadListeners") == 0
    before = described_ids(page)
    first = page.evaluate("KustomerStub.createConversation('after coming back')")
    marker = page.evaluate("KustomerStub.createConversation('the marker')")
    page.wait_for_function(
        "(count) => KustomerStub.calls.filter(c => c.method === 'describeConversation')"
        ".length === count",
        arg=len(before) + 2,
    )
    assert described_ids(page) == [*before, first, marker]
