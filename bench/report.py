"""The bench's report: the numbers of each kind of page over its loads, every measure as a
row, the targets met or missed, docs/benchmarks.md and the README's cost summary.
"""

import datetime
import json
import statistics
import tempfile
from pathlib import Path

import brotli
from harness import DIST, ROOT

from bundle.web import bundle


def spread(values):
    return "%s (%s to %s)" % (fmt(statistics.median(values)), fmt(min(values)), fmt(max(values)))


def fmt(value):
    return "%d" % value if float(value).is_integer() else "%.1f" % value


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def brotli_kb(files):
    """KB over the wire as a CDN serves dist/ files: brotli 11."""
    data = [(DIST / name.split("?")[0]).read_bytes() for name in files]
    return sum(len(brotli.compress(blob, quality=11)) for blob in data) / 1024


def numbers_of(report):
    """Each kind's numbers over its loads ({kind: {measure: value}}), the recipe's as the
    baseline of the ratios and the memory added."""
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
    return numbers


# Every measure: (label, its text from a kind's numbers).
ROWS = [
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
            "%d calls, %d unique, %.0f ms" % (n["burst_calls"], n["burst_unique"], n["burst_ms"])
        ),
    ),
    ("JS heap growth, 50 stop/start cycles, KB", lambda n: "%.0f" % n["heap_growth_kb"]),
    ("SDK listeners after the cycles", lambda n: json.dumps(n["listeners_after"])),
]


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


def loader_modules():
    """The loader's modules by their minified bytes, largest first: "kustomer.mjs 5.4 KB, ..."."""
    with tempfile.TemporaryDirectory() as folder:
        meta = Path(folder) / "meta.json"
        options = ["--minify", "--metafile=%s" % meta, "--outfile=%s" % (Path(folder) / "out.js")]
        bundle("loader/index.mjs", {}, False, options)
        [output] = json.loads(meta.read_text())["outputs"].values()
    sizes = sorted(
        (
            (part["bytesInOutput"], path.split("/web/")[-1])
            for path, part in output["inputs"].items()
        ),
        reverse=True,
    )
    return ", ".join("`%s` %.1f KB" % (name, size / 1024) for size, name in sizes if size > 100)


def markdown(numbers, labels, version, loads):
    """docs/benchmarks.md; labels: {kind: its column's heading}."""
    kinds = list(labels)
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
        "Where a chatting visit's memory goes, part by part: "
        "[benchmarks-memory.md](benchmarks-memory.md) (`scripts/dev.sh bench-memory`). What "
        "a visit that never chats loads is the loader, `kustomer-bridge.js`; its modules, "
        "minified (esbuild's metafile; the shipped file is terser's): %s." % loader_modules(),
        "",
        "## Every measure",
        "",
        "| | " + " | ".join(labels[k] for k in kinds) + " |",
        "|---|" + "---|" * len(kinds),
    ]
    lines += [
        "| %s | %s |" % (label, " | ".join(show(numbers[k]) for k in kinds)) for label, show in ROWS
    ]
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
        "bridge's tag alone, without Kustomer's own tag), with %d and %d "
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
