"""The offline build boots Python in a real browser, under both runtimes."""

import re

import brotli

from pages import boot, boot_ready, ready_state

EXPECTED_RUNTIME = {"mpy": r"^micropython 1\.28\.0$", "py": r"^cpython 3\.\d+\.\d+$"}


def test_demo_page_runs_python_from_the_vendored_runtime(page, dist_url, runtime):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    folder = "demo/" if runtime == "mpy" else "demo/py/"
    boot(page, dist_url + folder + "index.html")
    assert not [url for url in requests if "/runtime/" in url]  # Python on demand
    page.evaluate("Kustomer.open()")  # the visitor opens chat: Python loads
    page.wait_for_selector("#panel-runtime.ok")
    assert re.match(EXPECTED_RUNTIME[runtime], page.text_content("#panel-runtime").split(" (")[0])
    assert ready_state(page) == "ready"
    runtime_files = [url for url in requests if "/runtime/" in url]
    assert runtime_files and all(url.startswith(dist_url) for url in runtime_files)
    assert [url for url in requests if not url.startswith(dist_url)] == []


def test_drop_in_tag_from_another_origin_describes_a_conversation(
    page, make_page, kustomer_stub, runtime
):
    url = make_page("<h1>Plain site page</h1>")
    boot(page, url)
    assert page.evaluate("kustomerBridge.runtime").startswith(
        "micropython" if runtime == "mpy" else "cpython"
    )
    assert ready_state(page) == "ready"
    conversation = kustomer_stub.create_conversation("Hello from another origin")
    call = kustomer_stub.wait_for_call("describeConversation")
    assert call["args"][0]["conversationId"] == conversation
    assert call["args"][0]["customAttributes"]["pageUrl"] == url
    assert call["dropped"] is False
    assert len(kustomer_stub.calls("start")) == 1


def test_both_runners_run_the_same_python(page, make_page, kustomer_stub, runtime):
    """One pin (the npm lockfile): the worker loads the runtime itself, the main thread
    through PyScript, and both run the same interpreter."""
    versions = {}
    for runner in ("worker", "main"):
        boot_ready(page, make_page(attrs={"data-runner": runner}))
        assert page.evaluate("kustomerBridge.runner") == runner
        versions[runner] = page.evaluate("kustomerBridge.runtime")
    assert versions["worker"] == versions["main"]
    assert re.match(EXPECTED_RUNTIME[runtime], versions["worker"])


# The worker runner loads the runtime itself: no PyScript unless Python runs on the main thread;
# Pyodide's lockfile is in the boot module, and its standard library is the worker's own.
BRIDGE_FILES = {
    "mpy": [
        "kustomer-bridge.js",
        "kustomer-bridge-boot.",
        "micropython.mjs",
        "micropython.wasm",
    ],
    "py": [
        "kustomer-bridge.js",
        "kustomer-bridge-boot.",
        "pyodide.mjs",
        "python_stdlib-worker.zip",
        "pyodide.asm.wasm",
        "pyodide.asm.mjs",
    ],
}


def test_the_bridge_loads_only_what_it_uses(page, make_page, kustomer_stub, dist_url, runtime):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    boot_ready(page, make_page())
    names = sorted(url.rsplit("/", 1)[1] for url in requests if url.startswith(dist_url))
    expected = sorted(BRIDGE_FILES[runtime])
    assert len(names) == len(expected), names
    assert all(name.startswith(prefix) for name, prefix in zip(names, expected, strict=True))


def test_the_drop_in_loader_stays_small(page, dist_url):
    """Everything needed before Python is wanted (config from the tag or the settings
    object, the tag found without currentScript, the Trusted Types policy, widget.js and the
    start probe, the conversation listener with its page snapshot, the JS face and its
    requests to the core, the ready bounds, whether Python can run here, the signs that load
    it, the tab's store of conversations Python has not taken yet, the widget's frame watched
    for a body swap) is in the loader, all a visit that never chats loads from the bridge:
    19 KB minified, 6.6 KB brotli at most (what crosses the wire)."""
    loader = page.request.get(dist_url + "kustomer-bridge.js").body()
    assert len(loader) < 19 * 1024, "the loader grew to %d bytes minified" % len(loader)
    packed = len(brotli.compress(loader, quality=11))
    assert packed < 6.6 * 1024, "the loader grew to %d bytes brotli" % packed
