"""The README's Python example works as written: top-level await in the page's own script."""

from pages import ready_state

README_EXAMPLE = """
<script type="%s">
import js
import kustomer_bridge
from kustomer_bridge import KustomerError

chat = kustomer_bridge.chat()
await chat.login("eyJ-example")
await chat.describe_customer(custom_attributes={"planStr": "pro"})
unsubscribe = chat.on("onUnread", lambda event: print(event["total"]))
js.window.failNextForPython()
try:
    await chat.open_kb_article("article-id")
except KustomerError as error:
    js.window.readmeResult = "%%s %%s" %% (error.message, error.status)
</script>
"""


def test_the_readme_python_example_runs(page, make_page, kustomer_stub, runtime):
    page.add_init_script(
        "window.failNextForPython = () => KustomerStub.failNext('openKbArticle', "
        "{message: 'no such article', status: 404})"
    )
    page.goto(make_page(README_EXAMPLE % runtime))
    page.wait_for_function("window.readmeResult", timeout=30000)
    assert page.evaluate("window.readmeResult") == "no such article 404"
    assert ready_state(page) == "ready"
    sent = [call["method"] for call in kustomer_stub.calls() if not call["dropped"]]
    sdk_calls = [method for method in sent if method not in ("addListener", "removeListener")]
    assert sdk_calls[:3] == ["start", "login", "describeCustomer"]
    assert page.evaluate("KustomerStub.listenerCounts.onConversationCreate") == 1
