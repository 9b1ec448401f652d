"""The check's judgement (kustomer_bridge.check.findings) and its report, from what a page
showed: no browser needed."""

import json

import pytest

from kustomer_bridge.check.delivery import python_cannot_load
from kustomer_bridge.check.findings import judge
from kustomer_bridge.check.levels import exit_status
from kustomer_bridge.check.placement import placement_finding, row, scripts_in
from kustomer_bridge.check.report import as_json, as_text

BRIDGE = {
    "version": "0.1.0",
    "mode": "own",
    "runtime": "mpy",
    "runner": "worker",
    "python": "on-demand",
}


def seen(**changes):
    """A page where everything works, with ``changes``."""
    page = {
        "bridge": BRIDGE,
        "kustomer": True,
        "widget": "https://cdn.kustomerapp.com/chat-web/widget.js",
        "scripts": [],
        "ready": "ready",
        "bridge_lines": [],
        "early_calls": [],
        "violations": [],
        "rejected": [],
        "live": False,
        "described": {
            "conversationId": "c1",
            "customAttributes": {"pageUrl": "http://x/"},
            "times": 1,
        },
    }
    page.update(changes)
    return page


def codes(page):
    return [(item["level"], item["code"]) for item in judge(page)]


def test_a_page_where_everything_works_is_all_ok():
    assert codes(seen()) == [
        ("ok", "bridge"),
        ("ok", "kustomer"),
        ("ok", "placement"),
        ("ok", "ready"),
        ("ok", "described"),
    ]
    assert exit_status(judge(seen())) == 0
    said = {item["code"]: item["message"] for item in judge(seen(live=True, described=None))}
    assert said["kustomer"] == (
        "Kustomer's SDK: https://cdn.kustomerapp.com/chat-web/widget.js "
        "(unversioned: always current)"
    )
    said = {item["code"]: item["message"] for item in judge(seen(widget="http://x/stub.js"))}
    assert said["kustomer"] == (
        "Kustomer's SDK: http://x/stub.js (not Kustomer's URL: a copy or a stand-in the page loads)"
    )


def test_no_bridge_and_no_kustomer_are_problems_and_nothing_else_is_judged():
    page = seen(bridge=None, kustomer=False, ready=None)
    assert codes(page) == [("problem", "no-bridge"), ("problem", "no-kustomer")]
    assert exit_status(judge(page)) == 1


def test_python_that_cannot_run_is_said_once_though_the_console_said_it_too():
    reason = "Python cannot run on this page: its CSP forbids WebAssembly (add 'wasm-unsafe-eval')"
    page = seen(
        ready={"name": "PythonUnavailable", "message": reason},
        bridge_lines=[["error", "[kustomer-bridge] " + reason]],
    )
    found = judge(page)
    assert [item["code"] for item in found] == [
        "bridge",
        "kustomer",
        "placement",
        "python-cannot-run",
    ]
    assert "'wasm-unsafe-eval'" in found[-1]["message"]


def test_the_bridges_own_warnings_and_errors_become_findings():
    page = seen(
        bridge_lines=[["warning", "[kustomer-bridge] slow"], ["error", "[kustomer-bridge] bad"]]
    )
    assert ("warning", "bridge-says") in codes(page) and ("problem", "bridge-says") in codes(page)
    assert [item["message"] for item in judge(page) if item["code"] == "bridge-says"] == [
        "slow",
        "bad",
    ]


def test_early_calls_rejected_attributes_and_a_second_describe():
    page = seen(
        early_calls=["open", "describeCustomer"],
        rejected=[{"name": "cartTotal", "reason": "no type suffix"}],
        described={"conversationId": "c1", "customAttributes": {}, "times": 2},
    )
    found = {item["code"]: item for item in judge(page)}
    assert found["early-calls"]["message"].endswith("it: open, describeCustomer")
    assert (
        found["attribute-rejected"]["message"] == "attribute cartTotal was left out: no type suffix"
    )
    assert found["described-again"]["level"] == "problem"


def test_not_described_and_not_ready_are_problems_and_live_creates_nothing():
    assert ("problem", "not-described") in codes(seen(described=None))
    assert codes(seen(ready="pending"))[-1] == ("problem", "not-ready")
    assert codes(seen(live=True, described=None))[-1] == ("ok", "live")


def test_the_reports():
    page = seen(violations=["script-src http://cdn/x.js", "script-src http://cdn/x.js"])
    findings = judge(page)
    machine = json.loads(as_json("http://x/", findings, page))
    assert machine["attributes"] == {"pageUrl": "http://x/"}
    assert [item["code"] for item in machine["findings"]].count("csp-violation") == 1
    text = as_text("http://x/", findings, page).splitlines()
    assert text[0] == "kustomer-bridge check http://x/"
    assert "warning  the page's Content-Security-Policy blocked: script-src http://cdn/x.js" in text
    assert text[-1] == "0 problems, 1 warnings"


