"""The port between JavaScript and the Python core: the one interface they share.

JavaScript (the driver in kustomer-bridge-boot.mjs) sends the core a JSON list of *events*;
the core answers each batch with a JSON list of *commands*, which the driver carries out in
order. Nothing else crosses: the core never reads the page, sets a timer or calls Kustomer
itself, so it runs the same in a worker, on the main thread and in CPython's unit tests.
Each message is a JSON list whose first item names it.

Events, JavaScript -> Python::

    ["boot", config, sdk]            first: the tag's config (kustomer-bridge.js) and what
                                     the loader knows: {start, startError, landingUrl};
                                     start is "none", "pending", "done" or "failed"
    ["started", error]               a Kustomer.start() completed (error or null)
    ["stopped"]                      Kustomer.stop() has run, whoever called it
    ["unavailable", reason]          Kustomer cannot come (widget.js failed; ready timeout)
    ["callback", id, response, error]  Kustomer called back for ["invoke", id, ...]
    ["threw", id, text]              Kustomer[method] threw instead
    ["timer", id]                    ["timer", id, ms] is due
    ["sdkEvent", name, payload, snapshot]  a Kustomer event; snapshot: the page at that
                                     moment (onConversationCreate: the loader's listener
                                     takes one, kept from start on), else null
    ["request", id, kind, args]      the page asked (window.kustomerBridge or Python's API):
                                     kind "call" [method, args, timeoutMs, sync],
                                     "start" [options], "stop" [], "describe" [id, attrs],
                                     "setAttributes" [attrs], "on" [event], "off" [event]

Commands, Python -> JavaScript::

    ["invoke", id, method, args, sync]   Kustomer[method](...args, callback); sync: no
                                     callback, its return value is the response
    ["start", options]               Kustomer.start(options)
    ["listen", name] / ["unlisten", name]   the one SDK listener for an event
    ["timer", id, ms] / ["cancelTimer", id]
    ["settle", id, ok, value]        answer request id: its value, or the error
                                     {name, message, status, code, method, timeoutMs}
    ["emit", name, payload]          an event for the page's subscribers
    ["ready", ok, message]           Kustomer is ready, or never will be (message says why)
    ["state", state]                 "waiting", "ready", "stopped" or "failed"
    ["remember", url]                the visit's landing URL, redacted, to keep
    ["log", level, text]             a console line ("debug" only when debug is on)
    ["booted", runtime]              the core is up (e.g. "micropython 1.28.0")

Errors cross as ``{message, status, code}``. Transports: the worker host's messages (one
batch each way, in order), the main-thread host's ``connectHost(handle)``, and for the
page's own Python ``__kustomerBridge__.requestJson`` / ``subscribeJson`` (client.py).
"""

from .core import threw
from .errors import KustomerError


def to_error(info):
    """An error crossing the port (``{message, status, code}``) as a KustomerError."""
    if not info:
        return None
    if not isinstance(info, dict):
        return KustomerError(str(info))
    return KustomerError(
        info.get("message") or "unknown error", info.get("status"), info.get("code")
    )


def error_value(error):
    """What ``["settle", id, false, value]`` carries for a Python exception."""
    return {
        "name": type(error).__name__,
        "message": getattr(error, "message", None) or str(error),
        "text": str(error),
        "status": getattr(error, "status", None),
        "code": getattr(error, "code", None),
        "method": getattr(error, "method", None),
        "timeoutMs": getattr(error, "timeout_ms", None),
    }


class PortSdk:
    """``core.Bridge``'s SDK port, as commands: what the loader knows of Kustomer is
    mirrored from events, and each callback waits for its event."""

    def __init__(self, send):
        self._send = send
        self.status = "none"
        self.error = None
        self._ids = 0
        self._callbacks = {}  # invoke id -> (method, callback)
        self._listeners = {}  # event -> fn
        self._on_start = []
        self._on_stop = []

    def _invoke(self, method, args, callback, sync):
        self._ids += 1
        self._callbacks[self._ids] = (method, callback)
        self._send(["invoke", self._ids, method, args, sync])

    def invoke(self, method, args, callback):
        self._invoke(method, args, callback, False)

    def invoke_sync(self, method, callback):
        self._invoke(method, [], callback, True)

    def start(self, options, callback):
        """The start callback arrives as a ``started`` event, like any start's."""
        self.status = "pending"
        self._send(["start", options])

    def start_status(self):
        return self.status

    def start_error(self):
        return self.error

    def on_start_complete(self, callback):
        self._on_start.append(callback)

    def on_stop(self, callback):
        self._on_stop.append(callback)

    def add_listener(self, event, fn):
        self._listeners[event] = fn
        self._send(["listen", event])
        return event

    def remove_listener(self, event, handle):
        self._listeners.pop(event, None)
        self._send(["unlisten", event])

    def release_listener(self, handle):
        self._listeners.pop(handle, None)

    # -- events --------------------------------------------------------------------------

    def started(self, error):
        self.status = "failed" if error else "done"
        self.error = to_error(error)
        for watcher in self._on_start:
            watcher(None, self.error)

    def stopped(self):
        self.status = "none"
        for watcher in self._on_stop:
            watcher()

    def callback(self, call_id, response, error, log):
        _method, callback = self._callbacks.pop(call_id, (None, None))
        if callback is None:
            log.debug("a second callback for Kustomer call %s; ignored" % call_id)
            return
        callback(response, to_error(error))

    def threw(self, call_id, text):
        method, callback = self._callbacks.pop(call_id, (None, None))
        if callback is not None:
            callback(None, threw(method, KustomerError(text)))

    def sdk_event(self, event, payload):
        fn = self._listeners.get(event)
        if fn is not None:
            fn(payload, None)


class PortClock:
    """``call_later(ms, fn) -> cancel`` as timer commands; ``fire(id)`` runs a due timer."""

    def __init__(self, send):
        self._send = send
        self._ids = 0
        self._timers = {}

    def call_later(self, ms, fn):
        self._ids += 1
        timer = self._ids
        self._timers[timer] = fn
        self._send(["timer", timer, ms])

        def cancel():
            if self._timers.pop(timer, None) is not None:
                self._send(["cancelTimer", timer])

        return cancel

    def fire(self, timer):
        fn = self._timers.pop(timer, None)
        if fn is not None:
            fn()
