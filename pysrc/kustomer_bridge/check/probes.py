"""What the check runs in the page (JavaScript, as Playwright evaluates it)."""

# The bridge's tag (its script element, by the loader's file name), or undefined.
BRIDGE_TAG = "[...document.scripts].find((s) => /\\/kustomer-bridge\\.js(\\?|$)/.test(s.src))"

# Before the page's own scripts: CSP violations, the bridge events the check reports, which
# scripts have run or failed (a load or error event), and whether the page came back from the
# back/forward cache.
WATCH = """
window.__check__ = {violations: [], rejected: [], restored: undefined};
const scriptsSettled = new WeakSet();
for (const type of ["load", "error"]) {
  document.addEventListener(type, (event) => {
    if (event.target instanceof HTMLScriptElement) scriptsSettled.add(event.target);
  }, true);
}
__check__.scriptSettled = (script) => scriptsSettled.has(script);
document.addEventListener("securitypolicyviolation", (event) =>
  __check__.violations.push(event.violatedDirective + " " + (event.blockedURI || "inline")));
addEventListener("pageshow", (event) => { __check__.restored = event.persisted; });
"""
# Whether Kustomer's start has called back, or nothing will start it: the stub has arrived
# and nobody has called start (true without the stub: the check cannot tell).
STARTED = """() => {
  const stub = window.KustomerStub;
  return !stub || stub.startedAt !== undefined ||
    (stub.arrived && !stub.calls.some((call) => call.method === "start"));
}"""
# The bridge as the page has it, once ready has settled (or null: no bridge), whether
# Kustomer's SDK is there and the URL of its widget.js tag. A bridge's tag that a script has
# just added is waited for until it has run or failed, at most settleMs.
READ_BRIDGE = """async ([waitMs, settleMs]) => {
  const tag = BRIDGE_TAG;
  if (tag && !window.kustomerBridge && !__check__.scriptSettled(tag)) {
    await new Promise((done) => {
      for (const type of ["load", "error"]) tag.addEventListener(type, done, {once: true});
      setTimeout(done, settleMs);
    });
  }
  const face = window.kustomerBridge, internal = window.__kustomerBridge__;
  const kustomer = typeof window.Kustomer?.start === "function";
  const widgetSrc = internal?.config?.widgetSrc; // resolved as the loader does: from its folder
  const own = tag && widgetSrc && new URL(widgetSrc, tag.src).href;
  const widget = [...document.scripts].map((s) => s.src).find((src) =>
    src === own || /\\/widget\\.js(\\?|$)/.test(src)) || null;
  if (!face || !face.ready) return {bridge: null, kustomer, widget, ready: null};
  const timer = new Promise((done) => setTimeout(() => done("pending"), waitMs));
  const ready = await Promise.race([timer, face.ready.then(() => "ready",
    (error) => ({name: error.name, message: error.message}))]);
  const config = internal?.config || {}, sdk = internal?.sdk || {};
  if (ready === "ready") {
    face.on("attributeRejected", (event) => __check__.rejected.push(event));
  }
  return {kustomer, widget, ready, bridge: {version: face.version, mode: sdk.mode || null,
    probed: !!sdk.probed, runtime: config.runtime || null, runner: config.runner || null,
    python: config.python || null}};
}""".replace("BRIDGE_TAG", BRIDGE_TAG)
# With the stub: the bridge's folder, which of its own files (the loader, the boot module, the
# runtime) the page fetched from it before start called back, and when that was (ms from the
# page's time origin); null without the bridge's tag.
READ_COST = """() => {
  const tag = BRIDGE_TAG;
  const readyMs = window.KustomerStub?.startedAt;
  if (!tag || readyMs === undefined) return null;
  const folder = new URL(".", tag.src).href;
  const bridges = (name) => /^(kustomer-bridge[.-]|runtime\\/)/.test(name.slice(folder.length));
  const urls = performance.getEntriesByType("resource")
    .filter((entry) => entry.name.startsWith(folder) && bridges(entry.name) &&
      entry.startTime < readyMs)
    .map((entry) => entry.name);
  return {folder, urls, readyMs};
}""".replace("BRIDGE_TAG", BRIDGE_TAG)
# Chromium's reasons a page was not restored from the back/forward cache, flattened.
NOT_RESTORED = """() => {
  const reasons = [];
  const walk = (node) => {
    if (!node) return;
    for (const item of node.reasons || []) reasons.push(item.reason);
    for (const child of node.children || []) walk(child);
  };
  walk(performance.getEntriesByType("navigation")[0]?.notRestoredReasons);
  return reasons;
}"""
# The files Python needs from the bridge's folder (the manifest's, for this runtime and runner:
# PyScript's only on the main thread), each asked for as the page asks (CORS, from its origin):
# the status and Content-Type, or why it could not be read.
READ_FILES = """async ([runtime, runner]) => {
  const tag = BRIDGE_TAG;
  if (!tag) return [];
  const folder = new URL(".", tag.src).href;
  const ask = async (file) => {
    try {
      const response = await fetch(folder + file, {method: "HEAD", cache: "no-store"});
      return {file, status: response.status, type: response.headers.get("content-type")};
    } catch (error) {
      return {file, error: String(error.message || error)};
    }
  };
  const manifest = await ask("kustomer-bridge.manifest.json");
  if (manifest.error || manifest.status !== 200) return [manifest];
  const files = (await (await fetch(folder + "kustomer-bridge.manifest.json")).json()).files;
  const needed = (files[runtime] || []).filter((file) =>
    runner === "main" || !file.startsWith("runtime/pyscript-"));
  return [manifest, ...await Promise.all(needed.map(ask))];
}""".replace("BRIDGE_TAG", BRIDGE_TAG)
