"""KustomerStub: the stub Kustomer SDK in every page of a test's browser context.

    def test_new_conversation_is_described(page, kustomer_stub):
        page.goto("http://127.0.0.1:8000/checkout.html")
        conversation = kustomer_stub.create_conversation("Where is my order?")
        kustomer_stub.expect_described(conversation, {"orderNumberStr": "A-1001"})

``serve_stub(context)`` answers Kustomer's widget.js URL with the stub for every page, popup
and iframe of a context; ``calls()`` reads all their call logs, each call saying which page
made it. The assertions wait (``expect_call``, ``expect_described``) or prove an absence
without sleeping (``expect_no_call``: a marker answered after everything the page has
queued), and their messages show what the SDK saw instead.
"""

import json
import time

from ..server.bundle import stub_path
from ..server.defaults import KUSTOMER_WIDGET_URL
from . import report
from .options import stub_config

READ_LOG = "() => window.KustomerStub ? window.KustomerStub.calls : null"
# After everything queued so far: the stub's pending callbacks, then (with the bridge) every
# request the bridge has queued, answered in order by its core, then the stub's again.
MARKER = """async () => {
  const stub = () => new Promise((done) => window.KustomerStub ? KustomerStub.afterQueued(done)
    : setTimeout(done, 0));
  await stub();
  const bridge = window.kustomerBridge;
  // through the bridge's core too, once it is ready and has begun to load Python (a request
  // before then would load Python itself: the loader's pythonLoadedAt says it has begun)
  if (bridge && bridge.setAttributes && await bridge.ready.then(() => true, () => false) &&
      window.__kustomerBridge__.pythonLoadedAt !== undefined) {
    await bridge.setAttributes({}).catch(() => null);
  }
  await stub();
}"""


def serve_stub(context):
    """Answer Kustomer's widget.js URL (with any query) with the stub, in every page, popup
    and iframe of ``context``."""
    with open(stub_path(), "rb") as handle:
        body = handle.read()
    context.route(
        KUSTOMER_WIDGET_URL + "*",
        lambda route: route.fulfill(
            status=200,
            body=body,
            content_type="text/javascript",
            headers={"Access-Control-Allow-Origin": "*"},
        ),
    )


