"""Conversations created before Python took over are described once, with their own page.

Kustomer can finish starting well before Python boots (~0.4 s on MicroPython, 2-3 s on
Pyodide, more on slow phones), and it does not replay events. The loader listens from the
moment start completes, keeps each event with the page snapshot of its moment, and hands
them over in order when Python takes over; then it hands over each new one at once. Each test
holds the boot module's request, so Python cannot take over until the test says so.
"""

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL

from pages import hold_boot_module, wait_for_python

CREATE_ON_PATHS = """(paths) => Object.fromEntries(paths.map((path) => {
  history.pushState({}, "", path);
  return [KustomerStub.createConversation("on " + path), path];
}))"""
PAGE_STARTS_KUSTOMER = (
    '<script>addEventListener("kustomerLoaded", () => Kustomer.start({brandId: "p"}))</script>'
    '<script src="%s" data-kustomer-api-key="k"></script>' % WIDGET_URL
)


def described_pages(stub):
    return {
        options["conversationId"]: options["customAttributes"]["pagePathStr"]
        for options in stub.described()
    }


def create_before_and_after_takeover(page, stub, paths):
    """Create conversations on ``paths`` while Python is held, then one more after it took
    over (the marker); each must be described exactly once, with its own page."""
    page.wait_for_function("KustomerStub.listenerCounts.onConversationCreate === 1")
    made = page.evaluate(CREATE_ON_PATHS, paths)
    assert page.evaluate("kustomerBridge.runtime") is None  # Python has not taken over
    return made


def finish_takeover(page, stub, release, made):
    release()
    wait_for_python(page)
    stub.wait_for_call("describeConversation", count=len(made))
    marker = stub.create_conversation("after the takeover")
    stub.wait_for_call("describeConversation", count=len(made) + 1)
    assert described_pages(stub) == {**made, marker: list(made.values())[-1]}
    assert len(stub.calls("describeConversation")) == len(made) + 1
    assert page.evaluate("KustomerStub.listenerCounts.onConversationCreate") == 1


@pytest.mark.engines
# wait_until="commit": Firefox holds the load event while the boot module's import is held
def test_when_the_bridge_starts_kustomer(page, make_page, kustomer_stub):
    release = hold_boot_module(page)
    page.goto(make_page(), wait_until="commit")
    kustomer_stub.wait_until_ready()
    made = create_before_and_after_takeover(page, kustomer_stub, ["/early/a", "/early/b"])
    finish_takeover(page, kustomer_stub, release, made)


@pytest.mark.engines
def test_when_the_page_starts_kustomer(page, make_page, kustomer_stub):
    release = hold_boot_module(page)
    page.goto(
        make_page(head=PAGE_STARTS_KUSTOMER, attrs={"data-kustomer-api-key": None}),
        wait_until="commit",
    )
    kustomer_stub.wait_until_ready()
    made = create_before_and_after_takeover(page, kustomer_stub, ["/early/a", "/early/b"])
    finish_takeover(page, kustomer_stub, release, made)
    assert len(kustomer_stub.calls("start")) == 1


@pytest.mark.kustomer(load_latency_ms=0, start_latency_ms=0)
def test_when_the_tag_runs_after_the_page_started_kustomer(
    page, site_page, dist_url, kustomer_stub, runtime
):
    """Nobody calls back any more: the loader finds the completed start by probing."""
    release = hold_boot_module(page)
    page.goto(site_page(head=PAGE_STARTS_KUSTOMER), wait_until="commit")
    kustomer_stub.wait_until_ready()
    page.evaluate(
        """([src, runtime]) => { const tag = document.createElement("script");
        tag.src = src; tag.dataset.runtime = runtime; document.body.appendChild(tag); }""",
        [dist_url + "kustomer-bridge.js", runtime],
    )
    page.wait_for_function("window.__kustomerBridge__ && __kustomerBridge__.sdk.start === 'done'")
    made = create_before_and_after_takeover(page, kustomer_stub, ["/probed/a"])
    finish_takeover(page, kustomer_stub, release, made)


@pytest.mark.kustomer(start_latency_ms=0)
def test_across_a_stop_and_start_before_python_took_over(page, make_page, kustomer_stub):
    release = hold_boot_module(page)
    page.goto(make_page(), wait_until="commit")
    kustomer_stub.wait_until_ready()
    made = create_before_and_after_takeover(page, kustomer_stub, ["/before-stop"])
    page.evaluate("() => new Promise(done => Kustomer.stop(() => Kustomer.start({}, done)))")
    made.update(create_before_and_after_takeover(page, kustomer_stub, ["/after-restart"]))
    finish_takeover(page, kustomer_stub, release, made)
