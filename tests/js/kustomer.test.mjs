// Every placement decision of the loader (web/loader/kustomer.mjs): who starts Kustomer,
// when it is decided, and what is said when Kustomer cannot come. The README's table
// "Where to put the tag" shows each in a real browser (tests/e2e/test_placements.py).
import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";

import { FakeElement, fakePage, fire, mutated, page } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { KustomerSdk } from "../../web/loader/kustomer.mjs";
import { WIDGET_URL } from "../../web/port/generated.mjs";

// Kustomer's SDK as widget.js defines it: start calls back once; stop drops listeners.
function fakeKustomer({ answersAvailability = false } = {}) {
  const sdk = {
    starts: [],
    start(options, callback) {
      sdk.starts.push(options);
      sdk.startCallback = callback;
    },
    stop() {},
    addListener() {},
    isChatAvailable: () => (answersAvailability ? true : undefined),
  };
  return sdk;
}

function loader({ key = "site-key", widgetSrc, readyTimeoutMs = 15000 } = {}) {
  const config = { kustomerApiKey: key, startOptions: { brandId: "b" }, widgetSrc, readyTimeoutMs };
  const kustomer = new KustomerSdk({ config, widget: WIDGET_URL, log: createLog(true),
    trusted: { scriptURL: (url) => url }, nonce: "n" });
  const heard = { start: [], stop: 0, unavailable: [] };
  kustomer.watchers.start.push((response, error) => heard.start.push(error ?? null));
  kustomer.watchers.stop.push(() => heard.stop++);
  kustomer.watchers.unavailable.push((reason) => heard.unavailable.push(reason));
  return { kustomer, heard };
}

// widget.js arrives: it defines window.Kustomer and announces it.
function widgetArrives(sdk = fakeKustomer()) {
  window.Kustomer = sdk;
  fire("kustomerLoaded");
  return sdk;
}

const injected = () => page.appended.filter((node) => node.tagName === "SCRIPT");

beforeEach(() => {
  fakePage();
  mock.timers.enable({ apis: ["setTimeout"] });
});
afterEach(() => mock.timers.reset());

test("with a key and no Kustomer, the bridge injects widget.js and starts it once", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  const [tag] = injected();
  assert.equal(tag.src, WIDGET_URL);
  assert.equal(tag.getAttribute("data-kustomer-api-key"), "site-key");
  assert.equal(tag.nonce, "n");
  const sdk = fakeKustomer();
  window.Kustomer = sdk;
  tag.dispatchEvent(new Event("load"));
  fire("kustomerLoaded");
  assert.deepEqual(sdk.starts, [{ brandId: "b" }]);
  sdk.startCallback({}, undefined);
  assert.deepEqual(heard.start, [null]);
  assert.equal(kustomer.state.start, "done");
  assert.equal(kustomer.state.probed, false, "the bridge heard this start");
});

test("a widget.js tag written for the bridge is used, not injected again", () => {
  const written = new FakeElement("script", { "data-kustomer-bridge-widget": "", defer: "" });
  fakePage({ scripts: [written] });
  const { kustomer } = loader();
  kustomer.load();
  assert.equal(injected().length, 0);
  assert.equal(kustomer.state.mode, "own");
  const sdk = widgetArrives();
  assert.equal(sdk.starts.length, 1);
});

test("a page with its own Kustomer is attached to and never started by the bridge", () => {
  const sdk = fakeKustomer();
  fakePage();
  window.Kustomer = sdk;
  const { kustomer, heard } = loader();
  kustomer.load();
  assert.equal(kustomer.state.mode, "attach");
  assert.equal(injected().length, 0);
  window.Kustomer.start({ brandId: "page" }, () => {}); // the page's own start, wrapped
  sdk.startCallback({}, undefined);
  assert.deepEqual(sdk.starts, [{ brandId: "page" }]);
  assert.deepEqual(heard.start, [null]);
});

test("a page's own widget.js tag, not yet run, is attached to even with a key", () => {
  fakePage({ scripts: [new FakeElement("script", { src: WIDGET_URL + "?v=2" })] });
  const { kustomer } = loader();
  kustomer.load();
  assert.equal(kustomer.state.mode, "attach");
  const sdk = widgetArrives();
  assert.deepEqual(sdk.starts, []);
});

test("while the document is parsed, nothing is decided until DOMContentLoaded", () => {
  const scripts = [];
  fakePage({ readyState: "loading", scripts });
  const { kustomer } = loader();
  kustomer.load();
  assert.equal(kustomer.state.mode, "waiting");
  scripts.push(new FakeElement("script", { src: WIDGET_URL })); // the parser reached it
  fire("DOMContentLoaded");
  assert.equal(kustomer.state.mode, "attach");
  assert.equal(injected().length, 0);
});

test("no key and no Kustomer is said at the load event, once", () => {
  fakePage({ readyState: "interactive" });
  const { kustomer, heard } = loader({ key: "" });
  kustomer.load();
  assert.deepEqual(heard.unavailable, []);
  document.readyState = "complete";
  fire("load");
  fire("load");
  assert.deepEqual(heard.unavailable, ["Kustomer is unavailable: no data-kustomer-api-key " +
    "and no Kustomer widget.js on the page"]);
});

test("no key and no Kustomer after the load event is said at once", () => {
  const { kustomer, heard } = loader({ key: "" });
  kustomer.load();
  assert.equal(heard.unavailable.length, 1);
});

