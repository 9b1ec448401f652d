/*
 * Kustomer's SDK as the loader sees it.
 *
 * Who starts it. The bridge ("own"), when the page has Kustomer's tag marked
 * data-kustomer-bridge-widget (the macro writes it after the bridge's, both deferred), or
 * when the bridge's tag has data-kustomer-api-key and the page no Kustomer of its own: it
 * injects widget.js unless that tag is there, and starts it. The page ("attach"), when it
 * has a window.Kustomer or a widget.js tag of its own: the bridge never starts it. Nothing is
 * decided while the parser may still reach the page's widget.js tag (a tag that is not
 * deferred runs before it): the choice waits for DOMContentLoaded then; and with no key and
 * no Kustomer, "no Kustomer on this page" waits for the load event (a tag manager may still
 * add one), or is said at once when the tag runs after it.
 *
 * Hearing of every start. start and stop are wrapped the moment Kustomer announces itself
 * (kustomerLoaded), before the page's own listeners can call start, so the bridge's callback
 * runs before the page's. Listeners at the window run in the order they were added (Chromium
 * puts no capturing listener first), so until Kustomer has loaded, or the page has, the bridge
 * also hears kustomerLoaded as it is dispatched. A start that completed before the bridge
 * could wrap it (the tag ran after the page's snippet) is found by probing.
 */
const PROBE_INTERVAL_MS = 250;
const WRAPPED = Symbol("kustomer-bridge");
const NO_KUSTOMER = "no data-kustomer-api-key and no Kustomer widget.js on the page";

