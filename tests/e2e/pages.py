"""Helpers for browser tests that drive a page with the bridge."""

import json
import textwrap
import time

import pytest

import kustomer_bridge
from kustomer_bridge.pytest_plugin import WIDGET_URL

from readme import blocks

BOOT_MODULE = "**/kustomer-bridge-boot.*.mjs"
# A test in which no Python runs (nothing asks for it, it cannot run, or its boot module is
# held): the loader's outcome alone, the same whatever the runtime, so it runs under one. A
# test in which Python runs runs under both.
PYTHON_NEVER_RUNS = pytest.mark.parametrize("runtime", ["mpy"])
NONCE = "n0nc3"
# make_page's data-ready-timeout-ms: a generous failure bound, never part of a scenario
# (a test that needs the bound passed moves Playwright's clock past it).
READY_TIMEOUT_MS = 30000
# What the bridge keeps in the tab's sessionStorage, as page expressions (JSON or null):
# describes not yet answered, conversations not yet taken by a core, the landing page.
STORED = {
    name: "sessionStorage.getItem('kustomer-bridge:%s')" % name
    for name in ("describes", "early", "landing")
}
RUNTIME_WASM = {"mpy": "**/micropython.wasm", "py": "**/pyodide.asm.wasm"}
# A strict Content-Security-Policy as a shop's payment page has it: scripts by nonce only.
STRICT_CSP = (
    "default-src 'none'; img-src data:; "
    "script-src 'nonce-n0nc3' 'strict-dynamic' 'wasm-unsafe-eval'; "
    "connect-src http://127.0.0.1:* http://localhost:*; style-src 'nonce-n0nc3'; "
    "frame-src 'self'"
)


def csp_meta(policy):
    return '<meta http-equiv="Content-Security-Policy" content="%s">' % policy


def readme_csp(dist_url):
    """The README's whole header for a strict site, for NONCE and the bridge at dist_url."""
    [(_, header)] = [block for block in blocks("## Strict pages") if block[0] == "http"]
    policy = header.split(":", 1)[1].strip()
    return policy.replace("{nonce}", NONCE).replace("{bridge}", dist_url.rstrip("/"))


# Kustomer's tag as kustomer_bridge.html writes it after the bridge's, for the bridge to start
# (%s: its URL, then " defer" or "").
WRITTEN_WIDGET = (
    '<script src="%s" data-kustomer-api-key="test-key" data-kustomer-bridge-widget%s></script>'
)


def boot(page, url, timeout=30000):
    """Open ``url`` and wait until the bridge is ready (``kustomerBridge.ready`` settled) and,
    on a page that loads Python eagerly, until Python has taken over; on demand (the
    default), the scenario's first conversation or call loads it."""
    page.goto(url)
    page.wait_for_function("() => !!window.kustomerBridge", timeout=timeout)
    page.evaluate("kustomerBridge.ready.catch(() => {})")  # bounded: data-ready-timeout-ms
    if page.evaluate("__kustomerBridge__.config?.python") == "eager":
        wait_for_python(page, timeout)


def wait_for_python(page, timeout=30000):
    page.wait_for_function(
        "() => window.kustomerBridge && window.kustomerBridge.runtime", timeout=timeout
    )


