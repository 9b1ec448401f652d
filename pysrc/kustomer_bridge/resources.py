"""Where the files shipped beside the Python code are: the stub SDK, the jinja2 templates and
the deployable bundle.

In an installed package they are under ``kustomer_bridge/assets`` and ``kustomer_bridge/static``;
in a source checkout they are the repository's ``web/`` and ``templates/`` folders (``assets``
links to them) and ``dist/`` once ``python build.py`` has run.
"""

import functools
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


def static_path():
    """The folder holding ``kustomer-bridge.js``, its boot module and the runtime."""
    for folder in (os.path.join(HERE, "static"), os.path.join(HERE, "..", "..", "dist")):
        if os.path.isfile(os.path.join(folder, "kustomer-bridge.manifest.json")):
            return os.path.normpath(folder)
    raise FileNotFoundError(
        "this kustomer-bridge has no bundle: install the wheel, or run `python build.py` "
        "in a source checkout"
    )


def chat_tag(api_key, src, **options):
    """The drop-in tags as the jinja2 macro renders them (Markup), for Flask and Django."""
    return macros().kustomer_chat(api_key=api_key, src=src, **options)


def pasteable_tag(src, integrity):
    """The tags a site pastes (placeholder key and brand), exactly as the macro renders them."""
    return str(chat_tag("YOUR_CHAT_KEY", src, brand_id="YOUR_BRAND_ID", integrity=integrity))


def kustomer_widget_url():
    """Kustomer's widget.js URL, defined once: in ``kustomer_bridge.html``, which writes
    Kustomer's tag and is the one user of it that cannot import Python."""
    return macros().kustomer_widget_url


@functools.cache
def macros():
    """``kustomer_bridge.html`` as a jinja2 module: its macro and its exported names (loaded
    once per process, not on every page a Flask or Django app renders)."""
    import jinja2  # static_path and stub_path do not need it

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_path()), autoescape=True
    )
    return environment.get_template("kustomer_bridge.html").module
