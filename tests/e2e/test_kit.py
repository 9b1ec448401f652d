"""The test kit a site gets (kustomer_bridge.pytest_plugin, kustomer_bridge.testing): strict by
default, every page of the context, assertions that wait and explain, declarative set-up, what
the SDK saw in a failing test's report, and --kustomer-live's check of what it needs.

Failure messages are checked as a site sees them: a failing test file run in a pytester
subprocess, in Chromium and Firefox."""

import re

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

# Kustomer's documented snippet; RACY calls describeConversation before start's callback.
SNIPPET = """<script>
addEventListener("kustomerLoaded", function () {
  Kustomer.start({brandId: "b"}, function () {
    Kustomer.addListener("onConversationCreate", function (response) {
      Kustomer.describeConversation({conversationId: response.conversationId,
        customAttributes: {orderNumberStr: "A-1001"}});
    });
  });%s
});
</script><script src="%s" data-kustomer-api-key="k"></script>"""
# The classic race: it waits until the SDK is there, not for start's callback.
RACY = """
  (function early() {
    if (typeof Kustomer.describeConversation !== "function") return setTimeout(early, 10);
    Kustomer.describeConversation({conversationId: "too-early", customAttributes: {}});
  })();"""
SITE_TESTS = """
import pytest


def page_with(page, html):
    fulfill = lambda route: route.fulfill(body=html, content_type="text/html")
    page.route("http://site.test/", fulfill)
    page.goto("http://site.test/")


def test_racy_page(page, kustomer_stub):
    page_with(page, %(racy)r)
    kustomer_stub.wait_until_ready()


@pytest.mark.kustomer(allow_dropped=True)
def test_racy_page_on_purpose(page, kustomer_stub):
    page_with(page, %(racy)r)
    kustomer_stub.wait_until_ready()


def test_a_conversation_described_otherwise(page, kustomer_stub):
    page_with(page, %(plain)r)
    conversation = kustomer_stub.create_conversation("hi")
    kustomer_stub.expect_described(conversation, {"orderNumberStr": "B-2"})
"""


def snippet_page(racy=""):
    return SNIPPET % (racy, WIDGET_URL)


def test_a_sites_failing_tests_say_what_the_sdk_saw(pytester):
    """Strict mode fails the racy page (in both engines), naming the dropped call, with the
    whole log in the report's kustomer section; allow_dropped lets it pass; a describe with
    other attributes says which and what was sent."""
    pytester.makepyfile(
        test_site=SITE_TESTS % {"racy": snippet_page(RACY), "plain": snippet_page()}
    )
    engines = ("--browser", "chromium", "--browser", "firefox")
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider", *engines)
    result.assert_outcomes(passed=2, failed=4)
    out = result.stdout.str()
    assert out.count("1 Kustomer call made before start()'s callback did nothing") >= 2
    dropped = 'describeConversation({"conversationId": "too-early", "customAttributes": {}})'
    assert dropped + "  DROPPED  (http://site.test/)" in out
    assert re.search(r"Every call the pages made:\n\+\d+ ms start\(", out)
    assert out.count(" kustomer ---") == 4  # the report section of each failing test
    assert "orderNumberStr: expected 'B-2', sent 'A-1001'" in out


def test_kustomer_live_without_credentials_says_what_is_missing(pytester, monkeypatch):
    monkeypatch.delenv("KUSTOMER_API_KEY", raising=False)
    monkeypatch.setenv("KUSTOMER_BRAND_ID", "brand")
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--kustomer-live")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR:")]
    assert errors == [
        "ERROR: --kustomer-live needs KUSTOMER_API_KEY and KUSTOMER_BRAND_ID in the "
        "environment (missing: KUSTOMER_API_KEY)"
    ]


@pytest.mark.engines
@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0, availability="offline")
def test_every_page_of_the_context_and_the_markers_options(page, site_page_url, kustomer_stub):
    """A popup and an iframe get the stub too, configured by the marker before they load;
    calls() says which page made each call."""
    framed = site_page_url(snippet_page())
    page.goto(site_page_url(snippet_page() + "<iframe src='%s'></iframe>" % framed))
    with page.expect_popup() as opened:
        page.evaluate("(url) => window.open(url)", site_page_url(snippet_page()))
    popup = opened.value
    in_popup = kustomer_stub.for_page(popup).create_conversation("from the popup")
    in_page = kustomer_stub.create_conversation("from the page")
    kustomer_stub.expect_described(in_popup, {"orderNumberStr": "A-1001"})
    kustomer_stub.expect_described(in_page)
    starts = kustomer_stub.calls("start")
    assert sorted(call["page"] for call in starts) == sorted([page.url, framed, popup.url])
    described = kustomer_stub.calls("describeConversation")
    by_page = {call["args"][0]["conversationId"]: call["page"] for call in described}
    assert by_page == {in_popup: popup.url, in_page: page.url}
    assert popup.evaluate("Kustomer.isChatAvailable()") == {"availability": "offline"}


@pytest.mark.engines
@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0)
def test_assertions_that_wait_and_explain(page, site_page_url, kustomer_stub):
    page.goto(site_page_url(snippet_page()))
    kustomer_stub.expect_no_call("describeConversation")
    conversation = kustomer_stub.create_conversation("hi")
    sent = kustomer_stub.expect_described(conversation, {"orderNumberStr": "A-1001"})
    assert sent == {"orderNumberStr": "A-1001"}
    assert len(kustomer_stub.expect_call("describeConversation", times=1)) == 1
    with pytest.raises(AssertionError) as missing:
        kustomer_stub.expect_described("conv-nobody", timeout=200)
    message = str(missing.value)
    assert message.startswith("conversation conv-nobody was not described within 200 ms")
    assert 'described instead:\n  %s {"orderNumberStr": "A-1001"}' % conversation in message
    with pytest.raises(AssertionError) as called:
        kustomer_stub.expect_no_call("describeConversation")
    assert "Kustomer.describeConversation was called 1 times, expected no call" in str(called.value)
    with pytest.raises(AssertionError) as twice:
        kustomer_stub.expect_call("describeConversation", times=2, timeout=200)
    assert "Kustomer.describeConversation was called 1 times within 200 ms, not 2" in str(
        twice.value
    )


@pytest.fixture
def site_page_url(site):
    """A page of the site origin with ``html`` as its body; returns its URL."""
    folder, base = site
    count = iter(range(1, 1000))

    def write(html):
        name = "kit-%d-%d.html" % (id(html) % 100000, next(count))
        (folder / name).write_text("<!doctype html><title>Kit</title>" + html)
        return base + name

    return write
