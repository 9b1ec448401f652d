"""Sites that navigate without reloading: a router swaps the body (the README's "Sites that
navigate without reloading"). With the real routers, pinned in package.json and served from
the test site's origin: htmx 2 (hx-boost, history restored from its cache) and Turbo 8
(Drive, its snapshot cache on Back); the bridge's tag in <head> and at the end of <body>.

After each navigation Kustomer's frame is on the page again, once (the bridge restarts
Kustomer when the swap took it), the next conversation is described once with the page it
was created on, Kustomer has one listener per event and Python booted once."""

import shutil
from pathlib import Path

import pytest

from pages import boot_ready

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
ROUTERS = {
    "htmx": ("htmx.org/dist/htmx.min.js", ' hx-boost="true"'),
    "turbo": ("@hotwired/turbo/dist/turbo.es2017-umd.js", ""),
}
COUNT_BOOTS = """
window.boots = 0;
addEventListener("kustomer-bridge:booted", () => window.boots++);
"""
# Kustomer's frame is on the page once, and Kustomer has called back the start that put it there.
CHAT_SHOWN = """() => window.KustomerStub && KustomerStub.ready &&
  document.querySelectorAll("#kustomer-ui-sdk-iframe").length === 1 &&
  document.getElementById("kustomer-ui-sdk-iframe").isConnected"""


@pytest.fixture(scope="session")
def router_scripts(site):
    """Each router's script, copied from node_modules to the site's origin; its URL."""
    folder, base = site
    urls = {}
    for name, (path, _) in ROUTERS.items():
        shutil.copy(NODE_MODULES / path, folder / ("%s.js" % name))
        urls[name] = "%s%s.js" % (base, name)
    return urls


@pytest.fixture(params=["head", "body"])
def two_pages(request, site, site_page, bridge_tag, router_scripts):
    """For a router, with the bridge's tag in <head> or <body> (the parameter): page A
    linking to page B, each declaring its own order number; returns write(router) -> (A, B)."""
    folder, base = site

    def page(router, name, link=""):
        tag = bridge_tag()
        script = '<script src="%s"></script>' % router_scripts[router]
        content = (
            '<main><h1>Page %s</h1><span data-kustomer-attribute="orderNumberStr">%s-1</span>'
            "%s</main>" % (name, name, link)
        )
        in_head = request.param == "head"
        url = site_page(content + ("" if in_head else tag), script + (tag if in_head else ""))
        file = folder / url[len(base) :]
        file.write_text(file.read_text().replace("<body>", "<body%s>" % ROUTERS[router][1]))
        return url

    def write(router):
        b = page(router, "B")
        return page(router, "A", '<a id="next" href="%s">to B</a>' % b), b

    return write


def conversation_on(page, heading, count):
    """Once the page shows ``heading`` and chat, a conversation: described once, with what."""
    page.wait_for_function(
        "(text) => document.querySelector('h1')?.textContent === text", arg=heading
    )
    page.wait_for_function(CHAT_SHOWN)
    made = page.evaluate("KustomerStub.createConversation('on ' + location.pathname)")
    page.wait_for_function(
        "(count) => KustomerStub.calls.filter(c => c.method === 'describeConversation')"
        ".length === count",
        arg=count,
    )
    described = page.evaluate(
        "KustomerStub.calls.filter(c => c.method === 'describeConversation').at(-1).args[0]"
    )
    assert described["conversationId"] == made
    return described["customAttributes"]


@pytest.mark.engines(runners=False)
@pytest.mark.parametrize("router", ["htmx", "turbo"])
def test_chat_stays_through_a_body_swap_and_back(page, two_pages, router):
    a, b = two_pages(router)
    page.add_init_script(COUNT_BOOTS)
    boot_ready(page, a)
    page.click("#next")
    on_b = conversation_on(page, "Page B", 1)
    assert (on_b["pageUrl"], on_b["orderNumberStr"]) == (b, "B-1")
    page.go_back()
    on_a = conversation_on(page, "Page A", 2)
    assert (on_a["pageUrl"], on_a["orderNumberStr"]) == (a, "A-1")
    counts = page.evaluate("KustomerStub.listenerCounts")
    assert counts and set(counts.values()) == {1}, counts
    assert page.evaluate("window.boots") == 1
    starts = page.evaluate("KustomerStub.calls.filter(c => c.method === 'start').length")
    assert starts == 3  # the first, then one per swap that took the frame
