/*
 * Trusted Types. Every URL or script the bridge hands to a DOM sink (widget.js's src, the
 * worker, the main-thread runner's script) goes through ONE policy, "kustomer-bridge",
 * created once, here. It accepts only the bridge's own: URLs in the bridge's folder,
 * Kustomer's widget.js (or data-widget-src), blob: URLs it made itself, and its Python
 * runner script. A site may hand the bridge a policy of its own instead, as
 * window.kustomerBridgeTrustedTypes before the tag. Where the page's Content-Security-Policy
 * does not allow the name, one console line says what to add, and the bridge hands the sinks
 * plain strings: only the page's default policy (if it has one) can let them through.
 */
export const POLICY_NAME = "kustomer-bridge";
// The first line of every Python runner script (the boot module starts each with it).
export const PYTHON_HEADER = "# kustomer-bridge Python runner";

export function createTrusted(folder, widget, log) {
  const blobs = new Set();
  const refuse = (what) => {
    throw new TypeError(`the ${POLICY_NAME} Trusted Types policy refuses ${what}: ` +
      "it is not one of the bridge's own");
  };
  const rules = {
    createScriptURL: (url) => (blobs.has(url) || url.startsWith(folder) ||
      url.split("?")[0] === widget ? url : refuse(url)),
    createScript: (text) => (text.startsWith(PYTHON_HEADER) ? text : refuse("a script")),
  };
  const policy = window.kustomerBridgeTrustedTypes || createPolicy(rules, log);
  return {
    scriptURL: (url) => (policy ? policy.createScriptURL(url) : url),
    script: (text) => (policy ? policy.createScript(text) : text),
    // A worker's source as a blob: URL of the bridge's own (revoke it once the worker ran).
    blobURL(source) {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      blobs.add(url);
      return url;
    },
  };
}

function createPolicy(rules, log) {
  if (!window.trustedTypes?.createPolicy) return null;
  try {
    return window.trustedTypes.createPolicy(POLICY_NAME, rules);
  } catch (error) {
    log.once("error", `this page's Content-Security-Policy does not allow the Trusted Types ` +
      `policy ${POLICY_NAME}: add "trusted-types ${POLICY_NAME}" to it (or set ` +
      "window.kustomerBridgeTrustedTypes to a policy of your own); until then only its " +
      "default policy can let the bridge's scripts through");
    return null;
  }
}
