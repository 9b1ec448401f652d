"""pytest-playwright fixtures to test a site's Kustomer chat without a Kustomer account.

Installed with ``pip install "kustomer-bridge[test]"`` (registered through the ``pytest11``
entry point); the kit itself is ``kustomer_bridge.testing``. What it gives a suite:

- ``kustomer_stub``: the stub SDK at Kustomer's real widget.js URL for every page, popup and
  iframe of the test's browser context, and a ``KustomerStub`` helper (its call log, waiting
  assertions, faults). **Strict by default**: a test whose pages made a Kustomer call before
  start()'s callback (the classic race: the real SDK drops it) fails, with the call log.
  ``@pytest.mark.kustomer(allow_dropped=True)`` opts out; the marker also takes the stub's
  options (``load_latency_ms=0``, ``fail={"login": "invalid"}``, ...), set before the page
  loads. A failing test's report has a "kustomer" section: every call, and the bridge's
  console lines.
- ``kustomer_bridge_url``: the bundle served on a local port (``kustomer_bridge_folder``, the
  installed package's unless overridden), for a page that loads the drop-in tag.
- ``kustomer_sdk``: a page with Kustomer's own tag, for the stub's fidelity tests
  (``kustomer_bridge.testing.contract``); with ``--kustomer-live`` it is Kustomer's real
  widget.js, for ``KUSTOMER_API_KEY`` and ``KUSTOMER_BRAND_ID``.
- ``--browser chromium`` and ``--browser firefox`` work with no set-up: without Playwright's
  own builds, the system's (``testing/browsers.py``).
"""

import functools
import http.server
import json
import os
import threading

import pytest

from .server.bundle import static_path
from .server.defaults import KUSTOMER_WIDGET_URL as WIDGET_URL
from .server.serve import LocalServer, headers_for
from .testing.browsers import (
    SYSTEM_CHROMIUM_FLAGS,
    with_system_browser,
    with_system_chromium,
    with_system_firefox,
)
from .testing.options import marker_options
from .testing.stub import KustomerStub, serve_stub

__all__ = [
    "SYSTEM_CHROMIUM_FLAGS",
    "WIDGET_URL",
    "KustomerStub",
    "serve_stub",
    "with_system_browser",
    "with_system_chromium",
    "with_system_firefox",
]
LIVE_ENVIRONMENT = ("KUSTOMER_API_KEY", "KUSTOMER_BRAND_ID")


def pytest_addoption(parser):
    parser.getgroup("kustomer").addoption(
        "--kustomer-live",
        action="store_true",
        help="run the kustomer_sdk tests against Kustomer's real widget.js "
        "(KUSTOMER_API_KEY and KUSTOMER_BRAND_ID in the environment)",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "kustomer(**options): the stub SDK's options for this test (load_latency_ms, "
        "start_latency_ms, call_latency_ms, fail_load, availability, known_attributes, fail), "
        "and allow_dropped=True for a test that provokes the classic race on purpose",
    )
    missing = [name for name in LIVE_ENVIRONMENT if not os.environ.get(name)]
    if config.getoption("kustomer_live") and missing:
        raise pytest.UsageError(
            "--kustomer-live needs %s in the environment (missing: %s)"
            % (" and ".join(LIVE_ENVIRONMENT), ", ".join(missing))
        )
    if config.pluginmanager.hasplugin("playwright"):
        config.pluginmanager.register(SystemBrowsers(), "kustomer_bridge_system_browsers")


class SystemBrowsers:
    """Layered over pytest-playwright's ``browser_type_launch_args`` (registered in
    ``pytest_configure``, after every entry-point plugin, so the order is certain; a
    site's own conftest override still wins)."""

    @pytest.fixture(scope="session")
    @classmethod
    def browser_type_launch_args(cls, browser_type_launch_args, browser_name, playwright):
        bundled = getattr(playwright, browser_name).executable_path
        return with_system_browser(browser_type_launch_args, browser_name, bundled)


@pytest.fixture
def kustomer_stub(request, page):
    """The stub SDK served at widget.js's real URL to every page of the test's context,
    configured by the test's ``kustomer`` marker; a ``KustomerStub`` helper."""
    options, _ = marker_options(request.node)
    stub = KustomerStub(page)
    if options:
        stub.configure(**options)
    serve_stub(page.context)
    return stub


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Strict by default: once the test body passed, no page may have made a dropped call."""
    outcome = yield
    stub = getattr(item, "funcargs", {}).get("kustomer_stub")
    if stub is not None and not marker_options(item)[1]:
        from .testing import report

        dropped = stub.dropped()
        if dropped:
            pytest.fail(report.dropped_report(dropped, stub.calls()), pytrace=False)
    return outcome


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test's report gets a "kustomer" section: what the SDK saw."""
    result = yield
    stub = getattr(item, "funcargs", {}).get("kustomer_stub")
    if stub is not None and result.failed and call.when == "call":
        try:
            result.sections.append(("kustomer", stub.report()))
        except Exception as error:  # the page went away with the failure
            result.sections.append(("kustomer", "(the call log could not be read: %s)" % error))
    return result


@pytest.fixture
def kustomer_sdk(request, page, kustomer_stub):
    """Opens a page with only Kustomer's own tag (``open(body="")``, ``body`` before it): the
    stub, or with ``--kustomer-live`` Kustomer's real widget.js for your account (its
    ``window.kustomerBrandId`` is the brand to start). Returns the stub's helper."""
    live = request.config.getoption("kustomer_live")
    if live:
        page.context.unroute(WIDGET_URL + "*")
    key, brand = [os.environ[name] for name in LIVE_ENVIRONMENT] if live else ("key", "brand")
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        "<title>Kustomer SDK check</title><script>window.kustomerBrandId = %s;</script>"
        '</head><body>{body}<script src="%s" data-kustomer-api-key="%s"></script></body></html>'
        % (json.dumps(brand), WIDGET_URL, key)
    )
    pages = []
    server = serve(functools.partial(PageHandler, pages=pages))

    def open_page(body=""):
        pages.append(html.replace("{body}", body))
        page.goto("http://127.0.0.1:%d/" % server.server_address[1])
        return kustomer_stub

    yield open_page
    server.shutdown()


class PageHandler(http.server.BaseHTTPRequestHandler):
    """Serves the last of ``pages`` at every path."""

    def __init__(self, *args, pages, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self):
        body = self.pages[-1].encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class BundleHandler(http.server.SimpleHTTPRequestHandler):
    """The bundle with the serving rules (MIME types, CORS, caching)."""

    def end_headers(self):
        for name, value in headers_for(self.path.lstrip("/").split("?")[0]):
            if name != "Content-Type":
                self.send_header(name, value)
        super().end_headers()

    def guess_type(self, path):
        return dict(headers_for(path)).get("Content-Type") or super().guess_type(path)

    def log_message(self, format, *args):
        pass


def serve(handler):
    """A local server on a free port, in a thread; stop it with ``shutdown()``."""
    server = LocalServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def kustomer_bridge_folder():
    """The bundle ``kustomer_bridge_url`` serves: the installed package's (override this
    fixture to serve another build of it)."""
    return static_path()


@pytest.fixture(scope="session")
def kustomer_bridge_url(kustomer_bridge_folder):
    """The bundle served on a local port: the drop-in tag's folder URL
    (``<script src="{kustomer_bridge_url}kustomer-bridge.js" ...>``)."""
    server = serve(functools.partial(BundleHandler, directory=str(kustomer_bridge_folder)))
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()
