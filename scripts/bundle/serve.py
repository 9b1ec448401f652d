"""A threaded static server with the MIME types PyScript needs and CORS for cross-origin
loaders: ``build.py serve`` (the demo) and the test suite's local origins."""

import functools
import http.server

from kustomer_bridge.server.serve import MIME_TYPES as BUNDLE_TYPES
from kustomer_bridge.server.serve import LocalServer

# The bundle's MIME types are the package's hosting rules; the demo pages add a few.
MIME_TYPES = {
    **BUNDLE_TYPES,
    ".py": "text/x-python",
    ".html": "text/html",
    ".css": "text/css",
    ".png": "image/png",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the bundle's MIME types, CORS, and no caching."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory, port=0, host="127.0.0.1", verbose=False, handler_class=Handler):
    """A threaded static server for ``directory``; port 0 picks a free one."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = LocalServer((host, port), handler)
    server.verbose = verbose
    return server
