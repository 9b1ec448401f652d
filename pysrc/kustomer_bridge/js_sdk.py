"""The only module that touches JavaScript: the SDK port, the clock and the console.

Everything crosses as JSON strings through the loader's port (``window.__kustomerBridge__``),
so MicroPython and Pyodide behave the same; Python callbacks handed to JavaScript are wrapped
with ``create_proxy`` and kept until they are no longer needed, then destroyed.
"""

import json

import js
from pyscript.ffi import create_proxy

from .errors import KustomerError


def from_json(text):
    return json.loads(text) if text else None


def to_error(text):
    """The port's error JSON (``{message, status, code}``) as a KustomerError, or None."""
    if not text:
        return None
    info = json.loads(text)
    return KustomerError(
        info.get("message") or "unknown error", info.get("status"), info.get("code")
    )


def unwrap(envelope):
    """The value of the port's ``{"value": ...}`` envelope; raise KustomerError on
    ``{"threw": ...}`` (a JS exception cannot cross into MicroPython, so it crosses as text)."""
    outcome = json.loads(str(envelope))
    if "threw" in outcome:
        raise KustomerError(outcome["threw"])
    return outcome.get("value")


def release(proxy):
    """Destroy a proxy (Pyodide); MicroPython's are collected by the JS garbage collector."""
    destroy = getattr(proxy, "destroy", None)
    if destroy is not None:
        destroy()


def one_shot(fn):
    """A proxy that calls ``fn`` once and then destroys itself; returns (proxy, dispose).

    ``dispose()`` destroys it unused (a cancelled timer); destroying twice cannot happen.
    """
    state = {"proxy": None}

    def dispose():
        proxy, state["proxy"] = state["proxy"], None
        if proxy is not None:
            release(proxy)

    def call(*args):
        dispose()
        fn(*args)

    state["proxy"] = create_proxy(call)
    return state["proxy"], dispose


class JsSdk:
    """The SDK port of ``core.Bridge``, backed by the loader's JavaScript helpers."""

    def __init__(self, port):
        self._port = port
        self._watchers = []

    def _send(self, send, callback):
        """``send(proxy)`` with a one-shot proxy turning the port's JSON ``(response, error)``
        into Python; the proxy goes at once if the SDK threw instead."""
        proxy, dispose = one_shot(
            lambda response, error: callback(from_json(response), to_error(error))
        )
        try:
            unwrap(send(proxy))
        except KustomerError:
            dispose()
            raise

    def invoke(self, method, args, callback):
        self._send(lambda proxy: self._port.invoke(method, json.dumps(args), proxy), callback)

    def invoke_sync(self, method):
        return unwrap(self._port.invokeSync(method))

    def start(self, options, callback):
        self._send(lambda proxy: self._port.start(json.dumps(options), proxy), callback)

    def start_status(self):
        return str(self._port.startStatus())

    def start_error(self):
        return to_error(str(self._port.startError()))

    def on_start_complete(self, callback):
        def call(response_json, error_json):
            callback(from_json(response_json), to_error(error_json))

        proxy = create_proxy(call)
        self._watchers.append(proxy)
        self._port.onStart(proxy)

    def on_stop(self, callback):
        proxy = create_proxy(callback)
        self._watchers.append(proxy)
        self._port.onStop(proxy)

    def add_listener(self, event, fn):
        """Returns the handle ``(JS listener, Python proxy)``: the SDK needs the same reference."""
        proxy = create_proxy(lambda response, error: fn(from_json(response), to_error(error)))
        listener = self._port.listener(proxy)
        try:
            unwrap(self._port.addListener(event, listener))
        except KustomerError:
            release(proxy)
            raise
        return (listener, proxy)

    def remove_listener(self, event, handle):
        try:
            unwrap(self._port.removeListener(event, handle[0]))
        finally:
            release(handle[1])

    def release_listener(self, handle):
        release(handle[1])

    def load_problem(self):
        return str(self._port.loadProblem()) or None

    def script_state(self):
        return str(self._port.scriptState())


class JsClock:
    """``call_later(ms, fn) -> cancel`` on ``setTimeout``."""

    def call_later(self, ms, fn):
        proxy, dispose = one_shot(fn)
        timer = js.setTimeout(proxy, ms)

        def cancel():
            js.clearTimeout(timer)
            dispose()

        return cancel


def console_sink(port):
    """A ``Log`` sink writing to the browser console through the port."""
    return lambda level, text: port.console(level, text)


def loader_port():
    """The loader's port object, or None when this page has no kustomer-bridge.js."""
    return getattr(js.window, "__kustomerBridge__", None)


def expose(port, face):
    """Hand ``face`` (see js_face.py) to the loader, which replays buffered JS calls into it."""
    impl = js.Object.new()
    impl.describeConversation = create_proxy(face.describe_conversation)
    impl.setAttributes = create_proxy(face.set_attributes)
    impl.on = create_proxy(lambda event, handler: create_proxy(face.on(event, handler)))
    port.provide(impl)


def page_snapshot(port):
    """What page_context.PageContext.capture reads, taken by the loader at this moment."""
    return json.loads(str(port.snapshot()))


def take_early_events(port):
    """``[(payload, snapshot), ...]`` the loader buffered; it hands over its listener too."""
    return json.loads(str(port.takeEarlyEvents()))


def remember_landing(port, redact):
    """Keep this visit's landing URL, redacted, for later pages (never stored raw)."""
    port.rememberLanding(redact(str(port.landingUrl)))


def on_load_error(port, fail):
    """Call ``fail(reason)`` if widget.js fails to load after Python has booted."""
    port.onLoadError = create_proxy(fail)
