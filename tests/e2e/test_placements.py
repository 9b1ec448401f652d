"""Every placement of the tag the README documents, loaded exactly as written.

The README's table "Where to put the tag" has one row per placement; each is a test here. A
conversation created 30 ms after the start callback (the page's own, or the stub's when the
bridge starts Kustomer) must be described exactly once, like a marker conversation created
after Python took over; Kustomer must be started exactly once. Where a placement cannot see
early conversations (the tag runs after the page's start), the test holds the loader's
request to create one before the bridge runs, and shows that only the later ones are
described. Each runs under both runtimes: Python describes what the loader kept. That a key
on the tag changes nothing where the page starts Kustomer is the loader's decision alone:
those tests hold Python back and read what the loader keeps for it, under one runtime.
"""

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

from pages import (
    PYTHON_NEVER_RUNS,
    STORED,
    boot_ready,
    hold,
    hold_boot_module,
    ready_state,
    wait_for_python,
)

# Kustomer's documented snippet; its start callback creates a conversation 30 ms later.
SNIPPET = (
    "<script>addEventListener('kustomerLoaded', () => Kustomer.start({brandId: 'site'}, () => {"
    " window.pageStarted = true; setTimeout(() => {"
    " window.early = KustomerStub.createConversation('30 ms after the start callback'); }, 30);"
    " }));</script>"
)
WIDGET = '<script src="%s" data-kustomer-api-key="site-key"%%s></script>' % WIDGET_URL
# The bridge starts Kustomer: a conversation 30 ms after the stub's start callback.
EARLY_AFTER_STUB_START = (
    "<script>addEventListener('kustomerLoaded', () => { const wait = () => KustomerStub.ready"
    " ? setTimeout(() => { window.early = KustomerStub.createConversation('30 ms after the"
    " start callback'); }, 30) : setTimeout(wait, 5); wait(); });</script>"
)


def kept_early(page):
    """The conversations the loader keeps for Python (sessionStorage), once stored."""
    page.wait_for_function("() => %s !== null" % STORED["early"])
    return page.evaluate(
        "JSON.parse(%s).map(([payload]) => payload.conversationId)" % STORED["early"]
    )


def assert_early_and_marker_described_once(page, stub):
    page.wait_for_function("window.early !== undefined")
    marker = stub.create_conversation("the marker, after Python took over")
    stub.wait_for_call("describeConversation", count=2)
    assert stub.described_ids() == [page.evaluate("window.early"), marker]
    assert len(stub.calls("start")) == 1


# (head, body before the tag, body after the tag, is the tag deferred)
PAGE_STARTS_KUSTOMER = {
    "tag, snippet, widget.js": ("", "", SNIPPET + WIDGET % "", False),
    "tag, snippet, widget.js, both deferred": ("", "", SNIPPET + WIDGET % " defer", True),
    "snippet in head, tag in body before widget.js": (SNIPPET, "", WIDGET % "", False),
}


@pytest.mark.engines(runners=False)  # the loader's own logic: one runner
@pytest.mark.parametrize("placement", sorted(PAGE_STARTS_KUSTOMER))
def test_the_tag_before_the_pages_own_kustomer_sees_every_conversation(
    page, make_page, kustomer_stub, runtime, placement
):
    head, before, after, defer = PAGE_STARTS_KUSTOMER[placement]
    attrs = {"data-kustomer-api-key": None}
    url = make_page(head=head, before_tag=before, after_tag=after, attrs=attrs, defer=defer)
    boot_ready(page, url)
    assert page.evaluate("window.pageStarted") is True
    assert_early_and_marker_described_once(page, kustomer_stub)


@pytest.mark.engines(runners=False)
@PYTHON_NEVER_RUNS
@pytest.mark.parametrize("placement", sorted(PAGE_STARTS_KUSTOMER))
def test_with_a_key_too_the_bridge_attaches_to_the_pages_own_kustomer(
    page, make_page, kustomer_stub, placement
):
    """A tag that also carries a key still leaves the start to the page's widget.js."""
    hold_boot_module(page)
    head, before, after, defer = PAGE_STARTS_KUSTOMER[placement]
    attrs = {"data-kustomer-api-key": "site-key"}
    page.goto(make_page(head=head, before_tag=before, after_tag=after, attrs=attrs, defer=defer))
    page.wait_for_function("window.early !== undefined")
    assert kept_early(page) == [page.evaluate("window.early")]
    assert page.evaluate("__kustomerBridge__.sdk.mode") == "attach"
    assert len(kustomer_stub.calls("start")) == 1


