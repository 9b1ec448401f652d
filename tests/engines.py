"""The README's "Browser support" table, made from the suite's own results.

Each test report is counted by engine (``chromium``/``firefox`` from pytest-playwright's
parameter, ``webkit`` for test_webkit.py) and runtime; a full run (every engine, no ``-k`` or
``-m``) writes the table to ``test-results/browser-support.md`` (never a tracked file), and
``python build.py`` copies a table without failures into the README (scripts/bundle/generated.py).
"""

import re
import subprocess
from collections import defaultdict
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "test-results" / "browser-support.md"
ENGINES = {
    "chromium": ("Chromium (Debian)", ["chromium", "--version"]),
    "firefox": ("Firefox ESR (Debian)", ["firefox-esr", "--version"]),
    "webkit": (
        "WebKitGTK (Safari's engine)",
        ["dpkg-query", "-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"],
    ),
}


class EngineResults:
    def __init__(self):
        self.outcomes = defaultdict(lambda: defaultdict(int))  # engine -> outcome -> count
        self.runtimes = defaultdict(set)

    def record(self, report):
        if report.when != "call" and not (report.when == "setup" and not report.passed):
            return
        engine, runtime = classify(report.nodeid)
        if engine:
            self.outcomes[engine][report.outcome] += 1
            if runtime:
                self.runtimes[engine].add(runtime)

    def table(self):
        lines = [
            "| engine | version | runtimes | browser tests | result |",
            "|---|---|---|---|---|",
        ]
        for engine, (name, command) in ENGINES.items():
            counts = self.outcomes[engine]
            failed = counts["failed"]
            result = "pass" if counts["passed"] and not failed else "%d failed" % failed
            runtimes = " + ".join(
                {"mpy": "MicroPython", "py": "Pyodide"}[r] for r in sorted(self.runtimes[engine])
            )
            lines.append(
                "| %s | %s | %s | %d | %s |"
                % (name, version(command), runtimes, counts["passed"] + failed, result)
            )
        return "\n".join(lines)

    def write_report(self, config):
        if hasattr(config, "workerinput"):  # an xdist worker: the controller has every report
            return
        full = not config.option.keyword and not config.option.markexpr
        if full and all(self.outcomes[engine] for engine in ENGINES):
            REPORT.parent.mkdir(exist_ok=True)
            REPORT.write_text(self.table() + "\n")


def classify(nodeid):
    """(engine, runtime) of a browser test's node id (xdist may add ``@group``), or
    (None, None)."""
    nodeid = nodeid.split("@", 1)[0]
    params = nodeid.split("[", 1)[1].rstrip("]").split("-") if "[" in nodeid else []
    runtime = next((p for p in params if p in ("mpy", "py")), None)
    if "/test_webkit.py::" in nodeid:
        return "webkit", runtime
    engine = next((p for p in params if p in ("chromium", "firefox")), None)
    return engine, runtime


def version(command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20).stdout
    except OSError:
        return "?"
    match = re.search(r"\d+(\.\d+)+", out)
    return match.group(0) if match else "?"
