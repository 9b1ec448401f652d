/*
 * The tag's config: its data- attributes, checked against the defaults and choices Python
 * defines (kustomer_bridge/server/defaults.py, written into ../port/generated.mjs by the
 * build); and the console. A bad attribute throws a sentence naming it.
 */
import { TAG_CHOICES, TAG_DEFAULTS, TIMEOUT_LIMIT_MS } from "../port/generated.mjs";

// How the bridge names a wait in its messages: 15000 -> "15 s".
export const seconds = (ms) => ms / 1000 + " s";

// data-debug, present and empty or "true": debug lines show.
export const debugOn = (script) => ["", "true"].includes(script?.dataset.debug);

// Console lines carry the prefix; "debug" lines show only with data-debug. log.once says a
// mistake the site owner must fix once, always.
export function createLog(debug) {
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
export function notify(log, watchers, ...args) {
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
export function readConfig(script) {
  const config = { ...TAG_DEFAULTS, ...script.dataset };
  for (const name in TAG_CHOICES) {
    if (!TAG_CHOICES[name].includes(config[name])) {
      throw `data-${name}="${config[name]}" is not one of ${TAG_CHOICES[name].join(", ")}`;
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
    config[name] = +(script.dataset[name] || TAG_DEFAULTS[name]);
    if (!(config[name] > 0 && config[name] < TIMEOUT_LIMIT_MS)) {
      throw `data-${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())} must be a positive number`;
    }
  }
  if (config.brandId) config.startOptions.brandId = config.brandId;
  config.debug = debugOn(script);
  return config;
}
