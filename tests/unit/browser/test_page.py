import pytest

from kustomer_bridge.browser.attributes.page import PageContext, device_type

SNAPSHOT = {
    "href": "https://shop.test/checkout?utm_source=mail&utm_campaign=winter&token=abc#pay",
    "pathname": "/checkout",
    "title": "  Checkout \n  step 2 ",
    "canonical": "https://shop.test/checkout?token=xyz",
    "referrer": "https://search.test/?q=tea&sid=42",
    "landingUrl": "https://shop.test/?utm_source=ads&utm_medium=cpc&utm_term=tea",
    "language": "de-DE",
    "timeZone": "Europe/Berlin",
    "userAgent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156",
    "maxTouchPoints": 0,
    "metas": [["orderNumberStr", "A-1001"], ["cartTotalNum", "1.00"]],
    "elements": [["cartTotalNum", " 129.90 "], ["bad name", "x"]],
    "jsonBlocks": ['{"planStr": "pro", "orderNumberStr": "A-1002"}', "not json"],
}


def test_capture_builds_the_whole_attribute_table():
    attributes, problems = PageContext().capture(SNAPSHOT)
    assert attributes == {
        "pageUrl": "https://shop.test/checkout?token=REDACTED",
        "pagePathStr": "/checkout",
        "pageTitleStr": "Checkout step 2",
        "referrerUrl": "https://search.test/?q=tea&sid=REDACTED",
        "landingPageUrl": "https://shop.test/?utm_source=ads&utm_medium=cpc&utm_term=tea",
        "utmSourceStr": "mail",
        "utmCampaignStr": "winter",
        "browserLocaleStr": "de-DE",
        "timeZoneStr": "Europe/Berlin",
        "deviceTypeStr": "desktop",
        "orderNumberStr": "A-1002",
        "cartTotalNum": 129.9,
        "planStr": "pro",
    }
    reasons = {problem["name"]: problem["reason"] for problem in problems}
    assert "letters and digits only" in reasons["bad name"]
    assert "JSON attributes block 2 ignored" in reasons[None]


def test_without_canonical_the_page_url_loses_its_fragment():
    snapshot = dict(SNAPSHOT, canonical="", referrer="")
    attributes, _ = PageContext().capture(snapshot)
    assert attributes["pageUrl"] == (
        "https://shop.test/checkout?utm_source=mail&utm_campaign=winter&token=REDACTED"
    )
    assert "referrerUrl" not in attributes


def test_utm_falls_back_to_the_landing_page():
    attributes, _ = PageContext().capture(dict(SNAPSHOT, href="https://shop.test/cart"))
    assert (attributes["utmSourceStr"], attributes["utmMediumStr"], attributes["utmTermStr"]) == (
        "ads",
        "cpc",
        "tea",
    )
    assert "utmCampaignStr" not in attributes


def test_runtime_attributes_win_and_null_clears():
    context = PageContext()
    problems = context.set_runtime({"orderNumberStr": "A-2000", "cartTotalNum": None, "nope": 1})
    assert [problem["name"] for problem in problems] == ["nope"]
    attributes, _ = context.capture(SNAPSHOT)
    assert attributes["orderNumberStr"] == "A-2000" and attributes["cartTotalNum"] is None


def test_groups_can_be_switched_off():
    attributes, _ = PageContext(groups=["page"]).capture(SNAPSHOT)
    assert sorted(attributes) == ["pagePathStr", "pageTitleStr", "pageUrl"]
    assert PageContext(groups=()).capture(SNAPSHOT) == ({}, [])


def test_declared_url_values_are_redacted_too():
    snapshot = dict(SNAPSHOT, metas=[["resetLinkUrl", "https://shop.test/r?code=123"]])
    attributes, _ = PageContext().capture(snapshot)
    assert attributes["resetLinkUrl"] == "https://shop.test/r?code=REDACTED"


@pytest.mark.parametrize(
    ("agent", "touch", "kind"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", 5, "mobile"),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/156 Mobile Safari/537.36", 5, "mobile"),
        ("Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/156 Safari/537.36", 5, "tablet"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15", 5, "tablet"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15", 0, "desktop"),
    ],
)
def test_device_type(agent, touch, kind):
    assert device_type(agent, touch) == kind


def test_an_empty_title_is_left_out():
    attributes, _ = PageContext(groups=["page"]).capture(dict(SNAPSHOT, title=" \n "))
    assert "pageTitleStr" not in attributes


def test_without_a_snapshot_only_the_run_time_attributes_are_sent():
    """The page could not be read: nothing is invented (no empty pageUrl, no "desktop")."""
    context = PageContext()
    assert context.capture(None) == ({}, [])
    context.set_runtime({"orderNumberStr": "A-1"})
    assert context.capture(None) == ({"orderNumberStr": "A-1"}, [])
    assert PageContext(groups=["page"]).capture(None) == ({}, [])
    context.set_runtime({"accountUrl": "https://shop.test/a?token=abc"})
    assert context.capture(None)[0]["accountUrl"] == "https://shop.test/a?token=REDACTED"
