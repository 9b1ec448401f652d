"""pytest-playwright fixtures to test a site's Kustomer chat without a Kustomer account.

Installed with ``pip install kustomer-bridge[test]`` (registered through the ``pytest11``
entry point). ``--browser chromium`` and ``--browser firefox`` work with no set-up: without
Playwright's own browser build, the system's is used (Debian's ``/usr/bin/chromium``, and
``/usr/bin/firefox-esr`` through Playwright's ``moz-firefox`` channel) with the flags it
needs. The ``kustomer_stub`` fixture serves the stub SDK at Kustomer's real widget.js URL
for the test's ``page`` and returns a helper::

    def test_chat_is_described(page, kustomer_stub):
        page.goto("http://127.0.0.1:8000/checkout.html")
        conversation = kustomer_stub.create_conversation("Where is my order?")
        call = kustomer_stub.wait_for_call("describeConversation")
        assert call["args"][0]["conversationId"] == conversation
"""

import functools
import http.server
import json
import os
import threading

import pytest

from .server.bundle import static_path, stub_path
from .server.defaults import KUSTOMER_WIDGET_URL as WIDGET_URL
from .server.serve import headers_for


class KustomerStub:
    """Reads and drives ``window.KustomerStub`` in ``page``."""

    def __init__(self, page):
        self.page = page

    def calls(self, method=None):
        """The stub's call log: dicts of method, args, time (ms) and dropped."""
        calls = self.page.evaluate("() => window.KustomerStub ? window.KustomerStub.calls : []")
        return [call for call in calls if method is None or call["method"] == method]

    def wait_for_call(self, method, timeout=10000, count=1):
        """Wait until ``method`` was called ``count`` times; return the last of those calls."""
        self.page.wait_for_function(
            "([method, count]) => window.KustomerStub && "
            "window.KustomerStub.calls.filter(c => c.method === method).length >= count",
            arg=[method, count],
            timeout=timeout,
        )
        return self.calls(method)[count - 1]

    def wait_until_ready(self, timeout=10000):
        """Wait until the stub's start callback has run."""
        self.page.wait_for_function(
            "() => window.KustomerStub && window.KustomerStub.ready", timeout=timeout
        )

    def fire(self, event, payload=None):
        """Call the page's listeners for ``event`` as the SDK would."""
        self.page.evaluate(
            "([event, payload]) => window.KustomerStub.fire(event, payload)", [event, payload]
        )

    def create_conversation(self, message="Hello", timeout=10000):
        """A customer starts a conversation in the widget; returns its id."""
        self.wait_until_ready(timeout)
        return self.page.evaluate(
            "(message) => window.KustomerStub.createConversation(message)", message
        )

    def fail_next(self, method, message="stub failure", status=None, code=None, times=1):
        """The next ``times`` calls of ``method`` call back with an Error (``start`` too)."""
        spec = {"message": message, "status": status, "code": code, "times": times}
        self.page.evaluate(
            "([method, spec]) => window.KustomerStub.failNext(method, spec)", [method, spec]
        )

    def fault(self, method, kind, delay_ms=0, times=1):
        """The next ``times`` calls of ``method`` misbehave as the docs never rule out:
        ``silent`` (no callback), ``late`` (after ``delay_ms``), ``twice``, ``throw``; or
        ``hold``: no callback until ``release(method)`` (an order, without a latency)."""
        spec = {"kind": kind, "delayMs": delay_ms, "times": times}
        self.page.evaluate(
            "([method, spec]) => window.KustomerStub.fault(method, spec)", [method, spec]
        )

    def release(self, method):
        """Call back the held calls of ``method`` (``fault(method, "hold")``); how many."""
        return self.page.evaluate("(method) => window.KustomerStub.release(method)", method)

    def configure(self, **options):
        """loadLatencyMs, startLatencyMs, callLatencyMs, failLoad, availability,
        knownAttributes: for pages loaded from now on, and the current one if it has the stub.
        """
        options_json = json.dumps(options)
        self.page.add_init_script(
            "window.KustomerStubConfig = Object.assign(window.KustomerStubConfig || {}, %s);"
            % options_json
        )
        self.page.evaluate(
            "(options) => window.KustomerStub && window.KustomerStub.configure(options)", options
        )


