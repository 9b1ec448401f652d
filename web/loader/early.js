/*
 * Conversations created before Python took over. Kustomer does not replay events, so ONE
 * onConversationCreate listener is added per start, the moment it completes; until the core
 * takes the events over, each is kept with the page snapshot of its moment (the newest
 * EARLY_LIMIT; an older one is reported describeFailed), then each goes straight to the core
 * (none lost, no listener swapped in between). When Python cannot run, every kept and later
 * conversation is reported describeFailed with the reason: never lost silently.
 */
const EARLY_LIMIT = 100;

// The page as the attributes see it (page_context.py reads these fields).
function snapshot(landingUrl) {
  const all = (selector, read) => Array.from(document.querySelectorAll(selector), read);
  const canonical = document.querySelector('link[rel="canonical"][href]');
  return {
    href: location.href, pathname: location.pathname, title: document.title,
    canonical: canonical ? canonical.href : "", referrer: document.referrer,
    landingUrl, language: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints || 0,
    metas: all('meta[name^="kustomer:"]', (meta) => [meta.name.slice(9), meta.content]),
    elements: all("[data-kustomer-attribute]",
      (node) => [node.getAttribute("data-kustomer-attribute"), node.textContent]),
    jsonBlocks: all('script[type="application/json"][data-kustomer-attributes]',
      (node) => node.textContent),
  };
}

// reportFailed(payload, reason): a conversation that will not be described.
function createEarly({ log, landing, reportFailed }) {
  const state = { events: [], listening: false, forward: null, failure: null };
  const keep = (event) => {
    state.events.push(event);
    if (state.events.length > EARLY_LIMIT) {
      const reason = `more than ${EARLY_LIMIT} conversations were created before Python took over`;
      log.once("warn", reason + ": the oldest are reported describeFailed, not described");
      reportFailed(state.events.shift()[0], reason);
    }
  };
  const listener = (payload) => {
    if (state.failure) return reportFailed(payload, state.failure);
    let shot = null; // without one, the core reads the page as it is when it takes over
    try {
      shot = snapshot(landing());
    } catch (error) {
      log("debug", "no page snapshot: " + error.message);
    }
    state.forward ? state.forward(payload, shot) : keep([payload, shot]);
  };
  return {
    // A start completed: listen from now on (Kustomer.stop() drops the listener).
    listen() {
      if (state.listening) return;
      state.listening = true;
      try {
        window.Kustomer.addListener("onConversationCreate", listener);
      } catch (error) {
        log("warn", "could not listen for early conversations: " + error.message);
      }
    },
    stopped() {
      state.listening = false;
    },
    // The driver's: the events kept so far; then forward(payload, snapshot) for each new one.
    take(forward) {
      state.forward = forward;
      return state.events.splice(0);
    },
    fail(reason) {
      state.failure = reason;
      state.forward = null;
      state.events.splice(0).forEach(([payload]) => reportFailed(payload, reason));
    },
  };
}
