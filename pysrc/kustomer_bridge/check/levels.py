"""A finding: its level (ok, warning, problem), a code, what was seen and what to do; and
the exit status findings give."""

OK, WARNING, PROBLEM = "ok", "warning", "problem"


def finding(level, code, message, fix=""):
    return {"level": level, "code": code, "message": message, "fix": fix}


def exit_status(findings):
    """0 with no problem, 1 with one (2, a page that could not be checked, is the CLI's)."""
    return 1 if any(item["level"] == PROBLEM for item in findings) else 0