def test_a_start_the_bridge_found_late_warns_which_conversations_are_not_described():
    page = seen(bridge=dict(BRIDGE, mode="attach", probed=True))
    found = {item["code"]: item for item in judge(page)}
    assert found["placement"]["level"] == "warning"
    assert "put the bridge's tag before Kustomer's snippet" in found["placement"]["fix"]
    heard = seen(bridge=dict(BRIDGE, mode="attach", probed=False))
    assert ("ok", "placement") in codes(heard)


SNIPPET = "<script>Kustomer.start({brandId: 'b'});</script>"
WIDGET = '<script src="https://cdn.kustomerapp.com/chat-web/widget.js"></script>'
TAG = '<script src="https://cdn.example/kb/kustomer-bridge.js?v=1" defer></script>'


def page_html(head, body):
    return "<!doctype html><html><head>%s</head><body><p>x</p>%s</body></html>" % (head, body)


@pytest.mark.parametrize(
    "bridge, html, expected",
    [
        ({"mode": "own"}, page_html(TAG, ""), 1),
        ({"mode": "attach"}, page_html("", TAG + SNIPPET + WIDGET), 2),
        ({"mode": "attach"}, page_html(SNIPPET, TAG + WIDGET), 3),
        ({"mode": "attach", "probed": True}, page_html(SNIPPET, WIDGET + TAG), 4),
        ({"mode": "attach", "probed": True}, page_html(SNIPPET, WIDGET), 5),
    ],
)
def test_each_row_of_the_placement_table_is_named(bridge, html, expected):
    scripts = scripts_in(html)
    assert row(bridge, scripts) == expected
    said = placement_finding(bridge, scripts)
    assert said["message"].startswith('README "Where to put the tag", row %d: ' % expected)
    assert said["level"] == ("ok" if expected < 4 else "warning")


def test_the_pages_scripts_in_order_with_their_section():
    html = page_html(
        SNIPPET + "<script>other()</script>", TAG + "<script src=a.js></script>" + WIDGET
    )
    assert scripts_in(html) == [
        {"kind": "snippet", "section": "head"},
        {"kind": "bridge", "section": "body"},
        {"kind": "widget", "section": "body"},
    ]
    assert scripts_in("") == []


def test_the_cost_and_the_back_forward_cache():
    page = seen(
        cost={"files": ["kustomer-bridge.js"], "bytes": 6656, "ready_ms": 512},
        bfcache={"restored": False, "reasons": ["unload-listener"]},
    )
    found = {item["code"]: item for item in judge(page)}
    assert found["cost"]["message"] == (
        "before Kustomer's start called back, the page loaded 6.5 KB from the bridge's folder "
        "(kustomer-bridge.js); chat was ready 512 ms after the page began to load"
    )
    assert found["bfcache"]["level"] == "warning"
    assert found["bfcache"]["message"].endswith("(reasons: unload-listener)")
    assert ("ok", "bfcache") in codes(seen(bfcache={"restored": True, "reasons": []}))


def test_the_files_python_needs_as_the_host_serves_them():
    manifest = {"file": "kustomer-bridge.manifest.json", "status": 200, "type": "application/json"}
    wasm = {"file": "runtime/m/micropython.wasm", "status": 200, "type": "application/wasm"}
    assert ("ok", "files") in codes(seen(files=[manifest, wasm]))
    served = [
        manifest,
        dict(wasm, type="application/octet-stream"),
        {"file": "runtime/m/micropython.mjs", "status": 200, "type": "text/plain"},
        {"file": "kustomer-bridge-boot.0a.mjs", "status": 404, "type": "text/html"},
    ]
    found = [item for item in judge(seen(files=served)) if item["code"].startswith("file")]
    assert [(item["level"], item["code"]) for item in found] == [
        ("warning", "file-type"),
        ("problem", "file-type"),
        ("problem", "file-missing"),
    ]
    assert found[0]["message"] == (
        "runtime/m/micropython.wasm is served as application/octet-stream, not application/wasm"
    )
    unread = judge(seen(files=[{"file": "kustomer-bridge.manifest.json", "error": "Failed"}]))
    assert [item["message"] for item in unread if item["code"] == "file-unreadable"] == [
        "kustomer-bridge.manifest.json cannot be read from this page (Failed): a host without CORS?"
    ]


def test_a_file_that_does_not_reach_the_page_means_no_describe_and_no_wait_for_one():
    wasm = {"file": "runtime/m/micropython.wasm", "status": 200, "type": "application/octet-stream"}
    assert not python_cannot_load([wasm])  # a wasm of another type still compiles
    missing = {"file": "kustomer-bridge-boot.0a.mjs", "status": 404, "type": "text/html"}
    assert python_cannot_load([wasm, missing])
    found = {item["code"]: item for item in judge(seen(files=[missing], described=None))}
    assert found["not-described"]["message"].startswith("no conversation can be described: ")
    assert found["not-described"]["fix"] == found["file-missing"]["fix"]
