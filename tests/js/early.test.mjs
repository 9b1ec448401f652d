// Conversations created before Python took over (web/loader/early.mjs): held with their
// page snapshot, kept at rest for the next page of the tab, never lost silently.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { fakePage, settle } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { createEarly, EARLY_LIMIT, restingRule, snapshot } from "../../web/loader/early.mjs";
import { EARLY_KEY } from "../../web/loader/tab.mjs";
import { PORT } from "../../web/port/generated.mjs";

const atRest = restingRule({});

function early() {
  const failed = [];
  const listeners = [];
  const created = [];
  window.Kustomer = { addListener: (name, listener) => listeners.push([name, listener]) };
  const buffer = createEarly({ log: createLog(false), atRest, landing: () => "https://shop.test/?utm_source=mail",
    reportFailed: (payload, reason) => failed.push([payload?.conversationId, reason]),
    created: () => created.push(true) });
  buffer.listen();
  const create = (id) => listeners.forEach(([, listener]) => listener({ conversationId: id }));
  return { buffer, failed, listeners, create, created };
}

const stored = () => JSON.parse(sessionStorage.getItem(EARLY_KEY));

beforeEach(() => fakePage({ href: "https://shop.test/cart?token=abc&utm_source=mail#top" }));

test("a URL at rest has no fragment and no secret value", () => {
  assert.equal(atRest("https://shop.test/cart?token=abc&utm_source=mail#top"),
    "https://shop.test/cart?token=REDACTED&utm_source=mail");
  assert.equal(atRest(""), "");
  assert.equal(restingRule({ queryAllow: "utm_*" })("https://x.test/?utm_source=m"),
    "https://x.test/?utm_source=REDACTED"); // the tag's own rule: all hidden until Python ran
});

test("one listener per start; a conversation is held with its snapshot until taken", () => {
  const { buffer, listeners, create, created } = early();
  buffer.listen();
  assert.equal(listeners.length, 1);
  create("c1");
  assert.equal(created.length, 1); // a sign that Python is wanted
  const forwarded = [];
  const held = buffer.take((payload, shot) => forwarded.push(payload.conversationId));
  assert.equal(held.length, 1);
  const [payload, shot] = held[0];
  assert.equal(payload.conversationId, "c1");
  assert.equal(shot.href, "https://shop.test/cart?token=abc&utm_source=mail#top"); // in memory
  assert.equal(shot.landingUrl, "https://shop.test/?utm_source=mail");
  create("c2");
  assert.deepEqual(forwarded, ["c2"]);
});

test("each conversation rests in the tab's storage, at rest, until a core has taken it", async () => {
  const { buffer, create } = early();
  create("c1");
  create("c2");
  await settle();
  const [[payload, shot]] = stored();
  assert.equal(payload.conversationId, "c1");
  assert.equal(shot.href, "https://shop.test/cart?token=REDACTED&utm_source=mail");
  buffer.settled("c1");
  await settle();
  assert.deepEqual(stored().map(([p]) => p.conversationId), ["c2"]);
});

test("the next page of the tab holds what this one left", async () => {
  early().create("left behind");
  await settle();
  const { buffer } = early(); // the same storage: the next page
  assert.deepEqual(buffer.take(() => {}).map(([p]) => p.conversationId), ["left behind"]);
});

test("more than the limit: the oldest is reported describeFailed, said once", () => {
  const { create, failed } = early();
  for (let i = 0; i <= EARLY_LIMIT + 1; i++) create("c" + i);
  assert.deepEqual(failed.map(([id]) => id), ["c0", "c1"]);
  assert.match(failed[0][1], /more than 100 conversations were created before Python/);
});

test("when Python cannot run, every held and later conversation is reported, none stored", async () => {
  const { buffer, create, failed } = early();
  create("held");
  buffer.fail("no WebAssembly");
  create("later");
  await settle();
  assert.deepEqual(failed, [["held", "no WebAssembly"], ["later", "no WebAssembly"]]);
  assert.deepEqual(stored(), []);
});

test("without storage (a sandboxed frame) conversations are still held in memory", () => {
  sessionStorage.broken = true;
  const { buffer, create } = early();
  create("c1");
  assert.equal(buffer.take(() => {}).length, 1);
});

test("the snapshot has exactly the port's snapshot fields", () => {
  assert.deepEqual(Object.keys(snapshot("https://shop.test/")).sort(),
    [...PORT.payloads.snapshot].sort());
});
