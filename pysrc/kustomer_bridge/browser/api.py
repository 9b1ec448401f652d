"""The public Python API: Kustomer's whole documented Web SDK surface, snake_case, awaitable.

    chat = kustomer_bridge.chat()                 # in the page, after the loader booted it
    await chat.ready
    await chat.login("eyJ...")                    # held until Kustomer.start() completed
    await chat.describe_customer(custom_attributes={"planStr": "pro"})
    unsubscribe = chat.on("onConversationCreate", lambda event: print(event))

Every method returns an awaitable that gives the SDK's response or raises ``KustomerError``:
``KustomerUnavailable`` once the SDK is known not to come, ``KustomerTimeout`` when the SDK
did not call back within the call's deadline (``timeout_ms=``, default the tag's
``data-call-timeout-ms``). Bad arguments raise ``ValueError`` at once, naming the argument.
"""

from .arguments import (
    exactly_one,
    optional_mapping,
    optional_text,
    require_mapping,
    require_text,
    require_timeout,
    without_none,
)

# The Kustomer methods a call may name (start, stop, describeConversation and the listeners
# have methods of their own), and whether each answers with its return value (sync) rather
# than a callback (https://developer.kustomer.com/chat-sdk/v2-Web/docs).
SDK_METHODS = {
    "open": False,
    "close": False,
    "login": False,
    "logout": False,
    "isLoggedIn": False,
    "describeCustomer": False,
    "createConversation": False,
    "openConversationById": False,
    "getOpenConversations": False,
    "openKbArticle": False,
    "openKbCategory": False,
    "isChatAvailable": True,
    "getUnreadCount": True,
}


class KustomerChat:
    """Over the call gate (core/gate.py) in the core, or over the port (client.PortClient)
    in the page's own Python: the same methods either way. ``describe(conversation_id,
    attributes, timeout_ms)`` is where a describe goes: the core's describer (kept until
    Kustomer answers it, core/describer.py), or a request to the core."""

    def __init__(self, gate, log, describe):
        self._gate = gate
        self._log = log
        self._describe = describe

    @property
    def ready(self):
        """Awaitable: True once Kustomer.start() completed; raises KustomerUnavailable."""
        return self._gate.ready

    @property
    def state(self):
        """``waiting``, ``ready``, ``stopped`` or ``failed`` (see core/gate.py)."""
        return self._gate.state

    def _call(self, method, args=None, timeout_ms=None):
        timeout_ms = require_timeout(timeout_ms)
        return self._gate.call(method, args, sync=SDK_METHODS[method], timeout_ms=timeout_ms)

    def call(self, method, args, timeout_ms=None):
        """``Kustomer[method](...args)`` by name (the page's Python, through the port)."""
        if method not in SDK_METHODS:
            raise ValueError(
                "%r is not a Kustomer method a call may name (%s)"
                % (method, ", ".join(sorted(SDK_METHODS)))
            )
        if not isinstance(args, list):
            raise ValueError("the arguments of %s must be a list" % method)
        return self._call(method, args, timeout_ms)

    def start(self, **options):
        """``Kustomer.start(options)``; a no-op while a start is done or under way."""
        return self._gate.start(require_mapping("options", options))

    def stop(self):
        return self._gate.stop()

    def open(self, timeout_ms=None):
        return self._call("open", timeout_ms=timeout_ms)

    def close(self, timeout_ms=None):
        return self._call("close", timeout_ms=timeout_ms)

    def login(self, jwt_token, timeout_ms=None):
        token = require_text("jwt_token", jwt_token)
        return self._call("login", [{"jwtToken": token}], timeout_ms)

    def logout(self, timeout_ms=None):
        return self._call("logout", timeout_ms=timeout_ms)

    def is_logged_in(self, email=None, external_id=None, timeout_ms=None):
        name, value = exactly_one(email=email, external_id=external_id)
        key = "email" if name == "email" else "externalId"
        return self._call("isLoggedIn", [{key: value}], timeout_ms)

    def describe_customer(self, attributes=None, custom_attributes=None, timeout_ms=None):
        if attributes is None and custom_attributes is None:
            raise ValueError("describe_customer needs attributes or custom_attributes")
        options = without_none(
            attributes=optional_mapping("attributes", attributes),
            customAttributes=optional_mapping("custom_attributes", custom_attributes),
        )
        return self._call("describeCustomer", [options], timeout_ms)

    def describe_conversation(self, conversation_id, custom_attributes, timeout_ms=None):
        """Settles when Kustomer has answered: each attempt has the deadline, a failed one
        is tried again (core/describer.py); raises once it is given up."""
        return self._describe(
            require_text("conversation_id", conversation_id),
            require_mapping("custom_attributes", custom_attributes),
            require_timeout(timeout_ms),
        )

    def create_conversation(
        self, message=None, assistant_id=None, custom_attributes=None, timeout_ms=None
    ):
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
        return self._call("createConversation", [options], timeout_ms)

    def open_conversation_by_id(self, conversation_id, timeout_ms=None):
        conversation = require_text("conversation_id", conversation_id)
        return self._call("openConversationById", [{"conversationId": conversation}], timeout_ms)

    def get_open_conversations(self, timeout_ms=None):
        return self._call("getOpenConversations", timeout_ms=timeout_ms)

    def open_kb_article(self, article_id, timeout_ms=None):
        return self._call("openKbArticle", [require_text("article_id", article_id)], timeout_ms)

    def open_kb_category(self, category_id, timeout_ms=None):
        return self._call("openKbCategory", [require_text("category_id", category_id)], timeout_ms)

    def is_chat_available(self):
        """Awaitable of ``{"availability": ...}``, answered once Kustomer is ready."""
        return self._call("isChatAvailable")

    def get_unread_count(self):
        """Awaitable of ``{"total": n, "conversations": {...}}``, once Kustomer is ready."""
        return self._call("getUnreadCount")

    def on(self, event, handler):
        """Call ``handler(payload)`` on each ``event``; returns a function that unsubscribes."""
        return self._gate.on(event, handler)

    def off(self, event, handler):
        self._gate.off(event, handler)
