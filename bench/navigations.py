#!/usr/bin/env python3
"""A site that navigates without reloading: 200 htmx navigations, next to the plain recipe.

    scripts/dev.sh bench-navigations [--navigations N]   (or: .venv/bin/python bench/navigations.py)

Two pages linking each other, the body boosted by htmx 2 (hx-boost, from node_modules), each
integration's tags in <head>: Kustomer's plain JavaScript recipe (its chat is gone after the
first swap: nothing restarts it), the same recipe restarted by the site after each swap, and
the bridge as kustomer_bridge.html renders it, on MicroPython and on Pyodide. The visitor
clicks from page to page; but with the plain recipe, whose chat is gone, every 20th
navigation a conversation is created and described. After
the first 20 navigations and after the last: the page's JavaScript heap and the private memory
of its renderers (the page's and its worker's, Python's memory included), after a garbage
collection, without the stub's own call log. Flat is the goal: what the last 180 navigations
added, next to the restarted recipe's. Writes docs/benchmarks-navigations.md.
"""

import datetime
import sys
import tempfile
from pathlib import Path

from harness import (
    DIST,
    ROOT,
    bench_command,
    bridge_page_tag,
    build_dist,
    memory_mb,
    renderer_pids,
    serve,
    stub_path,
    with_system_chromium,
)
from playwright.sync_api import sync_playwright

HTMX = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Page {name}</title><script src="htmx.js"></script>{integration}</head>
<body hx-boost="true"><h1>Page {name}</h1><a id="next" href="{other}.html">to {other}</a>
</body></html>"""
RECIPE = """<script>
  function describe(response) {
    Kustomer.describeConversation({conversationId: response.conversationId,
      customAttributes: {pageUrl: location.href}});
  }
  function startChat() {
    Kustomer.start({brandId: "brand-1"}, function () {
      Kustomer.addListener("onConversationCreate", describe);
    });
  }
  addEventListener("kustomerLoaded", startChat);
  {restart}
</script>
<script src="{widget}" data-kustomer-api-key="k"></script>"""
# What a site would write to keep the recipe's chat: stop and start again after each swap.
RESTART = """document.addEventListener("htmx:afterSwap", function () {
    Kustomer.stop();
    startChat();
  });"""
KINDS = {
    "recipe": "plain JS recipe",
    "recipe-restart": "plain JS recipe, restarted by the site after each swap",
    "mpy": "MicroPython, worker",
    "py": "Pyodide, worker",
}
RECIPES = {"recipe": "", "recipe-restart": RESTART}
DESCRIBES = "KustomerStub.calls.filter(c => c.method === 'describeConversation').length"
CONVERSATION_EVERY = 20


def write_pages(site, kind, dist_url, widget):
    if kind in RECIPES:
        integration = RECIPE.replace("{widget}", widget).replace("{restart}", RECIPES[kind])
    else:
        integration = bridge_page_tag(dist_url, widget, runtime=kind)
    for name, other in (("a", "b"), ("b", "a")):
        (site / ("%s-%s.html" % (kind, name))).write_text(
            PAGE.format(name=name, other="%s-%s" % (kind, other), integration=integration)
        )


def measure(page, cdp, before):
    """The page's JavaScript heap and its renderers' private memory, after a garbage
    collection; the stub's own call log (two entries per restart) dropped first."""
    page.evaluate("KustomerStub.reset()")
    memory = memory_mb(page, before)
    heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 1024 / 1024
    return {"heap_mb": heap, "memory_mb": memory}


def navigate(page, kind, number):
    """One click to the other page; with the bridge, until chat is back on it. Returns how
    many conversations were described (each once, before the next navigation)."""
    heading = "Page a" if number % 2 == 0 else "Page b"
    page.click("#next")
    shown = "(text) => document.querySelector('h1').textContent === text"
    page.wait_for_function(shown, arg=heading)
    if kind == "recipe":
        return 0  # its chat went with the first swap: no conversation can be created
    page.wait_for_function(
        "() => KustomerStub.ready && document.querySelectorAll('#kustomer-ui-sdk-iframe')"
        ".length === 1"
    )
    if number % CONVERSATION_EVERY:
        return 0
    count = page.evaluate(DESCRIBES)
    page.evaluate("KustomerStub.createConversation('navigation %d')" % number)
    page.wait_for_function("(count) => %s === count" % DESCRIBES, arg=count + 1)
    return 1


