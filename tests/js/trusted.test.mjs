// The one Trusted Types policy (web/loader/trusted.mjs): what it lets through, and what the
// bridge does where the page's policy list does not allow its name.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { fakePage, page } from "./fake-page.mjs";
import { createLog } from "../../web/loader/config.mjs";
import { createTrusted, POLICY_NAME, PYTHON_HEADER } from "../../web/loader/trusted.mjs";

const FOLDER = "https://shop.test/bridge/";
const WIDGET = "https://cdn.kustomerapp.com/chat-web/widget.js";

// window.trustedTypes as a browser enforcing them has it; refuses: the CSP does not list it.
function enforce({ refuses = false } = {}) {
  const made = [];
  window.trustedTypes = {
    createPolicy(name, rules) {
      if (refuses) throw new TypeError(`Policy "${name}" disallowed`);
      made.push(name);
      return { createScriptURL: rules.createScriptURL, createScript: rules.createScript };
    },
  };
  return made;
}

beforeEach(() => fakePage());

test("the policy passes the bridge's own URLs and scripts and refuses the rest", () => {
  const made = enforce();
  const trusted = createTrusted(FOLDER, WIDGET, createLog(false));
  assert.deepEqual(made, [POLICY_NAME]);
  assert.equal(trusted.scriptURL(FOLDER + "runtime/micropython.mjs"), FOLDER + "runtime/micropython.mjs");
  assert.equal(trusted.scriptURL(WIDGET + "?v=1"), WIDGET + "?v=1");
  assert.throws(() => trusted.scriptURL("https://evil.test/x.js"), /refuses https:\/\/evil/);
  assert.throws(() => trusted.scriptURL("https://shop.test/other/x.js"), TypeError);
  assert.equal(trusted.script(PYTHON_HEADER + "\nprint(1)"), PYTHON_HEADER + "\nprint(1)");
  assert.throws(() => trusted.script("alert(1)"), /refuses a script/);
});

test("a blob: URL the bridge made is its own; another is not", () => {
  enforce();
  const trusted = createTrusted(FOLDER, WIDGET, createLog(false));
  const url = trusted.blobURL("self.postMessage('up')");
  assert.equal(trusted.scriptURL(url), url);
  assert.throws(() => trusted.scriptURL("blob:https://shop.test/0000"), TypeError);
  URL.revokeObjectURL(url);
});

test("a CSP that does not allow the name is said once, with what to add", () => {
  enforce({ refuses: true });
  const log = createLog(false);
  const trusted = createTrusted(FOLDER, WIDGET, log);
  createTrusted(FOLDER, WIDGET, log);
  assert.equal(page.console.length, 1);
  assert.match(page.console[0][1], /add "trusted-types kustomer-bridge"/);
  assert.equal(trusted.scriptURL("https://any.test/x.js"), "https://any.test/x.js"); // plain
});

test("a site's own policy is used instead of creating one", () => {
  const made = enforce();
  window.kustomerBridgeTrustedTypes = { createScriptURL: (url) => "site:" + url,
    createScript: (text) => "site:" + text };
  const trusted = createTrusted(FOLDER, WIDGET, createLog(false));
  assert.deepEqual(made, []);
  assert.equal(trusted.scriptURL(WIDGET), "site:" + WIDGET);
});

test("without Trusted Types the sinks get plain strings", () => {
  const trusted = createTrusted(FOLDER, WIDGET, createLog(false));
  assert.equal(trusted.script("anything"), "anything");
});
