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
from .privacy import settings


def main():
    """Wire the bridge to the loader's port, take over ``window.kustomerBridge``, attach."""
    port = js_sdk.loader_port()
    if port is None:
        print("[kustomer-bridge] no loader on this page: include kustomer-bridge.js")
        return None
    config = json.loads(str(port.configJson))
    log = Log(js_sdk.console_sink(port), config.get("debug"))
    clock = js_sdk.JsClock()
    bridge = Bridge(
        js_sdk.JsSdk(port), clock, log, config["readyTimeoutMs"], config["callTimeoutMs"]
    )
    chat = KustomerChat(bridge, log)
    context = page_context(config, log)
    js_sdk.remember_landing(port, context.redactor.redact)
    describer = AutoDescriber(
        chat,
        lambda snapshot=None: context.capture(snapshot or js_sdk.page_snapshot(port)),
        clock,
        log,
        bridge.listeners.emit,
    )
    chat.on("onConversationCreate", describer.handle)
    bridge.ready.add_done_callback(
        lambda done: port.settle(not done.failed(), str(done.error() or ""))
    )
    js_sdk.on_load_error(port, bridge.sdk_failed)
    port.runtime = runtime_description()
    js_sdk.expose(port, JsFace(chat, context, log))
    bridge.attach()
    take_over_early_events(port, describer)
    log.debug("bridge booted")
    return chat


def take_over_early_events(port, describer):
    """Describe the conversations the loader saw before Python took over, in order, each
    with the page of its moment, and take its listener's place.

    Right after ``attach()``, in the same task: if Kustomer was already started, our listener
    is on now and the loader's comes off, so no event falls between the two; if not, the
    loader will not add its own and ours comes with the start callback.
    """
    for payload, snapshot in js_sdk.take_early_events(port):
        describer.handle(payload, snapshot)


def page_context(config, log):
    """The PageContext the loader's data- attributes ask for; a bad value fails closed."""
    groups, redactor, problems = settings(config)
    for problem in problems:
        log.config_error(problem)
    return PageContext(groups, redactor)


def runtime_description():
    """E.g. ``micropython 1.28.0`` or ``cpython 3.14.0`` (Pyodide)."""
    version = sys.implementation.version
    return "%s %s" % (sys.implementation.name, ".".join(str(part) for part in version[:3]))
