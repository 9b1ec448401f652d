"""What ``kustomer-bridge check`` concludes from what it saw on a page: findings, each a level
(``ok``, ``warning``, ``problem``), a code, what was seen and what to do. No I/O here:
``page.py`` gathers what the page showed (``seen``), this module judges it.

``seen`` holds:

- ``bridge``: ``None`` (no ``window.kustomerBridge``), or its ``version``, ``mode`` (``own``:
  the bridge starts Kustomer; ``attach``: the page does), ``probed`` (the page's start had
  completed before the bridge could hear it), ``runtime``, ``runner``, ``python``;
- ``kustomer``: whether ``window.Kustomer`` is Kustomer's SDK, and ``widget`` the URL of its
  widget.js tag (or ``None``);
- ``scripts``: the bridge's tag, Kustomer's widget.js and snippet in the page's HTML as served
  (placement.py's ``scripts_in``);
- ``ready``: ``"ready"``, ``"pending"`` or the rejection as ``{"name", "message"}``;
- ``bridge_lines``: the bridge's console warnings and errors, as ``[level, text]``;
- ``early_calls``: the page's Kustomer calls made before start's callback (method names);
- ``violations``: Content-Security-Policy violations, as ``"directive blocked-URI"``;
- ``described``: the check's conversation as described (``conversationId``,
  ``customAttributes``, ``times`` it was described), or ``None`` (none was created where a
  file Python needs does not reach the page);
- ``rejected``: the attributes left out, as ``{name, reason}``;
- ``live``: whether the page's own widget.js ran, not the stub (the check then creates
  nothing);
- ``files``: the files Python needs from the bridge's folder (the manifest first), each
  ``{file, status, type}`` or ``{file, error}``;
- ``cost``: with the stub, the ``files`` and ``bytes`` the page loaded from the bridge's folder
  before start called back, and ``ready_ms`` (start's callback, from the page's time origin);
- ``bfcache``: whether the page was ``restored`` from the back/forward cache after the check
  left it and came back, and the browser's ``reasons`` when not; ``None`` when not tried.
"""

from ..server.defaults import KUSTOMER_WIDGET_URL
from .delivery import (
    SERVE_AS_EXPORTED,
    bfcache_findings,
    cost_findings,
    file_findings,
    python_cannot_load,
)
from .levels import OK, PROBLEM, WARNING, finding
from .placement import placement_finding

SEE_WHY = "add data-debug to the bridge's tag: the console then says what it waits for"


def judge(seen):
    """Every finding for ``seen``, in the report's order."""
    if seen["bridge"] is None:
        return [
            finding(
                PROBLEM,
                "no-bridge",
                "the page has no kustomer-bridge tag (window.kustomerBridge is not defined)",
                "add the drop-in tag (README: The drop-in tag), or check that it is not blocked",
            ),
            *kustomer_findings(seen),
            *early_call_findings(seen),
        ]
    return [
        bridge_finding(seen["bridge"]),
        *kustomer_findings(seen),
        *ready_findings(seen),
        *file_findings(seen),
        *console_findings(seen),
        *early_call_findings(seen),
        *violation_findings(seen),
        *describe_findings(seen),
        *cost_findings(seen),
        *bfcache_findings(seen),
    ]


def bridge_finding(bridge):
    return finding(
        OK,
        "bridge",
        "kustomer-bridge %s (data-runtime=%s, data-runner=%s, data-python=%s)"
        % (bridge["version"], bridge["runtime"], bridge["runner"], bridge["python"]),
    )


def kustomer_findings(seen):
    if not seen["kustomer"]:
        return [
            finding(
                PROBLEM,
                "no-kustomer",
                "Kustomer's SDK is not on the page (window.Kustomer has no start())",
                "give the bridge's tag data-kustomer-api-key, or add Kustomer's widget.js tag",
            )
        ]
    found = [sdk_finding(seen)]
    bridge = seen["bridge"] or {}
    if bridge.get("mode") in ("own", "attach"):
        found.append(placement_finding(bridge, seen["scripts"]))
    return found


