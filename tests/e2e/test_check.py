"""``kustomer-bridge check URL`` run as a site owner runs it (the installed command, in a
subprocess: its own browser), on pages the suite serves, in Chromium and Firefox."""

import functools
import http.server
import json
import subprocess
import sys
import threading

import pytest

from kustomer_bridge.pytest_plugin import WIDGET_URL
from kustomer_bridge.server.tag import chat_tag

from pages import NONCE, PYTHON_NEVER_RUNS, csp_meta

# The command in both browsers where what it reads differs by engine (the bridge, CSP and
# Trusted Types); in Chromium where it does not (which row, which early calls).
BROWSERS = pytest.mark.parametrize("browser", ["chromium", "firefox"])
# The classic race, made certain: the page calls Kustomer as soon as the rest of the SDK has
# arrived (its methods being defined), before start() has called back.
RACY_SNIPPET = (
    """<script>
addEventListener("kustomerLoaded", () => {
  Kustomer.start({brandId: "brand-1"});
  let method;
  Object.defineProperty(Kustomer, "describeCustomer", {configurable: true, get: () => method,
    set(value) {
      method = value;
      queueMicrotask(() => Kustomer.describeCustomer({customAttributes: {planStr: "pro"}}));
    }});
});
</script>
<script src="%s" data-kustomer-api-key="site-key"></script>"""
    % WIDGET_URL
)

ROW = 'README "Where to put the tag", row %d: '
SNIPPET = (
    '<script>addEventListener("kustomerLoaded", () => Kustomer.start({brandId: "b"}));</script>'
)
WIDGET = '<script src="%s" data-kustomer-api-key="site-key"></script>' % WIDGET_URL
# A tag manager's way: the bridge's tag added by a script once the page's start has completed,
# which here takes longer than the 500 ms of quiet network a settled page is read after.
INJECT = """<script>
window.KustomerStubConfig = {startLatencyMs: 1500};
addEventListener("kustomerLoaded", () => Kustomer.start({brandId: "b"}, () => {
  const written = document.createElement("template");
  written.innerHTML = %s;
  const tag = document.createElement("script");
  for (const {name, value} of written.content.firstChild.attributes) tag.setAttribute(name, value);
  document.body.append(tag);
}));
</script>"""


@pytest.fixture
def host_without_cors(dist_folder):
    """The bundle on a host that sends no CORS header (a plain static server); its URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(dist_folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()


def check(*args):
    """The command's exit status and what it printed (stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "kustomer_bridge", "check", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def check_json(url, browser, *args):
    status, out, err = check(url, "--browser", browser, "--json", *args)
    assert err == "" or status != 2, err
    report = json.loads(out)
    assert report["url"] == url
    return status, {item["code"]: item for item in report["findings"]}, report["attributes"]


@BROWSERS
def test_the_readmes_page_has_no_problem_and_shows_what_is_described(
    browser, site_page, dist_url, runtime
):
    tags = chat_tag(
        "site-key", dist_url + "kustomer-bridge.js", brand_id="brand-1", runtime=runtime
    )
    url = site_page('<span data-kustomer-attribute="orderNumberStr">A-1001</span>' + str(tags))
    status, found, attributes = check_json(url + "?utm_campaign=winter", browser)
    assert status == 0, found
    assert {"bridge", "kustomer", "placement", "ready", "described", "cost", "bfcache"} <= set(
        found
    )
    assert found["kustomer"]["message"].startswith("Kustomer's SDK: %s " % WIDGET_URL)
    assert found["placement"]["message"].startswith(ROW % 1)
    # a browser may keep a page out of its back/forward cache for its own reasons: a warning
    assert {item["level"] for code, item in found.items() if code != "bfcache"} == {"ok"}
    assert "(kustomer-bridge.js" in found["cost"]["message"]
    assert attributes["orderNumberStr"] == "A-1001"
    assert attributes["utmCampaignStr"] == "winter"
    assert attributes["pageUrl"] == url + "?utm_campaign=winter"


@BROWSERS
@PYTHON_NEVER_RUNS
def test_a_csp_without_wasm_unsafe_eval_is_a_problem_naming_the_directive(
    browser, site_page, bridge_tag, dist_url
):
    policy = "script-src 'unsafe-inline' %s http://localhost:* https://cdn.kustomerapp.com" % (
        dist_url.rstrip("/")
    )
    url = site_page(bridge_tag({"data-python": None}), csp_meta(policy))
    status, found, _ = check_json(url, browser)
    assert status == 1
    assert found["python-cannot-run"]["level"] == "problem"
    assert "'wasm-unsafe-eval'" in found["python-cannot-run"]["message"]


