// The tag's config (web/loader/config.mjs): its data- attributes, the defaults and choices
// Python defines (server/defaults.py), and the console's lines.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { FakeElement, fakePage, page } from "./fake-page.mjs";
import { createLog, debugOn, readConfig } from "../../web/loader/config.mjs";
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
