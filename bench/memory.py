#!/usr/bin/env python3
"""Where a chatting visit's memory goes: the bridge's renderer memory taken apart, step by step.

    scripts/dev.sh bench-memory [--loads N]   (or: .venv/bin/python bench/memory.py)

Pages on one local origin, each loaded N times in a fresh browser context. Each is Kustomer's
plain JavaScript recipe with chat opened and a conversation described (the baseline
`bench/run.py` compares with), plus one step more of what the bridge does: an empty module
worker; MicroPython booted in one (`loadMicroPython`, the heap the worker runner gives it);
the same with the bridge's Python package written in and its core made (what the worker
runner runs before the first event); that core made on the main thread instead; and the
bridge itself (MicroPython, worker runner) instead of the recipe, chat opened and a
conversation described. Memory is the private memory of the renderer processes a load started,
once it has stopped growing (a browser compiles wasm in the background), after a
garbage collection in the page and its workers, read from /proc/PID/smaps and split by what
holds it: anonymous memory (JavaScript and wasm heaps, the runtime's memory), executable
anonymous memory (JIT and wasm code), and files the renderer maps (Chromium's own code,
ICU's data, fonts), counted private when no other process has touched those pages.
Writes docs/benchmarks-memory.md.
"""

import datetime
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import harness
from playwright.sync_api import sync_playwright

from bundle.paths import WEB
from bundle.runtime import MICROPYTHON_HEAP_BYTES
from bundle.web import exports, python_files

# The core as the worker runner makes it: its heap, the package written in by the boot
# module's own installPackage (web/boot/package.mjs, copied beside it with FILES inline).
MAKE_CORE = (
    """
import { loadMicroPython } from "./micropython.mjs";
export async function makeCore(core) {
  const python = await loadMicroPython({ heapsize: %d, stdout: () => {} });
  if (!core) return;
  const [{ installPackage }, { FILES }] = await Promise.all(
    [import("./package.mjs"), import("./inline.mjs")]);
  installPackage(python, FILES);
  python.runPython("from kustomer_bridge.browser import runners\\n" +
    "handle = runners.worker_handle()");
}
"""
    % MICROPYTHON_HEAP_BYTES
)
IN_A_WORKER = """<script>
new Worker("worker.mjs?%s", {type: "module"}).onmessage = () => (window.stepDone = true);
</script>"""
WORKER = """const step = location.search.slice(1);
if (step !== "empty") await (await import("./make-core.mjs")).makeCore(step === "core");
postMessage("done");
"""
ON_THE_MAIN_THREAD = """<script type="module">
import { makeCore } from "./make-core.mjs";
await makeCore(true);
window.stepDone = true;
</script>"""
# page: (what it holds besides the recipe, the step's HTML); the bridge replaces the recipe.
STEPS = {
    "recipe": ("the plain recipe, chatting", "<script>window.stepDone = true;</script>"),
    "worker": ("+ an empty module worker", IN_A_WORKER % "empty"),
    "runtime": ("+ MicroPython booted in a worker", IN_A_WORKER % "runtime"),
    "core": ("+ the bridge's core made in that worker", IN_A_WORKER % "core"),
    "core-main": ("+ the bridge's core made on the main thread", ON_THE_MAIN_THREAD),
    "bridge": ("the bridge (MicroPython, worker) instead of the recipe, chatting", None),
}
KINDS = ("anonymous", "JIT and wasm code", "files mapped")


def private_kb_by_kind(pid):
    """{kind: KB} of one process's private memory, by what its mappings hold."""
    found = dict.fromkeys(KINDS, 0)
    kind = None
    with open("/proc/%d/smaps" % pid) as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:  # a mapping's header line
                named = len(fields) > 5 and fields[5].startswith("/")
                kind = "files mapped" if named else "anonymous"
                if not named and "x" in fields[1]:
                    kind = "JIT and wasm code"
            elif fields[0] in ("Private_Clean:", "Private_Dirty:"):
                found[kind] += int(fields[1])
    return found


