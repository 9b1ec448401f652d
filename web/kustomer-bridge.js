/*
 * kustomer-bridge.js: the drop-in tag. Plain script (not a module), only what must happen at
 * tag time; everything Python needs is in kustomer-bridge-boot.mjs, loaded afterwards:
 *   <script src=".../kustomer-bridge.js" data-kustomer-api-key="KEY" data-brand-id="BRAND" defer></script>
 * 1. reads its data- attributes; a bad one is reported once and the bridge stays off;
 * 2. injects Kustomer's widget.js at once (or attaches to the page's own) and starts it as soon
 *    as it loads, so chat is never delayed by Python's boot; follows start() and stop(), and
 *    probes for a start the page completed before this tag ran;
 * 3. listens for onConversationCreate from the moment start completes until Python takes
 *    over, keeping each event with the page snapshot of its moment (none is lost);
 * 4. defines window.kustomerBridge at once, buffering calls until Python takes over;
 * 5. loads the boot module from its own folder, which boots Python.
 */
(() => {
  "use strict";
  const KUSTOMER_WIDGET = "https://cdn.kustomerapp.com/chat-web/widget.js";
  const PROBE_INTERVAL_MS = 250;
  const LANDING_KEY = "kustomer-bridge:landing";
  const MANIFEST = /*MANIFEST*/ { version: "dev", boot: "" };
  const script = document.currentScript;
  const debug = ["", "true"].includes(script?.dataset.debug);
  const log = (level, text) => {
    if (level !== "debug" || debug) console[level === "debug" ? "log" : level]("[kustomer-bridge] " + text);
  };

  if (window.__kustomerBridge__) return log("debug", "included twice; the first copy runs");

  let settle;
  const ready = new Promise((resolve, reject) => {
    settle = (ok, message, name) => ok ? resolve(true)
      : reject(Object.assign(new Error(message), { name: name || "KustomerUnavailable" }));
  });
  ready.catch(() => {});
  const fail = (message, name) => {
    log("error", message);
    settle(false, message, name);
  };

  // data-kustomer-api-key -> kustomerApiKey, data-redact-params -> redactParams, ...
  const readConfig = () => {
    const config = { runtime: "mpy", consent: "granted", load: "immediate", ...script.dataset };
    const choices = { runtime: ["mpy", "py"], consent: ["granted", "pending"],
      load: ["immediate", "idle", "interaction"] };
    for (const name in choices) {
      if (!choices[name].includes(config[name])) {
        throw `data-${name}="${config[name]}" is not one of ${choices[name].join(", ")}`;
      }
    }
    try {
      config.startOptions = JSON.parse(config.startOptions || "{}");
    } catch (error) {
      throw `data-start-options is not valid JSON (${error.message})`;
    }
    if (Object(config.startOptions) !== config.startOptions || Array.isArray(config.startOptions)) {
      throw "data-start-options must be a JSON object";
    }
    for (const [name, fallback] of [["readyTimeoutMs", 15000], ["callTimeoutMs", 10000]]) {
      config[name] = +(config[name] || fallback);
      if (!(config[name] > 0 && config[name] < 1e9)) {
        throw `data-${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} must be a positive number`;
      }
    }
    if (config.brandId) config.startOptions.brandId = config.brandId;
    config.debug = debug;
    return config;
  };

  let config;
  try {
    if (!script) throw "kustomer-bridge.js must be loaded by a <script src> tag";
    config = readConfig();
  } catch (problem) {
    fail(problem + "; the bridge stays off", "Error");
    window.__kustomerBridge__ = { failed: true };
    window.kustomerBridge = { ready, version: MANIFEST.version };
    return;
  }

  const base = new URL(".", script.src).href;
  const widgetSrc = config.widgetSrc;
  const WIDGET = widgetSrc ? new URL(widgetSrc, base).href : KUSTOMER_WIDGET;
  const sdk = { script: "none", start: "none", error: "", onStart: [], onStop: [] };
  const WRAPPED = Symbol("kustomer-bridge");

  // ---- Kustomer's widget.js: inject at once, or attach to the page's own; follow start/stop
  const wrap = (name, around) => {
    const K = window.Kustomer;
    if (!K || typeof K[name] !== "function" || K[name][WRAPPED]) return;
    const original = K[name];
    K[name] = around((args) => original.apply(K, args));
    K[name][WRAPPED] = true;
  };
  // Watchers are Python's; whatever they raise must not reach Kustomer or the page.
  const notify = (watchers, ...args) => watchers.forEach((watcher) => {
    try {
      watcher(...args);
    } catch (error) {
      log("error", "internal error: " + error.message);
    }
  });
  const started = (response, error) => {
    sdk.start = error ? "failed" : "done";
    sdk.startError = error;
    // Kustomer.stop() drops every listener: whoever calls it, the bridge must know, once it ran.
    wrap("stop", (stop) => function () {
      try {
        return stop(arguments);
      } finally {
        sdk.start = "none";
        early.listener = null;
        notify(sdk.onStop);
      }
    });
    if (!error) listenEarly();
    notify(sdk.onStart, response, error);
  };
  const wrapStart = () => wrap("start", (call) => (options, callback) => {
    sdk.start = "pending";
    return call([options, (response, error) => {
      started(response, error);
      if (typeof callback === "function") callback(response, error);
    }]);
  });
  // A start that completed before this tag ran calls nobody back; Kustomer answers
  // isChatAvailable() only once a start has completed (the docs: no method works before).
  const probe = () => {
    if (sdk.start !== "none") return;
    try {
      if (window.Kustomer.isChatAvailable() !== undefined) return started(null);
    } catch (error) {
      // not arrived yet: only start exists until then
    }
    if (performance.now() - internal.t0 < config.readyTimeoutMs) setTimeout(probe, PROBE_INTERVAL_MS);
  };

  // ---- conversations created before Python took over: kept, with the page of their moment
  const early = { events: [], listener: null, takenOver: false };
  const listenEarly = () => {
    if (early.takenOver || early.listener) return;
    early.listener = (payload) => {
      try {
        early.events.push([payload, snapshot()]);
      } catch (error) {
        early.events.push([payload, null]); // Python then reads the page when it takes over
      }
    };
    try {
      window.Kustomer.addListener("onConversationCreate", early.listener);
    } catch (error) {
      log("warn", "could not listen for early conversations: " + error.message);
    }
  };
  const takeEarlyEvents = () => {
    early.takenOver = true;
    if (early.listener) window.Kustomer.removeListener?.("onConversationCreate", early.listener);
    early.listener = null;
    return early.events.splice(0);
  };

  const snapshot = () => {
    const all = (selector, read) => Array.from(document.querySelectorAll(selector), read);
    const canonical = document.querySelector('link[rel="canonical"][href]');
    return {
      href: location.href, pathname: location.pathname, title: document.title,
      canonical: canonical ? canonical.href : "", referrer: document.referrer,
      landingUrl: internal.landingUrl, language: navigator.language,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints || 0,
      metas: all('meta[name^="kustomer:"]', (meta) => [meta.name.slice(9), meta.content]),
      elements: all("[data-kustomer-attribute]",
        (node) => [node.getAttribute("data-kustomer-attribute"), node.textContent]),
      jsonBlocks: all('script[type="application/json"][data-kustomer-attributes]',
        (node) => node.textContent),
    };
  };

  const K = window.Kustomer;
  if (K && typeof K.start !== "function") log("warn", "window.Kustomer is not Kustomer's SDK");
  const attach = (K && typeof K.start === "function") || [...document.scripts].some(
    (tag) => tag.src.startsWith(KUSTOMER_WIDGET) || (!!widgetSrc && tag.src === WIDGET));

  // Kustomer cannot come: said once, here, and ready rejects now, whether Python is up or not.
  const unavailable = (problem) => {
    sdk.error = problem;
    fail("Kustomer is unavailable: " + problem);
    internal.onLoadError?.(problem);
  };

  const loadWidget = () => {
    if (attach) {
      sdk.script = "page";
      wrapStart();
      addEventListener("kustomerLoaded", wrapStart);
      probe();
      return log("debug", "attaching to the page's own Kustomer");
    }
    if (!config.kustomerApiKey) {
      return unavailable("no data-kustomer-api-key and no Kustomer widget.js on the page");
    }
    addEventListener("kustomerLoaded", () => {
      wrapStart();
      if (sdk.start === "none") window.Kustomer.start({ ...config.startOptions });
    });
    const tag = document.createElement("script");
    tag.src = WIDGET;
    tag.setAttribute("data-kustomer-api-key", config.kustomerApiKey);
    tag.nonce = internal.nonce;
    sdk.script = "loading";
    tag.onload = () => {
      sdk.script = "loaded";
      if (!window.Kustomer) unavailable("widget.js loaded but never defined window.Kustomer");
    };
    tag.onerror = () => {
      sdk.script = "error";
      unavailable("widget.js failed to load (blocked, offline or not found)");
    };
    (document.head || document.documentElement).appendChild(tag);
  };

  // ---- window.kustomerBridge: buffered until Python takes over -------------------------
  const buffered = (method) => (...args) => new Promise((resolve, reject) =>
    internal.buffer.push({ method, args, resolve, reject }));
  const face = {
    version: MANIFEST.version, ready,
    describeConversation: buffered("describeConversation"),
    setAttributes: buffered("setAttributes"),
    on(event, fn) {
      const entry = { method: "on", args: [event, fn] };
      internal.buffer.push(entry);
      return () => {
        entry.off?.();
        entry.cancelled = true;
      };
    },
    grantConsent() {
      config.consent = "granted";
      schedule();
    }
  };

  // The first URL of the visit. Kept raw in memory only: Python stores it redacted
  // (rememberLanding), so a token in a magic link is never at rest in the browser.
  const storage = (write) => {
    try {
      return write ? sessionStorage.setItem(LANDING_KEY, write) : sessionStorage.getItem(LANDING_KEY);
    } catch (error) {
      // no sessionStorage (privacy mode): the landing page is this page
    }
  };

  const internal = {
    config, sdk, face, settle, log, landingUrl: storage() || location.href, buffer: [],
    t0: performance.now(),
    nonce: script.nonce, snapshot, takeEarlyEvents,
    rememberLanding(url) {
      internal.landingUrl = url;
      storage(url);
    }
  };

  // ---- load: widget.js at once, then the boot module (which boots Python) ---------------
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    loadWidget();
    import(new URL(MANIFEST.boot, base).href).then((module) => module.boot(internal),
      (error) => fail("could not load the bridge: " + error.message));
  };
  const schedule = () => {
    if (config.consent !== "granted") return;
    if (config.load === "idle") (window.requestIdleCallback || setTimeout)(load);
    else if (config.load === "immediate") load();
    else for (const type of ["pointerdown", "keydown", "scroll"]) {
      addEventListener(type, load, { once: true });
    }
  };

  window.__kustomerBridge__ = internal;
  try {
    window.kustomerBridge = face;
    if (window.kustomerBridge !== face) throw "it is read-only";
  } catch (error) {
    log("error", `cannot define window.kustomerBridge (${error})`);
  }
  schedule();
})();
