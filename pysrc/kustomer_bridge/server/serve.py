"""How a web host must serve the bundle: MIME types, CORS and caching, as rules and as
headers. One place for the rules that ``export`` writes as a ``_headers`` file, that Flask's
and the pytest plugin's servers send, and whose MIME types Django registers; and the local
server the demo and the test kit run::

    headers_for("runtime/micropython-1.28.0-6/micropython.wasm")
    -> [("Content-Type", "application/wasm"), ("Access-Control-Allow-Origin", "*"),
        ("Cache-Control", "public, max-age=31536000, immutable")]
"""

import http.server
import re
import sys

MIME_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
CORS = ("Access-Control-Allow-Origin", "*")  # the loader imports modules and wasm by CORS
IMMUTABLE = "public, max-age=31536000, immutable"
# The tag's own URL has no version in it: let browsers re-check it now and then.
LOADER_CACHE = "public, max-age=300"
VERSIONED = re.compile(r"^(runtime/[a-z]+-\d[^/]*/|kustomer-bridge-boot\.[0-9a-f]+\.mjs$)")


class LocalServer(http.server.ThreadingHTTPServer):
    """A threaded server on this machine (the demo, the test kit) that stays quiet when a
    browser goes away mid-response, as it does when a page closes or navigates."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def cache_control(path):
    """``immutable`` for versioned or content-hashed files, a short max-age otherwise."""
    return IMMUTABLE if VERSIONED.match(path) else LOADER_CACHE


def headers_for(path):
    """The headers to send with ``path`` (relative to the bundle's folder)."""
    headers = []
    for suffix, mime in MIME_TYPES.items():
        if path.endswith(suffix):
            headers.append(("Content-Type", mime))
    return [*headers, CORS, ("Cache-Control", cache_control(path))]


def summary():
    """The rules in a few lines, for people configuring any other host."""
    types = {}
    for suffix, mime in MIME_TYPES.items():
        types.setdefault(mime, []).append("*" + suffix)
    lines = ["  %-40s Content-Type: %s" % (", ".join(s), mime) for mime, s in types.items()]
    lines.append("  %-40s %s: %s" % ("every file", *CORS))
    lines.append("  %-40s Cache-Control: %s" % ("runtime/*, kustomer-bridge-boot.*.mjs", IMMUTABLE))
    lines.append("  %-40s Cache-Control: %s" % ("kustomer-bridge.js and the rest", LOADER_CACHE))
    return "\n".join(lines) + "\n"


def headers_file(paths, base="/"):
    """The ``_headers`` file (Netlify, Cloudflare Pages) for ``paths`` served under ``base``."""
    blocks = []
    for path in sorted(paths):
        lines = ["%s%s" % (base, path)]
        lines.extend("  %s: %s" % header for header in headers_for(path))
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"
