"""The call gate: every SDK call is held until ``Kustomer.start()`` has completed.

It talks to Kustomer only through the SDK port (sdk.py) and to time only through a clock
(``call_later(ms, fn) -> cancel``). States: ``waiting`` (for a start to complete),
``ready``, ``stopped`` (after ``stop()``, until the next start) and ``failed`` (Kustomer
cannot come: every pending and later call raises ``KustomerUnavailable``).

How long a start may take is the loader's to bound (data-ready-timeout-ms, for every start):
it reports a start that cannot complete as ``unavailable`` (``sdk_failed``). Nothing in
Kustomer's docs promises that a callback ever comes, so every call the gate sends has a
deadline: past it the caller gets ``KustomerTimeout``, the calls held behind it go on, and
a late callback is ignored.
"""

from .call_queue import CallQueue, PendingCall
from .deferred import Deferred, settled
from .errors import KustomerTimeout, KustomerUnavailable, NotStarted, threw
from .listeners import ListenerRegistry


class CallGate:
    def __init__(self, sdk, clock, log, call_timeout_ms):
        self._sdk = sdk
        self._clock = clock
        self._log = log
        self.call_timeout_ms = call_timeout_ms
        self._queue = CallQueue()
        self.listeners = ListenerRegistry(sdk, log)
        self.ready = Deferred()
        self.state = "waiting"
        self.failure = None
        self._login = None  # Deferred of the latest login, until describeCustomer waited on it
        self._outbox = []  # calls to send in order; held while describeCustomer awaits login
        self._blocked = False
        self._starts = []  # Deferreds of start() calls waiting for a start to complete

    # -- readiness ---------------------------------------------------------------------

    def attach(self):
        """Follow whichever ``start`` completes first: the loader's, the page's, or ours.

        A start that completed before the gate existed (the page's own, or the loader's
        before Python took over) is what the SDK port reports at boot.
        """
        self._sdk.on_start_complete(self._on_start_complete)
        self._sdk.on_stop(self._on_sdk_stopped)
        status = self._sdk.start_status()
        if status in ("done", "failed"):
            self._on_start_complete(None, self._sdk.start_error() if status == "failed" else None)

    def sdk_failed(self, reason):
        """The loader knows Kustomer cannot come, and has said so (once): fail now."""
        if self.state == "failed":
            return
        self.state = "failed"
        self.failure = KustomerUnavailable(reason)
        self._queue.reject_all(self.failure)
        outbox, self._outbox = self._outbox, []
        for call in outbox:
            call.result.reject(self.failure)
        self._settle_starts(None, self.failure)
        self.ready.reject(self.failure)

    def _on_start_complete(self, response=None, error=None):
        if error is not None:
            # the loader has said so once, and rejected kustomerBridge.ready with it
            self.sdk_failed("Kustomer.start() called back with an error: %s" % error)
        else:
            self._on_started(response)

    def _on_started(self, response=None):
        if self.state != "ready":
            if self.state == "failed":
                self._log.warn(
                    "Kustomer became ready after the bridge had given up; calls from now on "
                    "go through"
                )
                self.failure = None
            self.state = "ready"
            self.listeners.attach_all()
            self._log.debug("Kustomer is ready")
        self._outbox.extend(self._queue.take_in_flush_order())
        self._drain()
        self._settle_starts(response, None)
        self.ready.resolve(True)

    def _settle_starts(self, response, error):
        starts, self._starts = self._starts, []
        for cycle in starts:
            cycle.settle(response, error)

    # -- start / stop ------------------------------------------------------------------

    def start(self, options):
        """Call ``Kustomer.start(options)`` unless a start is already done or under way.

        The result settles when a start completes, or when the loader reports that it
        cannot (its ready bound).
        """
        if self.state in ("ready", "waiting") and self._sdk.start_status() in ("pending", "done"):
            self._log.debug("start() ignored: Kustomer is already started")
            return self.ready
        self.state = "waiting"
        cycle = Deferred()
        self._starts.append(cycle)
        self._sdk.start(options)
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
        self._admit(call)
        return call.result

    def _admit(self, call):
        """Send ``call`` now if ready, fail it if Kustomer cannot come, else hold it."""
        if self.state == "failed":
            call.result.reject(self.failure)
        elif self.state == "ready":
            self._outbox.append(call)
            self._drain()
        else:
            self._queue.add(call)

    def on(self, event, handler):
        """Call ``handler(payload)`` on each ``event``; returns the unsubscribe function."""
        return self.listeners.on(event, handler)

    def off(self, event, handler):
        self.listeners.off(event, handler)

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
        try:
            if call.sync:
                self._sdk.invoke_sync(
                    call.method, lambda response, error: self._settle(call, response, error)
                )
            else:
                self._invoke_with_deadline(call)
        except Exception as error:  # e.g. the method is missing: this caller's failure only
            call.result.reject(threw(call.method, error))

    def _invoke_with_deadline(self, call):
        timeout_ms = call.timeout_ms or self.call_timeout_ms
        cancel_deadline = self._clock.call_later(
            timeout_ms, lambda: call.result.reject(KustomerTimeout(call.method, timeout_ms))
        )

        def callback(response, error):
            if call.result.done():
                self._log.debug(
                    "Kustomer.%s called back after %s; ignored" % (call.method, call.result.error())
                )
                return
            cancel_deadline()
            self._settle(call, response, error)

        try:
            self._sdk.invoke(call.method, call.args, callback)
        except Exception:
            cancel_deadline()
            raise

    def _settle(self, call, response, error):
        """Kustomer answered ``call``. One it was not started for (the page stopped it just
        before, or started it again) did nothing: it is held for the next start to complete,
        as a call made then would be; but a stop is done (Kustomer is stopped already), never
        replayed to shut down the next start."""
        if isinstance(error, NotStarted) and call.method == "stop":
            self._log.debug("Kustomer.stop reached Kustomer stopped already; done")
            call.result.resolve(None)
            return
        if isinstance(error, NotStarted):
            self._log.debug("Kustomer.%s reached Kustomer not started; held" % call.method)
            self._queue.add(call)
            return
        if error is not None:
            error.method = call.method
        call.result.settle(response, error)
