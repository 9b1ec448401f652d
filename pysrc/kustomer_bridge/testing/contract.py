"""The stub's fidelity promises, as tests: what a site's tests may rely on the stub doing,
because Kustomer's widget.js does it too.

kustomer-bridge's own suite runs them against the stub. A site checks them against
Kustomer's real widget.js, for its own account, with nothing routed (one test creates a
conversation whose message says it is a check)::

    KUSTOMER_API_KEY=... KUSTOMER_BRAND_ID=... \\
        pytest --pyargs kustomer_bridge.testing.contract --kustomer-live --browser chromium

Sources: https://developer.kustomer.com/docs/chat/web (the tag, kustomerLoaded, start) and
each method's page under https://developer.kustomer.com/chat-sdk/v2.0-Web/docs/.
"""

import pytest

# Kustomer.start for the page's brand; [response, error text or null] once it calls back.
START = """() => new Promise((done) => Kustomer.start({brandId: window.kustomerBrandId},
  (response, error) => done([response ?? null, error ? String(error) : null])))"""
# Tries to add an onOpen listener in the moment between the SDK's arrival and start's callback.
EARLY_LISTENER = """<script>
addEventListener("kustomerLoaded", () => {
  window.heard = {early: 0, late: 0};
  Kustomer.start({brandId: window.kustomerBrandId}, () => {
    window.startCalledBack = true;
    Kustomer.addListener("onOpen", () => heard.late++);
    Kustomer.open();
  });
  const early = () => {
    if (window.startCalledBack) return (window.noMomentBetween = true);
    if (typeof Kustomer.addListener !== "function") return setTimeout(early, 1);
    Kustomer.addListener("onOpen", () => heard.early++);
  };
  early();
});
</script>"""


def test_only_start_exists_when_kustomer_loaded_fires(page, kustomer_sdk):
    kustomer_sdk(
        "<script>addEventListener('kustomerLoaded', () => { window.atLoaded = "
        "{keys: Object.keys(Kustomer), open: typeof Kustomer.open}; });</script>"
    )
    page.wait_for_function("window.atLoaded !== undefined")
    assert page.evaluate("window.atLoaded") == {"keys": ["start"], "open": "undefined"}


def test_start_calls_back_node_style_and_the_getters_answer(page, kustomer_sdk):
    kustomer_sdk()
    _response, error = page.evaluate(START)
    assert error is None
    available = page.evaluate("Kustomer.isChatAvailable()")
    assert available["availability"] in ("online", "offline", "hidden", "disabled", "none")
    unread = page.evaluate("Kustomer.getUnreadCount()")
    assert isinstance(unread["total"], int)


@pytest.mark.kustomer(allow_dropped=True)  # the early listener is the point
def test_a_listener_added_before_starts_callback_does_nothing(page, kustomer_sdk):
    kustomer_sdk(EARLY_LISTENER)
    page.wait_for_function("(window.heard && window.heard.late === 1) || window.noMomentBetween")
    if page.evaluate("window.noMomentBetween === true"):
        pytest.skip("the SDK arrived and called back in one task: no moment to call in between")
    assert page.evaluate("window.heard") == {"early": 0, "late": 1}


def test_a_new_conversation_is_announced_with_the_documented_fields(page, kustomer_sdk):
    kustomer_sdk()
    page.evaluate(START)
    payload = page.evaluate(
        """() => new Promise((done) => {
          Kustomer.addListener("onConversationCreate", (response) => done(response));
          Kustomer.createConversation({message: "kustomer-bridge fidelity check (ignore)"});
        })"""
    )
    assert isinstance(payload["conversationId"], str) and payload["conversationId"]
    assert {"conversationId", "createdAt", "ended", "isInAssistantMode"} <= set(payload)


def test_describe_conversation_without_an_id_calls_back_with_an_error(page, kustomer_sdk):
    kustomer_sdk()
    page.evaluate(START)
    outcome = page.evaluate(
        """() => new Promise((done) => Kustomer.describeConversation({customAttributes: {}},
          (response, error) => done(error instanceof Error ? "an Error" : String(error))))"""
    )
    assert outcome == "an Error"


# Where the widget puts its UI: the bridge watches it to keep chat on a page whose body a
# router swaps, and restarts Kustomer (stop(), then start()) when a swap took it.
FRAME = """() => {
  const frames = document.querySelectorAll("#kustomer-ui-sdk-iframe");
  return {count: frames.length, inBody: frames.length === 1 && document.body.contains(frames[0])};
}"""
FRAME_SHOWN = "() => !!document.getElementById('kustomer-ui-sdk-iframe')"


def test_the_ui_is_one_frame_in_the_body_and_comes_back_after_stop_then_start(page, kustomer_sdk):
    kustomer_sdk()
    page.evaluate(START)
    page.wait_for_function(FRAME_SHOWN)
    assert page.evaluate(FRAME) == {"count": 1, "inBody": True}
    page.evaluate("Kustomer.stop()")
    page.wait_for_function("() => !document.getElementById('kustomer-ui-sdk-iframe')")
    _response, error = page.evaluate(START)
    assert error is None
    page.wait_for_function(FRAME_SHOWN)
    assert page.evaluate(FRAME) == {"count": 1, "inBody": True}
    heard = page.evaluate(
        """() => new Promise((done) => {
          Kustomer.addListener("onOpen", () => done("opened"));
          Kustomer.open();
        })"""
    )
    assert heard == "opened"
