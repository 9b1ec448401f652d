"""For static-site generators (the MkDocs plugin, the Sphinx extension): the bundle copied into
the built site, and each page's tags, exactly as the jinja2 macro writes them (tag.py), with
the site's attributes and then the page's.

``TAG_OPTIONS`` are the macro's options a site sets once; both integrations take them under
their own names (MkDocs: ``runtime``; Sphinx: ``kustomer_runtime``) and check them with
``check_option``. Page attributes are checked by the browser's own rules
(browser/attributes/values.py), so a bad one is reported at build time, naming the page.
"""

import os
import shutil

from ..browser.arguments import TIMEOUT_LIMIT_MS
from ..browser.attributes.page import GROUPS
from ..browser.attributes.values import convert_all
from .bundle import static_path
from .defaults import TAG_CHOICES, TAG_DEFAULTS
from .export import bundle_files
from .tag import chat_tag

# option -> (what it takes, its choices or None); all may be left out (None)
TAG_OPTIONS = {
    "brand_id": ("text", None),
    "runtime": ("choice", TAG_CHOICES["runtime"]),
    "runner": ("choice", TAG_CHOICES["runner"]),
    "consent": ("choice", TAG_CHOICES["consent"]),
    "load": ("choice", TAG_CHOICES["load"]),
    "python": ("choice", TAG_CHOICES["python"]),
    "start_options": ("object", None),
    "attribute_groups": ("list", GROUPS),
    "redact_params": ("list", None),
    "query_allow": ("list", None),
    "ready_timeout_ms": ("milliseconds", None),
    "call_timeout_ms": ("milliseconds", None),
    "debug": ("flag", None),
    "widget_src": ("text", None),
}
KINDS = {
    "text": lambda value, _: isinstance(value, (str, int)) and not isinstance(value, bool),
    "choice": lambda value, choices: value in choices,
    "object": lambda value, _: isinstance(value, dict),
    "list": lambda value, choices: (
        isinstance(value, list)
        and all(isinstance(item, str) and (not choices or item in choices) for item in value)
    ),
    "milliseconds": lambda value, _: (
        isinstance(value, int) and not isinstance(value, bool) and 0 < value < TIMEOUT_LIMIT_MS
    ),
    "flag": lambda value, _: isinstance(value, bool),
}
EXPECTED = {
    "text": "a string",
    "choice": "one of %s",
    "object": "a mapping (the options Kustomer.start takes)",
    "list": "a list of strings",
    "milliseconds": "a positive whole number of milliseconds",
    "flag": "true or false",
}


def check_option(name, value):
    """Why ``value`` cannot be the tag option ``name`` (None: it can)."""
    kind, choices = TAG_OPTIONS[name]
    if value is None or KINDS[kind](value, choices):
        return None
    expected = EXPECTED[kind] % ", ".join(choices) if kind == "choice" else EXPECTED[kind]
    if kind == "list" and choices:
        expected += " from %s" % ", ".join(choices)
    return "must be %s, got %r" % (expected, value)


def check_attributes(values, where):
    """The problems of ``values`` as custom attributes (a sentence each, naming ``where``)."""
    if not isinstance(values, dict):
        return ["%s: attributes must be a mapping of names to values, got %r" % (where, values)]
    _, problems = convert_all(values)
    return [
        "%s: attribute %s: %s" % (where, problem["name"], problem["reason"])
        for problem in problems
        if not problem.get("kept")
    ]


def page_attributes(site, page, where):
    """The attributes a page declares: the site's, then the page's own (``page``, from its
    front matter or metadata). Returns them with the page's problems (sentences naming
    ``where``); a rejected attribute of the page is left out, the rest still apply."""
    problems = check_attributes(page, where) if page else []
    if not isinstance(page, dict):
        return dict(site or {}), problems
    accepted, _ = convert_all(page)
    merged = dict(site or {})
    merged.update((name, value) for name, value in page.items() if name in accepted)
    return merged, problems


def page_tags(api_key, src, options, attributes, integrity):
    """The page's tags (the macro's) for the loader at ``src``; ``options`` are the tag
    options, None where not set."""
    chosen = {name: value for name, value in options.items() if value is not None}
    tags = chat_tag(api_key, src, attributes=attributes or None, integrity=integrity, **chosen)
    return str(tags)


def bundle_listing(runtime):
    """The bundle for ``runtime`` (the loader, its boot module, the runtime, the notices) as
    (path in the bundle, file), and its manifest (its ``integrity``: the loader's SRI hash)."""
    source = static_path()
    files, manifest = bundle_files(source, runtime or TAG_DEFAULTS["runtime"])
    return [(name, os.path.join(source, name)) for name in files], manifest


def copy_bundle(folder, runtime):
    """The bundle for ``runtime`` copied into ``folder``; returns its manifest."""
    listing, manifest = bundle_listing(runtime)
    for name, source in listing:
        target = os.path.join(folder, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
    return manifest
