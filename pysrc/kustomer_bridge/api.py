"""The public Python API: Kustomer's whole documented Web SDK surface, snake_case, awaitable.

    chat = kustomer_bridge.chat()                 # in the page, after the loader booted it
    await chat.ready
    await chat.login("eyJ...")                    # held until Kustomer.start() completed
    await chat.describe_customer(custom_attributes={"planStr": "pro"})
    unsubscribe = chat.on("onConversationCreate", lambda event: print(event))

Every method returns an awaitable that gives the SDK's response or raises ``KustomerError``
(``KustomerUnavailable`` once the SDK is known not to come). Bad arguments raise
``ValueError`` at once, naming the argument.
"""

from .arguments import (
    exactly_one,
    optional_mapping,
    optional_text,
    require_mapping,
    require_text,
    without_none,
)


class KustomerChat:
    def __init__(self, bridge, log):
        self._bridge = bridge
        self._log = log

    @property
    def ready(self):
        """Awaitable: True once Kustomer.start() completed; raises KustomerUnavailable."""
        return self._bridge.ready

    @property
    def state(self):
        return self._bridge.state

    def start(self, **options):
        """``Kustomer.start(options)``; a no-op while a start is done or under way."""
        return self._bridge.start(require_mapping("options", options))

    def stop(self):
        return self._bridge.stop()

    def open(self):
        return self._bridge.call("open")

    def close(self):
        return self._bridge.call("close")

    def login(self, jwt_token):
        token = require_text("jwt_token", jwt_token)
        return self._bridge.call("login", [{"jwtToken": token}])

    def logout(self):
        return self._bridge.call("logout")

    def is_logged_in(self, email=None, external_id=None):
        name, value = exactly_one(email=email, external_id=external_id)
        key = "email" if name == "email" else "externalId"
        return self._bridge.call("isLoggedIn", [{key: value}])

    def describe_customer(self, attributes=None, custom_attributes=None):
        if attributes is None and custom_attributes is None:
            raise ValueError("describe_customer needs attributes or custom_attributes")
        options = without_none(
            attributes=optional_mapping("attributes", attributes),
            customAttributes=optional_mapping("custom_attributes", custom_attributes),
        )
        return self._bridge.call("describeCustomer", [options])

    def describe_conversation(self, conversation_id, custom_attributes):
        options = {
            "conversationId": require_text("conversation_id", conversation_id),
            "customAttributes": require_mapping("custom_attributes", custom_attributes),
        }
        return self._bridge.call("describeConversation", [options])

    def create_conversation(self, message=None, assistant_id=None, custom_attributes=None):
        if message is None:
            self._log.debug(
                "create_conversation() without a message opens the thread but "
                "creates no conversation in Kustomer (documented)"
            )
        options = without_none(
            message=optional_text("message", message),
            assistantId=optional_text("assistant_id", assistant_id),
            customAttributes=optional_mapping("custom_attributes", custom_attributes),
        )
        return self._bridge.call("createConversation", [options])

    def open_conversation_by_id(self, conversation_id):
        conversation = require_text("conversation_id", conversation_id)
        return self._bridge.call("openConversationById", [{"conversationId": conversation}])

    def get_open_conversations(self):
        return self._bridge.call("getOpenConversations")

    def open_kb_article(self, article_id):
        return self._bridge.call("openKbArticle", [require_text("article_id", article_id)])

    def open_kb_category(self, category_id):
        return self._bridge.call("openKbCategory", [require_text("category_id", category_id)])

    def is_chat_available(self):
        """Awaitable of ``{"availability": ...}``, answered once Kustomer is ready."""
        return self._bridge.call("isChatAvailable", sync=True)

    def get_unread_count(self):
        """Awaitable of ``{"total": n, "conversations": {...}}``, once Kustomer is ready."""
        return self._bridge.call("getUnreadCount", sync=True)

    def on(self, event, handler):
        """Call ``handler(payload)`` on each ``event``; returns a function that unsubscribes."""
        return self._bridge.listeners.on(event, handler)

    def off(self, event, handler):
        self._bridge.listeners.off(event, handler)
