"""Every conversation created on a real page is described once, with that page's attributes."""

import pytest

from pages import boot, boot_ready, ready_state

HEAD = """
<link rel="canonical" href="https://shop.example.com/checkout?step=pay&amp;token=leak">
<meta name="kustomer:orderNumberStr" content="A-1001">
<meta name="kustomer:cartTotalNum" content="1.00">
<script type="application/json" data-kustomer-attributes>
  {"planStr": "pro", "vipBool": "true", "bad name": 1}
</script>
"""
BODY = """
<h1>Checkout</h1>
<p>Total <span data-kustomer-attribute="cartTotalNum">129.90</span></p>
<input name="email" value="customer@example.com">
"""


@pytest.mark.engines
def test_page_attributes_reach_describe_conversation_exactly(
    page, make_page, kustomer_stub, runtime, runner
):
    url = make_page(BODY, HEAD) + "?utm_source=news&utm_campaign=winter&session=abc#pay"
    boot(page, url)
    assert page.evaluate("kustomerBridge.runner") == runner
    page.evaluate(
        "() => { window.rejected = []; "
        "kustomerBridge.on('attributeRejected', e => window.rejected.push(e)); }"
    )
    assert ready_state(page) == "ready"
    conversation = kustomer_stub.create_conversation("Where is my order?")
    call = kustomer_stub.wait_for_call("describeConversation")
    landing = url.split("#")[0].replace("session=abc", "session=REDACTED")
    assert call["args"][0] == {
        "conversationId": conversation,
        "customAttributes": {
            "pageUrl": "https://shop.example.com/checkout?step=pay&token=REDACTED",
            "pagePathStr": "/" + url.split("/")[-1].split("?")[0],
            "pageTitleStr": "Test page",
            "landingPageUrl": landing,
            "utmSourceStr": "news",
            "utmCampaignStr": "winter",
            "browserLocaleStr": page.evaluate("navigator.language"),
            "timeZoneStr": page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone"),
            "deviceTypeStr": "desktop",
            "orderNumberStr": "A-1001",
            "cartTotalNum": 129.9,
            "planStr": "pro",
            "vipBool": True,
        },
    }
    assert "customer@example.com" not in str(call)
    page.wait_for_function("window.rejected.length === 1")
    assert page.evaluate("window.rejected[0].name") == "bad name"
    assert len(kustomer_stub.calls("describeConversation")) == 1


@pytest.mark.engines
def test_spa_navigation_and_run_time_attributes_are_reflected(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    page.evaluate(
        "() => { history.pushState({}, '', '/shop/orders/42?utm_campaign=spa'); "
        "document.title = 'Order 42'; }"
    )
    rejected = page.evaluate(
        "kustomerBridge.setAttributes({orderNumberStr: 'A-42', totalNum: '1,299.00'})"
    )
    assert [problem["name"] for problem in rejected] == ["totalNum"]
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert attributes["pagePathStr"] == "/shop/orders/42"
    assert attributes["pageTitleStr"] == "Order 42"
    assert attributes["utmCampaignStr"] == "spa"
    assert attributes["orderNumberStr"] == "A-42" and "totalNum" not in attributes


def test_a_describe_kustomer_refuses_is_reported_once_not_retried(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    page.evaluate(
        "() => { window.failed = []; "
        "kustomerBridge.on('describeFailed', e => window.failed.push(e)); }"
    )
    kustomer_stub.fail_next("describeConversation", "attribute not activated", status=400)
    kustomer_stub.create_conversation("hi")
    page.wait_for_function("window.failed.length === 1", timeout=10000)
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.expect_described(marker)
    assert len(kustomer_stub.calls("describeConversation")) == 2  # the refused one, once
    failure = page.evaluate("window.failed[0]")
    assert failure["reason"] == "Kustomer.describeConversation failed: attribute not activated"
    assert failure["customAttributes"]["pageUrl"]
    assert page.evaluate("window.failed.length") == 1


def test_duplicate_events_give_one_describe(page, make_page, kustomer_stub):
    boot_ready(page, make_page())
    conversation = kustomer_stub.create_conversation("hi")
    kustomer_stub.fire("onConversationCreate", {"conversationId": conversation})
    kustomer_stub.fire("onConversationCreate", {"conversationId": conversation})
    kustomer_stub.fire("onConversationCreate", {"conversationId": "conv-other"})
    marker = kustomer_stub.create_conversation("the marker")
    kustomer_stub.wait_for_call("describeConversation", count=3)
    ids = kustomer_stub.described_ids()
    assert ids == [conversation, "conv-other", marker]


def test_a_typo_in_data_attributes_sends_only_the_valid_groups(
    page, make_page, kustomer_stub, guard
):
    guard.expect_console(r"data-attributes: unknown group 'utms' .*; sending only page$")
    boot_ready(page, make_page(HEAD, attrs={"data-attributes": "page,utms"}))
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert sorted(attributes) == ["pagePathStr", "pageTitleStr", "pageUrl"]
    errors = [text for text in guard.console_texts("error") if "data-attributes" in text]
    assert len(errors) == 1  # reported once


def test_an_unparsable_redact_list_redacts_every_query_value(page, make_page, kustomer_stub, guard):
    guard.expect_console("data-redact-params: 'order session' is not a parameter name")
    url = make_page(attrs={"data-redact-params": "order session"}) + "?utm_source=news&q=shoes"
    boot_ready(page, url)
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert attributes["pageUrl"].endswith("?utm_source=REDACTED&q=REDACTED")
    assert attributes["landingPageUrl"].endswith("?utm_source=REDACTED&q=REDACTED")


def test_the_landing_url_is_never_stored_raw(page, make_page, kustomer_stub):
    secret = "magic-link-4711"
    first = make_page() + "?token=%s&utm_campaign=spring" % secret
    second = make_page()
    boot_ready(page, first)
    stored = page.evaluate(
        "() => JSON.stringify([{...sessionStorage}, {...localStorage}, document.cookie])"
    )
    assert secret not in stored and "token=REDACTED&utm_campaign=spring" in stored
    boot_ready(page, second)  # a later page of the same visit
    kustomer_stub.create_conversation("hi")
    attributes = kustomer_stub.wait_for_call("describeConversation")["args"][0]["customAttributes"]
    assert attributes["landingPageUrl"] == first.replace(secret, "REDACTED")
    assert attributes["utmCampaignStr"] == "spring"
    assert secret not in page.evaluate(
        "() => JSON.stringify([{...sessionStorage}, {...localStorage}, document.cookie])"
    )
