"""Browser test harness: dist/ and host pages on two local origins, a guard on every page.

Browsers: the suite runs with ``--browser chromium --browser firefox`` (pyproject), Debian's
builds picked by the package's own pytest plugin with no set-up here. Chromium runs every
test; Firefox runs the core scenarios (``@pytest.mark.engines``); WebKit runs them through
Selenium (test_webkit.py), since Playwright cannot drive Debian's WebKitGTK.

Every test page is guarded: a request to any host but the two test servers fails the test
(Kustomer's widget.js URL is always served the stub), and so does an uncaught page error, any
console error, any ``[kustomer-bridge]`` warning, or a Python error in the console, unless the
test declared it with ``guard.expect_console(pattern)``; a declared pattern that never shows
fails the test too.
"""

import itertools
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kustomer_bridge.pytest_plugin import serve_stub

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import build  # noqa: E402

RUNTIMES = ["mpy", "py"]
HOSTS = ["worker", "main"]
PYTHON_ERRORS = re.compile(r"Traceback|PythonError|failed to boot")
BRIDGE = "[kustomer-bridge]"
_page_numbers = itertools.count(1)


def serve(directory):
    server = build.make_server(directory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pytest_generate_tests(metafunc):
    """Core scenarios run under both hosts of the Python core; the others under the default."""
    if "host" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines"):
        metafunc.parametrize("host", HOSTS)


def pytest_collection_modifyitems(config, items):
    """Other engines than Chromium run the core scenarios only (one browser per engine), in
    the default worker host (the main-thread host shares the engine-independent driver)."""
    kept, dropped = [], []
    for item in items:
        params = (getattr(item, "callspec", None) and item.callspec.params) or {}
        engine = params.get("browser_name")
        if engine not in (None, "chromium") and params.get("host") == "main":
            dropped.append(item)
        elif engine in (None, "chromium") or item.get_closest_marker("engines"):
            kept.append(item)
        else:
            dropped.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def dist_url():
    """dist/, freshly built, served at http://127.0.0.1:PORT/."""
    build.build_dist()
    server = serve(build.DIST)
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A folder of host pages served from another origin (http://localhost:PORT/)."""
    folder = tmp_path_factory.mktemp("site")
    server = serve(folder)
    yield folder, "http://localhost:%d/" % server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="session")
def serve_folder():
    """Serve a folder as a CDN does (MIME types, CORS) until the session ends; its origin."""
    servers = []

    def start(directory):
        servers.append(serve(directory))
        return "http://127.0.0.1:%d" % servers[-1].server_address[1]

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(params=RUNTIMES)
def runtime(request):
    return request.param


class PageGuard:
    def __init__(self, allowed):
        self.allowed = allowed
        self.foreign = []
        self.page_errors = []
        self.unexpected = []
        self.console = []
        self.expected = {}  # pattern -> how many messages it matched

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if (
            parts.scheme in ("data", "blob")
            or "%s://%s" % (parts.scheme, parts.netloc) in self.allowed
        ):
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


@pytest.fixture(autouse=True)
def guard(request, dist_url, site):
    """Installed on the test's page (if it has one): offline, no uncaught errors."""
    if "page" not in request.fixturenames:
        yield None
        return
    page = request.getfixturevalue("page")
    allowed = {dist_url.rstrip("/"), site[1].rstrip("/")}
    watch = PageGuard(allowed)
    page.context.route("**/*", watch.route)  # the context also sees the worker's requests
    serve_stub(page)
    page.on("pageerror", watch.on_page_error)
    page.on("console", watch.on_console)
    yield watch
    problems = {name: found for name, found in watch.problems().items() if found}
    assert not problems, "page guard: %s" % problems


@pytest.fixture
def site_page(site):
    """Write a host page (head and body HTML) on the other origin; returns its URL."""
    folder, base = site

    def write(body="", head=""):
        name = "page-%d.html" % next(_page_numbers)
        (folder / name).write_text(
            '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" '
            'href="data:,"><title>Test page</title>%s</head><body>%s</body></html>' % (head, body)
        )
        return base + name

    return write


@pytest.fixture
def host():
    """Where the Python core runs: the default, a worker (core scenarios: both hosts)."""
    return "worker"


@pytest.fixture
def make_page(site_page, dist_url, runtime, host):
    """A host page with the drop-in tag for this test's runtime and host; returns its URL."""

    def make(body="", head="", attrs=None, before_tag="", after_tag=""):
        attributes = {
            "data-kustomer-api-key": "test-key",
            "data-brand-id": "brand-1",
            "data-runtime": runtime,
            "data-host": host,
            "data-debug": "",
            "data-ready-timeout-ms": "8000",
        }
        attributes.update(attrs or {})
        rendered = " ".join(
            '%s="%s"' % (name, value) if value != "" else name
            for name, value in attributes.items()
            if value is not None
        )
        tag = '<script src="%skustomer-bridge.js" %s defer></script>' % (dist_url, rendered)
        return site_page(body + before_tag + tag + after_tag, head)

    return make
