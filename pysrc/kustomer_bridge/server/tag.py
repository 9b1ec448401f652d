"""The drop-in tags, as the jinja2 macro (``kustomer_bridge.html``) renders them: one source
of the tag for Flask, Django, the export and the npm package (and the docs-site plugins).
"""

import functools

from .bundle import templates_path


def chat_tag(api_key, src, **options):
    """The drop-in tags (Markup) for the bundle at ``src``: the macro's options."""
    return macros().kustomer_chat(api_key=api_key, src=src, **options)


def pasteable_tag(src, integrity):
    """The tags a site pastes (placeholder key and brand), exactly as the macro renders them."""
    return str(chat_tag("YOUR_CHAT_KEY", src, brand_id="YOUR_BRAND_ID", integrity=integrity))


@functools.cache
def macros():
    """``kustomer_bridge.html`` as a jinja2 module, loaded once per process (not on every
    page a Flask or Django app renders)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_path()), autoescape=True
    )
    return environment.get_template("kustomer_bridge.html").module
