"""A describe is done only when Kustomer has answered it: until then the tab keeps it, and
the next page of the tab resumes it (a link, a reload), through an outage, a boot module
that failed to load once, and storage that cannot be used.

Kustomer's answer is held with the stub's "hold" fault, and time moved with Playwright's
clock: no latency chosen to be long enough.
"""

import pytest

from pages import (
    BOOT_MODULE,
    FAIL_THE_CORE,
    STORED,
    boot_ready,
    poll,
    wait_for_console,
    wait_for_python,
)

KEPT, EARLY, LANDING = STORED["describes"], STORED["early"], STORED["landing"]
SEEN = (
    "() => { window.seen = []; for (const name of ['describeDelayed', 'describeSent', "
    "'describeFailed']) kustomerBridge.on(name, (e) => window.seen.push(name)); }"
)


def held_describe(page, kustomer_stub):
    """A conversation whose describe reached Kustomer, which has not answered it."""
    kustomer_stub.fault("describeConversation", "hold")
    conversation = kustomer_stub.create_conversation("then I clicked a link")
    return kustomer_stub.wait_for_call("describeConversation")["args"][0], conversation


def expect_resumed(page, kustomer_stub, sent):
    """The next page sends the very describe the last one left, once, and keeps nothing."""
    wait_for_python(page)
    kustomer_stub.expect_described(sent["conversationId"], sent["customAttributes"])
    assert kustomer_stub.expect_call("describeConversation", times=1)[0]["args"][0] == sent
    page.wait_for_function("%s === '[]'" % KEPT)


@pytest.mark.engines(runners=False)
def test_a_link_clicked_before_kustomer_answered(page, make_page, kustomer_stub):
    next_page = make_page()
    boot_ready(page, make_page())
    sent, _ = held_describe(page, kustomer_stub)
    page.goto(next_page)  # the page goes; Kustomer's answer never comes to it
    expect_resumed(page, kustomer_stub, sent)
    assert sent["customAttributes"]["pagePathStr"] != "/" + next_page.rsplit("/", 1)[1]


@pytest.mark.engines(runners=False)
def test_a_link_clicked_before_python_took_over(page, make_page, kustomer_stub):
    """The first page's Python never comes (its boot module is held): the conversation and
    the visit's landing page wait in the tab, their URLs at rest; the next page describes
    the conversation as it began, once, and its own with the visit's landing page and UTM."""
    first = make_page() + "?utm_source=mail&token=secret-1#top"
    next_page = make_page()
    held = []
    page.context.route(BOOT_MODULE, lambda route: route.continue_() if held else held.append(route))
    page.goto(first)
    poll(page, lambda: held, "the boot module was never requested")
    conversation = kustomer_stub.create_conversation("then I clicked a link")
    at_rest = page.evaluate("%s + %s" % (EARLY, LANDING))
    assert conversation in at_rest and "token=REDACTED" in at_rest
    assert "secret-1" not in at_rest and "#top" not in at_rest
    page.goto(next_page)
    wait_for_python(page)
    landing = first.replace("secret-1#top", "REDACTED")
    visit = {"landingPageUrl": landing, "utmSourceStr": "mail"}
    kustomer_stub.expect_described(conversation, {"pageUrl": landing, **visit})
    kustomer_stub.expect_call("describeConversation", times=1)
    page.wait_for_function("%s === '[]'" % EARLY)
    later = kustomer_stub.create_conversation("and one on the next page")
    kustomer_stub.expect_described(later, {"pageUrl": next_page, **visit})


