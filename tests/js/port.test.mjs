// The port's messages by name (web/port/messages.mjs over generated.mjs, the build's copy
// of kustomer_bridge/browser/port.py): a field renamed, dropped or added on one side only
// is refused where the message is made or read.
import assert from "node:assert/strict";
import { test } from "node:test";

import { PORT } from "../../web/port/generated.mjs";
import { compose, dispatcher, event, PortError, read } from "../../web/port/messages.mjs";

test("a message is its name then its fields in the port's order, whatever order given", () => {
  assert.deepEqual(event("callback", { error: null, response: 1, callId: 7 }),
    ["callback", 7, 1, null]);
  assert.deepEqual(read("events", ["callback", 7, 1, null]), { callId: 7, response: 1, error: null });
  assert.deepEqual(event("stopped"), ["stopped"]);
});

for (const [fields, what] of [
  [{ callId: 7, response: 1 }, "dropped"],
  [{ id: 7, response: 1, error: null }, "renamed"],
  [{ callId: 7, response: 1, error: null, extra: 0 }, "added"],
]) {
  test(`a field ${what} is refused, naming the port's fields`, () => {
    assert.throws(() => event("callback", fields),
      (error) => error instanceof PortError && /takes \{callId, response, error\}/.test(error.message));
  });
}

test("a name the port does not define, or a field count it does not have, is refused", () => {
  assert.throws(() => event("settle", {}), /the port has no event settle/);
  assert.throws(() => compose("commands", "toString", {}), /the port has no command toString/);
  assert.throws(() => read("commands", ["answer", 1, true]), /has 3 fields, not 2/);
});

test("the dispatcher runs each command's action with its fields by name", () => {
  const ran = [];
  const actions = Object.fromEntries(Object.keys(PORT.commands).map((name) =>
    [name, (fields) => ran.push([name, fields])]));
  const carryOut = dispatcher(actions);
  carryOut(["answer", 1, true, "v"]);
  assert.deepEqual(ran, [["answer", { requestId: 1, ok: true, value: "v" }]]);
});

test("actions that are not exactly the port's commands are refused at once", () => {
  const actions = Object.fromEntries(Object.keys(PORT.commands).map((name) => [name, () => {}]));
  delete actions.answer;
  actions.settle = () => {};
  assert.throws(() => dispatcher(actions), /missing answer, extra settle/);
});
