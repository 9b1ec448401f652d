"""The guard on every test page: a request to any host but this machine's (the local test
servers, on loopback) fails the test (Kustomer's widget.js URL is always served the stub),
and so does an uncaught page error, any console error, any ``[kustomer-bridge]`` warning, or
a Python error in the console, unless the test declared it with
``guard.expect_console(pattern)``; a declared pattern that never shows fails the test too."""

import re
from urllib.parse import urlsplit

from kustomer_bridge.pytest_plugin import serve_stub

PYTHON_ERRORS = re.compile(r"Traceback|PythonError|failed to boot")
BRIDGE = "[kustomer-bridge]"


LOCAL = ("127.0.0.1", "localhost")


class PageGuard:
    def __init__(self):
        self.foreign = []
        self.page_errors = []
        self.unexpected = []
        self.console = []
        self.expected = {}  # pattern -> how many messages it matched

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in LOCAL:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def on_console(self, message):
        self.record(message.type, message.text)

    def on_page_error(self, error):
        """Firefox also reports Content-Security-Policy violations this way."""
        self.record("pageerror", str(error))

    def record(self, kind, text):
        self.console.append((kind, text))
        matched = [pattern for pattern in self.expected if re.search(pattern, text)]
        for pattern in matched:
            self.expected[pattern] += 1
        if matched or not self.is_problem(kind, text):
            return
        if kind == "pageerror":
            self.page_errors.append(text[:400])
        else:
            self.unexpected.append("%s: %s" % (kind, text[:400]))

    @staticmethod
    def is_problem(kind, text):
        return (
            kind in ("error", "pageerror")
            or (kind == "warning" and BRIDGE in text)
            or bool(PYTHON_ERRORS.search(text))
        )

    def expect_console(self, pattern):
        """A console message matching ``pattern`` (a regex) is part of this test, and must
        show before the test ends."""
        self.expected.setdefault(pattern, 0)

    def console_texts(self, level=None):
        return [text for kind, text in self.console if level is None or kind == level]

    def problems(self):
        return {
            "requests to other hosts": self.foreign,
            "uncaught page errors": self.page_errors,
            "console errors, bridge warnings or Python errors not declared": self.unexpected,
            "declared console messages that never showed": [
                pattern for pattern, seen in self.expected.items() if not seen
            ],
        }


# The stub's latencies in this suite: the rest of the SDK arrives, and start calls back, each
# a task later but without the demo's wait (300 and 100 ms). No test needs that wait: a test
# that needs an order holds a call (KustomerStub.fault "hold"), or sets its own latencies.
QUICK_STUB = """window.KustomerStubConfig = Object.assign(
  {loadLatencyMs: 5, startLatencyMs: 5}, window.KustomerStubConfig);"""


def install_guard(page):
    """A PageGuard on ``page``: only this machine reachable, widget.js served the stub
    (quickly: QUICK_STUB)."""
    watch = PageGuard()
    page.context.route("**/*", watch.route)  # the context also sees the worker's requests
    page.context.add_init_script(QUICK_STUB)
    serve_stub(page.context)
    page.on("pageerror", watch.on_page_error)
    page.on("console", watch.on_console)
    return watch


def check_guard(watch):
    problems = {name: found for name, found in watch.problems().items() if found}
    assert not problems, "page guard: %s" % problems
