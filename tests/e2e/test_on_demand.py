"""Python on demand (data-python, default "on-demand"): a visit that never chats loads the
loader alone; Python loads at the first sign that it has something to do (the visitor opens
chat, a conversation, a call to the bridge, the page's own PyScript, work an earlier page of
the tab left), never before Kustomer's start has completed; "eager" loads it right after.

Whether Python loads is decided in the same task as what caused it, and said then (with
data-debug: "Python loads: <why>"), so the marker that it did not is a later one: ready
resolved, or the evaluate that made the request returned."""

import json

import pytest

from pages import hold, hold_boot_module, wait_for_python

ON_DEMAND = {"data-python": None}  # the tag's default
NEVER_WANTED = """<a id="next" href="%s">next page</a>
<script>addEventListener("load", () => kustomerBridge.on("describeSent", () => {}))</script>"""


def bridge_requests(page, dist_url):
    requested = []
    page.context.on("request", lambda r: r.url.startswith(dist_url) and requested.append(r.url))
    return requested


def ready(page):
    page.wait_for_function("() => !!window.kustomerBridge")
    assert page.evaluate("kustomerBridge.ready.then(() => 'ready', e => e.message)") == "ready"


def python_loads(guard):
    return [text for text in guard.console_texts() if "Python loads: " in text]


@pytest.mark.engines(runners=False)
def test_a_two_page_visit_that_never_opens_chat_fetches_only_the_loader(
    page, make_page, dist_url, kustomer_stub, guard
):
    """Kustomer starts on both pages and the page subscribes to a bridge event (which only a
    conversation brings): nothing but kustomer-bridge.js comes from the bridge's folder."""
    requested = bridge_requests(page, dist_url)
    second = make_page(attrs=ON_DEMAND)
    page.goto(make_page(NEVER_WANTED % second, attrs=ON_DEMAND))
    ready(page)
    page.click("#next")
    page.wait_for_url(second)
    ready(page)
    assert python_loads(guard) == []
    assert {url[len(dist_url) :] for url in requested} == {"kustomer-bridge.js"}
    assert page.evaluate("kustomerBridge.runtime") is None
    assert len(kustomer_stub.calls("start")) == 1  # this page's: Kustomer started here too


@pytest.mark.engines(runners=False)
def test_chat_opened_on_page_two_loads_python_and_describes_with_both_pages(
    page, site_page, make_page, kustomer_stub, guard
):
    """The landing page and its UTM come from page 1 (its token redacted, at rest and
    sent); the page's own attributes from page 2, where chat was opened."""
    second = make_page('<meta name="kustomer:orderNumberStr" content="A-2">', attrs=ON_DEMAND)
    first = make_page('<a id="next" href="%s">next</a>' % second, attrs=ON_DEMAND)
    landing = first + "?utm_campaign=spring&token=s3cret"
    page.goto(landing)
    ready(page)
    page.click("#next")
    page.wait_for_url(second)
    ready(page)
    assert python_loads(guard) == []
    page.evaluate("Kustomer.open()")
    wait_for_python(page)
    assert python_loads(guard) == ["[kustomer-bridge] Python loads: the visitor opened chat"]
    conversation = kustomer_stub.create_conversation("Where is A-2?")
    sent = kustomer_stub.expect_described(
        conversation,
        {
            "pageUrl": second,
            "orderNumberStr": "A-2",
            "landingPageUrl": first + "?utm_campaign=spring&token=REDACTED",
            "utmCampaignStr": "spring",
        },
    )
    assert "s3cret" not in json.dumps(sent)
    assert "s3cret" not in page.evaluate("JSON.stringify(sessionStorage)")


