"""Where the files shipped beside the Python code are: the stub SDK and the jinja2 templates.

In an installed package they are under ``kustomer_bridge/assets``; in a source checkout they
are the repository's ``web/`` and ``templates/`` folders (``assets`` links to them).
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def asset_dir():
    return os.path.join(HERE, "assets")


def stub_path():
    """The stub Kustomer SDK (serve it at Kustomer's widget.js URL in tests)."""
    return os.path.join(asset_dir(), "web", "kustomer-stub.js")


def templates_path():
    """The folder to give a jinja2 ``FileSystemLoader`` for ``kustomer_bridge.html``."""
    return os.path.join(asset_dir(), "templates")
