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

import argparse
import datetime
import gzip
import io
import json
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

import brotli
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bundle.dist import build_dist  # noqa: E402
from bundle.paths import DIST  # noqa: E402
from bundle.serve import Handler, make_server  # noqa: E402
from kustomer_bridge import stub_path  # noqa: E402
from kustomer_bridge.pytest_plugin import with_system_chromium  # noqa: E402
from kustomer_bridge.server.tag import chat_tag  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Order A-1001</title></head><body><h1>Order A-1001</h1>{integration}</body></html>"""
RECIPE = """<script>
  function describe(response) {
    Kustomer.describeConversation({conversationId: response.conversationId,
      customAttributes: {pageUrl: location.href, pageTitleStr: document.title}});
  }
  window.startChat = function (done) {
    Kustomer.start({brandId: "brand-1"}, function () {
      Kustomer.addListener("onConversationCreate", describe);
      if (done) done();
    });
  };
  window.addEventListener("kustomerLoaded", function () { startChat(); });
</script>
<script src="{widget}" data-kustomer-api-key="k"></script>"""
# Each bridge page is what kustomer_bridge.html renders (as Flask, Django and static pages
# get it): the bridge's tag, then Kustomer's for it to start; "mpy-one-tag" is the bridge's
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
INSTRUMENT_DESCRIBE = """() => {
  window.__describes = [];
  window.__waiting = null;
  const original = Kustomer.describeConversation;
  Kustomer.describeConversation = function (options) {
    const now = performance.now();
    window.__describes.push([now, options.conversationId]);
    const waiting = window.__waiting;
    if (waiting && waiting[0] === options.conversationId) waiting[1](now);
    return original.apply(this, arguments);
  };
}"""
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
# The visitor opens chat and a conversation is created at once: from then until Kustomer's
# describeConversation for it (INSTRUMENT_DESCRIBE), and until Python took over (bootMs).
OPEN_AND_CREATE = """async () => {
  const opened = performance.now();
  const described = new Promise((done) => { window.__waiting = [null, done]; });
  Kustomer.open();
  window.__waiting[0] = KustomerStub.createConversation("as chat opens");
  const seen = window.__describes.find(([, id]) => id === window.__waiting[0]);
  const at = seen ? seen[0] : await described;
  return {opened, described: at};
}"""
# Bundle files fetched before Kustomer's start callback: only the main thread can fetch
# then (the core boots afterwards), so its Resource Timing sees them all.
BEFORE_START = """(origin) => performance.getEntriesByType("resource").filter((r) =>
  r.name.startsWith(origin) && r.startTime < KustomerStub.startedAt).map((r) => r.name)"""


class GzipHandler(Handler):
    """Static files, gzip-encoded when the browser accepts it, visible to Resource Timing."""

    cache = {}

    def end_headers(self):
        self.send_header("Timing-Allow-Origin", "*")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        if path not in self.cache:
            self.cache[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
        body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory):
    server = make_server(directory, handler_class=GzipHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def spread(values):
    return "%s (%s to %s)" % (fmt(statistics.median(values)), fmt(min(values)), fmt(max(values)))


def fmt(value):
    return "%d" % value if float(value).is_integer() else "%.1f" % value


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def renderers():
    """{pid: private memory in KB} of each Chromium renderer process under this one."""
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(pid))
    found, stack = {}, [os.getpid()]
    while stack:
        for pid in children.get(stack.pop(), []):
            stack.append(pid)
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as cmdline:
                    if b"--type=renderer" not in cmdline.read():
                        continue
                with open("/proc/%d/smaps_rollup" % pid) as rollup:
                    found[pid] = sum(
                        int(line.split()[1])
                        for line in rollup
                        if line.startswith(("Private_Clean:", "Private_Dirty:"))
                    )
            except OSError:
                continue
    return found


def collect_garbage(page):
    """A full garbage collection in the page and in every worker of the browser: a worker's
    heap is its own, which the page's collection leaves as it is. A worker is reached
    through the browser's session (Target.sendMessageToTarget); its answer is awaited."""
    page.context.new_cdp_session(page).send("HeapProfiler.collectGarbage")
    browser = page.context.browser.new_browser_cdp_session()
    answered = set()
    browser.on("Target.receivedMessageFromTarget", lambda event: answered.add(event["sessionId"]))
    sessions = [
        browser.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})[
            "sessionId"
        ]
        for target in browser.send("Target.getTargets")["targetInfos"]
        if target["type"] == "worker"
    ]
    collect = json.dumps({"id": 1, "method": "HeapProfiler.collectGarbage"})
    for session in sessions:
        browser.send("Target.sendMessageToTarget", {"sessionId": session, "message": collect})
    for _ in range(1000):  # each round trip lets the answers in
        if answered >= set(sessions):
            break
        browser.send("Target.getTargets")
    browser.detach()


