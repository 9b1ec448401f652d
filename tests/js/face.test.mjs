// window.kustomerBridge's requests (web/loader/face.mjs): held until the core is connected,
// settled by its answer, refused when Python cannot run; subscriptions through the core.
// What the face hands the driver is made into the port's event here, as the driver does.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { fakePage } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { createFace } from "../../web/loader/face.mjs";
import { event, read } from "../../web/port/messages.mjs";
import { PORT } from "../../web/port/generated.mjs";

let face;
let asked; // each request the page made, as [kind, args] (the sign demand.mjs hears)
beforeEach(() => {
  fakePage();
  asked = [];
  face = createFace(createLog(false), (kind, args) => asked.push([kind, args]));
});

// The request events delivered, by name; each one's args are its kind's fields (port.py).
const requests = (delivered) => delivered.map((message) => {
  const request = read("events", message);
  for (const field of Object.keys(request.args)) {
    assert.ok(PORT.requests[request.kind].includes(field), `${request.kind} has no ${field}`);
  }
  return request;
});

test("requests are held until the core is connected, then delivered in order", () => {
  face.request("describe", { conversationId: "c1", attributes: {} });
  face.request("setAttributes", { attributes: { a: 1 } });
  const delivered = [];
  face.connect((name, fields) => delivered.push(event(name, fields)));
  assert.deepEqual(requests(delivered), [
    { requestId: 1, kind: "describe", args: { conversationId: "c1", attributes: {} } },
    { requestId: 2, kind: "setAttributes", args: { attributes: { a: 1 } } },
  ]);
  assert.deepEqual(asked.map(([kind]) => kind), ["describe", "setAttributes"]);
});

test("the core's answer settles the request: a value, or an error with its fields", async () => {
  face.connect(() => {});
  const ok = face.request("call", { method: "open", args: [], timeoutMs: 1000 });
  const bad = face.request("call", { method: "nope", args: [], timeoutMs: 1000 });
  face.answer(1, true, { opened: true });
  face.answer(2, false, { name: "ValueError", text: "no method nope", status: null });
  assert.deepEqual(await ok, { opened: true });
  await assert.rejects(bad, (error) => error.name === "ValueError" &&
    error.message === "no method nope" && error.answer.text === "no method nope");
});

test("when Python cannot run, held and later requests are refused with the reason", async () => {
  const held = face.request("describe", { conversationId: "c1", attributes: {} });
  const reason = Object.assign(new Error("no WebAssembly"), { name: "PythonUnavailable" });
  face.refuse(reason);
  await assert.rejects(held, reason);
  await assert.rejects(face.request("describe", { conversationId: "c2", attributes: {} }), reason);
});

test("one core subscription per event, dropped with the last subscriber", () => {
  const delivered = [];
  face.connect((name, fields) => delivered.push(event(name, fields)));
  const heard = [];
  const off1 = face.subscribe("onOpen", (payload) => heard.push(["1", payload]));
  const off2 = face.subscribe("onOpen", (payload) => heard.push(["2", payload]));
  face.emit("onOpen", { open: true });
  off1();
  off2();
  off2();
  assert.deepEqual(heard, [["1", { open: true }], ["2", { open: true }]]);
  assert.deepEqual(requests(delivered).map(({ kind, args }) => [kind, args]),
    [["on", { event: "onOpen" }], ["off", { event: "onOpen" }]]);
});

test("a subscriber that throws does not stop the others; it is said", () => {
  face.connect(() => {});
  const heard = [];
  face.subscribe("describeSent", () => {
    throw new Error("bad handler");
  });
  face.subscribe("describeSent", (payload) => heard.push(payload));
  face.emit("describeSent", { conversationId: "c1" });
  assert.deepEqual(heard, [{ conversationId: "c1" }]);
});

test("a core started again hears the subscriptions and every unanswered request", () => {
  face.connect(() => {});
  face.subscribe("onOpen", () => {});
  face.answer(1, true, null); // the first core took the subscription
  face.request("describe", { conversationId: "c1", attributes: {} });
  const again = [];
  face.connect((name, fields) => again.push(event(name, fields)));
  assert.deepEqual(requests(again).map(({ requestId, kind }) => [requestId, kind]),
    [[0, "on"], [2, "describe"]]);
});
