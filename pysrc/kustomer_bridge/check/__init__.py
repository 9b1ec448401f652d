"""``kustomer-bridge check URL``: whether chat and its describes will work on a page.

    kustomer-bridge check https://shop.example.com/checkout [--browser firefox] [--live] [--json]

Loads the page in a real browser (the test kit's: ``pip install "kustomer-bridge[test]"``),
with the stub SDK at Kustomer's widget.js URL (``--live``: the real widget.js, and nothing is
created), and reports findings, each ok, warning or problem with what to do. Exit status: 0
with no problem, 1 with one, 2 when the page could not be checked. page.py looks, findings.py
and delivery.py judge (no I/O), report.py writes.
"""

import sys

from .findings import judge
from .levels import exit_status
from .report import as_json, as_text

CANNOT_CHECK = 2


def check(url, browser="chromium", live=False, wait_ms=30000, machine=False, out=None):
    """Check ``url``; print the report (``machine``: as JSON) to ``out``; the exit status."""
    try:
        from playwright.sync_api import sync_playwright

        from .page import CannotCheck, look
    except ImportError as error:
        print(
            'kustomer-bridge check: needs Playwright: pip install "kustomer-bridge[test]" (%s)'
            % error,
            file=sys.stderr,
        )
        return CANNOT_CHECK
    try:
        with sync_playwright() as playwright:
            seen = look(playwright, url, browser, live, wait_ms)
    except CannotCheck as why:
        print("kustomer-bridge check: %s" % why, file=sys.stderr)
        return CANNOT_CHECK
    findings = judge(seen)
    print((as_json if machine else as_text)(url, findings, seen), file=out or sys.stdout)
    return exit_status(findings)
