"""Python handlers for Kustomer events: one SDK listener per event, fanned out.

``on(event, handler)`` returns an unsubscribe function. The SDK listener for an event is
added once the core hears that start completed and removed when its last handler
unsubscribes. ``Kustomer.stop()`` drops every SDK listener, so after a restart the registry
adds them again, once each. Two kinds of event never reach the SDK: the bridge's own
(``describeFailed``, ...), and ``onConversationCreate``, which the loader hears from each
start's completion on and reports to the core itself (machine.py emits it here).
"""

BRIDGE_EVENTS = ("describeDelayed", "describeFailed", "attributeRejected", "describeSent")
LOADER_EVENTS = ("onConversationCreate",)


class ListenerRegistry:
    def __init__(self, sdk, log):
        self._sdk = sdk
        self._log = log
        self._events = []  # SDK events in first-registration order
        self._handlers = {}  # event -> [handler, ...]
        self._attached = set()  # events whose SDK listener is on
        self._live = False

    def on(self, event, handler):
        if not isinstance(event, str) or not event:
            raise ValueError("event must be a non-empty string such as 'onConversationCreate'")
        if not callable(handler):
            raise TypeError("handler for %s must be callable" % event)
        self._handlers.setdefault(event, []).append(handler)
        if event not in BRIDGE_EVENTS + LOADER_EVENTS:
            if event not in self._events:
                self._events.append(event)
            if self._live:
                self._attach(event)
        return lambda: self.off(event, handler)

    def off(self, event, handler):
        handlers = self._handlers.get(event, [])
        if handler in handlers:
            handlers.remove(handler)
        if handlers or event in BRIDGE_EVENTS + LOADER_EVENTS:
            return
        self._handlers.pop(event, None)
        if event in self._events:
            self._events.remove(event)
        if event in self._attached:
            self._attached.discard(event)
            self._sdk.remove_listener(event)

    def attach_all(self):
        """The SDK is ready: add one SDK listener for each event that has handlers."""
        self._live = True
        for event in self._events:
            self._attach(event)

    def detach_all(self):
        """``Kustomer.stop()`` dropped every SDK listener: forget ours."""
        self._live = False
        self._attached = set()

    def emit(self, event, payload):
        """Call every handler of ``event``; one that raises is logged, the others still run."""
        for handler in list(self._handlers.get(event, [])):
            try:
                handler(payload)
            except Exception as error:
                self._log.error(
                    "a handler for %s raised %s: %s" % (event, type(error).__name__, error)
                )

    def _attach(self, event):
        if event in self._attached:
            return

        def dispatch(response, error=None):
            if error is not None:
                self._log.debug("%s delivered an error: %s" % (event, error))
            self.emit(event, response)

        try:
            self._sdk.add_listener(event, dispatch)
            self._attached.add(event)
        except Exception as error:  # never into the core's handling of the started event
            self._log.error("could not listen for %s: %s" % (event, error))
