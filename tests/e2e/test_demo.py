"""A person clicks through the demo shop: launcher, message, and the describe in the panel."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pages import boot

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.engines
def test_a_person_chats_on_the_demo_and_sees_the_conversation_described(
    page, dist_url, runtime, browser_name
):
    page.set_viewport_size({"width": 1100, "height": 720})
    folder = "demo/" if runtime == "mpy" else "demo/py/"
    url = dist_url + folder + "checkout.html?utm_source=demo&utm_campaign=winter-sale&token=s3cret"
    boot(page, url)
    page.wait_for_selector("#panel-ready.ok", timeout=30000)
    widget = page.frame_locator("#kustomer-ui-sdk-iframe")
    widget.get_by_role("button", name="Open chat").click()
    # typed key by key: Playwright's fill() inside an iframe fails over Firefox's BiDi
    widget.get_by_role("textbox", name="Message").press_sequentially("Where is my order A-1001?")
    widget.get_by_role("button", name="Send").click()
    described = page.locator("#panel-describes li.ok")
    described.first.wait_for(timeout=30000)  # opening chat loaded Python: a failure bound
    text = described.first.text_content()
    assert '"orderNumberStr":"A-1001"' in text
    assert '"cartTotalNum":129.9' in text
    assert "token=REDACTED" in text and "s3cret" not in text
    assert '"utmCampaignStr":"winter-sale"' in text
    expect(page.locator("#panel-calls li", has_text="describeConversation")).to_have_count(1)
    assert page.locator("#panel-calls li.bad").count() == 0  # nothing was dropped
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / ("demo-%s-%s.png" % (runtime, browser_name))))


def test_spa_demo_page_describes_the_route_it_was_started_on(page, dist_url, runtime):
    folder = "demo/" if runtime == "mpy" else "demo/py/"
    boot(page, dist_url + folder + "spa.html")
    page.wait_for_selector("#panel-ready.ok", timeout=30000)
    page.get_by_role("button", name="Go to order 42").click()
    widget = page.frame_locator("#kustomer-ui-sdk-iframe")
    widget.get_by_role("button", name="Open chat").click()
    widget.get_by_role("textbox", name="Message").fill("hi")
    widget.get_by_role("button", name="Send").click()
    described = page.locator("#panel-describes li.ok").first
    described.wait_for(timeout=10000)
    assert '"pagePathStr":"/demo/spa/orders/42"' in described.text_content()
    assert '"utmCampaignStr":"spa-demo"' in described.text_content()
