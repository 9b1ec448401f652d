"""Everything that runs on a server, in a build or in a test run; never shipped to the browser.

    defaults.py  the constants both sides share: Kustomer's widget.js URL, the tag's defaults
    bundle.py    where the bundle, the jinja2 templates and the stub SDK are
    serve.py     how to serve the bundle: MIME types, CORS, caching (the _headers file too)
    tag.py       the drop-in tags, as the jinja2 macro renders them
    export.py    kustomer-bridge export: the bundle for a static host

The framework integrations sit at the package's top level, where their import paths are
public (flask.py, django/, pytest_plugin.py): each is a thin adapter over these modules.
"""
