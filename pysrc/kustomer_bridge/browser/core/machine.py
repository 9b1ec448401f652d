"""The core as one sans-IO object: port events in, port commands out (see ../port.py).

    machine = Machine()
    commands_json = machine.handle_json(events_json)

``handle_json`` never raises: a broken event is logged (as a command) and skipped. The
``boot`` event builds the core from the tag's config: the call gate and its listeners
(gate.py), the Python API over it (api.KustomerChat), the page attributes (attributes/) and
the describer. A runner (../runners.py) only moves JSON in and out.
"""

import json
import sys

from ..api import KustomerChat
from ..attributes.page import PageContext
from ..attributes.privacy import settings
from ..port import EVENT_FIELDS, command, error_value, parameter, request_fields
from .deferred import settled
from .describer import Describer
from .gate import CallGate
from .log import Log
from .sdk import PortClock, PortSdk

# Each event's handler takes its fields by name: its parameters are the port's field names
# (port.parameter), so a field renamed, swapped or dropped on one side fails (test_machine).
PARAMETERS = {name: [parameter(field) for field in fields] for name, fields in EVENT_FIELDS.items()}


class Machine:
    def __init__(self):
        self._commands = []
        self._log = Log(
            lambda level, text: self._commands.append(command("log", level=level, text=text))
        )
        self._sdk = PortSdk(self._commands.append, self._log)
        self._clock = PortClock(self._commands.append)
        self._gate = None
        self._state = None
        self._subscriptions = {}  # event the page subscribed to -> unsubscribe
        self._handlers = {
            "boot": self._boot,
            "started": self._sdk.started,
            "stopped": self._sdk.stopped,
            "unavailable": lambda reason: self._gate.sdk_failed(reason),
            "callback": self._sdk.callback,
            "threw": self._sdk.threw,
            "notStarted": self._sdk.not_started,
            "timer": self._clock.fire,
            "sdkEvent": self._sdk.sdk_event,
            "conversationCreated": self._conversation_created,
            "kept": lambda records: self._describer.adopt(records),
            "claimed": lambda key, granted: self._describer.claimed(key, granted),
            "wake": lambda reason: self._describer.wake(reason),
            "request": self._request,
        }
        assert sorted(self._handlers) == sorted(EVENT_FIELDS), "the port's events changed"

    def handle_json(self, events_json):
        """A JSON list of events in, the JSON list of commands they caused out; it never
        raises (what it cannot read is logged as an internal error)."""
        try:
            events = json.loads(events_json)
            if not isinstance(events, list):
                raise ValueError("not a list of events")
        except Exception as error:  # not JSON; nested too deep (RecursionError, RuntimeError)
            events = []
            self._log.error("internal error: unreadable events (%s)" % error)
        for event in events:
            try:
                self.handle(event)
            except Exception as error:
                self._log.error(
                    "internal error on %s: %s: %s"
                    % (repr(event)[:120], type(error).__name__, error)
                )
        if self._gate is not None and self._gate.state != self._state:
            self._state = self._gate.state
            self._commands.append(command("state", state=self._state))
        # one dumps per command: MicroPython's dumps of one large list grows its output
        # buffer quadratically (a burst of 1,000 conversations took a second, joined 40 ms)
        text = "[" + ",".join([json.dumps(each) for each in self._commands]) + "]"
        del self._commands[:]  # the same list: the SDK port, clock and log append to it
        return text

    def handle(self, event):
        if not isinstance(event, list) or not event or not isinstance(event[0], str):
            raise ValueError("an event is a list: its name, then its fields")
        name, fields = event[0], event[1:]
        if name not in EVENT_FIELDS or len(fields) != len(EVENT_FIELDS[name]):
            raise ValueError("not an event of the port: %s with %d fields" % (name, len(fields)))
        # the lengths are equal (checked above); MicroPython's zip has no strict=
        self._handlers[name](**dict(zip(PARAMETERS[name], fields)))  # noqa: B905

    def _boot(self, config, sdk):
        self._log.debug_enabled = bool(config.get("debug"))
        self._sdk.booted(sdk)
        gate = CallGate(self._sdk, self._clock, self._log, config["callTimeoutMs"])
        self._gate = gate
        groups, redactor, problems = settings(config)
        for problem in problems:
            self._log.config_error(problem)
        self.context = PageContext(groups, redactor)
        self._commands.append(command("remember", url=redactor.redact(sdk.get("landingUrl") or "")))
        self._describer = Describer(
            gate,
            self.context.capture,
            self._clock,
            self._log,
            gate.listeners.emit,
            TabCommands(self._commands),
        )
        self.chat = KustomerChat(gate, self._log, self._describer.describe)
        gate.attach()
        self._commands.append(command("booted", runtime=runtime_description()))

    def _conversation_created(self, payload, snapshot):
        """Described with the page of its moment; then the page's subscribers hear of it."""
        self._describer.created(payload, snapshot)
        self._gate.listeners.emit("onConversationCreate", payload)

    # -- requests from the page ----------------------------------------------------------

    def _request(self, request_id, kind, args):
        try:
            result = self._answer(kind, args)
        except Exception as error:  # bad arguments: this caller's problem only
            self._commands.append(
                command("answer", request_id=request_id, ok=False, value=error_value(error))
            )
            return
        result.add_done_callback(lambda done: self._settle(request_id, done))

    def _settle(self, request_id, done):
        value = error_value(done.error()) if done.failed() else done.result()
        self._commands.append(
            command("answer", request_id=request_id, ok=not done.failed(), value=value)
        )

    def _answer(self, kind, args):
        """The Deferred (or settled value) that answers a request of ``kind``."""
        fields = request_fields(kind, args)
        chat = self.chat
        if kind == "call":
            return chat.call(fields["method"], fields["args"], fields["timeout_ms"])
        if kind == "start":
            return chat.start(**(fields["options"] or {}))
        if kind == "stop":
            return chat.stop()
        if kind == "describe":
            return chat.describe_conversation(
                fields["conversation_id"], fields["attributes"], fields["timeout_ms"]
            )
        if kind == "setAttributes":
            return settled(self._set_attributes(fields["attributes"]))
        if kind == "on":
            self._subscribe(fields["event"])
        else:
            unsubscribe = self._subscriptions.pop(fields["event"], None)
            if unsubscribe is not None:
                unsubscribe()
        return settled(None)

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
                event,
                lambda payload: self._commands.append(
                    command("emit", event=event, payload=payload)
                ),
            )


class TabCommands:
    """The describer's tab: what it keeps, forgets and claims become the driver's commands."""

    def __init__(self, commands):
        self._commands = commands

    def keep(self, record):
        self._commands.append(command("keep", record=record))

    def forget(self, key):
        self._commands.append(command("forget", key=key))

    def claim(self, key):
        self._commands.append(command("claim", key=key))


def runtime_description():
    """E.g. ``micropython 1.28.0`` or ``cpython 3.14.2`` (Pyodide)."""
    version = sys.implementation.version
    return "%s %s" % (sys.implementation.name, ".".join(str(part) for part in version[:3]))
