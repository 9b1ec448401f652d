"""Browser test harness: dist/ and site pages on two local origins, a guard on every page.

Browsers: the suite runs with ``--browser chromium --browser firefox`` (pyproject), Debian's
builds picked by the package's own pytest plugin with no set-up here. Chromium runs every
test; Firefox runs the core scenarios (``@pytest.mark.engines``); WebKit runs them through
Selenium (test_webkit.py), since Playwright cannot drive Debian's WebKitGTK.

Every test page is guarded (guard.py): a request to any host but the local test servers fails
(Kustomer's widget.js URL is always served the stub), and so does an uncaught page error, any
console error, any ``[kustomer-bridge]`` warning, or a Python error in the console, unless the
test declared it with ``guard.expect_console(pattern)``; a declared pattern that never shows
fails the test too.
"""

import itertools
import threading

import pytest

from bundle.dist import build_dist
from bundle.serve import make_server

from guard import check_guard, install_guard
from pages import READY_TIMEOUT_MS

RUNTIMES = ["mpy", "py"]
RUNNERS = ["worker", "main"]
_page_numbers = itertools.count(1)


def serve(directory):
    server = make_server(directory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def pytest_generate_tests(metafunc):
    """Core scenarios run under both runners of the Python core (unless marked
    ``engines(runners=False)``: the loader's own scenarios); the others under the default."""
    engines = metafunc.definition.get_closest_marker("engines")
    if "runner" in metafunc.fixturenames and engines and engines.kwargs.get("runners", True):
        metafunc.parametrize("runner", RUNNERS)


def pytest_collection_modifyitems(config, items):
    """Other engines than Chromium run the core scenarios only (one browser per engine), in
    the default worker runner (the main-thread runner shares the engine-independent driver)."""
    kept, dropped = [], []
    for item in items:
        params = (getattr(item, "callspec", None) and item.callspec.params) or {}
        engine = params.get("browser_name")
        if engine not in (None, "chromium") and params.get("runner") == "main":
            dropped.append(item)
        elif engine in (None, "chromium") or item.get_closest_marker("engines"):
            kept.append(item)
        else:
            dropped.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def dist_folder(tmp_path_factory):
    """The bundle, freshly built for this test session (never into the checkout's dist/)."""
    folder = tmp_path_factory.mktemp("bundle") / "dist"
    build_dist(folder)
    return folder


@pytest.fixture(scope="session")
def kustomer_bridge_folder(dist_folder):
    """What the plugin's kustomer_bridge_url serves: this session's build."""
    return dist_folder


@pytest.fixture(scope="session")
def dist_url(dist_folder):
    """The bundle served at http://127.0.0.1:PORT/."""
    server = serve(dist_folder)
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A folder of site pages served from another origin (http://localhost:PORT/)."""
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


@pytest.fixture(autouse=True)
def guard(request):
    """Installed on the test's page (if it has one): offline, no uncaught errors."""
    if "page" not in request.fixturenames:
        yield None
        return
    watch = install_guard(request.getfixturevalue("page"))
    yield watch
    check_guard(watch)


@pytest.fixture
def site_page(site):
    """Write a site page (head and body HTML) on the other origin; returns its URL."""
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
def runner():
    """Where the Python core runs: the default, a worker (core scenarios: both runners)."""
    return "worker"


@pytest.fixture
def bridge_tag(dist_url, runtime, runner):
    """The drop-in tag for this test's runtime and runner (``attrs`` added or, with None,
    removed). Python loads as soon as Kustomer's start has completed (data-python="eager"),
    so a core scenario begins with it up; test_on_demand.py tests the default, Python on
    demand."""

    def tag(attrs=None, defer=True):
        attributes = {
            "data-kustomer-api-key": "test-key",
            "data-brand-id": "brand-1",
            "data-runtime": runtime,
            "data-runner": runner,
            "data-python": "eager",
            "data-debug": "",
            "data-ready-timeout-ms": str(READY_TIMEOUT_MS),
        }
        attributes.update(attrs or {})
        rendered = " ".join(
            '%s="%s"' % (name, value) if value != "" else name
            for name, value in attributes.items()
            if value is not None
        )
        return '<script src="%skustomer-bridge.js" %s%s></script>' % (
            dist_url,
            rendered,
            " defer" if defer else "",
        )

    return tag


@pytest.fixture
def make_page(site_page, bridge_tag):
    """A site page with the drop-in tag (``bridge_tag``) at the end of its body; its URL."""

    def make(body="", head="", attrs=None, before_tag="", after_tag="", defer=True):
        return site_page(body + before_tag + bridge_tag(attrs, defer) + after_tag, head)

    return make


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    """Chromium runs WebAssembly in its baseline tier (Liftoff) only: its optimizing tier
    (TurboFan) compiled Pyodide's hot functions in the background, which cost the suite,
    on 2 cores, more CPU than it saved; nothing the bridge does depends on the tier."""
    if browser_name != "chromium":
        return browser_type_launch_args
    args = [*browser_type_launch_args.get("args", []), "--js-flags=--liftoff-only"]
    return {**browser_type_launch_args, "args": args}