class KustomerStub:
    """Reads and drives the stub SDK; the page it drives is ``page`` (``for_page(popup)``
    gives one driving another page of the same context)."""

    def __init__(self, page, console=None):
        self.page = page
        self.context = page.context
        self.console = console if console is not None else []  # the bridge's and the stub's
        if console is None:
            self.context.on("console", self._on_console)

    def _on_console(self, message):
        if message.text.startswith(report.BRIDGE_LINES):
            self.console.append(message.text)

    def for_page(self, page):
        """The same stub, driving ``page`` (a popup, say)."""
        return KustomerStub(page, self.console)

    # -- what the SDK saw, in every page of the context -------------------------------------

    def calls(self, method=None):
        """The call log of every page and iframe: dicts of method, args, time (ms since that
        page's stub loaded), dropped (made before start's callback) and page (its URL)."""
        found = []
        for page in self.context.pages:
            for frame in page.frames:
                try:
                    calls = frame.evaluate(READ_LOG)
                except Exception:  # a frame that navigated away or closed meanwhile
                    continue
                found.extend(dict(call, page=frame.url) for call in calls or ())
        return [call for call in found if method is None or call["method"] == method]

    def dropped(self):
        return [call for call in self.calls() if call["dropped"]]

    def report(self):
        """The "kustomer" section of a failing test's report."""
        return "Calls:\n%s\n\nConsole lines of the bridge and the stub:\n%s" % (
            report.call_log(self.calls()),
            report.console_report(self.console),
        )

    # -- assertions that wait ---------------------------------------------------------------

    def _until(self, condition, timeout, failure):
        """Poll ``condition`` until it holds, or fail once ``timeout`` ms have passed."""
        deadline = time.monotonic() + timeout / 1000
        while not condition():
            if time.monotonic() >= deadline:
                raise AssertionError(failure())
            self.page.wait_for_timeout(20)

    def settle(self):
        """Wait until everything the page has queued went through the stub (a marker)."""
        self.page.evaluate(MARKER)

    def wait_for_call(self, method, timeout=30000, count=1):
        """Wait until ``method`` was called ``count`` times; return the last of those."""
        self._until(
            lambda: len(self.calls(method)) >= count,
            timeout,
            lambda: (
                "Kustomer.%s was called %d times within %d ms, not %d; the calls:\n%s"
                % (method, len(self.calls(method)), timeout, count, report.call_log(self.calls()))
            ),
        )
        return self.calls(method)[count - 1]

    def wait_until_ready(self, timeout=10000):
        """Wait until the stub's start callback has run in the test's page."""
        # polled by time, not by animation frame: a page in the background paints no frame
        self.page.wait_for_function(
            "() => window.KustomerStub && window.KustomerStub.ready", timeout=timeout, polling=20
        )

    def expect_call(self, method, times=None, timeout=30000):
        """``method`` was called (``times`` times exactly, when given): waits for it, and
        for exactly that many after a marker; returns the calls."""
        self.wait_for_call(method, timeout, times or 1)
        if times is not None:
            self.settle()
            made = self.calls(method)
            assert len(made) == times, "Kustomer.%s was called %d times, not %d:\n%s" % (
                method,
                len(made),
                times,
                report.call_log(made),
            )
        return self.calls(method)

    def expect_no_call(self, method):
        """Nothing the page has queued calls ``method``: proved with a marker, not a sleep."""
        self.settle()
        made = self.calls(method)
        assert not made, "Kustomer.%s was called %d times, expected no call:\n%s" % (
            method,
            len(made),
            report.call_log(made),
        )

    def described(self):
        """What was described, in order: the options (``{conversationId,
        customAttributes}``) of each describeConversation that took effect (made after
        start's callback, not failed by a fault)."""
        return [
            call["args"][0]
            for call in self.calls("describeConversation")
            if not call["dropped"]
            and "error" not in call
            and call["args"]
            and isinstance(call["args"][0], dict)
        ]

    def described_ids(self):
        """The conversation ids of ``described()``, in order."""
        return [options.get("conversationId") for options in self.described()]

    def expect_described(self, conversation_id, attributes=None, timeout=30000):
        """Wait until ``conversation_id`` was described (a describeConversation that took
        effect); ``attributes`` must be a subset of what was sent. Returns the sent
        customAttributes."""

        def ours():
            return [d for d in self.described() if d.get("conversationId") == conversation_id]

        self._until(
            lambda: ours(),
            timeout,
            lambda: (
                "conversation %s was not described within %d ms; %s"
                % (conversation_id, timeout, report.described_instead(self.described()))
            ),
        )
        sent = ours()[-1].get("customAttributes") or {}
        differences = report.attribute_differences(attributes or {}, sent)
        assert not differences, (
            "conversation %s was described with other attributes:\n%s\n"
            "sent: %s" % (conversation_id, "\n".join(differences), json.dumps(sent, sort_keys=True))
        )
        return sent

    # -- driving the stub in the page ---------------------------------------------------------

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
        """The next ``times`` calls of ``method`` call back with an Error (``start`` too);
        ``times=0`` ends the failures (a network that comes back)."""
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
        """The stub's options (see testing/options.py), for every page of the context loaded
        from now on, and for the current page if it has the stub."""
        config = stub_config(options)
        self.context.add_init_script(
            "window.KustomerStubConfig = Object.assign(window.KustomerStubConfig || {}, %s);"
            % json.dumps(config)
        )
        self.page.evaluate(
            "(config) => window.KustomerStub && window.KustomerStub.configure(config)", config
        )