def visit(browser, url, kind, navigations):
    before = set(renderer_pids())
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.KustomerStub && KustomerStub.ready", timeout=60000)
    page.evaluate("KustomerStub.configure({startLatencyMs: 0})")
    cdp = context.new_cdp_session(page)
    result = {"described": 0}
    for number in range(1, navigations + 1):
        result["described"] += navigate(page, kind, number)
        if number == CONVERSATION_EVERY:
            result["first"] = measure(page, cdp, before)
    result["last"] = measure(page, cdp, before)
    result["chat_on_page"] = page.evaluate(
        "document.querySelectorAll('#kustomer-ui-sdk-iframe').length === 1"
    )
    result["listeners"] = page.evaluate("KustomerStub.listenerCounts")
    context.close()
    return result


def run(navigations):
    build_dist(DIST)
    site = Path(tempfile.mkdtemp(prefix="kb-bench-nav-"))
    kustomer = Path(tempfile.mkdtemp(prefix="kb-bench-nav-kustomer-"))
    (kustomer / "widget.js").write_bytes(Path(stub_path()).read_bytes())
    (site / "htmx.js").write_bytes(HTMX.read_bytes())
    _, dist_url = serve(DIST)
    _, site_url = serve(site)
    _, kustomer_url = serve(kustomer)
    site_url = site_url.replace("127.0.0.1", "localhost")
    report = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**with_system_chromium({"headless": True}))
        for kind in KINDS:
            write_pages(site, kind, dist_url, kustomer_url + "widget.js")
            report[kind] = visit(browser, site_url + kind + "-a.html", kind, navigations)
            print("  %-6s %s" % (kind, report[kind]), flush=True)
        version = browser.version
        browser.close()
    return report, version


def markdown(report, version, navigations):
    recipe = report["recipe-restart"]
    rows = []
    for kind, label in KINDS.items():
        result = report[kind]
        grew = {
            measure: result["last"][measure] - result["first"][measure]
            for measure in ("heap_mb", "memory_mb")
        }
        rows.append(
            "| %s | %s | %.2f MB | %+.2f MB | %+.2f MB | %.1f MB | %+.1f MB | %s | %d |"
            % (
                label,
                "yes" if result["chat_on_page"] else "no",
                result["last"]["heap_mb"],
                grew["heap_mb"],
                grew["heap_mb"] - (recipe["last"]["heap_mb"] - recipe["first"]["heap_mb"]),
                result["last"]["memory_mb"],
                grew["memory_mb"],
                ", ".join("%s %d" % item for item in sorted(result["listeners"].items())) or "none",
                result["described"],
            )
        )
    return "\n".join(
        [
            "# Benchmarks: a site that navigates without reloading",
            "",
            "Written by `bench/navigations.py` on %s, %s, %d htmx navigations (hx-boost), a "
            "conversation every %d. Memory is measured after navigation %d and after the last."
            % (datetime.date.today(), version, navigations, CONVERSATION_EVERY, CONVERSATION_EVERY),
            "",
            "The plain recipe loses chat at the first swap; its growth is htmx's own (its "
            "history cache). The recipe a site restarts after each swap (stop, then start, on "
            "htmx:afterSwap), as the bridge does by itself, is the baseline of the column "
            "'minus the restarted recipe's'.",
            "",
            "| integration | chat on the page at the end | JS heap | JS heap, last %d navigations "
            "| the same, minus the restarted recipe's | renderer memory | renderer memory, last %d "
            "| Kustomer listeners | described |" % ((navigations - CONVERSATION_EVERY,) * 2),
            "|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def main(argv=None):
    return bench_command(
        __doc__,
        "navigations",
        200,
        "benchmarks-navigations.md",
        lambda n: markdown(*run(n), n),
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
