"""Flask: serve the bundle from the installed package and render the tag in templates.

    from kustomer_bridge.flask import KustomerBridge

    KustomerBridge(app)                       # or: bridge = KustomerBridge(); bridge.init_app(app)

    {{ kustomer_chat(api_key="KEY", brand_id="BRAND",
                     attributes={"orderNumberStr": order.number}) }}

The bundle is served under ``url_prefix`` (default ``/kustomer-bridge``) with the serving
rules of server/serve.py (MIME types, CORS, immutable caching for versioned files);
``kustomer_chat`` takes the jinja2 macro's arguments, its ``src`` defaulting to that URL.
"""

import flask

from .server.bundle import static_path
from .server.serve import headers_for
from .server.tag import chat_tag


class KustomerBridge:
    def __init__(self, app=None, url_prefix="/kustomer-bridge"):
        self.url_prefix = url_prefix.rstrip("/")
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        folder = static_path()
        blueprint = flask.Blueprint("kustomer_bridge", __name__)

        @blueprint.route("/<path:filename>")
        def bundle(filename):
            response = flask.send_from_directory(folder, filename)
            for name, value in headers_for(filename):
                response.headers[name] = value
            return response

        app.register_blueprint(blueprint, url_prefix=self.url_prefix)
        app.add_template_global(self.kustomer_chat, "kustomer_chat")
        app.extensions["kustomer_bridge"] = self

    def kustomer_chat(self, api_key, src=None, **options):
        """The drop-in tag (the jinja2 macro's arguments); ``src`` is this app's bundle."""
        if src is None:
            src = flask.url_for("kustomer_bridge.bundle", filename="kustomer-bridge.js")
        return chat_tag(api_key, src, **options)