@pytest.mark.parametrize("placement", ["tag alone", "tag alone, deferred", "the macro's tags"])
def test_the_bridge_starting_kustomer_sees_every_conversation(
    page, make_page, kustomer_stub, runtime, placement
):
    """The macro's tags: Kustomer's, then the bridge's, both deferred."""
    written = WIDGET.replace("site-key", "test-key") % " data-kustomer-bridge-widget defer"
    url = make_page(
        before_tag=EARLY_AFTER_STUB_START + (written if placement == "the macro's tags" else ""),
        defer=placement != "tag alone",
    )
    boot_ready(page, url)
    assert_early_and_marker_described_once(page, kustomer_stub)


def assert_only_the_later_conversations_described(page, stub):
    """window.early was created before the bridge ran: once the bridge has found the page's
    start, a conversation and a marker are described, and window.early never."""
    page.wait_for_function("window.__kustomerBridge__ && __kustomerBridge__.sdk.start === 'done'")
    after = stub.create_conversation("after the bridge found the start")
    wait_for_python(page)
    marker = stub.create_conversation("the marker")
    stub.wait_for_call("describeConversation", count=2)
    assert stub.described_ids() == [after, marker]
    assert ready_state(page) == "ready"
    assert len(stub.calls("start")) == 1


@pytest.mark.parametrize("defer", [False, True], ids=["plain", "deferred"])
def test_a_tag_after_the_pages_start_describes_what_comes_after_it_found_the_start(
    page, make_page, dist_url, kustomer_stub, runtime, defer
):
    """The loader's request is held, so the page's start completes and a conversation is
    created before the bridge runs: that one is never described, the later ones are."""
    release = hold(page, dist_url + "kustomer-bridge.js", "the loader")
    page.goto(make_page(before_tag=SNIPPET + WIDGET % "", defer=defer), wait_until="commit")
    page.wait_for_function("window.early !== undefined")  # created before the bridge ran
    release()
    assert_only_the_later_conversations_described(page, kustomer_stub)


def inject_the_tag_later(page, site_page, src, runtime, key=None):
    """A page that starts Kustomer, and a conversation created, before a tag manager adds
    the bridge's tag."""
    page.goto(site_page(SNIPPET + WIDGET % ""))
    page.wait_for_function("window.early !== undefined")  # before the tag manager ran
    page.evaluate(
        """([src, runtime, key]) => { const tag = document.createElement("script");
        tag.src = src; tag.dataset.runtime = runtime; tag.dataset.debug = "";
        if (key) tag.dataset.kustomerApiKey = key;
        document.body.appendChild(tag); }""",
        [src, runtime, key],
    )


@pytest.mark.engines(runners=False)  # the loader's own logic: one runner
def test_a_tag_injected_later_by_a_tag_manager(page, site_page, dist_url, kustomer_stub, runtime):
    inject_the_tag_later(page, site_page, dist_url + "kustomer-bridge.js", runtime)
    assert_only_the_later_conversations_described(page, kustomer_stub)


@pytest.mark.engines(runners=False)
@PYTHON_NEVER_RUNS
def test_a_tag_injected_later_with_a_key_finds_the_pages_start(
    page, site_page, dist_url, kustomer_stub, runtime
):
    """A key on the late tag does not make the bridge start Kustomer a second time."""
    hold_boot_module(page)
    inject_the_tag_later(page, site_page, dist_url + "kustomer-bridge.js", runtime, "site-key")
    page.wait_for_function("window.__kustomerBridge__ && __kustomerBridge__.sdk.start === 'done'")
    after = kustomer_stub.create_conversation("after the bridge found the start")
    assert kept_early(page) == [after]
    assert page.evaluate("__kustomerBridge__.sdk.mode") == "attach"
    assert len(kustomer_stub.calls("start")) == 1


@pytest.mark.parametrize("when", ["tag in the document", "tag injected after load"])
def test_no_key_and_no_kustomer_is_decided_at_the_load_event_and_said_once(
    page, site_page, make_page, dist_url, runtime, guard, when
):
    guard.expect_console("no data-kustomer-api-key and no Kustomer widget.js on the page")
    if when == "tag in the document":
        page.goto(make_page(attrs={"data-kustomer-api-key": None}, defer=False))
    else:
        page.goto(site_page("<p>no Kustomer here</p>"))
        page.evaluate(
            "(src) => { const tag = document.createElement('script'); tag.src = src;"
            " document.body.appendChild(tag); }",
            dist_url + "kustomer-bridge.js",
        )
        page.wait_for_function("window.kustomerBridge")
    assert ready_state(page) == (
        "KustomerUnavailable: Kustomer is unavailable: "
        "no data-kustomer-api-key and no Kustomer widget.js on the page"
    )
    assert page.evaluate("kustomerBridge.describeConversation('c1', {}).catch(e => e.name)") == (
        "KustomerUnavailable"
    )
    errors = [text for text in guard.console_texts("error") if "data-kustomer" in text]
    assert len(errors) == 1
