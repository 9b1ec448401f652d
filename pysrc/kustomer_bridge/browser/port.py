"""The port between JavaScript and the Python core: the one definition of what crosses it.

JavaScript (the loader and the boot module's driver) sends the core a JSON list of *events*;
the core answers each batch with a JSON list of *commands*, which the driver carries out in
order. Each message is a JSON list: its name, then its fields in the order defined here; each
side makes and reads it by the fields' names (here ``command`` and ``parameter``; in
JavaScript web/port/messages.mjs, over the copy the build writes, web/port/generated.mjs). Only
JSON crosses: Kustomer's errors as ``{message, status, code}`` (``to_error``), the answer to a
request as ``error_value`` writes it. The driver runs exactly these commands (its
dispatcher refuses actions that differ); tests in both languages make every message by name,
and the table in docs/architecture.md is made from these definitions.
"""

from .core.errors import KustomerError

# (name, fields, meaning)
EVENTS = (
    (
        "boot",
        ("config", "sdk"),
        "first: the tag's config, and what the loader knows of Kustomer: "
        "{start, startError, landingUrl}; start is none, pending, done or failed",
    ),
    ("started", ("error",), "a Kustomer.start() completed, whoever called it (error or null)"),
    ("stopped", (), "Kustomer.stop() has run, whoever called it"),
    (
        "unavailable",
        ("reason",),
        "Kustomer cannot come (widget.js failed, or a start did not call back in time)",
    ),
    ("callback", ("callId", "response", "error"), "Kustomer called back for invoke callId"),
    ("threw", ("callId", "text"), "Kustomer's method threw instead, for invoke callId"),
    (
        "notStarted",
        ("callId",),
        "invoke callId was not carried out: Kustomer was not started (a stop came first)",
    ),
    ("timer", ("timerId",), "the timer command timerId is due"),
    ("sdkEvent", ("event", "payload"), "a Kustomer event the core listens for"),
    (
        "conversationCreated",
        ("payload", "snapshot"),
        "onConversationCreate, heard by the loader from each start's completion on; snapshot: "
        "the page at that moment",
    ),
    (
        "kept",
        ("records",),
        "the describes the tab keeps (the keep command's records, patienceMs what is left), "
        "after boot and when the page is restored from the back/forward cache",
    ),
    (
        "claimed",
        (
            "key",
            "granted",
        ),
        "the answer to claim: granted, or another page of the site is describing it",
    ),
    ("wake", ("reason",), "the network is back (online) or the tab is shown again (visible)"),
    (
        "request",
        ("requestId", "kind", "args"),
        "the page asked (window.kustomerBridge, or the page's Python): args is an object "
        "of the kind's fields (the requests below)",
    ),
)
COMMANDS = (
    (
        "invoke",
        ("callId", "method", "args", "sync"),
        "Kustomer[method](...args, callback); sync: no callback, the return value answers",
    ),
    ("start", ("options",), "Kustomer.start(options)"),
    ("listen", ("event",), "add the one SDK listener for a Kustomer event"),
    ("unlisten", ("event",), "remove that listener (the same function)"),
    ("timer", ("timerId", "ms"), "send the timer event timerId after ms"),
    ("cancelTimer", ("timerId",), "forget timer timerId"),
    (
        "answer",
        ("requestId", "ok", "value"),
        "settle request requestId with its value, or the error "
        "{name, message, text, status, code, method, timeoutMs}",
    ),
    ("emit", ("event", "payload"), "an event for the page's subscribers"),
    ("state", ("state",), "the core's state: waiting, ready, stopped or failed"),
    ("remember", ("url",), "keep the visit's landing URL (redacted)"),
    (
        "keep",
        ("record",),
        "keep a describe for the tab until it is forgotten: {key, conversationId, "
        "customAttributes, patienceMs, delayed} (core/kept.py)",
    ),
    ("forget", ("key",), "Kustomer answered that describe, or it was given up"),
    (
        "claim",
        ("key",),
        "have a kept describe for this page, unless another page of the site has it (a frame, "
        "a duplicated tab); the page has it until it is forgotten or the page goes",
    ),
    ("log", ("level", "text"), "a console line (level debug: only with data-debug)"),
    ("booted", ("runtime",), "the core is up, e.g. micropython 1.28.0"),
)
# The request event's kinds: (kind, fields of its args, meaning). A field left out is null.
REQUESTS = (
    (
        "call",
        ("method", "args", "timeoutMs"),
        "Kustomer[method](...args), answered within timeoutMs (null: data-call-timeout-ms)",
    ),
    ("start", ("options",), "Kustomer.start(options), through the bridge"),
    ("stop", (), "Kustomer.stop(), through the bridge"),
    (
        "describe",
        ("conversationId", "attributes", "timeoutMs"),
        "describeConversation with these custom attributes, each attempt within timeoutMs",
    ),
    ("setAttributes", ("attributes",), "attributes set at run time, for later conversations"),
    ("on", ("event",), "the page subscribes to a Kustomer or bridge event"),
    ("off", ("event",), "the page's last subscriber to that event left"),
)
# What some fields carry, as objects with these fields: (payload, fields, meaning).
PAYLOADS = (
    (
        "snapshot",
        (
            "href",
            "pathname",
            "title",
            "canonical",
            "referrer",
            "landingUrl",
            "language",
            "timeZone",
            "userAgent",
            "maxTouchPoints",
            "metas",
            "elements",
            "jsonBlocks",
        ),
        "conversationCreated's snapshot: the page at that moment (attributes/page.py reads it)",
    ),
    ("sdk", ("start", "startError", "landingUrl"), "boot's sdk: what the loader knows"),
    ("error", ("message", "status", "code"), "Kustomer's error, as started and callback carry it"),
)
EVENT_FIELDS = {name: fields for name, fields, _ in EVENTS}
PAYLOAD_FIELDS = {name: fields for name, fields, _ in PAYLOADS}
REQUEST_FIELDS = {kind: fields for kind, fields, _ in REQUESTS}
COMMAND_FIELDS = {name: fields for name, fields, _ in COMMANDS}


