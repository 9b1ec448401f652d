"""The Sphinx extension: Kustomer Chat on every HTML page, set in ``conf.py``::

    extensions = ["kustomer_bridge.sphinx"]
    kustomer_api_key = os.environ["KUSTOMER_API_KEY"]
    kustomer_brand_id = "YOUR_BRAND_ID"
    kustomer_attributes = {"docsSiteStr": "Acme Docs"}   # sent with every conversation

and per page, file-wide metadata: ``:kustomer-docsSectionStr: billing`` at the top of an rST
file, or in MyST front matter ``kustomer-docsSectionStr: billing`` (or a ``kustomer:``
mapping).

The ``html``, ``dirhtml`` and ``singlehtml`` builders get the bundle in
``_static/kustomer-bridge/`` and, in every page's ``<head>`` (the theme's ``metatags``), the
jinja2 macro's tags with that page's attributes: the site's, then the page's. Every tag
option of the macro is a config value (``kustomer_runtime``, ``kustomer_consent``, …); all
are checked at ``config-inited`` and a bad one stops the build with a ConfigError naming it.
A bad page attribute is a warning on that page (``-W`` fails the build on it).
"""

import json
import os

from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from . import __version__
from .server.static_site import (
    TAG_OPTIONS,
    check_attributes,
    check_option,
    copy_bundle,
    page_attributes,
    page_tags,
)

logger = logging.getLogger(__name__)
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
BUNDLE_DIR = "_static/kustomer-bridge"
METADATA_PREFIX = "kustomer-"


def setup(app):
    app.add_config_value("kustomer_api_key", None, "html", types=(str,))
    app.add_config_value("kustomer_attributes", {}, "html", types=(dict,))
    for name in TAG_OPTIONS:
        app.add_config_value("kustomer_" + name, None, "html")
    app.connect("config-inited", check_config)
    app.connect("builder-inited", copy_into_site)
    app.connect("html-page-context", add_tags)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


def check_config(app, config):
    """Every kustomer_ value, or a ConfigError naming the first bad one and why."""
    key = config.kustomer_api_key
    if not isinstance(key, str) or not key.strip():
        raise ConfigError(
            "kustomer_bridge: kustomer_api_key must be your Kustomer Chat API key (a "
            "non-empty string), got %r" % (key,)
        )
    problems = check_attributes(config.kustomer_attributes, "kustomer_attributes")
    if problems:
        raise ConfigError("kustomer_bridge: " + "; ".join(problems))
    for name in TAG_OPTIONS:
        problem = check_option(name, getattr(config, "kustomer_" + name))
        if problem:
            raise ConfigError("kustomer_bridge: kustomer_%s %s" % (name, problem))


def copy_into_site(app):
    """The bundle into ``_static/kustomer-bridge/`` before any page is written."""
    if app.builder.name in HTML_BUILDERS:
        folder = os.path.join(app.builder.outdir, *BUNDLE_DIR.split("/"))
        try:
            app.builder.kustomer_manifest = copy_bundle(folder, app.config.kustomer_runtime)
        except FileNotFoundError as error:
            raise ExtensionError("kustomer_bridge: %s" % error) from None


def add_tags(app, pagename, templatename, context, doctree):
    """The macro's tags into this page's ``<head>``, with the site's and its attributes."""
    if app.builder.name not in HTML_BUILDERS:
        return
    declared = metadata_attributes(app.env.metadata.get(pagename, {})) if doctree else None
    attributes, problems = page_attributes(
        app.config.kustomer_attributes, declared, "metadata of %s" % pagename
    )
    for problem in problems:
        logger.warning(problem, location=pagename, type="kustomer", subtype="attributes")
    tags = page_tags(
        app.config.kustomer_api_key,
        context["pathto"](BUNDLE_DIR + "/kustomer-bridge.js", 1),
        {name: getattr(app.config, "kustomer_" + name) for name in TAG_OPTIONS},
        attributes,
        app.builder.kustomer_manifest["integrity"],
    )
    context["metatags"] = context.get("metatags", "") + "\n" + tags


def metadata_attributes(metadata):
    """A page's attributes from its file-wide metadata: ``kustomer-<name>`` fields, and a
    MyST front matter ``kustomer:`` mapping (which MyST hands over as JSON text)."""
    declared = {}
    nested = metadata.get("kustomer")
    if nested is not None:
        try:
            declared = json.loads(nested) if isinstance(nested, str) else nested
        except ValueError:
            declared = nested
        if not isinstance(declared, dict):
            return declared
    for key, value in metadata.items():
        if key.startswith(METADATA_PREFIX):
            declared[key[len(METADATA_PREFIX) :]] = value
    return declared