def test_a_reload_before_kustomer_answered(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    sent, _ = held_describe(page, kustomer_stub)
    page.reload()
    expect_resumed(page, kustomer_stub, sent)


@pytest.mark.engines(runners=False)
def test_an_outage_is_outlasted_with_a_bounded_number_of_tries(page, make_page, kustomer_stub):
    """Describes fail with a network error for 25 s (Playwright's clock); when the network
    is back the waiting describe goes at once: described once, a handful of tries."""
    page.clock.install()
    boot_ready(page, make_page())
    page.evaluate(SEEN)
    kustomer_stub.fail_next("describeConversation", "network error", times=1000)
    conversation = kustomer_stub.create_conversation("on a train")
    page.wait_for_function("window.seen.includes('describeDelayed')")
    for _ in range(25):
        page.clock.fast_forward(1000)
        page.wait_for_timeout(20)  # lets due retries run: more time, never fewer tries
    kustomer_stub.fail_next("describeConversation", times=0)  # the network is back
    page.evaluate("dispatchEvent(new Event('online'))")
    page.wait_for_function("window.seen.includes('describeSent')")
    tries = kustomer_stub.calls("describeConversation")
    assert 2 <= len(tries) <= 7, len(tries)  # 1 s, 2 s, 4 s, 8 s, 16 s at most: no hammering
    assert page.evaluate("window.seen") == ["describeDelayed", "describeSent"]
    assert tries[-1]["args"][0]["conversationId"] == conversation and "error" not in tries[-1]


def test_storage_that_cannot_be_used_keeps_describes_in_memory(
    page, make_page, kustomer_stub, guard
):
    page.add_init_script(
        "Object.defineProperty(window, 'sessionStorage', {get() { throw new DOMException("
        "'The operation is insecure.', 'SecurityError'); }})"
    )
    boot_ready(page, make_page())
    conversation = kustomer_stub.create_conversation("in a sandboxed iframe")
    kustomer_stub.expect_described(conversation)
    wait_for_console(page, guard, "describes are kept in this page's memory only")


@pytest.mark.engines(runners=False)
def test_a_boot_module_that_failed_to_load_is_loaded_again(page, make_page, kustomer_stub, guard):
    guard.expect_console(r"the bridge's boot module did not load \(.*\); trying again")
    # the browser's own lines about the failed request (Chromium: its status; Firefox: its URL)
    guard.expect_console(r"status of 503|kustomer-bridge-boot\.\w+\.mjs")
    failures = []

    def once_503(route):
        if failures:
            return route.continue_()
        failures.append(route.request.url)
        route.fulfill(status=503, body="busy", headers={"Access-Control-Allow-Origin": "*"})

    page.context.route(BOOT_MODULE, once_503)
    page.goto(make_page())
    wait_for_python(page)
    conversation = kustomer_stub.create_conversation("after a blip")
    kustomer_stub.expect_described(conversation)
    assert len(failures) == 1


@pytest.mark.engines()
def test_a_core_that_fails_after_boot_is_started_again(page, make_page, kustomer_stub, guard):
    """The core fails (a wasm trap) on the batch carrying a page's request, while a describe
    waits for Kustomer's answer: said once; a new core answers the request, resumes the
    kept describe, and describes the next conversation with what the request set."""
    guard.expect_console(r"the Python core failed \(.*a test's trap.*\); it is started again")
    page.add_init_script(FAIL_THE_CORE)
    boot_ready(page, make_page())
    kustomer_stub.fault("describeConversation", "hold")
    waiting = kustomer_stub.create_conversation("before the trap")
    kustomer_stub.wait_for_call("describeConversation")
    page.evaluate(
        "failTheCoreOnce(); window.asked = kustomerBridge.setAttributes({orderNumberStr: 'A-1'})"
    )
    page.evaluate("window.asked")  # answered by the new core
    kustomer_stub.expect_described(waiting)
    later = kustomer_stub.create_conversation("after the trap")
    kustomer_stub.expect_described(later, {"orderNumberStr": "A-1"})
    kustomer_stub.release("describeConversation")  # the first core's call: its answer is dropped
    page.wait_for_function("%s === '[]'" % KEPT)


def test_a_describe_under_way_in_one_frame_is_not_resumed_by_another(
    page, make_page, kustomer_stub, guard
):
    """A frame of the same site, in the same tab, reads the tab's kept describes while the
    page that began one still waits for Kustomer's answer: it leaves it to that page (a Web
    Lock per describe), and the describe is sent once."""
    frame_page = make_page()
    boot_ready(page, make_page())
    sent, conversation = held_describe(page, kustomer_stub)
    page.evaluate(
        "(url) => document.body.append(Object.assign(document.createElement('iframe'), "
        "{src: url}))",
        frame_page,
    )
    wait_for_console(page, guard, "is under way in another page", timeout=60000)
    kustomer_stub.release("describeConversation")
    kustomer_stub.expect_described(conversation)
    assert kustomer_stub.expect_call("describeConversation", times=1)[0]["args"][0] == sent