def parameter(field):
    """The Python name of a port field, by which a handler takes it: callId -> call_id."""
    return "".join("_" + char.lower() if char.isupper() else char for char in field)


def command(name, **fields):
    """A command as it crosses the port, from its fields by their Python names
    (``command("answer", request_id=1, ok=True, value=None)``); a name or a field the
    definition lacks, or one it has left out, is a bug of the core's, said at once."""
    names = [parameter(field) for field in COMMAND_FIELDS[name]]
    if sorted(fields) != sorted(names):
        raise ValueError("the port's %s command takes %s" % (name, ", ".join(names)))
    return [name] + [fields[field] for field in names]


def request_fields(kind, args):
    """A request's args as the core's keyword arguments (conversationId -> conversation_id,
    a field left out None); a kind or a field the port lacks is a ValueError naming it."""
    if kind not in REQUEST_FIELDS:
        raise ValueError("unknown request %s" % kind)
    fields = REQUEST_FIELDS[kind]
    if not isinstance(args, dict) or [name for name in args if name not in fields]:
        raise ValueError(
            "a %s request takes an object of %s" % (kind, ", ".join(fields) or "no field")
        )
    return {parameter(field): args.get(field) for field in fields}


def request_args(kind, **fields):
    """A request's args as they cross the port, from the fields by their Python names."""
    names = REQUEST_FIELDS[kind]
    if sorted(fields) != sorted(parameter(name) for name in names):
        raise ValueError("a %s request takes %s" % (kind, ", ".join(names)))
    return {name: fields[parameter(name)] for name in names}


def definition():
    """What JavaScript needs of the port: each event's, command's and request's fields."""
    return {
        "events": {name: list(fields) for name, fields, _ in EVENTS},
        "commands": {name: list(fields) for name, fields, _ in COMMANDS},
        "requests": {kind: list(fields) for kind, fields, _ in REQUESTS},
        "payloads": {name: list(fields) for name, fields, _ in PAYLOADS},
    }


def to_error(info):
    """An error crossing the port (``{message, status, code}``) as a KustomerError."""
    if not info:
        return None
    if not isinstance(info, dict):
        return KustomerError(str(info))
    return KustomerError(
        info.get("message") or "unknown error", info.get("status"), info.get("code")
    )


def error_value(error):
    """What ``["answer", id, false, value]`` carries for a Python exception."""
    return {
        "name": type(error).__name__,
        "message": getattr(error, "message", None) or str(error),
        "text": str(error),
        "status": getattr(error, "status", None),
        "code": getattr(error, "code", None),
        "method": getattr(error, "method", None),
        "timeoutMs": getattr(error, "timeout_ms", None),
    }
