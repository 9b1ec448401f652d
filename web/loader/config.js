/*
 * kustomer-bridge.js, the drop-in tag: a plain script (not a module) doing only what must
 * happen at tag time. build.py joins the files of web/loader/ into one function, in this
 * order, and minifies it:
 *   config.js    the tag's data- attributes and the console
 *   trusted.js   the one Trusted Types policy every sink goes through
 *   kustomer.js  Kustomer's widget.js: inject it, take the tag written for the bridge, or
 *                attach to the page's own; hear of every start() and stop()
 *   early.js     conversations created before Python took over, with their page snapshot
 *   face.js      window.kustomerBridge: the page's requests to the core, held until it is up
 *   ready.js     kustomerBridge.ready and its bounds
 *   main.js      wiring: consent and data-load, the boot module, window.__kustomerBridge__
 */

// Filled in by the build: the version, the boot module's content-hashed name, Kustomer's
// widget.js URL, the query parameters whose values are hidden (early.js), the bound of a
// wait (kustomer_bridge/browser/arguments.py); the tag's defaults
// and choices (kustomer_bridge/server/defaults.py).
const MANIFEST = /*MANIFEST*/ { version: "dev", boot: "", widget: "", hidden: "[^=&]*",
  timeoutLimitMs: 1e9 };
const DEFAULTS = /*DEFAULTS*/ {};
const CHOICES = /*CHOICES*/ {};

// How the bridge names a wait in its messages: 15000 -> "15 s".
const seconds = (ms) => ms / 1000 + " s";

// data-debug, present and empty or "true": debug lines show.
const debugOn = (script) => ["", "true"].includes(script?.dataset.debug);

// Console lines carry the prefix; "debug" lines show only with data-debug. log.once says a
// mistake the site owner must fix once, always.
function createLog(debug) {
  const said = new Set();
  const log = (level, text) => {
    if (level !== "debug" || debug) {
      console[level === "debug" ? "log" : level]("[kustomer-bridge] " + text);
    }
  };
  log.once = (level, text) => {
    if (!said.has(text)) {
      said.add(text);
      log(level, text);
    }
  };
  return log;
}

// Watchers (the driver's, the page's subscribers): whatever one raises must not reach
// Kustomer or the other watchers.
function notify(log, watchers, ...args) {
  for (const watcher of [...watchers]) {
    try {
      watcher(...args);
    } catch (error) {
      log("error", "a handler raised " + error);
    }
  }
}

// The tag's data- attributes (data-kustomer-api-key -> kustomerApiKey, ...); a bad one
// throws a sentence naming it.
function readConfig(script) {
  const config = { ...DEFAULTS, ...script.dataset };
  for (const name in CHOICES) {
    if (!CHOICES[name].includes(config[name])) {
      throw `data-${name}="${config[name]}" is not one of ${CHOICES[name].join(", ")}`;
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
  for (const name of ["readyTimeoutMs", "callTimeoutMs"]) {
    config[name] = +(script.dataset[name] || DEFAULTS[name]);
    if (!(config[name] > 0 && config[name] < MANIFEST.timeoutLimitMs)) {
      throw `data-${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} must be a positive number`;
    }
  }
  if (config.brandId) config.startOptions.brandId = config.brandId;
  config.debug = debugOn(script);
  return config;
}
