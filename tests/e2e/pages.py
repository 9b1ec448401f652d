"""Helpers for browser tests that drive a page with the bridge."""

import json
import textwrap

BOOT_MODULE = "**/kustomer-bridge-boot.*.mjs"
# A strict Content-Security-Policy as a shop's payment page has it: scripts by nonce only.
STRICT_CSP = (
    "default-src 'none'; img-src data:; "
    "script-src 'nonce-n0nc3' 'strict-dynamic' 'wasm-unsafe-eval'; "
    "connect-src http://127.0.0.1:* http://localhost:*; style-src 'nonce-n0nc3'; "
    "frame-src 'self'"
)
# Kustomer's tag as kustomer_bridge.html writes it after the bridge's, for the bridge to start
# (%s: its URL, then " defer" or "").
WRITTEN_WIDGET = (
    '<script src="%s" data-kustomer-api-key="test-key" data-kustomer-bridge-widget%s></script>'
)


def boot(page, url, timeout=30000):
    """Open ``url`` and wait until Python has taken over window.kustomerBridge."""
    page.goto(url)
    wait_for_python(page, timeout)


def wait_for_python(page, timeout=30000):
    page.wait_for_function(
        "() => window.kustomerBridge && window.kustomerBridge.runtime", timeout=timeout
    )


def ready_state(page):
    """'ready', or the error name and message ready rejected with."""
    return page.evaluate(
        "() => kustomerBridge.ready.then(() => 'ready', e => e.name + ': ' + e.message)"
    )


def boot_ready(page, url, timeout=30000):
    """``boot`` and require that Kustomer became ready through the bridge."""
    boot(page, url, timeout)
    state = ready_state(page)
    assert state == "ready", state


def python_scenario(runtime, body):
    """A ``<script type=mpy|py>`` running ``async def scenario(chat)`` (``body`` defines it);
    its JSON-able return value, or the exception it raised, lands in ``window.pyResult``."""
    return """<script type="%s">
import asyncio, json, js
import kustomer_bridge
from kustomer_bridge import KustomerError, KustomerTimeout

%s

async def run():
    try:
        result = await scenario(kustomer_bridge.chat())
    except Exception as error:
        result = {"raised": [type(error).__name__, str(error)]}
    js.window.pyResult = json.dumps(result)

asyncio.get_event_loop().create_task(run())
</script>""" % (runtime, textwrap.dedent(body))


def python_result(page, timeout=30000):
    page.wait_for_function("window.pyResult !== undefined", timeout=timeout)
    return json.loads(page.evaluate("window.pyResult"))


def hold_boot_module(page):
    """Hold the boot module's request (Python cannot take over) until ``release()``."""
    held = []
    page.route(BOOT_MODULE, lambda route: held.append(route))

    def release():
        poll(page, lambda: held, "the boot module was never requested")
        assert len(held) == 1, "the boot module was requested %d times" % len(held)
        held[0].continue_()

    return release


def wait_for_console(page, guard, pattern, timeout=10000):
    """Wait until a console message containing ``pattern`` has shown (a marker)."""
    poll(
        page,
        lambda: any(pattern in text for text in guard.console_texts()),
        "no console message with %r" % pattern,
        timeout,
    )


def poll(page, condition, failure, timeout=10000):
    """Wait for a condition the test process sees (Playwright events keep flowing)."""
    waited = 0
    while not condition():
        assert waited < timeout, failure
        page.wait_for_timeout(20)
        waited += 20


def assert_one_conversation_described(kustomer_stub, order_number):
    """A new conversation is described with the page's order number; start ran once."""
    conversation = kustomer_stub.create_conversation("Where is my order?")
    call = kustomer_stub.wait_for_call("describeConversation")["args"][0]
    assert call["conversationId"] == conversation
    assert call["customAttributes"]["orderNumberStr"] == order_number
    assert len(kustomer_stub.calls("start")) == 1


def order_page_with_pinned_tag(site_page, bundle_url, bundle_folder, runtime, order_number):
    """A host page declaring ``order_number``, with the tag of the bundle at ``bundle_url``
    (served from ``bundle_folder``) pinned by its manifest's Subresource Integrity hash."""
    manifest = json.loads((bundle_folder / "kustomer-bridge.manifest.json").read_text())
    tag = (
        '<script src="%skustomer-bridge.js" integrity="%s" crossorigin="anonymous" '
        'data-kustomer-api-key="k" data-runtime="%s" defer></script>'
        % (bundle_url, manifest["integrity"], runtime)
    )
    return site_page('<meta name="kustomer:orderNumberStr" content="%s">' % order_number + tag)
