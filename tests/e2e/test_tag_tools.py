"""Tools between the site and the tag: a tag manager that injects it late without its data-
attributes (window.kustomerBridgeSettings), Cloudflare Rocket Loader running it itself
(document.currentScript is null), and delayed JavaScript (WP Rocket's "Delay JS
execution": the tag runs on the visitor's first interaction, long after load). Each a
stand-in for the tool, doing to the tag what the tool does; each conversation described
once (a later one, the marker, once too). In Chromium: what is tested is the loader's own
logic, the same in every engine (conftest.py)."""

from pages import READY_TIMEOUT_MS

SETTINGS = """<script>
window.kustomerBridgeSettings = {kustomerApiKey: "test-key", brandId: "brand-1",
  runtime: "%(runtime)s", debug: true, readyTimeoutMs: %(ready)d};
addEventListener("load", () => {  // a tag manager's Custom HTML: injected late, bare
  const tag = document.createElement("script");
  tag.src = "%(loader)s";
  document.body.appendChild(tag);
});
</script>"""
# What Rocket Loader does to a tag (its type changed, so the browser leaves it), and a
# stand-in for its own loader: fetch, then run the code itself (no currentScript).
ROCKET_TAG = (
    '<script type="text/rocketscript" %(src)s="%(loader)s" data-kustomer-api-key="test-key" '
    'data-brand-id="brand-1" data-runtime="%(runtime)s" data-debug '
    'data-ready-timeout-ms="%(ready)d"></script>'
)
ROCKET_LOADER = """<script>
addEventListener("DOMContentLoaded", async () => {
  for (const tag of document.querySelectorAll('script[type="text/rocketscript"]')) {
    const url = tag.getAttribute("src") || tag.getAttribute("data-rocketsrc");
    (0, eval)(await (await fetch(url)).text());
  }
});
</script>"""
# WP Rocket's delayed JavaScript: the tag held as another type, and run on the first
# interaction as a new script element with its attributes.
DELAYED = """<script type="rocketlazyloadscript" data-rocket-src="%(loader)s"
  data-kustomer-api-key="test-key" data-brand-id="brand-1" data-runtime="%(runtime)s"
  data-debug data-ready-timeout-ms="%(ready)d"></script>
<script>
const run = () => {
  for (const held of document.querySelectorAll('script[type="rocketlazyloadscript"]')) {
    const tag = document.createElement("script");
    for (const {name, value} of held.attributes) {
      if (name !== "type") tag.setAttribute(name === "data-rocket-src" ? "src" : name, value);
    }
    held.replaceWith(tag);
  }
};
for (const type of ["keydown", "pointerdown"]) addEventListener(type, run, {once: true});
</script>"""


def values(dist_url, runtime, src="src"):
    return {
        "loader": dist_url + "kustomer-bridge.js",
        "runtime": runtime,
        "ready": READY_TIMEOUT_MS,
        "src": src,
    }


def described_once(page, stub):
    page.wait_for_function("() => !!window.kustomerBridge")
    assert page.evaluate("kustomerBridge.ready.then(() => 'ready', e => e.message)") == "ready"
    first = stub.create_conversation("hi")
    stub.expect_described(first)
    marker = stub.create_conversation("the marker")
    stub.expect_described(marker)
    assert stub.described_ids() == [first, marker]
    assert len(stub.calls("start")) == 1


def test_a_tag_manager_tag_without_data_attributes_reads_the_settings_object(
    page, site_page, dist_url, kustomer_stub, runtime
):
    page.goto(site_page(SETTINGS % values(dist_url, runtime)))
    described_once(page, kustomer_stub)
    assert page.evaluate("__kustomerBridge__.config.runtime") == runtime


def test_a_tag_rocket_loader_runs_finds_itself_by_its_url(
    page, site_page, dist_url, kustomer_stub, runtime
):
    page.goto(site_page(ROCKET_TAG % values(dist_url, runtime) + ROCKET_LOADER))
    described_once(page, kustomer_stub)


def test_a_tag_rocket_loader_hid_says_to_add_data_cfasync(page, site_page, dist_url, guard):
    """The stand-in moved the URL to data-rocketsrc: the tag cannot be found by it (no
    Python runs)."""
    guard.expect_console(r'add data-cfasync="false" to the tag, before src; the bridge stays off')
    page.goto(site_page(ROCKET_TAG % values(dist_url, "mpy", "data-rocketsrc") + ROCKET_LOADER))
    page.wait_for_function("() => !!window.kustomerBridge")
    state = page.evaluate("kustomerBridge.ready.then(() => 'ready', e => e.message)")
    assert state.startswith("kustomer-bridge.js cannot find its <script> tag")


def test_a_tag_delayed_until_the_first_interaction_works_and_starts_once(
    page, site_page, dist_url, kustomer_stub, runtime
):
    page.goto(site_page(DELAYED % values(dist_url, runtime)))  # waits for load
    assert page.evaluate("window.kustomerBridge") is None
    page.keyboard.press("Shift")
    described_once(page, kustomer_stub)
