/*
 * When Python loads (data-python). "eager": as soon as Kustomer's start has completed, or
 * cannot. "on-demand" (the default): at the first sign that Python has something to do, and
 * never before start has completed (or cannot), so Python never competes with widget.js:
 *   - the visitor opened chat (Kustomer's onOpen, heard from each start until Python loads);
 *   - a conversation was created (early.mjs hears every one);
 *   - the page asked the bridge for something (every request but a subscription to an event
 *     only the core sends, which a conversation brings: CORE_EVENTS);
 *   - the page has Python or PyScript of its own;
 *   - an earlier page of the tab left work: a kept describe, a conversation not yet taken.
 * Idle time alone is never a sign: a visit that never chats fetches the loader alone.
 */
import { CORE_EVENTS } from "../port/generated.mjs";
import { EARLY_KEY, KEPT_KEY, storedList } from "./tab.mjs";

// Whether a request of the page's needs Python to be loaded now.
export function requestWantsPython(kind, args) {
  if (kind === "off") return false; // it undoes an on, which was a sign or needed none
  return kind !== "on" || !CORE_EVENTS.includes(String(args?.event));
}

// The tab has work an earlier page left for Python.
export const tabHasWork = () =>
  storedList(KEPT_KEY).length > 0 || storedList(EARLY_KEY).length > 0;

// load(): loads Python (once; python-on-page.mjs). want(why) is a sign; allow() says
// Kustomer's start has completed or cannot; listen() hears the visitor open chat, until
// Python loads or Kustomer stops (stopped(): stop() dropped the listener).
export function createDemand({ config, log, load }) {
  const state = { why: config.python === "eager" ? 'data-python="eager"' : null,
    allowed: false, loading: false, listening: false };
  const go = () => {
    if (!state.why || !state.allowed || state.loading) return;
    state.loading = true;
    stopListening();
    log("debug", `Python loads: ${state.why}`);
    load();
  };
  const want = (why) => {
    state.why ||= why;
    go();
  };
  const opened = () => want("the visitor opened chat");
  const stopListening = () => {
    if (!state.listening) return;
    state.listening = false;
    try {
      window.Kustomer.removeListener("onOpen", opened);
    } catch (error) {
      // Kustomer gone: its listeners went with it
    }
  };
  return {
    want,
    allow() {
      state.allowed = true;
      if (tabHasWork()) want("an earlier page of the tab left a describe");
      go();
    },
    // A start completed (Kustomer.stop() drops every listener: each start, once more).
    listen() {
      if (state.why || state.listening) return; // wanted already: no sign to wait for
      try {
        window.Kustomer.addListener("onOpen", opened);
        state.listening = true;
      } catch (error) {
        log("debug", "could not listen for chat opening: " + error.message);
      }
    },
    stopped() {
      state.listening = false;
    },
    get loading() {
      return state.loading;
    },
  };
}