def memory_mb(page, before):
    """The renderers this load started (not in ``before``), after a garbage collection in
    the page and its workers."""
    collect_garbage(page)
    return sum(kb for pid, kb in renderers().items() if pid not in before) / 1024


def bundle_files(fetched, dist_url):
    return sorted({name[len(dist_url) :] for name in fetched if name.startswith(dist_url)})


def cold_load(browser, url, dist_url, kind):
    """One load in a fresh context, as a visit that never chats (until the network is idle
    after chat is ready): the bundle's files, those fetched before the start callback,
    chat-ready time, the main thread's long tasks, renderer memory. Then the visitor opens
    chat and a conversation is created at once: until it is described, Python took over,
    and the files and memory then."""
    before = set(renderers())
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


def bridge_page_tag(dist_url, widget, runtime, runner=None, alone=False):
    """The macro's output for this runtime and runner; only the bridge's tag if ``alone``."""
    tag = str(
        chat_tag(
            "k",
            dist_url + "kustomer-bridge.js",
            brand_id="brand-1",
            runtime=runtime,
            runner=runner,
            widget_src=widget,
        )
    )
    if alone:
        tag = "\n".join(
            line for line in tag.splitlines() if "data-kustomer-bridge-widget" not in line
        )
    return tag


def brotli_kb(files):
    """KB over the wire as a CDN serves dist/ files: brotli 11."""
    data = [(DIST / name.split("?")[0]).read_bytes() for name in files]
    return sum(len(brotli.compress(blob, quality=11)) for blob in data) / 1024


def measures(report):
    """Every measure, per kind: (label, {kind: text}) rows, and the numbers targets use."""
    recipe_ready = statistics.median(r["ready_ms"] for r in report["recipe"])
    recipe = {
        key: statistics.median(r[key] for r in report["recipe"])
        for key in ("idle_memory_mb", "chat_memory_mb")
    }
    numbers = {}
    for kind, runs in report.items():
        last = runs[-1]
        python_ms = [r["open_to_python_ms"] for r in runs if r["open_to_python_ms"] is not None]
        numbers[kind] = {
            "ratio": statistics.median(r["ready_ms"] for r in runs) / recipe_ready,
            "ready": spread([r["ready_ms"] for r in runs]),
            "idle_kb": brotli_kb(last["idle_files"]),
            "idle_added_mb": statistics.median(r["idle_memory_mb"] for r in runs)
            - recipe["idle_memory_mb"],
            "chat_added_mb": statistics.median(r["chat_memory_mb"] for r in runs)
            - recipe["chat_memory_mb"],
            "open_to_python": spread(python_ms) if python_ms else "-",
            "open_to_described_p95": percentile([r["open_to_described_ms"] for r in runs], 0.95),
            "open_to_described": spread([r["open_to_described_ms"] for r in runs]),
            "long_tasks": max(r["long_tasks"] for r in runs),
            "longest": spread([r["longest_task_ms"] for r in runs]),
            "tbt": spread([r["tbt_ms"] for r in runs]),
            "before_kb": brotli_kb(last["before_start"]),
            "total_kb": brotli_kb(last["files"]),
            "runtime_kb": brotli_kb([f for f in last["files"] if f.startswith("runtime/")]),
            **last,
            "file_count": len(last["files"]),
        }
    rows = [
        ("runner that ran the core", lambda n: n["runner"] or "-"),
        ("navigation -> start callback, ms", lambda n: n["ready"]),
        ("chat ready vs the recipe (median)", lambda n: "%.2fx" % n["ratio"]),
        (
            "main-thread long tasks > 50 ms, load and chat (most in a load)",
            lambda n: str(n["long_tasks"]),
        ),
        ("longest main-thread task, ms", lambda n: n["longest"]),
        ("total blocking time, ms", lambda n: n["tbt"]),
        ("bundle KB before the start callback (brotli 11)", lambda n: "%.1f" % n["before_kb"]),
        ("a visit that never chats: bundle KB (brotli 11)", lambda n: "%.1f" % n["idle_kb"]),
        (
            "a visit that never chats: renderer memory vs the recipe, MB",
            lambda n: "%+.1f" % n["idle_added_mb"],
        ),
        ("chat opened -> Python took over, ms", lambda n: n["open_to_python"]),
        ("chat opened, conversation created -> described, ms", lambda n: n["open_to_described"]),
        (
            "... p95 over the loads, ms",
            lambda n: "%.0f" % n["open_to_described_p95"],
        ),
        (
            "a visit that chats: renderer memory vs the recipe, MB",
            lambda n: "%+.1f" % n["chat_added_mb"],
        ),
        ("bundle KB once Python is up (brotli 11)", lambda n: "%.1f" % n["total_kb"]),
        ("... of which the runtime (runtime/), KB", lambda n: "%.1f" % n["runtime_kb"]),
        ("files from the bundle", lambda n: str(n["file_count"])),
        (
            "onConversationCreate -> describeConversation, median / p95 ms",
            lambda n: "%.2f / %.2f" % (n["latency_median_ms"], n["latency_p95_ms"]),
        ),
        (
            "1,000 conversations in a loop",
            lambda n: (
                "%d calls, %d unique, %.0f ms"
                % (n["burst_calls"], n["burst_unique"], n["burst_ms"])
            ),
        ),
        ("JS heap growth, 50 stop/start cycles, KB", lambda n: "%.0f" % n["heap_growth_kb"]),
        ("SDK listeners after the cycles", lambda n: json.dumps(n["listeners_after"])),
    ]
    return [(label, {k: show(n) for k, n in numbers.items()}) for label, show in rows], numbers


