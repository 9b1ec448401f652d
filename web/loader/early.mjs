/*
 * Conversations created before Python took over. Kustomer does not replay events, so ONE
 * onConversationCreate listener is added per start, the moment it completes; until the core
 * takes the events over, each is held with the page snapshot of its moment (the newest
 * EARLY_LIMIT; an older one is reported describeFailed), then each goes straight to the core
 * (none lost, no listener swapped in between). When Python cannot run, every held and later
 * conversation is reported describeFailed with the reason: never lost silently.
 *
 * Each conversation is also written to the tab's sessionStorage, its snapshot's URLs at rest
 * (atRest), until the core has taken it (settled): one the visitor took away before Python
 * took over is held by the next page of the tab, and described there.
 */
import { HIDDEN_QUERY_NAMES } from "../port/generated.mjs";
import { EARLY_KEY, storedList } from "./tab.mjs";

export const EARLY_LIMIT = 100;

// A URL as it may rest in the tab's storage: no fragment, and the value of each query
// parameter Python's redaction rule hides (compiled by the build: redaction.py hidden_names)
// replaced; a tag with its own privacy settings has every value hidden until Python has run.
export function restingRule(config) {
  const custom = config.redactParams !== undefined || config.queryAllow !== undefined;
  const hidden = new RegExp(`(^|&)(${custom ? "[^=&]*" : HIDDEN_QUERY_NAMES})=[^&]*`, "gi");
  return (url) => {
    url = String(url || "").split("#")[0];
    const query = url.indexOf("?") + 1;
    return query ? url.slice(0, query) + url.slice(query).replace(hidden, "$1$2=REDACTED") : url;
  };
}

// The page as the attributes see it: the port's snapshot payload (port.py PAYLOADS;
// kustomer_bridge/browser/attributes/page.py reads it).
export function snapshot(landingUrl) {
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

// The tab's conversations not yet taken by a core, as [{conversationId}, snapshot] pairs.
function earlyStore(atRest) {
  // without sessionStorage (a sandboxed iframe) this page holds them in memory
  const stored = () => storedList(EARLY_KEY);
  const write = (events) => {
    try {
      sessionStorage.setItem(EARLY_KEY, JSON.stringify(events.slice(-EARLY_LIMIT)));
    } catch (error) {
      // full or disabled: this page still holds them
    }
  };
  const resting = (shot) => shot && { ...shot, href: atRest(shot.href),
    canonical: atRest(shot.canonical), referrer: atRest(shot.referrer),
    landingUrl: atRest(shot.landingUrl) };
  // Changes are stored together at the end of the task (a burst writes once, and never
  // after the page could have gone): [conversationId, event or null once settled].
  const changes = [];
  const store = () => {
    let events = stored();
    for (const [id, event] of changes.splice(0)) {
      events = events.filter(([payload]) => payload.conversationId !== id);
      if (event) events.push(event);
    }
    write(events);
  };
  const change = (id, event) => {
    if (!changes.length) queueMicrotask(store);
    changes.push([id, event]);
  };
  return {
    stored: () => (changes.length && store(), stored()),
    add: (id, shot) => change(id, [{ conversationId: id }, resting(shot)]),
    settled: (id) => change(id, null),
    clear: () => {
      changes.length = 0;
      write([]);
    },
  };
}

// reportFailed(payload, reason): a conversation that will not be described; created(): one
// was created (a sign that Python is wanted: demand.mjs).
export function createEarly({ log, landing, reportFailed, atRest, created }) {
  const store = earlyStore(atRest);
  const state = { events: store.stored(), listening: false, forward: null, failure: null };
  const hold = (event) => {
    state.events.push(event);
    if (state.events.length > EARLY_LIMIT) {
      const reason = `more than ${EARLY_LIMIT} conversations were created before Python took over`;
      log.once("warn", reason + ": the oldest are reported describeFailed, not described");
      reportFailed(state.events.shift()[0], reason);
    }
  };
  const listener = (payload) => {
    if (state.failure) return reportFailed(payload, state.failure);
    let shot = null; // without one, the core sends only the attributes set at run time
    try {
      shot = snapshot(landing());
    } catch (error) {
      log("debug", "no page snapshot: " + error.message);
    }
    if (payload?.conversationId != null) store.add(payload.conversationId, shot);
    state.forward ? state.forward(payload, shot) : hold([payload, shot]);
    created();
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
    // The driver's: the events held so far; then forward(payload, snapshot) for each new one.
    take(forward) {
      state.forward = forward;
      return state.events.splice(0);
    },
    // The core has taken the conversation (it keeps its describe, or has said why not).
    settled: store.settled,
    // The conversations no core has taken yet, at rest (for a core started again).
    stored: store.stored,
    fail(reason) {
      state.failure = reason;
      state.forward = null;
      state.events.splice(0).forEach(([payload]) => reportFailed(payload, reason));
      store.clear();
    },
  };
}
