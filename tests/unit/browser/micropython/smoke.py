# The pure core, exercised under MicroPython: attributes, privacy, and the whole machine
# (port events in, commands out), as the worker host runs it.
# Run as top-level async code by run.mjs (MicroPython's runPythonAsync), hence the bare await.
import json

from kustomer_bridge.browser.attributes import page as page_context
from kustomer_bridge.browser.attributes import privacy, redaction
from kustomer_bridge.browser.attributes import values as attributes
from kustomer_bridge.browser.core import kept, machine

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


groups, redactor, problems = privacy.settings({"attributes": "page,utms", "redactParams": "a b"})
assert groups == ("page",) and len(problems) == 2, problems
assert redactor.redact("https://s.test/?q=1&utm_source=x") == (
    "https://s.test/?q=REDACTED&utm_source=REDACTED"
)

core = machine.Machine()


def send(*events):
    return json.loads(core.handle_json(json.dumps(list(events))))


def named(name, commands):
    return [command[1:] for command in commands if command[0] == name]


config = {"callTimeoutMs": 10000, "debug": True}
out = send(["boot", config, {"start": "none", "landingUrl": "https://s.test/?token=t"}])
assert ["remember", "https://s.test/?token=REDACTED"] in out, out
out = send(
    ["request", 1, "call", {"method": "open", "args": [], "timeoutMs": None}],
    ["request", 2, "call", {"method": "login", "args": [{"jwtToken": "jwt"}], "timeoutMs": None}],
)
assert named("invoke", out) == [], out
out = send(["started", None])
assert [i[1] for i in named("invoke", out)] == ["login", "open"], out
login_id, open_id = [i[0] for i in named("invoke", out)]
login_timer, open_timer = [t[0] for t in named("timer", out)]
out = send(["callback", login_id, {"identified": True}, None])
assert named("answer", out) == [[2, True, {"identified": True}]], out
conversation = ["conversationCreated", {"conversationId": "c1"}, snapshot]
out = send(conversation, conversation)
[describe] = [i for i in named("invoke", out) if i[1] == "describeConversation"]
assert describe[2][0]["customAttributes"]["orderNumberStr"] == "A-1", describe
out = send(["timer", open_timer])
[(request, ok, error)] = named("answer", out)
assert (request, ok, error["text"]) == (1, False, "Kustomer.open did not call back within 10 s")
burst = [["conversationCreated", {"conversationId": "b%d" % n}, snapshot] for n in range(1000)]
out = send(*burst)
assert len([i for i in named("invoke", out) if i[1] == "describeConversation"]) == 1000
# A kept describe is named, and backs off, exactly as on CPython (tests/unit: the same values)
key = kept.describe_key("c1", {"b": 2, "a": "x", "c": True})
assert key == "c1/97785b9d", key
assert [kept.retry_delay_ms(n, key) for n in (1, 2, 7)] == [531, 1067, 32616]
[(keep,)] = named("keep", send(["conversationCreated", {"conversationId": "k1"}, snapshot]))
assert keep["conversationId"] == "k1" and "token=t" not in json.dumps(keep), keep
# What the core cannot read is logged, never raised (a wasm trap would end the worker)
for text in ["5", "[1]", "[[7, 1]]", "not json", "[" * 100000]:
    logs = named("log", json.loads(core.handle_json(text)))
    assert [level for level, _ in logs] == ["error"], (text[:10], logs)
# The redaction rule at rest, compiled the same way as on CPython
assert redaction.Redactor(allow=["utm_*"]).hidden_names() == "(?!(?:utm_[a-z0-9_.~-]*)=)[^=&]*"
print("MICROPYTHON OK")
