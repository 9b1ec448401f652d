"""kustomer-bridge: Kustomer Chat for any page, in Python running in the browser.

In the page (after kustomer-bridge.js booted it)::

    import kustomer_bridge
    chat = kustomer_bridge.chat()
    await chat.ready

Public names: ``chat``, ``KustomerChat``, ``KustomerError``, ``KustomerTimeout``,
``KustomerUnavailable``, ``static_path``, ``templates_path``, ``stub_path``, ``__version__``.

Where each part runs: ``browser/`` in the page (the build ships it whole, with this module),
``server/`` on a server or in a build; the framework integrations (``flask``, ``django``,
``pytest_plugin``) on the server too. The server-side names here import nothing until used.
"""

from .browser.api import KustomerChat
from .browser.core.errors import KustomerError, KustomerTimeout, KustomerUnavailable

__version__ = "0.1.0"
__all__ = [
    "KustomerChat",
    "KustomerError",
    "KustomerTimeout",
    "KustomerUnavailable",
    "__version__",
    "chat",
    "static_path",
    "stub_path",
    "templates_path",
]

_current = []


def chat():
    """The page's KustomerChat (kustomer-bridge.js must be on the page); it runs in the
    browser only, in the page's PyScript."""
    if not _current:
        try:
            from .browser import client
        except ImportError as error:  # no js module: not in a browser
            raise RuntimeError(
                'kustomer_bridge.chat() runs in the browser, in a page\'s <script type="mpy"> '
                'or <script type="py"> (%s); on the server, render the tag with '
                "kustomer_bridge.flask, .django or templates_path()" % error
            ) from None

        started = client.connect()
        if started is None:
            raise RuntimeError("kustomer-bridge is not loaded on this page")
        _current.append(started)
    return _current[0]


def templates_path():
    """The folder holding ``kustomer_bridge.html`` (CPython side; give it to jinja2)."""
    from .server.bundle import templates_path as path

    return path()


def static_path():
    """The folder holding ``kustomer-bridge.js`` and the runtime (CPython side; serve it)."""
    from .server.bundle import static_path as path

    return path()


def stub_path():
    """The stub Kustomer SDK file (CPython side; the pytest plugin serves it)."""
    from .server.bundle import stub_path as path

    return path()