function createKustomer({ config, widget, log, trusted, nonce }) {
  const state = { mode: null, script: "none", start: "none", startError: null, gaveUp: false };
  const watchers = { start: [], stop: [], unavailable: [] };
  const K = () => window.Kustomer;
  const isKustomer = () => typeof K()?.start === "function";
  const pageWidgetTag = () => [...document.scripts].some((tag) =>
    !tag.hasAttribute("data-kustomer-bridge-widget") && (tag.src.startsWith(MANIFEST.widget) ||
      (!!config.widgetSrc && tag.src === widget)));

  const giveUp = (reason) => {
    if (state.gaveUp || state.start === "done") return;
    state.gaveUp = true;
    notify(log, watchers.unavailable, "Kustomer is unavailable: " + reason);
  };
  const wrap = (name, around) => {
    const sdk = K();
    if (!sdk || typeof sdk[name] !== "function" || sdk[name][WRAPPED]) return;
    const original = sdk[name];
    sdk[name] = around((args) => original.apply(sdk, args));
    sdk[name][WRAPPED] = true;
  };
  const started = (response, error) => {
    state.start = error ? "failed" : "done";
    state.startError = error || null;
    // Kustomer.stop() drops every listener: whoever calls it, the bridge must know, once it ran.
    wrap("stop", (stop) => function () {
      try {
        return stop(arguments);
      } finally {
        state.start = "none";
        notify(log, watchers.stop);
      }
    });
    notify(log, watchers.start, response, error);
  };
  const wrapStart = () => wrap("start", (call) => (options, callback) => {
    state.start = "pending";
    return call([options, (response, error) => {
      started(response, error);
      if (typeof callback === "function") callback(response, error);
    }]);
  });
  // Nobody calls back for a start that completed before the bridge wrapped it; Kustomer
  // answers isChatAvailable() only once a start has completed (no method works before).
  const probe = () => {
    if (state.start !== "none" || state.gaveUp) return;
    try {
      if (K().isChatAvailable() !== undefined) return started(null);
    } catch (error) {
      // not arrived yet: only start exists until then
    }
    setTimeout(probe, PROBE_INTERVAL_MS);
  };

  const attach = () => {
    if (state.mode === "attach") return;
    state.mode = "attach";
    state.script = "page";
    log("debug", "attaching to the page's own Kustomer");
    if (isKustomer()) wrapStart(); // else its widget.js has not run yet: kustomerLoaded wraps
    if (state.start === "done") started(null); // heard before consent or data-load allowed
    else probe();
  };
  const begin = () => {
    wrapStart();
    if (state.start !== "none") return;
    try {
      K().start({ ...config.startOptions });
    } catch (error) {
      giveUp("Kustomer.start() threw " + error);
    }
  };
  const onLoaded = () => {
    decide();
    state.mode === "own" ? begin() : wrapStart();
  };
  const own = (written) => {
    state.mode = "own";
    if (isKustomer()) { // widget.js ran before this tag (not deferred, or placed first)
      state.script = "loaded";
      return begin();
    }
    const tag = written || document.createElement("script");
    const failed = () => {
      state.script = "error";
      giveUp("widget.js failed to load (blocked, offline or not found)");
    };
    state.script = "loading";
    tag.addEventListener("load", () => {
      state.script = "loaded";
      isKustomer() ? begin() : giveUp("widget.js loaded but never defined window.Kustomer");
    });
    tag.addEventListener("error", failed);
    if (written) {
      // A deferred widget.js has run by DOMContentLoaded, or failed: Firefox reports a
      // blocked one at once, before this script could listen.
      if (written.defer && !written.async) addEventListener("DOMContentLoaded", () => K() || failed());
      return log("debug", "widget.js tag written for the bridge");
    }
    try {
      tag.src = trusted.scriptURL(widget);
    } catch (error) {
      return giveUp("widget.js could not be added (" + error.message + ")");
    }
    tag.setAttribute("data-kustomer-api-key", config.kustomerApiKey);
    tag.nonce = nonce;
    (document.head || document.documentElement).appendChild(tag);
  };
  const decide = () => {
    if (state.mode !== "waiting") return;
    const written = document.querySelector("script[data-kustomer-bridge-widget]");
    if (written) return own(written);
    if (isKustomer() || pageWidgetTag()) return attach();
    if (document.readyState === "loading") {
      return addEventListener("DOMContentLoaded", decide, { once: true });
    }
    if (config.kustomerApiKey) return own(null);
    if (document.readyState !== "complete") return addEventListener("load", decide, { once: true });
    giveUp(NO_KUSTOMER);
  };

  // Until then, window.dispatchEvent (inherited: the bridge adds an own property, and deletes
  // it again) runs onLoaded before any kustomerLoaded listener.
  const hearDispatch = () => {
    if (isKustomer() || Object.prototype.hasOwnProperty.call(window, "dispatchEvent")) return;
    const dispatch = function (event) {
      if (event?.type === "kustomerLoaded") onLoaded();
      return EventTarget.prototype.dispatchEvent.call(this ?? window, event);
    };
    const stop = () => window.dispatchEvent === dispatch && delete window.dispatchEvent;
    window.dispatchEvent = dispatch;
    addEventListener("kustomerLoaded", stop, { once: true });
    addEventListener("load", stop, { once: true });
  };

  addEventListener("kustomerLoaded", onLoaded);
  hearDispatch();
  return {
    state,
    watchers,
    giveUp,
    // Consent and data-load allow it now: find Kustomer, or load it.
    load() {
      if (K() && !isKustomer()) log("warn", "window.Kustomer is not Kustomer's SDK");
      state.mode = "waiting";
      decide();
    },
    // What the ready timer says, from what is known of Kustomer now (null: nothing to say).
    lateReason(wait) {
      if (state.gaveUp || state.start === "done" || state.start === "failed") return null;
      if (state.mode === "waiting") return NO_KUSTOMER;
      if (state.script === "loading") {
        return `widget.js had not loaded within ${wait} (slow network or a blocked request)`;
      }
      return state.start === "none" ? `Kustomer.start() was not called within ${wait}`
        : `Kustomer.start() did not call back within ${wait}`;
    },
  };
}
