"""The Python API for a page's own ``<script type="mpy|py">``, wherever the core runs.

``kustomer_bridge.chat()`` gives a ``KustomerChat`` over a ``PortClient``: each call is a
``request`` event to the core (port.py) through the loader (``__kustomerBridge__``), held
there until the core is up, and its answer settles the awaitable. Main thread only.
"""

import json

import js
from pyscript.ffi import create_proxy

from .core.deferred import Deferred
from .core.errors import KustomerError, KustomerTimeout, KustomerUnavailable
from .port import request_args

CONSOLE = {"debug": "log", "warn": "warn", "error": "error"}  # a Log level's console method


def connect():
    """A KustomerChat for this page, or None when the page has no kustomer-bridge.js."""
    from .api import KustomerChat
    from .core.log import Log

    loader = getattr(js.window, "__kustomerBridge__", None)
    if loader is None:
        return None
    log = Log(lambda level, text: getattr(js.console, CONSOLE[level])(text), loader.config.debug)
    client = PortClient(loader)
    return KustomerChat(client, log, client.describe)


def release(proxy):
    """Destroy a proxy (Pyodide keeps it alive until then; MicroPython's are collected by
    the JavaScript garbage collector)."""
    destroy = getattr(proxy, "destroy", None)
    if destroy is not None:
        destroy()


def one_shot(fn):
    """A JS-callable proxy of ``fn`` that is released once called."""
    holder = []

    def call(*args):
        release(holder[0])
        fn(*args)

    holder.append(create_proxy(call))
    return holder[0]


def to_exception(info):
    """The exception an ``answer`` error stands for, with what the core said."""
    name = info.get("name")
    if name == "KustomerTimeout":
        return KustomerTimeout(info.get("method"), info.get("timeoutMs"))
    if name == "KustomerUnavailable":
        return KustomerUnavailable(info.get("message"))
    if name in ("ValueError", "TypeError"):
        return (ValueError if name == "ValueError" else TypeError)(info.get("text"))
    return KustomerError(
        info.get("message"), info.get("status"), info.get("code"), info.get("method")
    )


class PortClient:
    """What KustomerChat needs of the call gate (core/gate.py), as requests to the core."""

    def __init__(self, loader):
        self._loader = loader  # window.__kustomerBridge__
        self._unsubscribers = {}
        self.ready = Deferred()
        loader.face.ready.then(
            one_shot(lambda _: self.ready.resolve(True)),
            one_shot(lambda error: self.ready.reject(KustomerUnavailable(str(error.message)))),
        )

    @property
    def state(self):
        return str(self._loader.state)

    def _request(self, kind, **fields):
        result = Deferred()

        def answer(ok, value_json):
            value = json.loads(str(value_json))
            result.settle(value, None if ok else to_exception(value))

        self._loader.requestJson(kind, json.dumps(request_args(kind, **fields)), one_shot(answer))
        return result

    def call(self, method, args=None, sync=False, timeout_ms=None):
        """The gate's call, as a request (the core knows which methods are sync)."""
        return self._request("call", method=method, args=list(args or []), timeout_ms=timeout_ms)

    def describe(self, conversation_id, attributes, timeout_ms=None):
        return self._request(
            "describe",
            conversation_id=conversation_id,
            attributes=attributes,
            timeout_ms=timeout_ms,
        )

    def start(self, options):
        return self._request("start", options=options)

    def stop(self):
        return self._request("stop")

    def on(self, event, handler):
        proxy = create_proxy(lambda payload: handler(json.loads(str(payload))))
        unsubscribe_js = self._loader.subscribeJson(event, proxy)

        def unsubscribe():
            if self._unsubscribers.pop((event, handler), None) is not None:
                unsubscribe_js()
                release(proxy)

        self._unsubscribers[(event, handler)] = unsubscribe
        return unsubscribe

    def off(self, event, handler):
        unsubscribe = self._unsubscribers.get((event, handler))
        if unsubscribe is not None:
            unsubscribe()
