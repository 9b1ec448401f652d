"""KustomerChat: each method sends the SDK's documented call, checks its arguments first."""

import pytest

from kustomer_bridge.browser.api import KustomerChat
from kustomer_bridge.browser.core.describer import Describer
from kustomer_bridge.browser.core.errors import KustomerTimeout
from kustomer_bridge.browser.core.machine import TabCommands

from fakes import make_gate


def ready_chat():
    gate, sdk, clock, lines = make_gate()
    describer = Describer(gate, None, clock, gate._log, print, TabCommands([]))
    chat = KustomerChat(gate, gate._log, describer.describe)
    gate.attach()
    sdk.complete_start()
    return chat, sdk, clock, lines


CALLS = [
    (lambda chat: chat.open(), "open", []),
    (lambda chat: chat.close(), "close", []),
    (lambda chat: chat.login(" jwt "), "login", [{"jwtToken": "jwt"}]),
    (lambda chat: chat.logout(), "logout", []),
    (lambda chat: chat.is_logged_in(email="a@b.test"), "isLoggedIn", [{"email": "a@b.test"}]),
    (lambda chat: chat.is_logged_in(external_id="x1"), "isLoggedIn", [{"externalId": "x1"}]),
    (
        lambda chat: chat.describe_customer(custom_attributes={"planStr": "pro"}),
        "describeCustomer",
        [{"customAttributes": {"planStr": "pro"}}],
    ),
    (
        lambda chat: chat.describe_conversation("c1", {"planStr": "pro"}),
        "describeConversation",
        [{"conversationId": "c1", "customAttributes": {"planStr": "pro"}}],
    ),
    (
        lambda chat: chat.create_conversation("hi", assistant_id="a1"),
        "createConversation",
        [{"message": "hi", "assistantId": "a1"}],
    ),
    (
        lambda chat: chat.open_conversation_by_id("c1"),
        "openConversationById",
        [{"conversationId": "c1"}],
    ),
    (lambda chat: chat.get_open_conversations(), "getOpenConversations", []),
    (lambda chat: chat.open_kb_article("art"), "openKbArticle", ["art"]),
    (lambda chat: chat.open_kb_category("cat"), "openKbCategory", ["cat"]),
    (lambda chat: chat.is_chat_available(), "isChatAvailable", []),
    (lambda chat: chat.get_unread_count(), "getUnreadCount", []),
]


@pytest.mark.parametrize(("call", "method", "args"), CALLS, ids=[c[1] for c in CALLS])
def test_each_method_sends_the_documented_call(call, method, args):
    chat, sdk, _, _ = ready_chat()
    assert call(chat).done()
    assert sdk.sent == [(method, args)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda chat: chat.login(""), "jwt_token is required"),
        (lambda chat: chat.is_logged_in(), "give exactly one of email, external_id"),
        (lambda chat: chat.is_logged_in(email="a", external_id="b"), "give exactly one of"),
        (lambda chat: chat.describe_customer(), "needs attributes or custom_attributes"),
        (lambda chat: chat.describe_customer(attributes=[1]), "attributes must be a dict"),
        (lambda chat: chat.describe_conversation("c1", {"": 1}), "has a key that is not"),
        (lambda chat: chat.create_conversation(message=" "), "message is required"),
        (lambda chat: chat.open_kb_article(7), "article_id is required"),
        (lambda chat: chat.open(timeout_ms=0), "timeout_ms must be a positive number"),
        (lambda chat: chat.start(**{"": 1}), "has a key"),
    ],
)
def test_bad_arguments_raise_value_error_before_the_sdk(call, message):
    chat, sdk, _, _ = ready_chat()
    with pytest.raises(ValueError, match=message):
        call(chat)
    assert sdk.sent == []


def test_timeout_ms_bounds_one_call():
    chat, sdk, clock, _ = ready_chat()
    sdk.hold_methods.add("getOpenConversations")
    result = chat.get_open_conversations(timeout_ms=300)
    clock.advance(300)
    assert isinstance(result.error(), KustomerTimeout)


def test_create_conversation_without_a_message_says_it_creates_nothing():
    chat, sdk, _, lines = ready_chat()
    chat.create_conversation()
    assert sdk.sent == [("createConversation", [{}])]
    assert "creates no conversation" in lines[-1][1]


def test_on_and_off_and_state():
    chat, sdk, _, _ = ready_chat()
    seen = []
    unsubscribe = chat.on("onOpen", seen.append)
    sdk.fire("onOpen", 1)
    unsubscribe()
    sdk.fire("onOpen", 2)
    chat.on("onClose", seen.append)
    chat.off("onClose", seen.append)
    sdk.fire("onClose", 3)
    assert seen == [1] and chat.state == "ready" and chat.ready.result() is True
    assert chat.stop().done() and chat.state == "stopped"


def test_outside_a_browser_chat_says_where_it_runs():
    import kustomer_bridge

    with pytest.raises(RuntimeError, match=r"runs in the browser.*kustomer_bridge.flask"):
        kustomer_bridge.chat()
