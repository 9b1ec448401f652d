"""The core as one sans-IO object: port events in, port commands out (see port.py).

    machine = Machine()
    commands_json = machine.handle_json(events_json)

``handle_json`` never raises: a broken event is logged (as a command) and skipped. The
``boot`` event builds the bridge from the tag's config: the call queue and listeners
(core.Bridge), the Python API over it (api.KustomerChat), the page attributes
(page_context, privacy) and auto-describe. Hosts (hosts.py) only move JSON in and out.
"""

import json
import sys

from .api import KustomerChat
from .auto_describe import AutoDescriber
from .core import Bridge
from .deferred import settled
from .log import Log
from .page_context import PageContext
from .port import PortClock, PortSdk, error_value, to_error
from .privacy import settings


class Machine:
    def __init__(self):
        self._commands = []
        self._sdk = PortSdk(self._commands.append)
        self._clock = PortClock(self._commands.append)
        self._log = Log(lambda level, text: self._commands.append(["log", level, text]))
        self._bridge = None
        self._state = None
        self._snapshot = None  # the page when the event being handled fired
        self._subscriptions = {}  # event the page subscribed to -> unsubscribe

    def handle_json(self, events_json):
        """A JSON list of events in, the JSON list of commands they caused out."""
        try:
            events = json.loads(events_json)
        except ValueError as error:
            events = []
            self._log.error("internal error: unreadable events (%s)" % error)
        for event in events:
            try:
                self.handle(event)
            except Exception as error:
                self._log.error(
                    "internal error on %s: %s: %s" % (event[0], type(error).__name__, error)
                )
        if self._bridge is not None and self._bridge.state != self._state:
            self._state = self._bridge.state
            self._commands.append(["state", self._state])
        text = json.dumps(self._commands)
        del self._commands[:]  # the same list: the SDK port, clock and log append to it
        return text

    def handle(self, event):
        name = event[0]
        if name == "boot":
            self._boot(event[1], event[2])
        elif name == "started":
            self._sdk.started(event[1])
        elif name == "stopped":
            self._sdk.stopped()
        elif name == "unavailable":
            self._bridge.sdk_failed(event[1])
        elif name == "callback":
            self._sdk.callback(event[1], event[2], event[3], self._log)
        elif name == "threw":
            self._sdk.threw(event[1], event[2])
        elif name == "timer":
            self._clock.fire(event[1])
        elif name == "sdkEvent":
            self._snapshot = event[3]
            self._sdk.sdk_event(event[1], event[2])
            self._snapshot = None
        elif name == "request":
            self._request(event[1], event[2], event[3])
        else:
            self._log.error("internal error: unknown event %s" % name)

    def _boot(self, config, sdk):
        self._log.debug_enabled = bool(config.get("debug"))
        self._sdk.status = sdk.get("start") or "none"
        self._sdk.error = to_error(sdk.get("startError"))  # set when start failed
        bridge = Bridge(
            self._sdk, self._clock, self._log, config["readyTimeoutMs"], config["callTimeoutMs"]
        )
        self._bridge = bridge
        self.chat = KustomerChat(bridge, self._log)
        groups, redactor, problems = settings(config)
        for problem in problems:
            self._log.config_error(problem)
        self.context = PageContext(groups, redactor)
        self._commands.append(["remember", redactor.redact(sdk.get("landingUrl") or "")])
        describer = AutoDescriber(
            self.chat,
            lambda snapshot=None: self.context.capture(snapshot or self._snapshot or {}),
            self._clock,
            self._log,
            bridge.listeners.emit,
        )
        self.chat.on("onConversationCreate", describer.handle)
        bridge.ready.add_done_callback(self._ready)
        bridge.attach()
        self._commands.append(["booted", runtime_description()])

    def _ready(self, done):
        error = done.error()
        self._commands.append(["ready", error is None, str(error or "")])

    # -- requests from the page ----------------------------------------------------------

    def _request(self, request_id, kind, args):
        try:
            result = self._answer(kind, args)
        except Exception as error:  # bad arguments: this caller's problem only
            self._commands.append(["settle", request_id, False, error_value(error)])
            return
        result.add_done_callback(lambda done: self._settle(request_id, done))

    def _settle(self, request_id, done):
        if done.failed():
            self._commands.append(["settle", request_id, False, error_value(done.error())])
        else:
            self._commands.append(["settle", request_id, True, done.result()])

    def _answer(self, kind, args):
        """The Deferred (or settled value) that answers a request of ``kind``."""
        chat, bridge = self.chat, self._bridge
        if kind == "call":
            method, call_args, timeout_ms, sync = args
            return bridge.call(method, call_args, sync=sync, timeout_ms=timeout_ms)
        if kind == "start":
            return chat.start(**args[0])
        if kind == "stop":
            return chat.stop()
        if kind == "describe":
            return chat.describe_conversation(args[0], args[1])
        if kind == "setAttributes":
            return settled(self._set_attributes(args[0]))
        if kind == "on":
            self._subscribe(args[0])
            return settled(None)
        if kind == "off":
            unsubscribe = self._subscriptions.pop(args[0], None)
            if unsubscribe is not None:
                unsubscribe()
            return settled(None)
        raise ValueError("unknown request %s" % kind)

    def _set_attributes(self, values):
        """Merge attributes set at run time; the list of rejections (never raises)."""
        try:
            if not isinstance(values, dict):
                raise ValueError("setAttributes expects an object of attribute names to values")
            return self.context.set_runtime(values)
        except Exception as error:
            self._log.config_error("setAttributes: %s" % error)
            return [{"name": None, "reason": str(error)}]

    def _subscribe(self, event):
        """Forward ``event`` to the page's subscribers (the driver fans it out), once."""
        if event not in self._subscriptions:
            self._subscriptions[event] = self.chat.on(
                event, lambda payload: self._commands.append(["emit", event, payload])
            )


def runtime_description():
    """E.g. ``micropython 1.28.0`` or ``cpython 3.14.2`` (Pyodide)."""
    version = sys.implementation.version
    return "%s %s" % (sys.implementation.name, ".".join(str(part) for part in version[:3]))
