"""Python handlers for Kustomer events: one SDK listener per event, fanned out.

``on(event, handler)`` returns an unsubscribe function. The SDK listener for an event is
added when the SDK is ready (inside the start callback) and removed, with the very same
reference, when its last handler unsubscribes. ``Kustomer.stop()`` drops every SDK
listener, so after a restart the registry attaches them again, once each. Events the bridge
itself emits (``describeFailed``, ``attributeRejected``) never reach the SDK.
"""

BRIDGE_EVENTS = ("describeFailed", "attributeRejected", "describeSent")


class ListenerRegistry:
    def __init__(self, sdk, log):
        self._sdk = sdk
        self._log = log
        self._events = []  # SDK events in first-registration order
        self._handlers = {}  # event -> [handler, ...]
        self._attached = {}  # event -> handle the SDK port gave back
        self._live = False

    def on(self, event, handler):
        if not isinstance(event, str) or not event:
            raise ValueError("event must be a non-empty string such as 'onConversationCreate'")
        if not callable(handler):
            raise TypeError("handler for %s must be callable" % event)
        handlers = self._handlers.setdefault(event, [])
        handlers.append(handler)
        if event not in BRIDGE_EVENTS:
            if event not in self._events:
                self._events.append(event)
            if self._live:
                self._attach(event)
        return lambda: self.off(event, handler)

    def off(self, event, handler):
        handlers = self._handlers.get(event, [])
        if handler in handlers:
            handlers.remove(handler)
        if handlers or event in BRIDGE_EVENTS:
            return
        self._handlers.pop(event, None)
        if event in self._events:
            self._events.remove(event)
        handle = self._attached.pop(event, None)
        if handle is not None:
            try:
                self._sdk.remove_listener(event, handle)
            except Exception as error:
                self._log.debug("removing the %s listener: %s" % (event, error))

    def attached_events(self):
        return [event for event in self._events if event in self._attached]

    def attach_all(self):
        """The SDK is ready: add one SDK listener for each event that has handlers."""
        self._live = True
        for event in self._events:
            self._attach(event)

    def detach_all(self):
        """``Kustomer.stop()`` dropped every SDK listener: forget (and release) ours."""
        self._live = False
        attached, self._attached = self._attached, {}
        for handle in attached.values():
            self._sdk.release_listener(handle)

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
            self._attached[event] = self._sdk.add_listener(event, dispatch)
        except Exception as error:  # never into the start callback that attaches us
            self._log.error("could not listen for %s: %s" % (event, error))
