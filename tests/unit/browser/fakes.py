"""Fakes for the pure core: an SDK port that drops early calls like the real SDK, a clock."""

import asyncio
import threading

from kustomer_bridge.browser.core.errors import KustomerError, NotStarted
from kustomer_bridge.browser.core.gate import CallGate
from kustomer_bridge.browser.core.log import Log
from kustomer_bridge.browser.core.sdk import SdkPort


class FakeClock:
    """Timers that run only when the test advances time."""

    def __init__(self):
        self.now = 0
        self._timers = []  # [due, order, fn, alive]
        self._order = 0

    def call_later(self, ms, fn):
        self._order += 1
        timer = [self.now + ms, self._order, fn, True]
        self._timers.append(timer)

        def cancel():
            timer[3] = False

        return cancel

    def advance(self, ms):
        end = self.now + ms
        while True:
            due = [t for t in self._timers if t[3] and t[0] <= end]
            if not due:
                break
            timer = min(due, key=lambda t: (t[0], t[1]))
            timer[3] = False
            self.now = timer[0]
            timer[2]()
        self.now = end

    def pending(self):
        return len([t for t in self._timers if t[3]])


class FakeSdk(SdkPort):
    """Kustomer as documented: only ``start`` works until its callback has run."""

    def __init__(self):
        self.ready = False
        self.status = "none"
        self.failed_start = None
        self.sent = []  # (method, args) the SDK accepted
        self.dropped = []  # methods called before start completed
        self.listeners = {}  # event -> [fn, ...]
        self.start_calls = []
        self.failures = {}  # method -> KustomerError for its next call
        self.responses = {"login": {"identified": True}}
        self.held = {}  # method -> [callback, ...] not answered until release()
        self.hold_methods = set()
        self.throwing = set()
        self._watchers = []
        self._stop_watchers = []

    # the port
    def invoke(self, method, args, callback):
        if not self.ready:  # the real SDK drops it; the loader tells the core (notStarted)
            self.dropped.append(method)
            callback(None, NotStarted())
            return
        self.sent.append((method, args))
        if method == "stop":  # like the loader's wrapper: watchers hear of it once it has run
            self.ready = False
            self.status = "none"
            self.listeners = {}
            for watcher in self._stop_watchers:
                watcher()
        if method in self.throwing:
            raise TypeError("Kustomer.%s threw" % method)
        if method in self.hold_methods:
            self.held.setdefault(method, []).append(callback)
        elif method in self.failures:
            callback(None, self.failures.pop(method))
        else:
            callback(self.responses.get(method), None)

    def invoke_sync(self, method, callback):
        if not self.ready:
            callback(None, None)
            return
        self.sent.append((method, []))
        if method in self.throwing:
            raise TypeError("Kustomer.%s threw" % method)
        callback({"availability": "online"} if method == "isChatAvailable" else {"total": 0}, None)

    def start(self, options):
        self.start_calls.append(options)
        self.status = "pending"

    def start_status(self):
        return self.status

    def start_error(self):
        return self.failed_start

    def on_start_complete(self, callback):
        self._watchers.append(callback)

    def on_stop(self, callback):
        self._stop_watchers.append(callback)

    def add_listener(self, event, fn):
        if not self.ready:
            self.dropped.append("addListener")
            return
        self.listeners.setdefault(event, []).append(fn)

    def remove_listener(self, event):
        self.listeners.get(event, []).pop()

    # test controls
    def complete_start(self, error=None):
        """A start completes (whoever called it), as the loader reports it."""
        self.ready = error is None
        self.status = "failed" if error else "done"
        for watcher in self._watchers:
            watcher(None, error)

    def page_stops_and_restarts(self):
        """The page itself calls Kustomer.stop() and then Kustomer.start()."""
        self.invoke("stop", [], lambda response, error: None)
        self.start({})
        self.complete_start()

    def fire(self, event, payload):
        for fn in list(self.listeners.get(event, [])):
            fn(payload, None)

    def release(self, method, response=None, error=None):
        """Answer the held calls of ``method``."""
        for callback in self.held.pop(method, []):
            callback(response, error)

    def fail_next(self, method, message="boom", status=None, code=None):
        self.failures[method] = KustomerError(message, status, code)

    def methods_sent(self):
        return [method for method, _ in self.sent]


def run_in_own_loop(coroutine_function):
    """asyncio.run on a fresh thread (Playwright's sync API may own this thread's loop)."""
    results = []
    thread = threading.Thread(target=lambda: results.append(asyncio.run(coroutine_function())))
    thread.start()
    thread.join(10)
    return results[0]


def make_gate(debug=True, call_timeout_ms=10000):
    lines = []
    sdk, clock = FakeSdk(), FakeClock()
    log = Log(lambda level, text: lines.append((level, text)), debug=debug)
    gate = CallGate(sdk, clock, log, call_timeout_ms)
    return gate, sdk, clock, lines
