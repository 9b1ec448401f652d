// The driver (web/boot/driver.mjs, actions.mjs): events to the core by name, the core's
// commands carried out by name, a core that fails started again. The core here is a script
// of answers; tests/unit/ tests the real one.
import assert from "node:assert/strict";
import { after, afterEach, beforeEach, mock, test } from "node:test";

import { fakePage, page, settle } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { drive, MAX_RESTARTS } from "../../web/boot/driver.mjs";
import { PORT } from "../../web/port/generated.mjs";
import { compose, read } from "../../web/port/messages.mjs";

const command = (name, fields) => compose("commands", name, fields);
const sentNames = new Set(); // every event name the driver sent, over this file

// The loader's side of the driver (window.__kustomerBridge__), as main.mjs defines it.
function loaderSide({ start = "done", early = [] } = {}) {
  const seen = { connected: null, answers: [], settled: [], failed: [], emitted: [] };
  const internal = {
    config: { runtime: "mpy" }, log: createLog(false), landingUrl: "https://shop.test/",
    sdk: { start, startError: null, onStart: [], onStop: [] },
    face: {}, runner: "worker", state: "waiting",
    takeEarlyEvents: () => early, earlyStored: () => [], earlySettled: (id) => seen.settled.push(id),
    connect: (deliver) => (seen.connected = deliver),
    answer: (...args) => seen.answers.push(args), emit: (...args) => seen.emitted.push(args),
    settle: () => {}, rememberLanding: () => {}, pythonFailed: (reason) => seen.failed.push(reason),
  };
  return { internal, seen };
}

// A core that answers batch n with answers[n] (commands), and records every batch by name.
function scriptedCore(answers = []) {
  const batches = [];
  const handle = async (eventsJson) => {
    const batch = JSON.parse(eventsJson).map((message) => {
      sentNames.add(message[0]);
      return [message[0], read("events", message)];
    });
    batches.push(batch);
    const answer = answers[batches.length - 1];
    if (answer instanceof Error) throw answer;
    return JSON.stringify(answer || []);
  };
  return { batches, handle, events: () => batches.flat() };
}

function kustomer() {
  const sdk = { calls: [], listeners: new Map() };
  sdk.open = (...args) => sdk.calls.push(["open", ...args]);
  sdk.isOpen = () => true;
  sdk.fails = () => {
    throw new Error("not now");
  };
  sdk.start = (options) => sdk.calls.push(["start", options]);
  sdk.addListener = (name, listener) => sdk.listeners.set(name, listener);
  sdk.removeListener = (name) => sdk.listeners.delete(name);
  window.Kustomer = sdk;
  return sdk;
}

beforeEach(() => {
  fakePage();
  mock.timers.enable({ apis: ["setTimeout"] });
});
afterEach(() => mock.timers.reset());

test("the core is greeted by name: boot, the tab's kept describes, the held conversations", async () => {
  const { internal, seen } = loaderSide({ early: [[{ conversationId: "c1" }, { href: "h" }]] });
  const core = scriptedCore();
  drive(internal, { handle: core.handle });
  await settle();
  assert.deepEqual(core.events(), [
    ["boot", { config: { runtime: "mpy" },
      sdk: { start: "done", startError: null, landingUrl: "https://shop.test/" } }],
    ["kept", { records: [] }],
    ["conversationCreated", { payload: { conversationId: "c1" }, snapshot: { href: "h" } }],
  ]);
  assert.deepEqual(seen.settled, ["c1"]); // taken by the core
  assert.deepEqual(Object.keys(core.events()[0][1].sdk).sort(), [...PORT.payloads.sdk].sort());
  assert.equal(typeof seen.connected, "function");
});

test("invoke calls Kustomer and its callback goes back by callId", async () => {
  const sdk = kustomer();
  const core = scriptedCore([[
    command("invoke", { callId: 7, method: "open", args: [{ a: 1 }], sync: false }),
    command("invoke", { callId: 8, method: "isOpen", args: [], sync: true }),
    command("invoke", { callId: 9, method: "fails", args: [], sync: false }),
  ]]);
  drive(loaderSide().internal, { handle: core.handle });
  await settle();
  const [[, options, callback]] = sdk.calls;
  assert.deepEqual(options, { a: 1 });
  callback({ ok: 1 }, { message: "nope", status: 500 });
  await settle();
  const answers = core.events().filter(([name]) => ["callback", "threw"].includes(name));
  for (const field of Object.keys(answers.at(-1)[1].error)) {
    assert.ok(PORT.payloads.error.includes(field), field); // an undefined code is left out
  }
  assert.deepEqual(answers, [
    ["callback", { callId: 8, response: true, error: null }],
    ["threw", { callId: 9, text: "Error: not now" }],
    ["callback", { callId: 7, response: { ok: 1 },
      error: { message: "nope", status: 500 } }],
  ]);
});

