"""How the page delivers the bridge, judged (no I/O): the files Python needs as the host
serves them (server/serve.py's rules), what the bridge cost before chat was ready, and
whether the page is kept in the back/forward cache. ``seen`` is findings.py's."""

from ..server.serve import MIME_TYPES
from .levels import OK, PROBLEM, WARNING, finding

SERVE_AS_EXPORTED = "serve the bridge's whole folder with the headers of `kustomer-bridge export`"


def file_findings(seen):
    """Whether the files Python needs are served as a host must (server/serve.py's rules)."""
    files = seen.get("files") or []
    found = [item for item in map(file_finding, files) if item]
    if files and not found:  # the manifest first, then what it lists
        message = "the %d files Python needs are served as they must be" % (len(files) - 1)
        found.append(finding(OK, "files", message))
    return found


def python_cannot_load(files):
    """Whether a file Python needs does not reach the page as it must (unreadable, missing,
    a module of another type): then no conversation can be described."""
    return any(item and item["level"] == PROBLEM for item in map(file_finding, files))


def file_finding(file):
    """A problem or warning for one file, or None when it is served as it must be."""
    name = file["file"]
    if "error" in file:
        message = "%s cannot be read from this page (%s): a host without CORS?" % (
            name,
            file["error"],
        )
        return finding(PROBLEM, "file-unreadable", message, SERVE_AS_EXPORTED)
    if file["status"] != 200:
        message = "%s answered HTTP %d" % (name, file["status"])
        return finding(PROBLEM, "file-missing", message, SERVE_AS_EXPORTED)
    wanted = next((mime for suffix, mime in MIME_TYPES.items() if name.endswith(suffix)), None)
    served = (file["type"] or "").split(";")[0].strip()
    if wanted is None or served == wanted.split(";")[0]:
        return None
    script = name.endswith((".js", ".mjs"))  # a browser refuses a module of another type
    return finding(
        PROBLEM if script else WARNING,
        "file-type",
        "%s is served as %s, not %s" % (name, served or "no type", wanted),
        SERVE_AS_EXPORTED,
    )


def cost_findings(seen):
    cost = seen.get("cost")
    if not cost:
        return []
    return [
        finding(
            OK,
            "cost",
            "before Kustomer's start called back, the page loaded %.1f KB from the bridge's "
            "folder (%s); chat was ready %d ms after the page began to load"
            % (cost["bytes"] / 1024, ", ".join(cost["files"]), cost["ready_ms"]),
        )
    ]


def bfcache_findings(seen):
    restored = seen.get("bfcache")
    if restored is None:
        return []
    if restored["restored"]:
        return [finding(OK, "bfcache", "the page came back from the back/forward cache")]
    reasons = ", ".join(restored["reasons"]) or "the browser gave none"
    return [
        finding(
            WARNING,
            "bfcache",
            "the page did not come back from the back/forward cache (reasons: %s)" % reasons,
            "remove what the reasons name (https://web.dev/articles/bfcache); nothing of the "
            "bridge's keeps a page out of it",
        )
    ]