@PYTHON_NEVER_RUNS
@BROWSERS
def test_trusted_types_without_the_policy_listed_is_a_problem_naming_it(
    browser, site_page, bridge_tag
):
    policy = (
        "script-src 'nonce-%s' 'strict-dynamic' 'wasm-unsafe-eval'; "
        "require-trusted-types-for 'script'; trusted-types nothing" % NONCE
    )
    url = site_page(bridge_tag({"nonce": NONCE, "data-python": None}), csp_meta(policy))
    status, found, _ = check_json(url, browser)
    assert status == 1
    assert found["bridge-says"]["level"] == "problem"
    assert 'add "trusted-types kustomer-bridge" to it' in found["bridge-says"]["message"]
    assert found["not-ready"]["message"].startswith("KustomerUnavailable: ")


@BROWSERS
def test_a_page_without_the_bridge_is_a_problem(browser, site_page):
    status, found, _ = check_json(site_page("<p>no chat here</p>"), browser)
    assert status == 1
    assert found["no-bridge"]["level"] == "problem"
    assert found["no-kustomer"]["level"] == "problem"


@pytest.mark.parametrize(
    "number, level",
    [(3, "ok"), (5, "warning")],
    ids=["snippet in head, tag in body", "tag added later"],
)  # row 1: the README's page; row 2: the racy snippet's; row 4: a tag after the page's start
def test_the_placement_row_is_named(site_page, bridge_tag, number, level):
    tag = bridge_tag({"data-kustomer-api-key": None}, defer=False)
    head, body = {
        3: (SNIPPET, tag + WIDGET),
        5: ("", INJECT % json.dumps(tag).replace("</", "<\\/") + WIDGET),
    }[number]
    status, found, _ = check_json(site_page(body, head), "chromium")
    assert status == 0, found
    assert found["placement"]["level"] == level
    assert found["placement"]["message"].startswith(ROW % number)


def test_a_tag_that_ran_after_the_pages_start_is_the_late_row_a_warning(site_page, bridge_tag):
    url = site_page(SNIPPET + WIDGET + bridge_tag({"data-kustomer-api-key": None}, defer=False))
    status, found, _ = check_json(url, "chromium")
    assert status == 0
    assert found["placement"]["level"] == "warning"
    assert found["placement"]["message"].startswith(ROW % 4)
    assert "start had completed before the bridge's tag ran" in found["placement"]["message"]


def test_a_racy_snippets_early_calls_are_listed(site_page, bridge_tag):
    url = site_page(bridge_tag({"data-kustomer-api-key": None}, defer=False) + RACY_SNIPPET)
    status, found, _ = check_json(url, "chromium")
    assert status == 1
    assert found["placement"]["message"].startswith(ROW % 2)
    assert found["early-calls"]["level"] == "problem"
    assert found["early-calls"]["message"].endswith(": describeCustomer")
    assert "described" in found  # the bridge still describes the page's conversations


@PYTHON_NEVER_RUNS
def test_a_host_without_cors_is_a_problem_naming_the_file(
    site_page, bridge_tag, dist_url, host_without_cors
):
    url = site_page(bridge_tag({"data-python": None}).replace(dist_url, host_without_cors))
    status, found, _ = check_json(url, "chromium")
    assert status == 1
    assert found["file-unreadable"]["message"].startswith(
        "kustomer-bridge.manifest.json cannot be read from this page ("
    )


def test_a_url_that_does_not_answer_cannot_be_checked():
    status, out, err = check("http://127.0.0.1:9/")
    assert (status, out) == (2, "")
    assert err.startswith("kustomer-bridge check: http://127.0.0.1:9/ did not load (")


def test_the_readable_report(site_page, bridge_tag):
    status, out, _ = check(site_page(bridge_tag({"data-python": None})))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("kustomer-bridge check http://localhost:")
    assert any(
        line.startswith("ok       a conversation the check created was described") for line in lines
    )
    assert "Attributes the conversation was described with:" in lines
    assert lines[-1] == "0 problems, 0 warnings"


@PYTHON_NEVER_RUNS  # --live creates nothing, and nothing else asks for Python
def test_live_lets_the_pages_own_widget_load_and_creates_nothing(site_page, bridge_tag, dist_url):
    widget = dist_url + "stub/kustomer-stub.js"  # the page's own widget.js, not answered
    url = site_page(bridge_tag({"data-python": None, "data-widget-src": widget}))
    status, found, attributes = check_json(url, "chromium", "--live")
    assert status == 0, found
    assert found["live"]["message"].startswith("--live: the page's own widget.js ran")
    assert "described" not in found and "cost" not in found and attributes == {}
