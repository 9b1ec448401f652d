# The core as the worker runner runs it: run.mjs hands each of these JSON batches to
# `handle` in a call of its own, as the worker does for each message, and each batch's
# describes to `answers`, whose batch of callbacks it hands over in turn.
# BATCHES and CONVERSATIONS are set by the test, on the lines before this file.
# ruff: noqa: F821
import json

from kustomer_bridge.browser.core import machine

handle = machine.Machine().handle_json
SNAPSHOT = {
    "href": "https://shop.test/p?utm_source=m&token=t",
    "pathname": "/p",
    "title": "Order",
    "landingUrl": "https://shop.test/",
    "metas": [["orderNumberStr", "A-1"]],
}
boot = json.dumps(
    [["boot", {"callTimeoutMs": 10000, "debug": False}, {"start": "done", "landingUrl": ""}]]
)
batches = [
    json.dumps(
        [
            ["conversationCreated", {"conversationId": "c%d-%d" % (batch, i)}, SNAPSHOT]
            for i in range(CONVERSATIONS)
        ]
    )
    for batch in range(BATCHES)
]


def answers(commands_json):
    """Kustomer answers every describe the batch sent."""
    calls = [command for command in json.loads(commands_json) if command[0] == "invoke"]
    assert len(calls) == CONVERSATIONS, commands_json[:200]
    return json.dumps([["callback", call[1], {}, None] for call in calls])