def at_most(measure, key, limits, show):
    """A target row: the number at ``key`` is at most the runtime's limit. ``limits``:
    {runtime: (limit, the goal as written), or None for no goal}; ``show``: its format."""
    goals = {runtime: limit[1] if limit else "-" for runtime, limit in limits.items()}

    def check(numbers, runtime):
        return limits[runtime] is None or numbers[key] <= limits[runtime][0]

    return (measure, goals, check, lambda numbers: show % numbers[key])


def both(limit, goal):
    return {"mpy": (limit, goal), "py": (limit, goal)}


# (measure, goal by runtime, check, show) for the worker runner, the default.
TARGETS = [
    at_most(
        "chat ready vs the plain recipe",
        "ratio",
        {"mpy": (1.03, "<= 1.03x"), "py": (1.05, "<= 1.05x")},
        "%.2fx",
    ),
    at_most(
        "main-thread long tasks > 50 ms caused by the bridge", "long_tasks", both(0, "0"), "%d"
    ),
    at_most(
        "bundle bytes before Kustomer's start callback", "before_kb", both(8, "<= 8 KB"), "%.1f KB"
    ),
    at_most("a visit that never chats: bundle bytes", "idle_kb", both(5, "<= 5 KB"), "%.1f KB"),
    at_most(
        "a visit that never chats: renderer memory added",
        "idle_added_mb",
        both(1, "<= 1 MB"),
        "%+.1f MB",
    ),
    at_most(
        "a visit that chats: renderer memory added",
        "chat_added_mb",
        {"mpy": (4, "<= 4 MB"), "py": None},
        "%+.1f MB",
    ),
    at_most(
        "conversation created as chat opens -> described, p95",
        "open_to_described_p95",
        {"mpy": None, "py": None},
        "%.0f ms",
    ),
    at_most(
        "total bundle bytes once Python is up",
        "total_kb",
        {"mpy": (240, "<= 240 KB"), "py": (5.4 * 1024, "<= 5.4 MB")},
        "%.1f KB",
    ),
    at_most(
        "onConversationCreate -> describeConversation p95",
        "latency_p95_ms",
        both(5, "<= 5 ms"),
        "%.2f ms",
    ),
    (
        "1,000 conversations in a loop",
        {"mpy": "1,000 in < 1 s", "py": "1,000 in < 1 s"},
        lambda n, rt: n["burst_unique"] == n["burst_calls"] == 1000 and n["burst_ms"] < 1000,
        lambda n: "%d in %.0f ms" % (n["burst_unique"], n["burst_ms"]),
    ),
]


