"""The bridge's state machine: hold every SDK call until ``start()`` has completed.

It talks to Kustomer only through an *SDK port* (in the browser ``port.PortSdk``, which
turns it into commands for the JavaScript side; the unit tests use a fake that drops early
calls like the real SDK)::

    sdk.invoke(method, args, callback)    # callback(response, KustomerError|None), once
    sdk.invoke_sync(method, callback)     # isChatAvailable / getUnreadCount
    sdk.start(options, callback)
    sdk.start_status()                    # "none", "pending", "done" or "failed"
    sdk.start_error()                     # the KustomerError a "failed" start called back with
    sdk.on_start_complete(callback)       # any start's callback, whoever called start (the
                                          # loader also reports a start it found by probing)
    sdk.on_stop(callback)                 # Kustomer.stop() has run, whoever called it
    sdk.add_listener(event, fn) -> handle;  sdk.remove_listener(event, handle)
    sdk.release_listener(handle)

and a clock with ``call_later(ms, fn) -> cancel``. States: ``waiting`` (for a start to
complete), ``ready``, ``stopped`` (after ``stop()``, until the next ``start()``) and
``failed`` (Kustomer cannot come; every pending and later call raises
``KustomerUnavailable``).

The first wait is bounded by the loader's ready timer, counted from tag time: it reports
why and sends ``unavailable`` (``sdk_failed``). A later ``start()`` is bounded by the same
ready timeout, counted from that call. Nothing in Kustomer's docs promises that a callback
ever comes, so every call the bridge sends has a deadline too: past it the caller gets
``KustomerTimeout``, the calls held behind it go on, and a late (or second) callback is
ignored.
"""

from .call_queue import CallQueue, PendingCall
from .deferred import Deferred, settled
from .errors import KustomerError, KustomerTimeout, KustomerUnavailable, seconds
from .listeners import ListenerRegistry