# "resolved", "rejected" or, while it is unsettled, "pending": a promise (a page expression).
PENDING = (
    "Promise.race([(%s).then(() => 'resolved', () => 'rejected'),"
    " Promise.resolve().then(() => 'pending')])"
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


def hold(page, pattern, what, answer=lambda route: route.continue_(), router=None):
    """Hold every request for ``pattern`` (the page's and its workers': the router is the
    page's context unless given) until ``release()``, which answers them with
    ``answer(route)`` (later ones at once): an order a test needs, without a latency."""
    held, released = [], []
    (router or page.context).route(
        pattern, lambda route: answer(route) if released else held.append(route)
    )

    def release():
        poll(page, lambda: held, "%s was never requested" % what)
        released.append(True)
        for route in held:
            answer(route)
        return len(held)

    release.requested = lambda: bool(held)
    return release


def hold_boot_module(page):
    """Hold the boot module's request (Python cannot take over) until ``release()``."""
    release = hold(page, BOOT_MODULE, "the boot module")

    def release_once():
        assert release() == 1, "the boot module was requested more than once"

    return release_once


def stub_body():
    with open(kustomer_bridge.stub_path(), "rb") as handle:
        return handle.read()


def hold_widget(page):
    """Hold widget.js (the stub) until ``release()``: Kustomer arrives when the test says.
    (The page's own route: it comes before the guard's, which serves the stub.)"""
    return hold(
        page,
        WIDGET_URL + "*",
        "widget.js",
        lambda route: route.fulfill(body=stub_body(), content_type="text/javascript"),
        router=page,
    )


def hold_runtime(page, runtime):
    """Hold the runtime's WebAssembly (Python cannot start) until ``release()``."""
    return hold(page, RUNTIME_WASM[runtime], "the %s runtime" % runtime)


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
    deadline = time.monotonic() + timeout / 1000
    while not condition():
        assert time.monotonic() < deadline, failure
        page.wait_for_timeout(20)


def assert_one_conversation_described(kustomer_stub, order_number):
    """A new conversation is described with the page's order number; start ran once."""
    conversation = kustomer_stub.create_conversation("Where is my order?")
    call = kustomer_stub.wait_for_call("describeConversation")["args"][0]
    assert call["conversationId"] == conversation
    assert call["customAttributes"]["orderNumberStr"] == order_number
    assert len(kustomer_stub.calls("start")) == 1


def order_page_with_pinned_tag(site_page, bundle_url, bundle_folder, runtime, order_number):
    """A site page declaring ``order_number``, with the tag of the bundle at ``bundle_url``
    (served from ``bundle_folder``) pinned by its manifest's Subresource Integrity hash."""
    manifest = json.loads((bundle_folder / "kustomer-bridge.manifest.json").read_text())
    tag = (
        '<script src="%skustomer-bridge.js" integrity="%s" crossorigin="anonymous" '
        'data-kustomer-api-key="k" data-runtime="%s" defer></script>'
        % (bundle_url, manifest["integrity"], runtime)
    )
    return site_page('<meta name="kustomer:orderNumberStr" content="%s">' % order_number + tag)


# window.failTheCoreOnce() makes the next batch of events the driver hands the Python core
# throw, as a wasm trap would: in the worker runner inside the worker (which then ends), in
# the main-thread runner from the handle the driver calls.
FAIL_THE_CORE = """(() => {
  const armed = { worker: null, main: false };
  window.failTheCoreOnce = () => {
    armed.main = true;
    armed.worker?.postMessage("fail-next");
  };
  const trap = "RuntimeError: unreachable (a test's trap)";
  window.Worker = class extends window.Worker {
    constructor(url, options) {
      const wrapper = `let failNext = false;
        self.addEventListener("message", (event) => {
          if (event.data !== "fail-next" && !failNext) return;
          event.stopImmediatePropagation();
          failNext = !failNext;
          if (!failNext) throw new Error("${trap}");
        });
        await import(${JSON.stringify(String(url))});`;
      super(URL.createObjectURL(new Blob([wrapper], { type: "text/javascript" })), options);
      armed.worker = this;
    }
  };
  let internal;
  Object.defineProperty(window, "__kustomerBridge__", { configurable: true, get: () => internal,
    set(value) {
      internal = value;
      const connect = value.connectMainThread;
      value.connectMainThread = connect && ((newCore) => connect(() => {
        const handle = newCore();
        return (events) => {
          if (!armed.main) return handle(events);
          armed.main = false;
          throw new Error(trap);
        };
      }));
    } });
})();"""
