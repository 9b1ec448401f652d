"""The check's report: readable text by default, JSON for machines
(``{"url", "findings": [{"level", "code", "message", "fix"}], "attributes"}``)."""

import json

MARKS = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}


def as_json(url, findings, seen):
    return json.dumps(
        {"url": url, "findings": findings, "attributes": attributes(seen)}, indent=2, sort_keys=True
    )


def as_text(url, findings, seen):
    lines = ["kustomer-bridge check %s" % url, ""]
    for item in findings:
        lines.append("%s  %s" % (MARKS[item["level"]], item["message"]))
        if item["fix"] and item["level"] != "ok":
            lines.append("         what to do: %s" % item["fix"])
    sent = attributes(seen)
    if sent:
        lines += ["", "Attributes the conversation was described with:"]
        width = max(len(name) for name in sent)
        lines += [
            "  %-*s  %s" % (width, name, json.dumps(sent[name], ensure_ascii=False))
            for name in sorted(sent)
        ]
    problems = sum(item["level"] == "problem" for item in findings)
    warnings = sum(item["level"] == "warning" for item in findings)
    lines += ["", "%d problems, %d warnings" % (problems, warnings)]
    return "\n".join(lines)


def attributes(seen):
    described = seen.get("described")
    return dict(described["customAttributes"]) if described else {}