def targets(numbers):
    lines = [
        "| target (worker runner) | MicroPython | measured | Pyodide | measured |",
        "|---|---|---|---|---|",
    ]
    for name, goal, check, show in TARGETS:
        cells = []
        for runtime in ("mpy", "py"):
            n = numbers[runtime]
            verdict = "(met)" if check(n, runtime) else "**(missed)**"
            cells += [goal[runtime], show(n) + ("" if goal[runtime] == "-" else " " + verdict)]
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
    return lines


def markdown(rows, numbers, version, loads):
    kinds = list(KINDS)
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run.py` on %s, %s, %d cold loads per page (fresh browser context "
        "each), stub SDK load latency 300 ms, start latency 100 ms; pages, dist/ and the stub "
        "SDK on three local gzip-serving origins, no request interception; brotli 11 sizes as "
        "a CDN would serve the files. Medians, "
        "with (min to max) over the loads; bytes, latency, burst and heap are measured on the "
        "last load." % (datetime.date.today().isoformat(), "Chromium " + version, loads),
        "",
        "## Targets",
        "",
        *targets(numbers),
        "",
        "## Every measure",
        "",
        "| | " + " | ".join(KINDS[k][0] for k in kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    lines += ["| %s | %s |" % (label, " | ".join(cells[k] for k in kinds)) for label, cells in rows]
    mpy = numbers["mpy"]
    lines += [
        "",
        "A MicroPython visit that never chats loads `%s` from the bundle (%.1f KB); one that "
        "chats loads `%s`. Before Kustomer's start callback only `%s` (%.1f KB): the boot "
        "module, the runtime and the core come after it, when Python is wanted, so they never "
        "compete with widget.js. Of the %.1f KB a MicroPython page that chats loads in all, "
        "the runtime (`runtime/`) is %.1f KB and the bridge "
        "(loader, boot module with the Python package inline) %.1f KB."
        % (
            "`, `".join(mpy["idle_files"]),
            mpy["idle_kb"],
            "`, `".join(mpy["files"]),
            "`, `".join(mpy["before_start"]),
            mpy["before_kb"],
            mpy["total_kb"],
            mpy["runtime_kb"],
            mpy["total_kb"] - mpy["runtime_kb"],
        ),
        "",
    ]
    return "\n".join(lines)


def summary(numbers):
    """The README's cost summary, from this run."""
    mpy, py, main = numbers["mpy"], numbers["py"], numbers["py-main"]
    return (
        "From the last `scripts/dev.sh bench` run: with the default worker runner, chat is ready "
        "at %.2fx the plain recipe's time on MicroPython and %.2fx on Pyodide (%.2fx with the "
        "bridge's tag alone, without Kustomer's after it), with %d and %d "
        "main-thread long tasks (Pyodide on the main thread: %d, longest %s ms). A visit that "
        "never chats loads %.1f KB brotli from the bundle and adds %+.1f MB of renderer memory "
        "to the recipe's. When the visitor opens chat, MicroPython takes over in %s ms and a "
        "conversation created at that moment is described %.0f ms (p95) after it; the page then "
        "has loaded %.1f KB from the bundle and adds %+.1f MB of renderer memory; each later "
        "conversation is described %.2f ms (p95) after Kustomer announced it."
        % (
            mpy["ratio"],
            py["ratio"],
            numbers["mpy-one-tag"]["ratio"],
            mpy["long_tasks"],
            py["long_tasks"],
            main["long_tasks"],
            main["longest"].split()[0],
            mpy["idle_kb"],
            mpy["idle_added_mb"],
            mpy["open_to_python"].split()[0],
            mpy["open_to_described_p95"],
            mpy["total_kb"],
            mpy["chat_added_mb"],
            mpy["latency_p95_ms"],
        )
    )


def write_readme_summary(text):
    readme = ROOT / "README.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    current = readme.read_text()
    if start in current and end in current:
        head, rest = current.split(start, 1)
        readme.write_text(head + start + "\n" + text + "\n" + end + rest.split(end, 1)[1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=7, help="cold loads per page (default 7)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args(argv)
    report, version = run(args.loads)
    rows, numbers = measures(report)
    text = markdown(rows, numbers, version, args.loads)
    Path(args.out).write_text(text)
    write_readme_summary(summary(numbers))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
