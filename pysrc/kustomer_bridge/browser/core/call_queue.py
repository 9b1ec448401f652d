"""Calls made before ``Kustomer.start()`` has completed, held and flushed once each.

The real SDK silently drops every method called before start's callback has run, so the
bridge records such calls here and replays them once the core hears that start completed
(the ``started`` event), in this order:
``login`` calls, then ``describeCustomer`` calls (which also wait for a pending login's
callback, as Kustomer's docs require), then everything else in call order. Listener
registrations come before all of them; the listener registry owns those.
"""

FIRST_METHODS = ("login", "describeCustomer")


class PendingCall:
    """One SDK call: ``method``, its JS-shaped ``args``, the Deferred its caller holds, and
    its deadline (``timeout_ms``; None means the bridge's default)."""

    def __init__(self, method, args, result, sync=False, timeout_ms=None):
        self.method = method
        self.args = args
        self.result = result
        self.sync = sync
        self.timeout_ms = timeout_ms


class CallQueue:
    """Calls waiting for the SDK; ``take_in_flush_order`` empties it exactly once per call."""

    def __init__(self):
        self._calls = []

    def __len__(self):
        return len(self._calls)

    def add(self, call):
        self._calls.append(call)
        return call.result

    def take_in_flush_order(self):
        calls, self._calls = self._calls, []
        ordered = []
        for method in FIRST_METHODS:
            ordered.extend(call for call in calls if call.method == method)
        ordered.extend(call for call in calls if call.method not in FIRST_METHODS)
        return ordered

    def reject_all(self, error):
        calls, self._calls = self._calls, []
        for call in calls:
            call.result.reject(error)
