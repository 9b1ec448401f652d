"""The MkDocs plugin: Kustomer Chat on every page of a site, one entry in ``mkdocs.yml``::

    plugins:
      - search
      - kustomer-bridge:
          api_key: !ENV KUSTOMER_API_KEY
          brand_id: YOUR_BRAND_ID
          attributes:            # sent with every conversation on this site
            docsSiteStr: Acme Docs

and per page, in its front matter, ``kustomer: {docsSectionStr: billing}``.

The bundle is copied into the built site (``bundle_dir``, ``kustomer-bridge`` by default) after
each build, ``mkdocs serve``'s too. Every page, and the theme's 404 page, gets
the jinja2 macro's tags in its ``<head>``: the loader's src is relative to the page, so the
site works under any sub-path and with ``use_directory_urls`` on or off. The head is where
Material's instant navigation swaps a page's attributes block for the next page's (it keeps
the identical loader tag, which runs once). Every tag option of the macro is a plugin option;
a bad one fails the build with MkDocs' configuration error naming it. A bad front-matter
attribute is a build warning naming the page (``mkdocs build --strict`` fails on it).
"""

import os
import re
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.utils import get_relative_url

from .server.static_site import (
    TAG_OPTIONS,
    bundle_listing,
    check_attributes,
    check_option,
    copy_bundle,
    page_attributes,
    page_tags,
)

log = get_plugin_logger(__name__)
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


class TagOption(options.BaseConfigOption):
    """One of the macro's tag options, left out unless set; checked by the macro's rules."""

    def __init__(self, name):
        super().__init__()
        self.option = name

    def run_validation(self, value):
        problem = check_option(self.option, value)
        if problem:
            raise ValidationError(problem)
        return value


class Attributes(options.BaseConfigOption):
    """Custom attributes by Kustomer system name, checked by the browser's own rules."""

    def run_validation(self, value):
        problems = check_attributes(value or {}, "attributes")
        if problems:
            raise ValidationError("; ".join(problems))
        return dict(value or {})


class BundleDir(options.Type):
    """The folder inside the site the bundle is copied to."""

    def __init__(self):
        super().__init__(str, default="kustomer-bridge")

    def run_validation(self, value):
        folder = super().run_validation(value).strip("/")
        if not folder or "\\" in folder or set(folder.split("/")) & {"", ".", ".."}:
            raise ValidationError("must be a folder inside the site, such as kustomer-bridge")
        return folder


KustomerBridgeConfig = type(
    "KustomerBridgeConfig",
    (base.Config,),
    {
        "api_key": options.Type(str),
        "attributes": Attributes(),
        "bundle_dir": BundleDir(),
        **{name: TagOption(name) for name in TAG_OPTIONS},
    },
)


class KustomerBridgePlugin(BasePlugin[KustomerBridgeConfig]):
    """``kustomer-bridge`` in ``mkdocs.yml``'s plugins."""

    supports_multiple_instances = False

    def on_config(self, config):
        try:
            _, self.manifest = bundle_listing(self.config.runtime)
        except FileNotFoundError as error:
            raise PluginError("kustomer-bridge: %s" % error) from None

    def on_post_build(self, *, config):
        """The bundle into the built site (``mkdocs serve`` builds again on every change). Not
        as MkDocs files: its notices are Markdown, which MkDocs would render as pages."""
        copy_bundle(os.path.join(config.site_dir, self.config.bundle_dir), self.config.runtime)

    def on_post_page(self, output, /, *, page, config):
        """The page with its tags; its attributes are the site's, then its front matter's."""
        where = "front matter 'kustomer' of %s" % page.file.src_uri
        attributes, problems = page_attributes(
            self.config.attributes, page.meta.get("kustomer"), where
        )
        for problem in problems:
            log.warning(problem)
        folder = get_relative_url(self.config.bundle_dir + "/", page.url)
        return self.with_tags(output, folder, attributes, page.file.src_uri)

    def on_post_template(self, output, /, *, template_name, config):
        """The theme's 404 page too, with the site's attributes. It is served at any depth,
        so its src is absolute, from site_url's path (as MkDocs links it)."""
        if template_name != "404.html":
            return output
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        folder = root + self.config.bundle_dir + "/"
        return self.with_tags(output, folder, self.config.attributes, template_name)

    def with_tags(self, html, folder, attributes, name):
        """``html`` with the macro's tags before ``</head>``, for the bundle at ``folder``."""
        tags = page_tags(
            self.config.api_key,
            folder + "kustomer-bridge.js",
            {option: self.config[option] for option in TAG_OPTIONS},
            attributes,
            self.manifest["integrity"],
        )
        html, found = HEAD_END.subn(lambda end: tags + "\n" + end.group(0), html, count=1)
        if not found:
            log.warning("%s has no </head>: the chat tags are not on it" % name)
        return html
