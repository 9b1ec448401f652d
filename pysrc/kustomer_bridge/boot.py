"""Start the bridge in the page; run by the ``<script type="mpy|py">`` the loader inserts."""

import json
import sys

from . import js_sdk
from .api import KustomerChat
from .auto_describe import AutoDescriber
from .core import Bridge
from .js_face import JsFace
from .log import Log
from .page_context import PageContext
from .redaction import Redactor, split_list


def main():
    """Wire the bridge to the loader's port, take over ``window.kustomerBridge``, attach."""
    port = js_sdk.loader_port()
    if port is None:
        print("[kustomer-bridge] no loader on this page: include kustomer-bridge.js")
        return None
    config = json.loads(str(port.configJson))
    log = Log(js_sdk.console_sink(port), config.get("debug"))
    clock = js_sdk.JsClock()
    bridge = Bridge(js_sdk.JsSdk(port), clock, log, config.get("readyTimeoutMs") or 15000)
    chat = KustomerChat(bridge, log)
    context = page_context(config, log)
    describer = AutoDescriber(
        chat,
        lambda: context.capture(js_sdk.page_snapshot(port)),
        clock,
        log,
        bridge.listeners.emit,
        claim=lambda conversation_id: bool(port.claim(conversation_id)),
    )
    chat.on("onConversationCreate", describer.handle)
    bridge.ready.add_done_callback(
        lambda done: port.settle(not done.failed(), str(done.error() or ""))
    )
    js_sdk.on_load_error(port, bridge.sdk_failed)
    port.runtime = runtime_description()
    js_sdk.expose(port, JsFace(chat, context, log))
    bridge.attach()
    log.debug("bridge booted")
    return chat


def page_context(config, log):
    """The PageContext the loader's data- attributes ask for (defaults on a bad value)."""
    try:
        return PageContext(
            groups=split_list(config.get("attributes")),
            redactor=Redactor(
                split_list(config.get("redactParams")), split_list(config.get("queryAllow"))
            ),
        )
    except ValueError as error:
        log.config_error("data-attributes: %s; sending every group" % error)
        return PageContext()


def runtime_description():
    """E.g. ``micropython 1.28.0`` or ``cpython 3.14.0`` (Pyodide)."""
    version = sys.implementation.version
    return "%s %s" % (sys.implementation.name, ".".join(str(part) for part in version[:3]))
