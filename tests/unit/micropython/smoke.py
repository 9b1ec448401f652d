# The pure core, exercised under MicroPython: every module the browser imports but js_sdk.
# Run as top-level async code by run.mjs (MicroPython's runPythonAsync), hence the bare await.
# ruff: noqa: F704
import asyncio

from kustomer_bridge import (
    api,
    attributes,
    auto_describe,
    core,
    log,
    page_context,
    privacy,
    redaction,
)
from kustomer_bridge.errors import KustomerTimeout

assert attributes.convert("cartTotalNum", "129.90") == 129.9
assert attributes.convert("placedAt", "2024-05-01T12:30:15.5+02:00") == "2024-05-01T10:30:15.500Z"
assert attributes.convert("placedAt", 1700000000000) == "2023-11-14T22:13:20.000Z"
for name, value in (("cartTotalNum", "1,299.00"), ("bad name", 1), ("accountUrl", "/x")):
    try:
        attributes.convert(name, value)
        raise AssertionError("accepted " + name)
    except attributes.Rejected:
        pass
assert (
    redaction.Redactor().redact("https://x.test/?a=1&refresh_token=x&%74oken=y#f")
    == "https://x.test/?a=1&refresh_token=REDACTED&%74oken=REDACTED"
)
snapshot = {
    "href": "https://s.test/p?utm_source=m&token=t",
    "pathname": "/p",
    "title": " A  b ",
    "canonical": "",
    "referrer": "",
    "landingUrl": "https://s.test/",
    "language": "en",
    "timeZone": "UTC",
    "userAgent": "iPhone Mobile",
    "maxTouchPoints": 5,
    "metas": [["orderNumberStr", "A-1"]],
    "elements": [["cartTotalNum", " 2.5 "]],
    "jsonBlocks": ['{"planStr": "pro"}'],
}
found, problems = page_context.PageContext().capture(snapshot)
assert found["pageUrl"] == "https://s.test/p?utm_source=m&token=REDACTED", found
assert found["deviceTypeStr"] == "mobile" and found["cartTotalNum"] == 2.5
assert found["pageTitleStr"] == "A b" and found["utmSourceStr"] == "m" and not problems


class Sdk:
    def __init__(self):
        self.sent, self.cbs, self.watchers = [], [], []

    def invoke(self, method, args, callback):
        self.sent.append(method)
        callback({"ok": method}, None)

    def invoke_sync(self, method):
        return None

    def start(self, options, callback):
        self.cbs.append(callback)

    def start_status(self):
        return "pending"

    def on_start_complete(self, callback):
        self.watchers.append(callback)

    def on_stop(self, callback):
        pass

    def add_listener(self, event, fn):
        self.listener = fn
        return fn

    def remove_listener(self, event, handle):
        pass

    def release_listener(self, handle):
        pass

    def load_problem(self):
        return None

    def start_error(self):
        return None

    def script_state(self):
        return "loaded"


class Clock:
    def __init__(self):
        self.timers = []

    def call_later(self, ms, fn):
        timer = [ms, fn]
        self.timers.append(timer)
        return lambda: self.timers.remove(timer)


groups, redactor, problems = privacy.settings({"attributes": "page,utms", "redactParams": "a b"})
assert groups == ("page",) and len(problems) == 2, problems
assert redactor.redact("https://s.test/?q=1&utm_source=x") == (
    "https://s.test/?q=REDACTED&utm_source=REDACTED"
)

lines = []
sdk = Sdk()
clock = Clock()
bridge = core.Bridge(
    sdk, clock, log.Log(lambda level, text: lines.append(text), True), 15000, 10000
)
chat = api.KustomerChat(bridge, bridge._log)
events = []
describer = auto_describe.AutoDescriber(
    chat,
    lambda snapshot=None: ({"pageUrl": "https://s.test/"}, []),
    Clock(),
    bridge._log,
    lambda e, p: events.append(e),
)
chat.on("onConversationCreate", describer.handle)
bridge.attach()
login = chat.login("jwt")
described = chat.describe_customer(custom_attributes={"planStr": "pro"})
sdk.watchers[0](None, None)
assert sdk.sent == ["login", "describeCustomer"], sdk.sent
sdk.listener({"conversationId": "c1"}, None)
sdk.listener({"conversationId": "c1"}, None)
assert sdk.sent.count("describeConversation") == 1 and events == ["describeSent"]


async def awaits():
    return await login


result = await asyncio.create_task(awaits())
assert result == {"ok": "login"}, result
assert clock.timers == [], clock.timers  # answered calls leave no deadline behind

sdk.invoke = lambda method, args, callback: sdk.sent.append(method)  # never calls back
silent = chat.open()
assert [ms for ms, _ in clock.timers] == [10000]
clock.timers[0][1]()
try:
    silent.result()
    raise AssertionError("no timeout")
except KustomerTimeout as error:
    assert str(error) == "Kustomer.open did not call back within 10 s", str(error)
print("MICROPYTHON OK")
