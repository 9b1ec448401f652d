#!/usr/bin/env python3
"""What the bridge costs a page, next to Kustomer's plain JavaScript recipe.

    scripts/dev.sh bench [--loads N]      (or: .venv/bin/python bench/run.py)

Six pages, identical but for the integration: the recipe from Kustomer's docs (start, then
an onConversationCreate listener calling describeConversation with url and title), and the
bridge as kustomer_bridge.html renders it, on MicroPython and on Pyodide, each in a worker
runner (the default) and on the main thread (data-runner="main"), plus the MicroPython tag
alone, without Kustomer's tag after it (what that tag buys).

Each cold load is first a visit that never chats (until the network is idle after chat is
ready: the bridge loads Python on demand, so nothing but its loader), then a visit that
chats: the visitor opens chat and a conversation is created at once; measured until it is
described. Renderer memory is the private memory (USS) of the renderer processes the load
started (the page's, its workers' and frames'), read from /proc after a garbage collection
in the page and in its workers.

Pages, dist/ and the stub SDK (as Kustomer's widget.js, 300 ms load latency) come from three
gzip-serving local servers: three origins, as with the shop, our CDN and Kustomer's. No
request goes through Playwright's interception (page.route), which pauses every request of
a page for a round trip to the driver: the bridge makes one request more than the recipe
before widget.js, so that would charge it a cost no real page pays. Prints a table and
writes docs/benchmarks.md and the README's cost summary: nothing in either is written by hand.
"""

import statistics
import sys
import tempfile
from pathlib import Path

from harness import (
    DIST,
    INSTRUMENT_DESCRIBE,
    OPEN_AND_CREATE,
    PAGE,
    RECIPE,
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
from report import markdown, numbers_of, percentile, summary, write_readme_summary

# Each bridge page is what kustomer_bridge.html renders (as Flask, Django and static pages
# get it): Kustomer's tag, then the bridge's, which starts it; "mpy-one-tag" is the bridge's
# tag alone (it injects widget.js).
KINDS = {
    "recipe": ("plain JS recipe", None),
    "mpy": ("MicroPython, worker", {"runtime": "mpy"}),
    "py": ("Pyodide, worker", {"runtime": "py"}),
    "mpy-main": ("MicroPython, main thread", {"runtime": "mpy", "runner": "main"}),
    "py-main": ("Pyodide, main thread", {"runtime": "py", "runner": "main"}),
    "mpy-one-tag": ("MicroPython, worker, bridge tag alone", {"runtime": "mpy", "alone": True}),
}
OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => list.getEntries().forEach(entry =>
  window.__longTasks.push([entry.startTime, entry.duration]))).observe({type: "longtask"});
window.KustomerStubConfig = {loadLatencyMs: 300};
"""
# Each create, then its describe (synchronous on the recipe, a round trip to the core else).
LATENCY = """async () => {
  const out = [];
  for (let i = 0; i < 200; i++) {
    const before = performance.now();
    const described = new Promise((done) => { window.__waiting = [null, done]; });
    window.__waiting[0] = KustomerStub.createConversation("latency " + i);
    const seen = window.__describes.find(([, id]) => id === window.__waiting[0]);
    out.push((seen ? seen[0] : await described) - before);
  }
  return out;
}"""
# Bundle files fetched before Kustomer's start callback: only the main thread can fetch
# then (the core boots afterwards), so its Resource Timing sees them all.
BEFORE_START = """(origin) => performance.getEntriesByType("resource").filter((r) =>
  r.name.startsWith(origin) && r.startTime < KustomerStub.startedAt).map((r) => r.name)"""


def bundle_files(fetched, dist_url):
    return sorted({name[len(dist_url) :] for name in fetched if name.startswith(dist_url)})


def cold_load(browser, url, dist_url, kind):
    """One load in a fresh context, as a visit that never chats (until the network is idle
    after chat is ready): the bundle's files, those fetched before the start callback,
    chat-ready time, the main thread's long tasks, renderer memory. Then the visitor opens
    chat and a conversation is created at once: until it is described, Python took over,
    and the files and memory then."""
    before = set(renderer_pids())
    context = browser.new_context()
    fetched = []
    context.on("request", lambda request: fetched.append(request.url))
    page = context.new_page()
    page.add_init_script(OBSERVE_LONG_TASKS)
    page.goto(url)
    page.wait_for_function(
        "window.KustomerStub && KustomerStub.startedAt !== undefined", timeout=60000
    )
    if kind != "recipe":
        page.evaluate("kustomerBridge.ready")
    page.wait_for_load_state("networkidle")
    result = {
        "ready_ms": page.evaluate("KustomerStub.startedAt"),
        "idle_files": bundle_files(fetched, dist_url),
        "idle_memory_mb": memory_mb(page, before),
        "before_start": sorted(
            name[len(dist_url) :] for name in page.evaluate(BEFORE_START, dist_url)
        ),
    }
    result.update(chat(page, kind, before))
    result["files"] = bundle_files(fetched, dist_url)
    tasks = page.evaluate("window.__longTasks")  # the whole visit: load, then chat
    result.update(
        {
            "long_tasks": len(tasks),
            "longest_task_ms": max([duration for _, duration in tasks], default=0.0),
            "tbt_ms": sum(max(0.0, duration - 50) for _, duration in tasks),
        }
    )
    return context, page, result


def chat(page, kind, before):
    """The visitor opens chat; a conversation is created at once."""
    page.evaluate(INSTRUMENT_DESCRIBE)
    times = page.evaluate(OPEN_AND_CREATE)
    if kind != "recipe":
        page.wait_for_function("window.kustomerBridge.runtime", timeout=60000)
    boot_ms = page.evaluate("window.kustomerBridge ? kustomerBridge.bootMs : null")
    page.wait_for_timeout(300)
    return {
        "open_to_described_ms": times["described"] - times["opened"],
        "open_to_python_ms": None if boot_ms is None else boot_ms - times["opened"],
        "chat_memory_mb": memory_mb(page, before),
        "runner": page.evaluate("window.kustomerBridge && kustomerBridge.runner") or "",
    }


def latency_and_burst(page):
    """Python is up (chat() ran): each create's describe, then 1,000 in a loop."""
    page.evaluate("window.__describes = []")
    latencies = page.evaluate(LATENCY)
    page.evaluate("window.__describes = []")
    started = page.evaluate("performance.now()")
    page.evaluate("() => { for (let i = 0; i < 1000; i++) KustomerStub.createConversation('b'); }")
    page.wait_for_function("window.__describes.length >= 1000", timeout=60000)
    page.wait_for_timeout(300)
    describes = page.evaluate("window.__describes")
    return {
        "latency_median_ms": statistics.median(latencies),
        "latency_p95_ms": percentile(latencies, 0.95),
        "burst_calls": len(describes),
        "burst_unique": len({conversation for _, conversation in describes}),
        "burst_ms": max(time for time, _ in describes) - started,
    }