test("widget.js that fails to load makes Kustomer unavailable, with why", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  injected()[0].dispatchEvent(new Event("error"));
  assert.deepEqual(heard.unavailable,
    ["Kustomer is unavailable: widget.js failed to load (blocked, offline or not found)"]);
});

test("widget.js that loads without defining Kustomer is said", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  injected()[0].dispatchEvent(new Event("load"));
  assert.match(heard.unavailable[0], /widget\.js loaded but never defined window\.Kustomer/);
});

test("a start that completed before the tag is found by probing, once its UI is there", () => {
  const sdk = fakeKustomer({ answersAvailability: true });
  fakePage();
  window.Kustomer = sdk;
  document.documentElement.appendChild(new FakeElement("iframe", { id: "kustomer-ui-sdk-iframe" }));
  const { kustomer, heard } = loader({ key: "" });
  kustomer.load();
  assert.deepEqual(heard.start, [null]);
  assert.equal(kustomer.state.start, "done");
});

test("what the ready timer says follows what Kustomer has not done", () => {
  const { kustomer } = loader();
  kustomer.load();
  assert.equal(kustomer.lateReason("15 s"),
    "widget.js had not loaded within 15 s (slow network or a blocked request)");
  const sdk = fakeKustomer();
  window.Kustomer = sdk;
  injected()[0].dispatchEvent(new Event("load"));
  assert.equal(kustomer.lateReason("15 s"), "Kustomer.start() did not call back within 15 s");
  sdk.startCallback({}, undefined);
  assert.equal(kustomer.lateReason("15 s"), null);
});

test("Kustomer.stop(), whoever calls it, is heard once it ran", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  const sdk = widgetArrives();
  sdk.startCallback({}, undefined);
  window.Kustomer.stop();
  assert.equal(heard.stop, 1);
  assert.equal(kustomer.state.start, "none");
});

test("a start that throws makes Kustomer unavailable with the error", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  const sdk = fakeKustomer();
  sdk.start = () => {
    throw new Error("boom");
  };
  widgetArrives(sdk);
  assert.deepEqual(heard.unavailable, ["Kustomer is unavailable: Kustomer.start() threw Error: boom"]);
});

// ---- a router swaps the body (web/loader/frame.mjs) -------------------------------------

// A body in the document holding the widget's frame, as Kustomer's start leaves it.
function bodyWithFrame() {
  const body = document.documentElement.appendChild(new FakeElement("body"));
  body.appendChild(new FakeElement("iframe", { id: "kustomer-ui-sdk-iframe" }));
  return body;
}

// Turbo's swap: the body replaced by one from its cache, holding a copy of the frame.
function swapBody(body) {
  body.remove();
  const copy = bodyWithFrame();
  mutated(document.documentElement);
  return copy;
}

test("a body swap that takes the frame restarts Kustomer as it started it, without copies", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  const sdk = widgetArrives();
  const body = bodyWithFrame();
  sdk.startCallback({}, undefined);
  const incoming = swapBody(body);
  assert.equal(heard.stop, 1);
  assert.deepEqual(sdk.starts, [{ brandId: "b" }, { brandId: "b" }]);
  assert.equal(incoming.children.length, 0, "the copy of the frame is removed before start");
  assert.equal(kustomer.state.start, "pending");
  incoming.appendChild(new FakeElement("iframe", { id: "kustomer-ui-sdk-iframe" }));
  sdk.startCallback({}, undefined);
  swapBody(incoming);
  assert.equal(sdk.starts.length, 3, "the new frame is watched too");
});

test("the page's own start is restarted with its options, and its callback runs again", () => {
  const sdk = widgetArrives();
  const { kustomer } = loader({ key: "" });
  kustomer.load();
  const calledBack = [];
  window.Kustomer.start({ brandId: "page" }, () => calledBack.push("page"));
  const body = bodyWithFrame();
  sdk.startCallback({}, undefined);
  swapBody(body);
  sdk.startCallback({}, undefined);
  assert.deepEqual(sdk.starts, [{ brandId: "page" }, { brandId: "page" }]);
  assert.deepEqual(calledBack, ["page", "page"]);
});

test("a frame not there at the callback is looked for again; one gone with stop() is left", () => {
  const { kustomer, heard } = loader();
  kustomer.load();
  const sdk = widgetArrives();
  sdk.startCallback({}, undefined);
  const body = bodyWithFrame();
  mock.timers.tick(250);
  const incoming = swapBody(body);
  assert.equal(sdk.starts.length, 2);
  incoming.appendChild(new FakeElement("iframe", { id: "kustomer-ui-sdk-iframe" }));
  sdk.startCallback({}, undefined);
  window.Kustomer.stop();
  incoming.remove();
  mutated(document.documentElement);
  assert.equal(heard.stop, 2);
  assert.equal(sdk.starts.length, 2);
});

test("a start the bridge did not see cannot be restarted: what to do is said once", () => {
  window.Kustomer = fakeKustomer({ answersAvailability: true });
  const body = bodyWithFrame();
  const { kustomer } = loader({ key: "" });
  kustomer.load();
  const copy = swapBody(body);
  swapBody(copy);
  assert.equal(window.Kustomer.starts.length, 0);
  const warnings = page.console.filter(([level]) => level === "warn");
  assert.equal(warnings.length, 1);
  assert.match(warnings[0][1], /Kustomer started before the bridge's tag saw how: put the tag first/);
});