test("a call while Kustomer is not started is handed back as notStarted", async () => {
  kustomer();
  const core = scriptedCore([[command("invoke", { callId: 3, method: "open", args: [], sync: false })]]);
  drive(loaderSide({ start: "pending" }).internal, { handle: core.handle });
  await settle();
  assert.deepEqual(core.events().at(-1), ["notStarted", { callId: 3 }]);
});

test("timers fire by timerId; a cancelled one never does", async () => {
  const core = scriptedCore([[command("timer", { timerId: 1, ms: 500 }),
    command("timer", { timerId: 2, ms: 500 }), command("cancelTimer", { timerId: 2 })]]);
  drive(loaderSide().internal, { handle: core.handle });
  await settle();
  mock.timers.tick(500);
  await settle();
  assert.deepEqual(core.events().filter(([name]) => name === "timer"), [["timer", { timerId: 1 }]]);
});

test("one SDK listener per event, its events sent as sdkEvent, removed as it was added", async () => {
  const sdk = kustomer();
  const core = scriptedCore([[command("listen", { event: "onOpen" })], [],
    [command("unlisten", { event: "onOpen" })]]);
  drive(loaderSide().internal, { handle: core.handle });
  await settle();
  sdk.listeners.get("onOpen")({ open: true });
  await settle();
  assert.deepEqual(core.events().at(-1), ["sdkEvent", { event: "onOpen", payload: { open: true } }]);
  assert.equal(sdk.listeners.size, 0);
});

test("answer, emit, keep and claim reach the loader and the tab by name", async () => {
  const record = { key: "c1", conversationId: "c1", customAttributes: {}, patienceMs: 1000,
    delayed: false };
  const { internal, seen } = loaderSide();
  const core = scriptedCore([[command("answer", { requestId: 4, ok: true, value: "v" }),
    command("emit", { event: "describeSent", payload: { conversationId: "c1" } }),
    command("keep", { record }), command("claim", { key: "c1" })]]);
  drive(internal, { handle: core.handle });
  await settle();
  await settle();
  assert.deepEqual(seen.answers, [[4, true, "v"]]);
  assert.deepEqual(seen.emitted, [["describeSent", { conversationId: "c1" }]]);
  assert.deepEqual(core.events().at(-1), ["claimed", { key: "c1", granted: true }]);
  assert.equal(JSON.parse(sessionStorage.getItem("kustomer-bridge:describes"))[0].key, "c1");
});

test("a command the port does not define is an internal error; the batch goes on", async () => {
  const { internal, seen } = loaderSide();
  const core = scriptedCore([[["answer", 1, true], ["settle", 1],
    command("answer", { requestId: 2, ok: true, value: null })]]);
  drive(internal, { handle: core.handle });
  await settle();
  assert.deepEqual(seen.answers, [[2, true, null]]);
  assert.deepEqual(page.console.map(([, text]) => text.replace(/:.*/, "")),
    ["[kustomer-bridge] internal error on answer", "[kustomer-bridge] internal error on settle"]);
});

test("Kustomer's start and stop, the network and the tab are reported by name", async () => {
  const { internal } = loaderSide();
  const core = scriptedCore();
  drive(internal, { handle: core.handle });
  await settle();
  internal.sdk.onStart.forEach((watcher) => watcher({}, { message: "bad brand" }));
  internal.sdk.onStop.forEach((watcher) => watcher());
  window.dispatchEvent(new Event("online"));
  await settle();
  assert.deepEqual(core.events().slice(-3), [["started", { error: { message: "bad brand" } }],
    ["stopped", {}], ["wake", { reason: "online" }]]);
});

test("a core that fails is started again and greeted; after the last try, Python failed", async () => {
  const { internal, seen } = loaderSide();
  const first = scriptedCore([[], new Error("wasm trap")]);
  const cores = [first];
  const restart = async () => {
    const core = scriptedCore(cores.length > MAX_RESTARTS ? [] : [new Error("again")]);
    cores.push(core);
    return core.handle;
  };
  drive(internal, { handle: first.handle, restart });
  await settle();
  internal.sdk.onStop.forEach((watcher) => watcher());
  for (let i = 0; i < 10; i++) await settle();
  assert.equal(cores.length, MAX_RESTARTS + 1);
  assert.equal(cores[1].batches[0][0][0], "boot");
  assert.match(seen.failed[0], /^it failed 4 times$/);
  // Each way it failed is said once.
  assert.deepEqual(page.console.filter(([level]) => level === "warn").map(([, text]) =>
    /failed \((.*?)\)/.exec(text)[1]), ["wasm trap", "again"]);
});

after(() => {
  // Every event the driver makes, by name; request and unavailable are the loader's.
  const driverEvents = Object.keys(PORT.events).filter((name) =>
    !["request", "unavailable"].includes(name));
  assert.deepEqual([...sentNames].sort(), driverEvents.sort());
});
