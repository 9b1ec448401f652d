// The tag's config (web/loader/config.mjs): its data- attributes, the defaults and choices
// Python defines (server/defaults.py), and the console's lines.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { FakeElement, fakePage, page } from "./fake-page.mjs";
import { createLog, debugOn, ownTag, readConfig } from "../../web/loader/config.mjs";
import { TAG_DEFAULTS, TIMEOUT_LIMIT_MS } from "../../web/port/generated.mjs";

const tag = (attributes) => new FakeElement("script", attributes);

beforeEach(() => fakePage());

test("a tag without settings gets Python's defaults", () => {
  const config = readConfig(tag({ "data-kustomer-api-key": "k" }));
  assert.equal(config.kustomerApiKey, "k");
  for (const name of ["runtime", "runner", "consent", "load"]) {
    assert.equal(config[name], TAG_DEFAULTS[name]);
  }
  assert.equal(config.readyTimeoutMs, TAG_DEFAULTS.readyTimeoutMs);
  assert.deepEqual(config.startOptions, {});
  assert.equal(config.debug, false);
});

test("data-brand-id goes into Kustomer's start options", () => {
  const config = readConfig(tag({ "data-brand-id": "b1", "data-start-options": '{"x": 1}' }));
  assert.deepEqual(config.startOptions, { x: 1, brandId: "b1" });
});

for (const [attributes, problem] of [
  [{ "data-runtime": "cpython" }, 'data-runtime="cpython" is not one of mpy, py'],
  [{ "data-load": "later" }, 'data-load="later" is not one of immediate, idle, interaction'],
  [{ "data-start-options": "{x" }, /^data-start-options is not valid JSON \(/],
  [{ "data-start-options": "[1]" }, "data-start-options must be a JSON object"],
  [{ "data-start-options": "null" }, "data-start-options must be a JSON object"],
  [{ "data-ready-timeout-ms": "soon" }, "data-ready-timeout-ms must be a positive number"],
  [{ "data-call-timeout-ms": "-1" }, "data-call-timeout-ms must be a positive number"],
  [{ "data-call-timeout-ms": String(TIMEOUT_LIMIT_MS) },
    "data-call-timeout-ms must be a positive number"],
]) {
  test(`a bad setting is named: ${JSON.stringify(attributes)}`, () => {
    assert.throws(() => readConfig(tag(attributes)),
      (thrown) => (problem instanceof RegExp ? problem.test(thrown) : thrown === problem));
  });
}

test("data-debug is on when present and empty, or true", () => {
  assert.equal(debugOn(tag({ "data-debug": "" })), true);
  assert.equal(debugOn(tag({ "data-debug": "true" })), true);
  assert.equal(debugOn(tag({ "data-debug": "false" })), false);
  assert.equal(debugOn(tag({})), false);
  assert.equal(debugOn(null), false);
});

test("console lines carry the prefix; debug ones only with debug on; once means once", () => {
  const quiet = createLog(false);
  quiet("debug", "hidden");
  quiet("warn", "shown");
  quiet.once("error", "a mistake");
  quiet.once("error", "a mistake");
  assert.deepEqual(page.console, [["warn", "[kustomer-bridge] shown"],
    ["error", "[kustomer-bridge] a mistake"]]);
  createLog(true)("debug", "now shown");
  assert.deepEqual(page.console.at(-1), ["log", "[kustomer-bridge] now shown"]);
});

// A tag manager that strips data- attributes: the settings come from a global object.
test("a tag without data- settings reads window.kustomerBridgeSettings, checked alike", () => {
  window.kustomerBridgeSettings = { kustomerApiKey: "k", brandId: "b", debug: true,
    readyTimeoutMs: 20000, startOptions: { hideChatIcon: true } };
  const config = readConfig(tag({ "data-cfasync": "false" })); // Rocket Loader's, not ours
  assert.equal(config.kustomerApiKey, "k");
  assert.equal(config.readyTimeoutMs, 20000);
  assert.deepEqual(config.startOptions, { hideChatIcon: true, brandId: "b" });
  assert.equal(config.debug, true);
  window.kustomerBridgeSettings.runtime = "cpython";
  assert.throws(() => readConfig(tag({})),
    /^kustomerBridgeSettings\.runtime="cpython" is not one of mpy, py$/);
  window.kustomerBridgeSettings = { apiKey: "k" };
  assert.throws(() => readConfig(tag({})),
    /^kustomerBridgeSettings\.apiKey is not a setting \(the settings: kustomerApiKey, brandId/);
  window.kustomerBridgeSettings = "k";
  assert.throws(() => readConfig(tag({})), /^window\.kustomerBridgeSettings must be an object$/);
});

test("a tag with data- settings of its own ignores window.kustomerBridgeSettings", () => {
  window.kustomerBridgeSettings = { kustomerApiKey: "other", runtime: "py" };
  const config = readConfig(tag({ "data-kustomer-api-key": "k" }));
  assert.equal(config.kustomerApiKey, "k");
  assert.equal(config.runtime, TAG_DEFAULTS.runtime);
});

// Cloudflare Rocket Loader runs the tag itself: document.currentScript is null.
test("without document.currentScript, the tag is found by its URL, or says what to add", () => {
  const own = tag({ src: "https://cdn.test/kb/kustomer-bridge.js?v=1",
    "data-kustomer-api-key": "k" });
  fakePage({ scripts: [tag({ src: "https://cdn.test/other.js" }), own] });
  document.currentScript = null;
  assert.equal(ownTag(), own);
  fakePage({ scripts: [tag({ src: "https://cdn.test/kb/bridge.js" })] });
  document.currentScript = null;
  assert.equal(ownTag(), null);
  assert.throws(() => readConfig(ownTag()), /add data-cfasync="false" to the tag, before src$/);
});
