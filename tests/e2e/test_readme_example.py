"""The README's "From JavaScript" and "From Python" examples run as written, taken from
README.md itself: the Python blocks as one page script (top-level await), the JavaScript
block in the page."""

import textwrap

import pytest

from pages import boot_ready, wait_for_console
from readme import blocks


def test_the_readme_javascript_example_runs(page, make_page, kustomer_stub):
    [(language, code)] = blocks("### From JavaScript")
    assert language == "js"
    boot_ready(page, make_page())
    page.evaluate("async () => {\n%s\n}" % code)
    call = kustomer_stub.wait_for_call("describeConversation")
    assert call["args"][0] == {
        "conversationId": "CONVERSATION_ID",
        "customAttributes": {"planStr": "pro"},
    }


@pytest.mark.kustomer(fail={"openKbArticle": {"message": "no such article", "status": 404}})
def test_the_readme_python_examples_run(page, make_page, kustomer_stub, runtime, guard):
    examples = blocks("### From Python")
    assert [language for language, _ in examples] == ["python", "python"]
    code = "\n".join(textwrap.dedent(code) for _, code in examples)
    script = '<script type="%s">\n%s\nimport js\njs.window.readmeDone = True\n</script>'
    page.goto(make_page(script % (runtime, code)))
    page.wait_for_function("window.readmeDone === true", timeout=30000)
    wait_for_console(page, guard, "no such article 404")  # the except branch printed it
    sent = [call["method"] for call in kustomer_stub.calls() if not call["dropped"]]
    sdk_calls = [method for method in sent if method not in ("addListener", "removeListener")]
    assert sdk_calls[:3] == ["start", "login", "describeCustomer"]
    assert sdk_calls.count("login") == 2  # the second example logs in with a deadline
    assert page.evaluate("KustomerStub.listenerCounts.onUnread") == 1
