"""Where the files shipped beside the Python code are: the deployable bundle, the jinja2
templates and the stub SDK.

In an installed package they are ``kustomer_bridge/static`` and ``kustomer_bridge/assets``;
in a source checkout, ``dist/`` once ``python build.py`` has run, and the repository's
``templates/`` and ``web/`` (``assets`` links to them).
"""

import os

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def asset_dir():
    return os.path.join(PACKAGE, "assets")


def stub_path():
    """The stub Kustomer SDK (the pytest plugin serves it at Kustomer's widget.js URL)."""
    return os.path.join(asset_dir(), "web", "kustomer-stub.js")


def templates_path():
    """The folder to give a jinja2 ``FileSystemLoader`` for ``kustomer_bridge.html``."""
    return os.path.join(asset_dir(), "templates")


def static_path():
    """The folder holding ``kustomer-bridge.js``, its boot module and the runtime."""
    for folder in (os.path.join(PACKAGE, "static"), os.path.join(PACKAGE, "..", "..", "dist")):
        if os.path.isfile(os.path.join(folder, "kustomer-bridge.manifest.json")):
            return os.path.normpath(folder)
    raise FileNotFoundError(
        "this kustomer-bridge has no bundle: install the wheel, or run `python build.py` "
        "in a source checkout"
    )
