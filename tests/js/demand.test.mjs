// When Python loads (web/loader/demand.mjs): never before Kustomer's start has completed,
// then at the first sign that it has something to do; data-python="eager" at once.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { fakePage, page } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { createDemand, requestWantsPython, tabHasWork } from "../../web/loader/demand.mjs";
import { EARLY_KEY, KEPT_KEY } from "../../web/loader/tab.mjs";

// Kustomer's listeners, as addListener and removeListener keep them.
function fakeKustomer() {
  const listeners = [];
  window.Kustomer = {
    listeners,
    addListener: (name, fn) => listeners.push([name, fn]),
    removeListener: (name, fn) => listeners.splice(
      listeners.findIndex(([n, f]) => n === name && f === fn), 1),
  };
  return listeners;
}

function demand(python = "on-demand") {
  const loads = [];
  const made = createDemand({ config: { python }, log: createLog(true),
    load: () => loads.push(1) });
  return { demand: made, loads };
}

beforeEach(() => fakePage());

test("a visit with no sign loads no Python, however long start has been done", () => {
  fakeKustomer();
  const { demand: d, loads } = demand();
  d.allow();
  d.listen();
  assert.deepEqual(loads, []);
  assert.equal(d.loading, false);
});

test("a sign before start completed waits for it; then Python loads once", () => {
  const { demand: d, loads } = demand();
  d.want("the page asked the bridge (describe)");
  d.want("a conversation was created");
  assert.deepEqual(loads, []);
  d.allow();
  d.want("a conversation was created");
  assert.deepEqual(loads, [1]);
  assert.ok(page.console.some(([, text]) =>
    text.endsWith("Python loads: the page asked the bridge (describe)")));
});

test("the visitor opening chat loads Python, and the loader stops listening for it", () => {
  const listeners = fakeKustomer();
  const { demand: d, loads } = demand();
  d.allow();
  d.listen();
  assert.deepEqual(listeners.map(([name]) => name), ["onOpen"]);
  listeners[0][1]();
  assert.deepEqual(loads, [1]);
  assert.deepEqual(listeners, []);
  d.listen(); // a later start: Python is loading already
  assert.deepEqual(listeners, []);
});

test('data-python="eager" loads Python as soon as start has completed', () => {
  const listeners = fakeKustomer();
  window.Kustomer.removeListener = () => assert.fail("removed a listener it never added");
  const { demand: d, loads } = demand("eager");
  assert.deepEqual(loads, []);
  d.allow();
  assert.deepEqual(loads, [1]);
  assert.deepEqual(listeners, []);
});

test("after Kustomer.stop(), the next start listens for chat opening again, once", () => {
  const listeners = fakeKustomer();
  const { demand: d } = demand();
  d.allow();
  d.listen();
  d.listen(); // a second start without a stop: still one listener
  assert.equal(listeners.length, 1);
  listeners.length = 0; // stop() dropped it
  d.stopped();
  d.listen();
  assert.equal(listeners.length, 1);
});

test("work an earlier page of the tab left loads Python once start has completed", () => {
  for (const key of [KEPT_KEY, EARLY_KEY]) {
    fakePage();
    sessionStorage.setItem(key, JSON.stringify([{ key: "c1" }]));
    assert.equal(tabHasWork(), true);
    const { demand: d, loads } = demand();
    d.allow();
    assert.deepEqual(loads, [1], key);
  }
  fakePage();
  sessionStorage.setItem(KEPT_KEY, "[]");
  assert.equal(tabHasWork(), false);
  sessionStorage.broken = true; // Safari's private mode: nothing was left
  assert.equal(tabHasWork(), false);
});

test("every request wants Python but a subscription to an event only the core sends", () => {
  assert.equal(requestWantsPython("describe", { conversationId: "c", attributes: {} }), true);
  assert.equal(requestWantsPython("setAttributes", { attributes: {} }), true);
  assert.equal(requestWantsPython("call", { method: "open" }), true);
  assert.equal(requestWantsPython("on", { event: "onOpen" }), true);
  assert.equal(requestWantsPython("on", { event: "describeSent" }), false);
  assert.equal(requestWantsPython("on", { event: "onConversationCreate" }), false);
  assert.equal(requestWantsPython("off", { event: "onOpen" }), false);
});