@pytest.mark.engines(runners=False)
def test_a_conversation_created_as_chat_opens_is_described_once(page, make_page, kustomer_stub):
    """Opening chat asks for Python; the conversation comes while the boot module is held,
    is held by the loader, and is described once when Python is up (a later one, the
    marker, once too)."""
    release = hold_boot_module(page)
    page.goto(make_page(attrs=ON_DEMAND), wait_until="commit")
    ready(page)
    page.evaluate("Kustomer.open()")
    first = kustomer_stub.create_conversation("as chat opens")
    release()
    kustomer_stub.expect_described(first)
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.expect_described(marker)
    assert kustomer_stub.described_ids() == [first, marker]


@pytest.mark.engines(runners=False)
def test_a_call_to_the_bridge_loads_python_and_is_answered(page, make_page, kustomer_stub, guard):
    page.goto(make_page(attrs=ON_DEMAND))
    ready(page)
    page.evaluate("kustomerBridge.on('attributeRejected', () => {})")  # a core event: no sign
    assert python_loads(guard) == []
    answer = page.evaluate(
        "kustomerBridge.describeConversation('c-1', {planStr: 'pro'}).then(() => 'described')"
    )
    assert answer == "described"
    assert python_loads(guard) == [
        "[kustomer-bridge] Python loads: the page asked the bridge (describe)"
    ]
    kustomer_stub.expect_described("c-1", {"planStr": "pro"})


PAGE_PYSCRIPT = """<p id=out></p>
<script type="mpy" config='%s'>
from pyscript import document
import kustomer_bridge
document.getElementById("out").textContent = "the page's Python ran"
</script>
<script type="module" src="%s"></script>"""


@pytest.mark.engines(runners=False)
def test_a_page_with_its_own_pyscript_loads_python_once_kustomer_has_started(
    page, make_page, dist_url, kustomer_stub, guard
):
    """The page's MicroPython is held until the loader has run, so its script cannot start
    before the bridge could add its hook (as in test_hostile.py)."""
    release_page_runtime = hold(page, "**/micropython.wasm", "the page's MicroPython")
    manifest = page.request.get(dist_url + "kustomer-bridge.manifest.json").json()
    own = PAGE_PYSCRIPT % (
        json.dumps({"interpreter": dist_url + manifest["mpy"]}),
        dist_url + manifest["pyscript"],
    )
    page.goto(make_page(own, attrs=ON_DEMAND), wait_until="commit")
    page.wait_for_function("!!window.kustomerBridge")
    release_page_runtime()
    page.wait_for_function("document.getElementById('out').textContent !== ''", timeout=30000)
    wait_for_python(page)
    assert page.evaluate("kustomerBridge.runner") == "worker"
    assert python_loads(guard) == ["[kustomer-bridge] Python loads: the page has PyScript"]
    conversation = kustomer_stub.create_conversation("hi")
    kustomer_stub.expect_described(conversation)


@pytest.mark.engines(runners=False)
def test_eager_loads_python_right_after_start_without_a_sign(page, make_page, guard):
    page.goto(make_page(attrs={"data-python": "eager"}))
    wait_for_python(page)
    assert python_loads(guard) == ['[kustomer-bridge] Python loads: data-python="eager"']


@pytest.mark.engines(runners=False)
@pytest.mark.parametrize("where", ["worker", "main"])
def test_the_vendored_runtime_boots_in_either_runner_and_describes(
    page, make_page, kustomer_stub, dist_url, where
):
    """Each runner loads the vendored runtime (MicroPython's wasm with 2 MiB of initial
    memory, memory growth on; Pyodide's as published), in every engine (WebKit:
    test_webkit.py)."""
    requested = bridge_requests(page, dist_url)
    page.goto(make_page(attrs={**ON_DEMAND, "data-runner": where}))
    ready(page)
    conversation = kustomer_stub.create_conversation("hi")
    kustomer_stub.expect_described(conversation)
    assert page.evaluate("kustomerBridge.runner") == where
    # the main-thread runner guards the page's fetch while the runtime boots, and only then
    assert "[native code]" in page.evaluate("String(window.fetch)")
    wasm = [url for url in requested if url.endswith(".wasm")]
    assert wasm and all("/runtime/micropython-" not in url or "-32pages/" in url for url in wasm)