class Bridge:
    def __init__(self, sdk, clock, log, ready_timeout_ms, call_timeout_ms):
        self._sdk = sdk
        self._clock = clock
        self._log = log
        self._timeout_ms = ready_timeout_ms
        self.call_timeout_ms = call_timeout_ms
        self._queue = CallQueue()
        self.listeners = ListenerRegistry(sdk, log)
        self.ready = Deferred()
        self.state = "waiting"
        self.failure = None
        self._login = None  # Deferred of the latest login, until describeCustomer waited on it
        self._outbox = []  # calls to send in order; held while describeCustomer awaits login
        self._blocked = False
        self._cancel_timeout = None
        self._starts = []  # Deferreds of start() calls waiting for a start to complete

    # -- readiness ---------------------------------------------------------------------

    def attach(self):
        """Follow whichever ``start`` completes first: the loader's, the page's, or ours.

        A start that completed before the bridge existed (the site's own snippet ran first)
        is found by the loader, which probes for it and then reports it like any other.
        """
        self._sdk.on_start_complete(self._on_start_complete)
        self._sdk.on_stop(self._on_sdk_stopped)
        status = self._sdk.start_status()
        if status in ("done", "failed"):  # it called back before the bridge existed
            self._on_start_complete(None, self._sdk.start_error() if status == "failed" else None)

    def sdk_failed(self, reason):
        """The loader knows Kustomer cannot come (widget.js blocked or missing, or its ready
        timer ran out): fail now. It has reported ``reason`` already (once), so nothing is
        logged here."""
        self.fail(reason, reported=True)

    def fail(self, reason, reported=False):
        """Give up now (e.g. the ready timeout passed): pending and later calls raise."""
        if self.state in ("ready", "failed"):
            return
        self._stop_waiting()
        self.state = "failed"
        self.failure = KustomerUnavailable(reason)
        if not reported:
            self._log.config_error(reason)
        self._queue.reject_all(self.failure)
        outbox, self._outbox = self._outbox, []
        for call in outbox:
            call.result.reject(self.failure)
        self._settle_starts(None, self.failure)
        self.ready.reject(self.failure)

    def _on_start_complete(self, response=None, error=None):
        if error is not None:
            self.fail("Kustomer.start() called back with an error: %s" % error)
        else:
            self._on_started(response)

    def _on_started(self, response=None):
        if self.state == "ready":
            return
        if self.state == "failed":
            self._log.warn(
                "Kustomer became ready after the bridge had given up; calls from now on go through"
            )
            self.failure = None
        self._stop_waiting()
        self.state = "ready"
        self.listeners.attach_all()
        self._outbox.extend(self._queue.take_in_flush_order())
        self._drain()
        self._settle_starts(response, None)
        self.ready.resolve(True)
        self._log.debug("Kustomer is ready")

    def _settle_starts(self, response, error):
        starts, self._starts = self._starts, []
        for cycle in starts:
            if error is not None:
                cycle.reject(error)
            else:
                cycle.resolve(response)

    def _arm_timeout(self):
        if self._cancel_timeout is None:
            self._cancel_timeout = self._clock.call_later(self._timeout_ms, self._on_timeout)

    def _on_timeout(self):
        self._cancel_timeout = None
        if self.state in ("waiting", "stopped"):
            self.fail(
                "Kustomer is unavailable: Kustomer.start() did not call back within %s"
                % seconds(self._timeout_ms)
            )

    def _stop_waiting(self):
        if self._cancel_timeout is not None:
            self._cancel_timeout()
        self._cancel_timeout = None

    # -- start / stop ------------------------------------------------------------------

    def start(self, options):
        """Call ``Kustomer.start(options)`` unless a start is already done or under way.

        The result settles when a start completes (bounded by the ready timeout).
        """
        if self.state in ("ready", "waiting") and self._sdk.start_status() in ("pending", "done"):
            self._log.debug("start() ignored: Kustomer is already started")
            return self.ready
        self.state = "waiting"
        cycle = Deferred()
        self._starts.append(cycle)
        self._arm_timeout()
        try:
            self._sdk.start(options, self._on_start_complete)
        except Exception as error:
            self._starts.remove(cycle)
            cycle.reject(threw("start", error))
        return cycle

    def stop(self):
        """``Kustomer.stop()``: later calls wait for the next ``start()``.

        Kustomer.stop is sent in turn (it may wait behind a pending login); the listeners
        are released only once it has run (``_on_sdk_stopped``), never before.
        """
        if self.state != "ready":
            return settled()
        self.state = "stopped"
        result = Deferred()
        self._outbox.append(PendingCall("stop", [], result))
        self._drain()
        return result

    def _on_sdk_stopped(self):
        """Kustomer.stop() has run (ours, or the page's): it dropped every listener."""
        if self.state == "ready":
            self.state = "stopped"
        self.listeners.detach_all()

    # -- calls -------------------------------------------------------------------------

    def call(self, method, args=None, sync=False, timeout_ms=None):
        """Send now if ready, else hold until start completes; returns a Deferred.

        ``timeout_ms`` (default ``call_timeout_ms``) bounds the wait for the SDK's callback,
        counted from when the call is sent.
        """
        call = PendingCall(method, list(args or []), Deferred(), sync, timeout_ms)
        if self.state == "failed":
            call.result.reject(self.failure)
        elif self.state == "ready":
            self._outbox.append(call)
            self._drain()
        else:
            self._queue.add(call)
        return call.result

    def on(self, event, handler):
        """Call ``handler(payload)`` on each ``event``; returns the unsubscribe function."""
        return self.listeners.on(event, handler)

    def off(self, event, handler):
        self.listeners.off(event, handler)

    def pending_count(self):
        return len(self._queue)

    def _drain(self):
        """Send the outbox in order; a describeCustomer waits for a pending login's callback
        (Kustomer's docs: call it inside the login callback), and the calls after it wait too.
        The wait is bounded: login's deadline settles it.
        """
        while self._outbox and not self._blocked:
            call = self._outbox[0]
            login = self._login
            if call.method == "describeCustomer" and login is not None and not login.done():
                self._blocked = True
                login.add_done_callback(self._unblock)
                return
            self._outbox.pop(0)
            self._send(call)

    def _unblock(self, _login):
        self._blocked = False
        self._login = None
        self._drain()

    def _send(self, call):
        if call.method == "login":
            self._login = call.result
        if call.sync:
            self._send_sync(call)
            return
        timeout_ms = call.timeout_ms or self.call_timeout_ms
        cancel_deadline = self._clock.call_later(
            timeout_ms, lambda: call.result.reject(KustomerTimeout(call.method, timeout_ms))
        )

        def callback(response, error):
            if call.result.done():
                self._log.debug(
                    "Kustomer.%s called back after %s; ignored"
                    % (call.method, call.result.error() or "its first callback")
                )
                return
            cancel_deadline()
            if error is not None:
                error.method = call.method
                call.result.reject(error)
            else:
                call.result.resolve(response)

        try:
            self._sdk.invoke(call.method, call.args, callback)
        except Exception as error:  # e.g. the method is missing: report to this caller only
            cancel_deadline()
            call.result.reject(threw(call.method, error))

    def _send_sync(self, call):
        def callback(response, error):
            if error is not None:
                call.result.reject(error)
            else:
                call.result.resolve(response)

        try:
            self._sdk.invoke_sync(call.method, callback)
        except Exception as error:
            call.result.reject(threw(call.method, error))


def threw(method, error):
    """The KustomerError for an SDK method that raised instead of calling back."""
    if not isinstance(error, KustomerError):  # the port's errors already carry the JS type
        error = KustomerError("%s: %s" % (type(error).__name__, error))
    return KustomerError("it threw " + error.message, method=method)
