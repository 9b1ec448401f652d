/*
 * kustomer-bridge.js: the drop-in tag. Plain script (not a module), only what must happen at
 * tag time; everything Python needs is in kustomer-bridge-boot.mjs, loaded afterwards:
 *   <script src=".../kustomer-bridge.js" data-kustomer-api-key="KEY" data-brand-id="BRAND" defer></script>
 * 1. reads its data- attributes; a bad one is reported once and the bridge stays off;
 * 2. injects Kustomer's widget.js at once (or takes the widget.js tag written for it, or
 *    attaches to the page's own) and starts it as soon as it loads, so chat is never delayed
 *    by Python's boot; follows start() and stop(), and probes for a start the page completed
 *    before this tag ran;
 * 3. listens for onConversationCreate from the moment start completes until Python takes
 *    over, keeping each event with the page snapshot of its moment (none is lost);
 * 4. defines window.kustomerBridge at once; its calls become requests to the Python core
 *    (port.py), held until the core is connected;
 * 5. keeps the one ready timer, counted from when it starts loading Kustomer;
 * 6. loads the boot module from its own folder once Kustomer's start has completed (or
 *    cannot: load error, ready timeout), so Python never competes with widget.js; at once
 *    when the page runs Python of its own.
 * window.__kustomerBridge__ (`internal` below) is what the boot module and the page's Python
 * use; it is defined here, whole.
 */
