"""What a page shows the check, in a real browser (Playwright; the test kit's system browsers).

The page loads as a visitor's would, but for Kustomer's widget.js URL, which the stub SDK
answers (``live``: the real widget.js, and nothing is created). Once ``kustomerBridge.ready``
has settled (within the bridge's own bound), the check reads the bridge's state and, with
the stub, creates one conversation and waits for its describe. Nothing leaves the machine
but the page's own requests. ``look(url, ...)`` returns ``seen`` as findings.py reads it,
or raises ``CannotCheck`` with one line saying why.
"""

from ..testing.browsers import with_system_browser
from ..testing.stub import KustomerStub, serve_stub

# Before the page's own scripts: CSP violations, and the bridge events the check reports.
WATCH = """
window.__check__ = {violations: [], rejected: []};
document.addEventListener("securitypolicyviolation", (event) =>
  __check__.violations.push(event.violatedDirective + " " + (event.blockedURI || "inline")));
"""
# The bridge as the page has it, once ready has settled (or null: no bridge).
READ_BRIDGE = """async (waitMs) => {
  const face = window.kustomerBridge, internal = window.__kustomerBridge__;
  const kustomer = typeof window.Kustomer?.start === "function";
  if (!face || !face.ready) return {bridge: null, kustomer, ready: null};
  const timer = new Promise((done) => setTimeout(() => done("pending"), waitMs));
  const ready = await Promise.race([timer, face.ready.then(() => "ready",
    (error) => ({name: error.name, message: error.message}))]);
  const config = internal?.config || {};
  if (ready === "ready") {
    face.on("attributeRejected", (event) => __check__.rejected.push(event));
  }
  return {kustomer, ready, bridge: {version: face.version, mode: internal?.sdk?.mode || null,
    runtime: config.runtime || null, runner: config.runner || null,
    python: config.python || null}};
}"""
MESSAGE = "kustomer-bridge check: is this conversation described?"


class CannotCheck(Exception):
    """The page could not be checked (no browser, the page did not load): why, in one line."""


def look(playwright, url, browser="chromium", live=False, wait_ms=30000):
    """Load ``url`` in ``browser`` and return what the check saw (findings.py's ``seen``)."""
    engine = getattr(playwright, browser)
    try:
        launched = engine.launch(
            **with_system_browser({"headless": True}, browser, engine.executable_path)
        )
    except Exception as error:
        raise CannotCheck("%s could not start (%s)" % (browser, first_line(error))) from None
    try:
        return look_in(launched.new_context(), url, live, wait_ms)
    finally:
        launched.close()


def look_in(context, url, live, wait_ms):
    lines = []
    if not live:
        serve_stub(context)
    page = context.new_page()
    page.add_init_script(WATCH)
    page.on("console", lambda message: bridge_line(lines, message))
    try:
        response = page.goto(url, wait_until="load", timeout=wait_ms)
    except Exception as error:
        raise CannotCheck("%s did not load (%s)" % (url, first_line(error))) from None
    if response is not None and response.status >= 400:
        raise CannotCheck("%s answered HTTP %d" % (url, response.status))
    seen = page.evaluate(READ_BRIDGE, wait_ms)
    stub = KustomerStub(page, console=[])
    seen.update(live=live, described=None, rejected=[], bridge_lines=lines)
    seen["early_calls"] = [] if live else [call["method"] for call in stub.dropped()]
    if not live and seen["ready"] == "ready":
        seen["described"] = describe_one(page, stub, wait_ms)
    watched = page.evaluate("window.__check__")
    seen.update(violations=watched["violations"], rejected=watched["rejected"])
    return seen


def describe_one(page, stub, wait_ms):
    """Create a conversation in the stub: how it was described (and how many times, after
    everything queued went through), or None."""
    conversation = stub.create_conversation(MESSAGE)
    try:
        attributes = stub.expect_described(conversation, timeout=wait_ms)
    except AssertionError:
        return None
    stub.settle()
    times = stub.described_ids().count(conversation)
    return {"conversationId": conversation, "customAttributes": attributes, "times": times}


def bridge_line(lines, message):
    if message.type in ("warning", "error") and message.text.startswith("[kustomer-bridge]"):
        lines.append([message.type, message.text])


def first_line(error):
    return str(error).strip().splitlines()[0]
