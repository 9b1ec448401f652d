// A runtime file that does not download fails the boot, named (web/boot/downloads.mjs); the
// runners' use of it runs in real browsers (tests/e2e/test_strict_pages.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import { guardFetch, runtimeDidNotStart } from "../../web/boot/downloads.mjs";

const FOLDER = "https://cdn.test/kustomer-bridge/runtime/pyodide/";

// A fetch answering each URL from answers: a status, or an Error to throw.
function fakeFetch(answers) {
  const seen = [];
  const fetchFile = async (resource, init) => {
    seen.push([String(resource.url || resource), init]);
    const answer = answers[String(resource.url || resource)];
    if (answer instanceof Error) throw answer;
    return { ok: answer < 400, status: answer };
  };
  return { fetchFile, seen };
}

test("a runtime file answered with an error status is named, and its response kept", async () => {
  const { fetchFile } = fakeFetch({ [FOLDER + "pyodide.asm.wasm?v=1"]: 404 });
  const failed = [];
  const response = await guardFetch(fetchFile, FOLDER, (detail) => failed.push(detail))(
    FOLDER + "pyodide.asm.wasm?v=1");
  assert.equal(response.status, 404);
  assert.deepEqual(failed, ["pyodide.asm.wasm did not download (HTTP 404)"]);
});

test("a runtime file that fails to fetch is named, and the failure rethrown", async () => {
  const lost = new TypeError("Failed to fetch");
  const { fetchFile } = fakeFetch({ [FOLDER + "python_stdlib.zip"]: lost });
  const failed = [];
  const guarded = guardFetch(fetchFile, FOLDER, (detail) => failed.push(detail));
  await assert.rejects(guarded({ url: FOLDER + "python_stdlib.zip" }), lost);
  assert.deepEqual(failed, ["python_stdlib.zip did not download (Failed to fetch)"]);
});

test("a file that downloads, and any request outside the runtime's folder, pass untouched",
  async () => {
    const { fetchFile, seen } = fakeFetch({
      [FOLDER + "pyodide.mjs"]: 200, "https://shop.test/api/cart": 500,
    });
    const failed = [];
    const guarded = guardFetch(fetchFile, FOLDER, (detail) => failed.push(detail));
    assert.equal((await guarded(FOLDER + "pyodide.mjs")).status, 200);
    const init = { method: "POST" };
    assert.equal((await guarded("https://shop.test/api/cart", init)).status, 500);
    assert.deepEqual(failed, []);
    assert.equal(seen[1][1], init);
  });

test("the failure says which runtime and what to serve", () => {
  assert.equal(runtimeDidNotStart("Pyodide", "pyodide.asm.wasm did not download (HTTP 404)"),
    "the Pyodide runtime did not start (pyodide.asm.wasm did not download (HTTP 404)); " +
    "serve the bridge's whole folder, runtime/ included");
});
