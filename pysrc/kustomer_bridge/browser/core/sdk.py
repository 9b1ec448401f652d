"""What the core needs of Kustomer's SDK and of time, and both as port commands.

``SdkPort`` is the interface the call gate (gate.py) and the listener registry use; in the
browser it is ``PortSdk``, which turns each use into a port command for the JavaScript side
and mirrors what the loader reports (start, stop) from port events; the unit tests implement
it with a fake that drops early calls as the real SDK does. ``PortClock`` is the clock as
timer commands. Both only append commands: no I/O.
"""

from ..port import command, to_error
from .errors import KustomerError, NotStarted, threw


class SdkPort:
    """Kustomer's SDK as the core uses it. Each callback is ``callback(response, error)``,
    error a KustomerError or None, called at most once."""

    def invoke(self, method, args, callback):
        """``Kustomer[method](*args, callback)``; a call Kustomer was not started for calls
        back with ``NotStarted`` (it did nothing)."""
        raise NotImplementedError

    def invoke_sync(self, method, callback):
        """``Kustomer[method]()`` for isChatAvailable and getUnreadCount: its return value."""
        raise NotImplementedError

    def start(self, options):
        """``Kustomer.start(options)``; its completion comes to the on_start_complete
        watchers, like any start's."""
        raise NotImplementedError

    def start_status(self):
        """ "none", "pending", "done" or "failed"."""
        raise NotImplementedError

    def start_error(self):
        """The KustomerError a failed start called back with."""
        raise NotImplementedError

    def on_start_complete(self, callback):
        """Call ``callback(response, error)`` after every start, whoever called it."""
        raise NotImplementedError

    def on_stop(self, callback):
        """Call ``callback()`` once Kustomer.stop() has run, whoever called it."""
        raise NotImplementedError

    def add_listener(self, event, fn):
        """``Kustomer.addListener(event, fn)``, ``fn(payload, error)``."""
        raise NotImplementedError

    def remove_listener(self, event):
        """``Kustomer.removeListener`` with the very function add_listener gave."""
        raise NotImplementedError


class PortSdk(SdkPort):
    """The SDK port as port commands; ``send(command)`` collects them."""

    def __init__(self, send, log):
        self._send = send
        self._log = log
        self.status = "none"
        self.error = None
        self._ids = 0
        self._callbacks = {}  # invoke id -> (method, callback), until its first answer
        self._listeners = {}  # event -> fn
        self._on_start = []
        self._on_stop = []

    def _invoke(self, method, args, callback, sync):
        self._ids += 1
        self._callbacks[self._ids] = (method, callback)
        self._send(command("invoke", call_id=self._ids, method=method, args=args, sync=sync))

    def invoke(self, method, args, callback):
        self._invoke(method, args, callback, False)

    def invoke_sync(self, method, callback):
        self._invoke(method, [], callback, True)

    def start(self, options):
        self.status = "pending"
        self._send(command("start", options=options))

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
        self._send(command("listen", event=event))

    def remove_listener(self, event):
        self._listeners.pop(event, None)
        self._send(command("unlisten", event=event))

    # -- port events -----------------------------------------------------------------------

    def booted(self, sdk):
        """What the loader knew of Kustomer when the core booted."""
        self.status = sdk.get("start") or "none"
        self.error = to_error(sdk.get("startError"))

    def started(self, error):
        self.status = "failed" if error else "done"
        self.error = to_error(error)
        for watcher in self._on_start:
            watcher(None, self.error)

    def stopped(self):
        self.status = "none"
        self._listeners.clear()  # Kustomer.stop() dropped them
        for watcher in self._on_stop:
            watcher()

    def callback(self, call_id, response, error):
        """Kustomer's callback for invoke ``call_id``; an SDK that calls back again is
        answered once (a debug line says so)."""
        _method, callback = self._callbacks.pop(call_id, (None, None))
        if callback is None:
            self._log.debug("Kustomer called back again for call %s; ignored" % call_id)
            return
        callback(response, to_error(error))

    def threw(self, call_id, text):
        method, callback = self._callbacks.pop(call_id, (None, None))
        if callback is not None:
            callback(None, threw(method, KustomerError(text)))

    def not_started(self, call_id):
        _method, callback = self._callbacks.pop(call_id, (None, None))
        if callback is not None:
            callback(None, NotStarted())

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
        self._send(command("timer", timer_id=timer, ms=ms))

        def cancel():
            if self._timers.pop(timer, None) is not None:
                self._send(command("cancelTimer", timer_id=timer))

        return cancel

    def fire(self, timer_id):
        fn = self._timers.pop(timer_id, None)
        if fn is not None:
            fn()