(() => {
  "use strict";
  // Filled in by build.py; widget is Kustomer's widget.js URL (kustomer_bridge.html owns it).
  const MANIFEST = /*MANIFEST*/ { version: "dev", boot: "", widget: "" };
  const KUSTOMER_WIDGET = MANIFEST.widget;
  const PROBE_INTERVAL_MS = 250;
  const LANDING_KEY = "kustomer-bridge:landing";
  const script = document.currentScript;
  const debug = ["", "true"].includes(script?.dataset.debug);
  const log = (level, text) => {
    if (level !== "debug" || debug) console[level === "debug" ? "log" : level]("[kustomer-bridge] " + text);
  };

  if (window.__kustomerBridge__) return log("debug", "included twice; the first copy runs");

  let settle, settled = false;
  const ready = new Promise((resolve, reject) => {
    settle = (ok, message, name) => {
      settled = true;
      ok ? resolve(true) : reject(Object.assign(new Error(message), { name: name || "KustomerUnavailable" }));
    };
  });
  ready.catch(() => {});
  const fail = (message, name) => {
    log("error", message);
    settle(false, message, name);
  };

  // data-kustomer-api-key -> kustomerApiKey, data-redact-params -> redactParams, ...
  const readConfig = () => {
    const config = { runtime: "mpy", consent: "granted", load: "immediate", host: "worker",
      ...script.dataset };
    const choices = { runtime: ["mpy", "py"], consent: ["granted", "pending"],
      load: ["immediate", "idle", "interaction"], host: ["worker", "main"] };
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
  const sdk = { script: "none", start: "none", onStart: [], onStop: [] };
  const WRAPPED = Symbol("kustomer-bridge");

  // ---- Kustomer's widget.js: inject at once, or attach to the page's own; follow start/stop
  const wrap = (name, around) => {
    const K = window.Kustomer;
    if (!K || typeof K[name] !== "function" || K[name][WRAPPED]) return;
    const original = K[name];
    K[name] = around((args) => original.apply(K, args));
    K[name][WRAPPED] = true;
  };
  // Watchers (the driver's, the page's subscribers): whatever they raise must not reach
  // Kustomer or the other watchers.
  const notify = (watchers, ...args) => watchers.forEach((watcher) => {
    try {
      watcher(...args);
    } catch (error) {
      log("error", "a handler raised " + error);
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
    bootPython();
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
    if (!settled) setTimeout(probe, PROBE_INTERVAL_MS);
  };

  // ---- conversations: ONE listener per start, from the moment start completes. Until the
  // core takes them over, each event is kept with the page snapshot of its moment; then each
  // goes straight to the core (none lost, no listener swapped in between).
  const early = { events: [], listener: null, forward: null };
  const listenEarly = () => {
    if (early.listener) return;
    early.listener = (payload) => {
      let shot = null; // without one, the core reads the page as it is when it takes over
      try {
        shot = snapshot();
      } catch (error) {
        log("debug", "no page snapshot: " + error.message);
      }
      early.forward ? early.forward(payload, shot) : early.events.push([payload, shot]);
    };
    try {
      window.Kustomer.addListener("onConversationCreate", early.listener);
    } catch (error) {
      log("warn", "could not listen for early conversations: " + error.message);
    }
  };
  // The driver's: the events kept so far, then forward(payload, snapshot) for each new one.
  const takeEarlyEvents = (forward) => {
    early.forward = forward;
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

  // A widget.js tag marked data-kustomer-bridge-widget is the bridge's to start, as if it had
  // injected it (kustomer_bridge.html writes it after this tag, both deferred, so it runs
  // straight after this script, in the same task). Any other widget.js, or a window.Kustomer
  // already there, is the page's own: attach to it, never start it.
  const K = window.Kustomer;
  if (K && typeof K.start !== "function") log("warn", "window.Kustomer is not Kustomer's SDK");
  const written = document.querySelector("script[data-kustomer-bridge-widget]");
  const attach = !written && ((K && typeof K.start === "function") || [...document.scripts].some(
    (tag) => tag.src.startsWith(KUSTOMER_WIDGET) || (!!widgetSrc && tag.src === WIDGET)));

  // Kustomer cannot come: said once, here; ready rejects now, and the core answers every
  // pending call with the same reason.
  const unavailable = (problem) => {
    if (settled) return;
    const reason = "Kustomer is unavailable: " + problem;
    fail(reason);
    send(["unavailable", reason]);
    bootPython();
  };
  // The one ready timer, from when the tag starts loading Kustomer (tag time, unless consent
  // or data-load defer it); a later start() cycle is bounded by the core.
  const readyTimeout = () => {
    const wait = config.readyTimeoutMs / 1000 + " s";
    if (sdk.start === "done") {
      return deliver || settled || fail("Python did not start within " + config.readyTimeoutMs + " ms (" +
        config.runtime + " runtime blocked, failed to download, or slower than data-ready-timeout-ms)");
    }
    unavailable(sdk.script === "loading"
      ? "widget.js had not loaded within " + wait + " (slow network or a blocked request)"
      : sdk.start === "none" ? "Kustomer.start() was not called within " + wait
      : "Kustomer.start() did not call back within " + wait);
  };

  const loadWidget = () => {
    if (attach) {
      sdk.script = "page";
      wrapStart();
      addEventListener("kustomerLoaded", wrapStart);
      probe();
      return log("debug", "attaching to the page's own Kustomer");
    }
    if (!config.kustomerApiKey && !written) {
      return unavailable("no data-kustomer-api-key and no Kustomer widget.js on the page");
    }
    const begin = () => {
      wrapStart();
      if (sdk.start === "none") window.Kustomer.start({ ...config.startOptions });
    };
    addEventListener("kustomerLoaded", begin);
    const tag = written || document.createElement("script");
    sdk.script = "loading";
    tag.onload = () => {
      sdk.script = "loaded";
      if (!window.Kustomer) unavailable("widget.js loaded but never defined window.Kustomer");
    };
    tag.onerror = () => {
      sdk.script = "error";
      unavailable("widget.js failed to load (blocked, offline or not found)");
    };
    if (written) {
      if (window.Kustomer) { // it ran before this tag after all (not deferred, or placed first)
        sdk.script = "loaded";
        begin();
      } else if (written.defer && !written.async) {
        // A deferred widget.js has run by DOMContentLoaded, or failed: Firefox reports a
        // blocked one at once, before this script could listen.
        addEventListener("DOMContentLoaded", () => window.Kustomer || tag.onerror());
      }
      return log("debug", "widget.js tag written for the bridge");
    }
    tag.src = WIDGET;
    tag.setAttribute("data-kustomer-api-key", config.kustomerApiKey);
    tag.nonce = internal.nonce;
    (document.head || document.documentElement).appendChild(tag);
  };

  // ---- window.kustomerBridge: requests to the core, held until it is connected ---------
  const outbox = [];
  const requests = new Map();
  const subscribers = new Map();
  let deliver = null, lastId = 0, connectHost;
  const send = (event) => deliver ? deliver(event) : outbox.push(event);
  const request = (kind, args) => new Promise((resolve, reject) => {
    requests.set(++lastId, [resolve, reject]);
    send(["request", lastId, kind, args]);
  });
  const subscribe = (event, fn) => {
    let set = subscribers.get(event = String(event));
    if (!set) {
      subscribers.set(event, set = new Set());
      request("on", [event]).catch(() => {});
    }
    const entry = (payload) => fn(payload);
    set.add(entry);
    return () => {
      if (set.delete(entry) && !set.size && subscribers.get(event) === set) {
        subscribers.delete(event);
        request("off", [event]).catch(() => {});
      }
    };
  };
  // A page with Python of its own: the core boots at once, on the main thread beside it.
  const pagePython = () => !!document.querySelector(
    "script[type=mpy]:not([data-kustomer-bridge]), script[type=py]:not([data-kustomer-bridge])");
  const face = {
    version: MANIFEST.version, ready,
    describeConversation: (id, attributes) => request("describe", [String(id), attributes]),
    setAttributes: (attributes) => request("setAttributes", [attributes]),
    on: subscribe,
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
    config, sdk, face, settle, log, snapshot, takeEarlyEvents, nonce: script.nonce,
    landingUrl: storage() || location.href, state: "waiting", host: null, pagePython,
    hostConnected: new Promise((resolve) => {
      connectHost = resolve;
    }),
    // The main-thread host's core hands over its handle(eventsJson) -> commandsJson here.
    connectHost: (handle) => connectHost(handle),
    rememberLanding(url) {
      internal.landingUrl = url;
      storage(url);
    },
    // The boot module's driver: from now on events go to the core, held ones first.
    connect(driver) {
      deliver = driver;
      outbox.splice(0).forEach(driver);
    },
    // What the core's commands ["settle", ...] and ["emit", ...] reach.
    answer(id, ok, value) {
      const pending = requests.get(id);
      requests.delete(id);
      pending?.[ok ? 0 : 1](ok ? value : Object.assign(new Error(value.text), { name: value.name,
        status: value.status, code: value.code, method: value.method, timeoutMs: value.timeoutMs,
        port: value }));
    },
    emit: (event, payload) => notify([...subscribers.get(event) || []], payload),
    // For the page's own Python (client.py): JSON in, JSON out, never a rejection.
    requestJson: (kind, argsJson, callback) => request(kind, JSON.parse(argsJson)).then(
      (value) => callback(true, JSON.stringify(value ?? null)),
      (error) => callback(false, JSON.stringify(error.port))),
    subscribeJson: (event, callback) => subscribe(event, (payload) => callback(JSON.stringify(payload)))
  };

  // ---- load: widget.js at once; the boot module (which boots Python) once start completed
  let loaded = false, booting = false;
  const bootPython = () => {
    if (booting || !loaded) return;
    booting = true;
    import(new URL(MANIFEST.boot, base).href).then((module) => module.boot(internal),
      (error) => fail("could not load the bridge: " + error.message));
  };
  const load = () => {
    if (loaded) return;
    loaded = true;
    setTimeout(readyTimeout, config.readyTimeoutMs);
    loadWidget();
    if (pagePython()) bootPython();
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
