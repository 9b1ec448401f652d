// The loader's wiring (web/loader/main.mjs): what a tag does at tag time, before Python.
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";

import { FakeElement, fakePage, fire, page, settle } from "./fake-page.mjs";
import { main } from "../../web/loader/main.mjs";
import { LANDING_KEY } from "../../web/loader/tab.mjs";
import { WIDGET_URL } from "../../web/port/generated.mjs";

const BRIDGE = "https://shop.test/bridge/kustomer-bridge.js";

function tagPage(attributes = {}, href = "https://shop.test/?token=abc&utm_source=mail#x") {
  const tag = new FakeElement("script", { src: BRIDGE, ...attributes });
  fakePage({ scripts: [tag], href });
  return tag;
}

beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
afterEach(() => mock.timers.reset());

test("a tag with a key defines kustomerBridge at once and injects widget.js", () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  assert.equal(typeof window.kustomerBridge.describeConversation, "function");
  assert.equal(window.__kustomerBridge__.state, "waiting");
  assert.deepEqual(page.appended.map((node) => node.src), [WIDGET_URL]);
});

test("a bad setting is said once, the bridge stays off, ready rejects with it", async () => {
  tagPage({ "data-kustomer-api-key": "k", "data-runtime": "cpython" });
  main();
  assert.deepEqual(page.appended, []);
  await assert.rejects(window.kustomerBridge.ready, /data-runtime="cpython" is not one of mpy, py; the bridge stays off/);
  assert.equal(page.console.filter(([level]) => level === "error").length, 1);
});

test("included twice, the first copy runs", () => {
  tagPage({ "data-kustomer-api-key": "k", "data-debug": "" });
  main();
  const first = window.kustomerBridge;
  main();
  assert.equal(window.kustomerBridge, first);
  assert.deepEqual(page.appended.length, 1);
});

test("consent pending loads nothing until granted", () => {
  tagPage({ "data-kustomer-api-key": "k", "data-consent": "pending" });
  main();
  assert.deepEqual(page.appended, []);
  window.kustomerBridge.grantConsent();
  assert.equal(page.appended.length, 1);
});

test("data-load=interaction waits for the visitor's first move", () => {
  tagPage({ "data-kustomer-api-key": "k", "data-load": "interaction" });
  main();
  assert.deepEqual(page.appended, []);
  fire("keydown");
  assert.equal(page.appended.length, 1);
});

test("the landing page rests with its secrets hidden; the raw one stays in memory", () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  assert.equal(sessionStorage.getItem(LANDING_KEY), "https://shop.test/?token=REDACTED&utm_source=mail");
  assert.equal(window.__kustomerBridge__.landingUrl, "https://shop.test/?token=abc&utm_source=mail#x");
  window.__kustomerBridge__.rememberLanding("https://shop.test/?token=%5BREDACTED%5D");
  assert.equal(sessionStorage.getItem(LANDING_KEY), "https://shop.test/?token=%5BREDACTED%5D");
});

test("Kustomer unavailable rejects ready and tells the core, by name", async () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  const sent = [];
  window.__kustomerBridge__.connect((name, fields) => sent.push([name, fields]));
  page.appended[0].dispatchEvent(new Event("error"));
  await assert.rejects(window.kustomerBridge.ready, { name: "KustomerUnavailable" });
  assert.deepEqual(sent, [["unavailable", { reason:
    "Kustomer is unavailable: widget.js failed to load (blocked, offline or not found)" }]]);
  await settle();
});

// widget.js arrives and the loader's start completes (error: with that error).
async function kustomerStarts(error) {
  const sdk = { listeners: [], start: (options, callback) => (sdk.callback = callback),
    stop() {}, addListener: (name) => sdk.listeners.push(name), removeListener() {} };
  window.Kustomer = sdk;
  fire("kustomerLoaded");
  await settle();
  sdk.callback({}, error);
  await settle();
  return sdk;
}

test("ready resolves once start has completed, without Python; the bridge listens", async () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  const sdk = await kustomerStarts();
  assert.equal(await window.kustomerBridge.ready, true);
  assert.deepEqual(sdk.listeners, ["onConversationCreate", "onOpen"]);
  assert.equal(window.kustomerBridge.runtime, undefined);
  assert.deepEqual(page.console.filter(([level]) => level !== "log"), []); // nothing loaded
});

test("a start that calls back with an error rejects ready, said once", async () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  await kustomerStarts({ message: "brand not found" });
  await assert.rejects(window.kustomerBridge.ready, { name: "KustomerUnavailable",
    message: "Kustomer.start() called back with an error: brand not found" });
  assert.deepEqual(page.console, [["error",
    "[kustomer-bridge] Kustomer.start() called back with an error: brand not found"]]);
});

test("Kustomer's state, as the loader sees it, until the core reports its own", async () => {
  tagPage({ "data-kustomer-api-key": "k" });
  main();
  assert.equal(window.__kustomerBridge__.state, "waiting");
  const sdk = await kustomerStarts();
  assert.equal(window.__kustomerBridge__.state, "ready");
  sdk.stop();
  assert.equal(window.__kustomerBridge__.state, "stopped");
});
