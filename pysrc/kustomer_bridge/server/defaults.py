"""The constants the browser and the server sides share, defined once.

The build writes them into the loader (the tag's defaults and choices) and, between
markers, into the jinja2 macro (kustomer_bridge.html: Kustomer's widget.js URL, and when to
write Kustomer's own tag); a unit test fails when a written copy is stale (``python build.py``
rewrites it). The pytest plugin serves the stub SDK at the widget's URL.
"""

# Kustomer's Web SDK, "Always current" (https://developer.kustomer.com/docs/chat).
KUSTOMER_WIDGET_URL = "https://cdn.kustomerapp.com/chat-web/widget.js"

# Every setting of the drop-in tag, by the loader's config name: its data- attribute as
# dataset spells it (data-kustomer-api-key -> kustomerApiKey), and a key of
# window.kustomerBridgeSettings (for a tag that carries none: a tag manager strips them).
TAG_SETTINGS = (
    "kustomerApiKey",
    "brandId",
    "startOptions",
    "runtime",
    "runner",
    "python",
    "attributes",
    "redactParams",
    "queryAllow",
    "callTimeoutMs",
    "consent",
    "load",
    "readyTimeoutMs",
    "debug",
    "widgetSrc",
)
# The drop-in tag's data- attributes when left out, by the loader's config name.
TAG_DEFAULTS = {
    "runtime": "mpy",
    "runner": "worker",
    "consent": "granted",
    "load": "immediate",
    "python": "on-demand",
    "readyTimeoutMs": 15000,
    "callTimeoutMs": 10000,
}
# The values each of those with a fixed set of values may take.
TAG_CHOICES = {
    "runtime": ("mpy", "py"),
    "runner": ("worker", "main"),
    "consent": ("granted", "pending"),
    "load": ("immediate", "idle", "interaction"),
    "python": ("on-demand", "eager"),
}