SYSTEM_CHROMIUM = "/usr/bin/chromium"
SYSTEM_FIREFOX = "/usr/bin/firefox-esr"
SYSTEM_CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def with_system_chromium(launch_args, path=None):
    """pytest-playwright launch args for a system Chromium (e.g. Debian's, run as root in CI).

    ``path`` defaults to $KUSTOMER_BRIDGE_CHROMIUM, then /usr/bin/chromium; when neither
    exists the args are returned unchanged (Playwright's own browser is used)::

        @pytest.fixture(scope="session")
        def browser_type_launch_args(browser_type_launch_args):
            return with_system_chromium(browser_type_launch_args)
    """
    path = path or os.environ.get("KUSTOMER_BRIDGE_CHROMIUM") or SYSTEM_CHROMIUM
    if not os.path.exists(path):
        return launch_args
    args = list(launch_args.get("args") or [])
    args.extend(flag for flag in SYSTEM_CHROMIUM_FLAGS if flag not in args)
    return {**launch_args, "executable_path": path, "args": args}


def with_system_firefox(launch_args, path=None):
    """pytest-playwright launch args for a system Firefox (e.g. Debian's ESR), driven over
    WebDriver BiDi (``moz-firefox``); ``path`` defaults to $KUSTOMER_BRIDGE_FIREFOX, then
    /usr/bin/firefox-esr; unchanged when neither exists."""
    path = path or os.environ.get("KUSTOMER_BRIDGE_FIREFOX") or SYSTEM_FIREFOX
    if not os.path.exists(path):
        return launch_args
    return {**launch_args, "channel": "moz-firefox", "executable_path": path}


SYSTEM_BROWSERS = {"chromium": with_system_chromium, "firefox": with_system_firefox}


def with_system_browser(launch_args, browser_name, bundled_path):
    """Playwright's own build of ``browser_name`` when it is installed at ``bundled_path``
    (or the args already choose a browser), else the system's."""
    chosen = launch_args.get("executable_path") or launch_args.get("channel")
    if chosen or os.path.exists(bundled_path) or browser_name not in SYSTEM_BROWSERS:
        return launch_args
    return SYSTEM_BROWSERS[browser_name](launch_args)


class SystemBrowsers:
    """Layered over pytest-playwright's ``browser_type_launch_args`` (registered in
    ``pytest_configure``, after every entry-point plugin, so the order is certain; a
    site's own conftest override still wins)."""

    @pytest.fixture(scope="session")
    def browser_type_launch_args(self, browser_type_launch_args, browser_name, playwright):
        bundled = getattr(playwright, browser_name).executable_path
        return with_system_browser(browser_type_launch_args, browser_name, bundled)


def pytest_configure(config):
    if config.pluginmanager.hasplugin("playwright"):
        config.pluginmanager.register(SystemBrowsers(), "kustomer_bridge_system_browsers")


def serve_stub(page):
    """Route Kustomer's widget.js URL (with any query) to the stub for ``page``."""
    with open(stub_path(), "rb") as handle:
        body = handle.read()
    page.route(
        WIDGET_URL + "*",
        lambda route: route.fulfill(
            status=200,
            body=body,
            content_type="text/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )


@pytest.fixture
def kustomer_stub(page):
    """The stub Kustomer SDK served at widget.js's real URL; a ``KustomerStub`` helper."""
    serve_stub(page)
    return KustomerStub(page)


class BundleHandler(http.server.SimpleHTTPRequestHandler):
    """The installed bundle with the hosting rules (MIME types, CORS, caching)."""

    def end_headers(self):
        for name, value in headers_for(self.path.lstrip("/").split("?")[0]):
            if name != "Content-Type":
                self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path):
        types = dict(headers_for(path))
        return types.get("Content-Type") or super().guess_type(path)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def kustomer_bridge_folder():
    """The bundle ``kustomer_bridge_url`` serves: the installed package's (override this
    fixture to serve another build of it)."""
    return static_path()


@pytest.fixture(scope="session")
def kustomer_bridge_url(kustomer_bridge_folder):
    """The bundle served on a local port: the drop-in tag's folder URL
    (``<script src="{kustomer_bridge_url}kustomer-bridge.js" ...>``)."""
    handler = functools.partial(BundleHandler, directory=str(kustomer_bridge_folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()
