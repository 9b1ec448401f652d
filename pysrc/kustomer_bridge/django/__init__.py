"""Django: add ``"kustomer_bridge.django"`` to ``INSTALLED_APPS`` (beside
``django.contrib.staticfiles``), then in a template::

    {% load kustomer_bridge %}
    {% kustomer_chat api_key="KEY" brand_id="BRAND" attributes=order_attributes %}

The bundle is served by staticfiles under ``STATIC_URL`` + ``kustomer-bridge/`` (runserver in
development, ``collectstatic`` for production), with the .mjs and .wasm MIME types registered.
"""