def heap_growth(page, kind):
    """JS heap (after GC) after 50 stop/start cycles, minus after the first."""
    cdp = page.context.new_cdp_session(page)
    page.evaluate("KustomerStub.configure({startLatencyMs: 0})")
    restart = "() => new Promise(done => Kustomer.stop(() => %s))" % (
        "startChat(done)" if kind == "recipe" else "Kustomer.start({}, done)"
    )

    def heap():
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"]

    page.evaluate(restart)
    first = heap()
    for _ in range(49):
        page.evaluate(restart)
    page.wait_for_timeout(200)
    listeners = page.evaluate("KustomerStub.listenerCounts")
    return {"heap_growth_kb": (heap() - first) / 1024, "listeners_after": listeners}


def run(loads):
    build_dist(DIST)
    site = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    kustomer = Path(tempfile.mkdtemp(prefix="kb-bench-kustomer-"))
    (kustomer / "widget.js").write_bytes(Path(stub_path()).read_bytes())
    _, dist_url = serve(DIST)
    _, site_url = serve(site)
    _, kustomer_url = serve(kustomer)
    site_url = site_url.replace("127.0.0.1", "localhost")  # another origin, as with a CDN
    widget = kustomer_url + "widget.js"
    (site / "recipe.html").write_text(PAGE.format(integration=RECIPE.replace("{widget}", widget)))
    urls = {"recipe": site_url + "recipe.html"}
    for kind, (_, options) in KINDS.items():
        if options:
            (site / ("bridge-%s.html" % kind)).write_text(
                PAGE.format(integration=bridge_page_tag(dist_url, widget, **options))
            )
            urls[kind] = site_url + "bridge-%s.html" % kind
    report = {kind: [] for kind in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**with_system_chromium({"headless": True}))
        version = browser.version
        for index in range(loads):  # interleaved, so that drift in the machine hits all alike
            for kind, url in urls.items():
                context, page, result = cold_load(browser, url, dist_url, kind)
                report[kind].append(result)
                if index == loads - 1:
                    result.update(latency_and_burst(page))
                    result.update(heap_growth(page, kind))
                context.close()
                print(
                    "  %-8s load %d: chat ready %.0f ms, %d files, longest task %.0f ms"
                    % (
                        kind,
                        index + 1,
                        result["ready_ms"],
                        len(result["files"]),
                        result["longest_task_ms"],
                    ),
                    flush=True,
                )
        browser.close()
    return report, version


def main(argv=None):
    def text_of(loads):
        report, version = run(loads)
        numbers = numbers_of(report)
        write_readme_summary(summary(numbers))
        labels = {kind: label for kind, (label, _) in KINDS.items()}
        return markdown(numbers, labels, version, loads)

    return bench_command(__doc__, "loads", 7, "benchmarks.md", text_of, argv)


if __name__ == "__main__":
    sys.exit(main())