def write_site(site, widget):
    runtime = next((harness.DIST / "runtime").glob("micropython-*"))
    for name in ("micropython.mjs", "micropython.wasm"):
        shutil.copy(runtime / name, site / name)
    shutil.copy(WEB / "boot" / "package.mjs", site / "package.mjs")
    (site / "inline.mjs").write_text(exports({"FILES": python_files()}))
    (site / "make-core.mjs").write_text(MAKE_CORE)
    (site / "worker.mjs").write_text(WORKER)
    recipe = harness.RECIPE.replace("{widget}", widget)
    for step, (_, html) in STEPS.items():
        integration = (
            harness.bridge_page_tag("./dist/", widget, "mpy") if html is None else recipe + html
        )
        (site / (step + ".html")).write_text(harness.PAGE.format(integration=integration))


def private_mb(before):
    """{kind: MB} of the renderers started since ``before``."""
    totals = dict.fromkeys(KINDS, 0)
    for pid in set(harness.renderer_pids()) - before:
        for kind, kb in private_kb_by_kind(pid).items():
            totals[kind] += kb / 1024
    return totals


def load(browser, url, step):
    """One cold load of a step's page, chat opened and a conversation described; what its
    renderers hold once two reads 250 ms apart differ by less than 0.2 MB (at most 10 s)."""
    before = set(harness.renderer_pids())
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.Kustomer && KustomerStub.ready", timeout=60000)
    page.evaluate(harness.INSTRUMENT_DESCRIBE)
    page.evaluate(harness.OPEN_AND_CREATE)
    page.wait_for_function("window.stepDone || window.kustomerBridge?.runtime", timeout=60000)
    last, totals = None, None
    for _ in range(40):
        harness.collect_garbage(page)
        totals = private_mb(before)
        if last is not None and abs(sum(totals.values()) - last) < 0.2:
            break
        last = sum(totals.values())
        page.wait_for_timeout(250)
    context.close()
    return totals


def run(loads):
    harness.build_dist(harness.DIST)
    site = Path(tempfile.mkdtemp(prefix="kb-bench-memory-"))
    (site / "dist").symlink_to(harness.DIST)
    (site / "widget.js").write_bytes(Path(harness.stub_path()).read_bytes())
    _, site_url = harness.serve(site)
    write_site(site, site_url + "widget.js")
    report = {step: [] for step in STEPS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**harness.with_system_chromium({"headless": True}))
        for index in range(loads):  # interleaved, so that drift in the machine hits all alike
            for step in STEPS:
                report[step].append(load(browser, site_url + step + ".html", step))
            print(
                "  load %d: %s"
                % (index + 1, {s: round(sum(r[-1].values()), 1) for s, r in report.items()}),
                flush=True,
            )
        version = browser.version
        browser.close()
    return report, version


def markdown(report, version, loads):
    median = {
        step: {kind: statistics.median(r[kind] for r in runs) for kind in KINDS}
        for step, runs in report.items()
    }
    total = {step: sum(kinds.values()) for step, kinds in median.items()}
    rows = [
        "| %s | %.1f | %+.1f | %s |"
        % (
            label,
            total[step],
            total[step] - total["recipe"],
            " | ".join("%.1f" % median[step][kind] for kind in KINDS),
        )
        for step, (label, _) in STEPS.items()
    ]
    over = {step: total[step] - total["recipe"] for step in STEPS}
    return "\n".join(
        [
            "# Benchmarks: where a chatting visit's memory goes",
            "",
            "Written by `bench/memory.py` on %s, Chromium %s, %d cold loads per page, medians, "
            "MB of private memory of the renderer processes each load started."
            % (datetime.date.today(), version, loads),
            "",
            "| page | MB | over the recipe | %s |" % " | ".join(KINDS),
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "The bridge adds %.1f MB to the recipe's chatting visit. Before it has handled a "
            "single event, a worker with MicroPython booted in it and the bridge's core made "
            "there adds %.1f MB: the worker %.1f MB, MicroPython %.1f MB more, the core %.1f MB "
            "more. Made on the main thread, without a worker, the core and its runtime add "
            "%.1f MB. Of what the core adds in the worker, %.1f MB are pages of files the "
            "renderer maps (Chromium's own code, which its wasm compilers run), private only "
            "because no other process had touched them."
            % (
                over["bridge"],
                over["core"],
                over["worker"],
                over["runtime"] - over["worker"],
                over["core"] - over["runtime"],
                over["core-main"],
                median["core"]["files mapped"] - median["runtime"]["files mapped"],
            ),
            "",
        ]
    )


def main(argv=None):
    return harness.bench_command(
        __doc__, "loads", 5, "benchmarks-memory.md", lambda n: markdown(*run(n), n), argv
    )


if __name__ == "__main__":
    sys.exit(main())