def sdk_finding(seen):
    """Kustomer's SDK and where it came from: Kustomer serves widget.js unversioned, "Always
    current" (https://developer.kustomer.com/docs/chat), so its URL is all there is to say."""
    widget = seen.get("widget")
    if widget is None:
        how = "no widget.js tag found: a script of the page defined it"
    elif widget.split("?")[0] != KUSTOMER_WIDGET_URL:
        how = "not Kustomer's URL: a copy or a stand-in the page loads"
    elif seen["live"]:
        how = "unversioned: always current"
    else:
        how = "the check's stub answered it"
    return finding(OK, "kustomer", "Kustomer's SDK: %s (%s)" % (widget or "window.Kustomer", how))


def ready_findings(seen):
    ready = seen["ready"]
    if ready == "ready":
        return [finding(OK, "ready", "Kustomer is ready through the bridge")]
    if ready == "pending":
        return [
            finding(
                PROBLEM,
                "not-ready",
                "kustomerBridge.ready had not settled when the check gave up waiting",
                SEE_WHY,
            )
        ]
    fixes = {
        "PythonUnavailable": "chat works; to have conversations described, let Python run "
        "(the message says what the page forbids)",
        "KustomerUnavailable": "make sure Kustomer's widget.js loads and start() calls back",
    }
    return [
        finding(
            PROBLEM,
            "python-cannot-run" if ready["name"] == "PythonUnavailable" else "not-ready",
            "%s: %s" % (ready["name"], ready["message"]),
            fixes.get(ready["name"], "fix the setting the message names"),
        )
    ]


def console_findings(seen):
    """The bridge's own warnings and errors, but what ``ready`` already said."""
    ready = seen["ready"]
    said = ready.get("message", "") if isinstance(ready, dict) else ""
    found = []
    for level, text in seen["bridge_lines"]:
        if said and said in text:
            continue
        found.append(
            finding(
                PROBLEM if level == "error" else WARNING,
                "bridge-says",
                text.replace("[kustomer-bridge] ", "", 1),
                "the message says what to change",
            )
        )
    return found


def early_call_findings(seen):
    if not seen["early_calls"]:
        return []
    return [
        finding(
            PROBLEM,
            "early-calls",
            "the page called Kustomer before start() had called back, and Kustomer ignored "
            "it: %s" % ", ".join(seen["early_calls"]),
            "make those calls in start()'s callback, or through window.kustomerBridge, "
            "which holds them until Kustomer is ready",
        )
    ]


def violation_findings(seen):
    return [
        finding(
            WARNING,
            "csp-violation",
            "the page's Content-Security-Policy blocked: %s" % violation,
            "allow it if chat or the bridge needs it (README: Strict pages)",
        )
        for violation in sorted(set(seen["violations"]))
    ]


def describe_findings(seen):
    if seen["live"]:
        message = "--live: the page's own widget.js ran, not the stub; the check created nothing"
        return [finding(OK, "live", message)]
    if seen["ready"] != "ready":
        return []
    if python_cannot_load(seen.get("files") or []):
        return [
            finding(
                PROBLEM,
                "not-described",
                "no conversation can be described: a file Python needs does not reach the "
                "page (above); the check created none",
                SERVE_AS_EXPORTED,
            )
        ]
    described = seen["described"]
    if described is None:
        return [
            finding(
                PROBLEM,
                "not-described",
                "the conversation the check created was not described",
                SEE_WHY,
            )
        ]
    attributes = described["customAttributes"]
    found = [
        finding(
            OK,
            "described",
            "a conversation the check created was described, with %d attributes" % len(attributes),
        )
    ]
    if described["times"] > 1:
        found.append(
            finding(
                PROBLEM,
                "described-again",
                "the conversation was described %d times" % described["times"],
                "describe it in one place: the bridge already describes every conversation",
            )
        )
    found += [
        finding(
            WARNING,
            "attribute-rejected",
            "attribute %s was left out: %s" % (rejected["name"], rejected["reason"]),
            "fix the attribute on the page (README: Attributes sent with each new conversation)",
        )
        for rejected in seen["rejected"]
    ]
    return found
