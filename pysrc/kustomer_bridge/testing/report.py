"""What the stub SDK saw, as text: the call log, dropped calls, and what was described
instead of what a test expected. Failure messages and the report's "kustomer" section use it.
"""

import json

BRIDGE_LINES = ("[kustomer-bridge]", "[kustomer-stub]")


def call_line(call):
    """``+412 ms login({"jwtToken": "t"})  DROPPED  (http://.../checkout.html)``."""
    args = ", ".join(json.dumps(arg, sort_keys=True) for arg in call["args"])
    flags = (["DROPPED"] if call["dropped"] else []) + (
        ["FAULT " + call["fault"]] if call.get("fault") else []
    )
    return "+%s ms %s(%s)%s  (%s)" % (
        call["time"],
        call["method"],
        args[:300],
        "".join("  " + flag for flag in flags),
        call.get("page", "?"),
    )


def call_log(calls):
    return "\n".join(call_line(call) for call in calls) or "(no call)"


def dropped_report(dropped, calls):
    """The strict-mode failure: each dropped call, then the whole log."""
    return (
        "%d Kustomer call%s made before start()'s callback did nothing (the real SDK drops "
        "them; mark the test @pytest.mark.kustomer(allow_dropped=True) if it provokes this "
        "on purpose):\n%s\n\nEvery call the pages made:\n%s"
        % (len(dropped), "" if len(dropped) == 1 else "s", call_log(dropped), call_log(calls))
    )


def attribute_differences(expected, sent):
    """Lines naming what of ``expected`` (a subset) ``sent`` lacks or holds otherwise."""
    lines = []
    for name in sorted(expected):
        if name not in sent:
            lines.append("  missing %s (expected %r)" % (name, expected[name]))
        elif sent[name] != expected[name]:
            lines.append("  %s: expected %r, sent %r" % (name, expected[name], sent[name]))
    return lines


def described_instead(described):
    """Each described conversation and its attributes, for a failure message."""
    if not described:
        return "no conversation was described"
    return "described instead:\n" + "\n".join(
        "  %s %s" % (options.get("conversationId"), json.dumps(options.get("customAttributes")))
        for options in described
    )


def console_report(lines):
    return "\n".join(lines) or "(none)"
