"""Every public Python method and every window.kustomerBridge method, called in a real page,
on both runtimes, each result or error checked."""

import kustomer_bridge

from pages import boot_ready, python_result, python_scenario

EVERY_METHOD = """
async def scenario(chat):
    out = {"ready": await chat.ready, "state": chat.state}
    seen = []
    record = seen.append
    unsubscribe = chat.on("onOpen", lambda event: record("open"))
    out["open"] = await chat.open()
    out["close"] = await chat.close()
    unsubscribe()
    chat.on("onClose", record)
    chat.off("onClose", record)
    await chat.open()
    await chat.close()
    out["events"] = seen
    out["login"] = await chat.login("jwt-abc")
    out["is_logged_in"] = await chat.is_logged_in(external_id="ext-7")
    out["describe_customer"] = await chat.describe_customer(custom_attributes={"planStr": "pro"})
    created = await chat.create_conversation(message="hello", timeout_ms=5000)
    conversation = created["conversationId"]
    out["describe_conversation"] = await chat.describe_conversation(
        conversation, {"orderNumberStr": "A-1"}
    )
    out["open_conversation_by_id"] = await chat.open_conversation_by_id(conversation)
    out["get_open_conversations"] = [
        item["conversationId"] == conversation for item in await chat.get_open_conversations()
    ]
    out["open_kb_article"] = await chat.open_kb_article("article-1")
    out["open_kb_category"] = await chat.open_kb_category("category-1")
    out["is_chat_available"] = await chat.is_chat_available()
    out["get_unread_count"] = await chat.get_unread_count()
    try:
        await chat.open_conversation_by_id("missing")
    except KustomerError as error:
        out["error"] = [type(error).__name__, error.message, error.status, error.method]
    out["logout"] = await chat.logout()
    out["logged_in_after_logout"] = await chat.is_logged_in(email="nobody@example.com")
    out["stop"] = await chat.stop()
    out["state_stopped"] = chat.state
    out["start"] = await chat.start(brandId="brand-1")
    out["state_restarted"] = chat.state
    return out
"""


def test_every_python_method(page, make_page, kustomer_stub, runtime):
    page.goto(make_page(python_scenario(runtime, EVERY_METHOD)))
    out = python_result(page)
    assert out == {
        "ready": True,
        "state": "ready",
        "open": None,
        "close": None,
        "events": ["open"],
        "login": {
            "identified": True,
            "customerId": "cust-1",
            "email": None,
            "externalId": "ext-7",
        },
        "is_logged_in": True,
        "describe_customer": None,
        "describe_conversation": None,
        "open_conversation_by_id": None,
        "get_open_conversations": [True],
        "open_kb_article": None,
        "open_kb_category": None,
        "is_chat_available": {"availability": "online"},
        "get_unread_count": {"total": 0, "conversations": {}},
        "error": [
            "KustomerError",
            "conversation not found: missing",
            404,
            "openConversationById",
        ],
        "logout": None,
        "logged_in_after_logout": False,
        "stop": None,
        "state_stopped": "stopped",
        "start": None,
        "state_restarted": "ready",
    }
    methods = [call["method"] for call in kustomer_stub.calls()]
    assert methods.count("start") == 2 and methods.count("stop") == 1
    assert [call for call in kustomer_stub.calls() if call["dropped"]] == []


JS_FACE = """async () => {
  const until = (condition) => new Promise((done) => {
    const check = () => (condition() ? done() : setTimeout(check, 10));
    check();
  });
  const out = { version: kustomerBridge.version, ready: await kustomerBridge.ready };
  const sent = [];
  const off = kustomerBridge.on("describeSent", (event) => sent.push(event.conversationId));
  out.rejected = await kustomerBridge.setAttributes({ planStr: "pro", "bad name": 1 });
  out.described = await kustomerBridge.describeConversation("conv-js", { orderNumberStr: "A-2" });
  out.badId = await kustomerBridge.describeConversation("", {}).catch((e) => e.name);
  out.badIds = await Promise.all([true, "  ", {}, null].map((id) =>
    kustomerBridge.describeConversation(id, {}).then(() => "sent", (e) => e.message)));
  const first = KustomerStub.createConversation("first");
  await until(() => sent.includes(first));
  off();
  const marker = [];
  kustomerBridge.on("describeSent", (event) => marker.push(event.conversationId));
  const second = KustomerStub.createConversation("second");
  await until(() => marker.length);
  out.sent = sent;
  out.expectedSent = ["conv-js", first];
  out.marker = marker[0] === second;
  return out;
}"""


def test_every_js_face_method(page, make_page, kustomer_stub):
    """``grantConsent`` is covered by test_loader's consent test, on both runtimes too."""
    boot_ready(page, make_page())
    out = page.evaluate(JS_FACE)
    assert out["version"] == kustomer_bridge.__version__ and out["ready"] is True
    assert out["rejected"] == [
        {
            "name": "bad name",
            "reason": "a system name is letters and digits only, starting with a letter "
            "(camelCase, no spaces)",
        }
    ]
    assert out["described"] is None
    assert out["badId"] == "ValueError"
    assert all("conversation_id is required" in reason for reason in out["badIds"]), out
    assert not any("object Object" in reason for reason in out["badIds"])
    assert out["sent"] == out["expectedSent"] and out["marker"] is True
    described = kustomer_stub.calls("describeConversation")
    assert described[0]["args"][0] == {
        "conversationId": "conv-js",
        "customAttributes": {"orderNumberStr": "A-2"},
    }
    assert described[1]["args"][0]["customAttributes"]["planStr"] == "pro"
