/*
 * Kustomer's SDK as the loader sees it.
 *
 * Who starts it. The bridge ("own"), when the page has Kustomer's tag marked
 * data-kustomer-bridge-widget (the macro writes it before the bridge's, both deferred), or
 * when the bridge's tag has data-kustomer-api-key and the page no Kustomer of its own: it
 * injects widget.js unless that tag is there, and starts it. The page ("attach"), when it
 * has a window.Kustomer or a widget.js tag of its own: the bridge never starts it (but to
 * restart it as the page started it, after a body swap took its frame). Nothing is
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
import { notify, seconds } from "./config.mjs";
import { removeFrameCopies, watchFrame, WIDGET_FRAME } from "./frame.mjs";
import { WIDGET_URL } from "../port/generated.mjs";

const PROBE_INTERVAL_MS = 250;
const FRAME_ATTEMPTS = 40; // looked for over 10 s after a start
const WRAPPED = Symbol("kustomer-bridge");
const NO_KUSTOMER = "no data-kustomer-api-key and no Kustomer widget.js on the page";

export class KustomerSdk {
  constructor({ config, widget, log, trusted, nonce }) {
    Object.assign(this, { config, widget, log, trusted, nonce });
    this.state = { mode: null, script: "none", start: "none", startError: null, gaveUp: false,
      completed: false, probed: false, laterStart: null, lastStart: null, unwatchFrame: () => {} };
    this.watchers = { start: [], stop: [], unavailable: [] };
    this.giveUp = this.giveUp.bind(this);
    this.lateReason = this.lateReason.bind(this);
    addEventListener("kustomerLoaded", () => this.onLoaded());
    this.hearDispatch();
  }

  get sdk() {
    return window.Kustomer;
  }

  isKustomer() {
    return typeof this.sdk?.start === "function";
  }

  pageWidgetTag() {
    return [...document.scripts].some((tag) => !tag.hasAttribute("data-kustomer-bridge-widget") &&
      (tag.src.startsWith(WIDGET_URL) ||
        (!!this.config.widgetSrc && tag.src === this.widget)));
  }

  giveUp(reason) {
    if (this.state.gaveUp || this.state.start === "done") return;
    this.state.gaveUp = true;
    notify(this.log, this.watchers.unavailable, "Kustomer is unavailable: " + reason);
  }

  wrap(name, around) {
    const sdk = this.sdk;
    if (!sdk || typeof sdk[name] !== "function" || sdk[name][WRAPPED]) return;
    const original = sdk[name];
    sdk[name] = around((args) => original.apply(sdk, args));
    sdk[name][WRAPPED] = true;
  }

  started(response, error) {
    const { state } = this;
    Object.assign(state, { start: error ? "failed" : "done", startError: error || null,
      completed: true });
    // Kustomer.stop() drops every listener: whoever calls it, the bridge must know, once it ran.
    this.wrap("stop", (stop) => (...args) => {
      try {
        return stop(args);
      } finally {
        state.start = "none";
        notify(this.log, this.watchers.stop);
      }
    });
    notify(this.log, this.watchers.start, response, error);
    if (!error) this.keepFrame();
  }

  // Chat stays when a router swaps the body (frame.mjs): from each completed start, the
  // widget's frame is watched (looked for again while it has not appeared).
  keepFrame(attempt = 0) {
    this.state.unwatchFrame();
    if (this.state.start !== "done") return;
    const unwatch = watchFrame(() => this.restart());
    if (unwatch) this.state.unwatchFrame = unwatch;
    else if (attempt < FRAME_ATTEMPTS) setTimeout(() => this.keepFrame(attempt + 1), PROBE_INTERVAL_MS);
  }

  // Kustomer's documented way to show the widget again: stop(), then start() with the last
  // start's options (https://developer.kustomer.com/chat-sdk/v2.0-Web/docs/kustomer-stop).
  // The page's start callback runs again: its listeners went with stop().
  restart() {
    if (this.state.start !== "done") return; // the page stopped Kustomer: the frame went with it
    if (!this.state.lastStart) {
      return this.log.once("warn", "a body swap took chat's frame; Kustomer started " +
        "before the bridge's tag saw how: put the tag first");
    }
    this.log("debug", "a body swap took chat's frame: Kustomer restarts");
    try {
      this.sdk.stop();
      removeFrameCopies();
      this.sdk.start(...this.state.lastStart);
    } catch (error) {
      this.log.once("warn", "Kustomer did not restart after a body swap: " + error);
    }
  }

  // A start after the first is bounded from its call (the first, from tag time: ready.mjs).
  boundLaterStart() {
    clearTimeout(this.state.laterStart);
    this.state.laterStart = setTimeout(() => this.state.start === "pending" && notify(this.log,
      this.watchers.unavailable, "Kustomer is unavailable: Kustomer.start() did not call back " +
      "within " + seconds(this.config.readyTimeoutMs)), this.config.readyTimeoutMs);
  }

  wrapStart() {
    this.wrap("start", (call) => (options, callback) => {
      if (this.state.completed) this.boundLaterStart();
      Object.assign(this.state, { start: "pending", lastStart: [options, callback] });
      return call([options, (response, error) => {
        this.started(response, error);
        if (typeof callback === "function") callback(response, error);
      }]);
    });
  }

  // Nobody calls back for a start that completed before the bridge wrapped it. Kustomer
  // answers isChatAvailable() only once a start has completed (no method works before), and
  // shows its widget (its iframe) when it has: asked only then, the bridge makes no call that
  // would be dropped.
  probe() {
    if (this.state.start !== "none" || this.state.gaveUp) return;
    try {
      if (document.getElementById(WIDGET_FRAME) && this.sdk.isChatAvailable() !== undefined) {
        this.state.probed = true; // conversations before now went unheard
        return this.started(null);
      }
    } catch (error) {
      // not arrived yet: only start exists until then
    }
    setTimeout(() => this.probe(), PROBE_INTERVAL_MS);
  }

  attach() {
    if (this.state.mode === "attach") return;
    Object.assign(this.state, { mode: "attach", script: "page" });
    this.log("debug", "attaching to the page's own Kustomer");
    if (this.isKustomer()) this.wrapStart(); // else its widget.js has not run: onLoaded wraps
    if (this.state.start === "done") this.started(null); // heard before consent or data-load
    else this.probe();
  }

  begin() {
    this.wrapStart();
    if (this.state.start !== "none") return;
    try {
      this.sdk.start({ ...this.config.startOptions });
    } catch (error) {
      this.giveUp("Kustomer.start() threw " + error);
    }
  }

  onLoaded() {
    this.decide();
    this.state.mode === "own" ? this.begin() : this.wrapStart();
  }

  own(written) {
    this.state.mode = "own";
    if (this.isKustomer()) { // widget.js ran before this tag (not deferred, or placed first)
      this.state.script = "loaded";
      return this.begin();
    }
    const tag = written || document.createElement("script");
    const failed = () => {
      this.state.script = "error";
      this.giveUp("widget.js failed to load (blocked, offline or not found)");
    };
    this.state.script = "loading";
    tag.addEventListener("load", () => {
      this.state.script = "loaded";
      this.isKustomer() ? this.begin() : this.giveUp("widget.js loaded but never defined window.Kustomer");
    });
    tag.addEventListener("error", failed);
    if (written) {
      // A deferred widget.js has run by DOMContentLoaded, or failed: Firefox reports a
      // blocked one at once, before this script could listen.
      if (written.defer && !written.async) {
        addEventListener("DOMContentLoaded", () => this.sdk || failed());
      }
      return this.log("debug", "widget.js tag written for the bridge");
    }
    this.inject(tag);
  }

  inject(tag) {
    try {
      tag.src = this.trusted.scriptURL(this.widget);
    } catch (error) {
      return this.giveUp("widget.js could not be added (" + error.message + ")");
    }
    tag.setAttribute("data-kustomer-api-key", this.config.kustomerApiKey);
    tag.nonce = this.nonce;
    (document.head || document.documentElement).appendChild(tag);
  }

  decide() {
    if (this.state.mode !== "waiting") return;
    const written = document.querySelector("script[data-kustomer-bridge-widget]");
    if (written) return this.own(written);
    if (this.isKustomer() || this.pageWidgetTag()) return this.attach();
    const decide = () => this.decide();
    if (document.readyState === "loading") {
      return addEventListener("DOMContentLoaded", decide, { once: true });
    }
    if (this.config.kustomerApiKey) return this.own(null);
    if (document.readyState !== "complete") return addEventListener("load", decide, { once: true });
    this.giveUp(NO_KUSTOMER);
  }

  // Until Kustomer (or the page) has loaded, window.dispatchEvent (inherited: the bridge adds
  // an own property, and deletes it again) runs onLoaded before any kustomerLoaded listener.
  hearDispatch() {
    if (this.isKustomer() || Object.prototype.hasOwnProperty.call(window, "dispatchEvent")) return;
    const bridge = this;
    const inherited = window.dispatchEvent;
    const dispatch = function (event) {
      if (event?.type === "kustomerLoaded") bridge.onLoaded();
      return inherited.call(this ?? window, event);
    };
    const stop = () => window.dispatchEvent === dispatch && delete window.dispatchEvent;
    window.dispatchEvent = dispatch;
    addEventListener("kustomerLoaded", stop, { once: true });
    addEventListener("load", stop, { once: true });
  }

  // Consent and data-load allow it now: find Kustomer, or load it.
  load() {
    if (this.sdk && !this.isKustomer()) this.log("warn", "window.Kustomer is not Kustomer's SDK");
    this.state.mode = "waiting";
    this.decide();
  }

  // What the ready timer says, from what is known of Kustomer now (null: nothing to say).
  lateReason(wait) {
    const { state } = this;
    if (state.gaveUp || state.start === "done" || state.start === "failed") return null;
    if (state.mode === "waiting") return NO_KUSTOMER;
    if (state.script === "loading") {
      return `widget.js had not loaded within ${wait} (slow network or a blocked request)`;
    }
    return state.start === "none" ? `Kustomer.start() was not called within ${wait}`
      : `Kustomer.start() did not call back within ${wait}`;
  }
}
