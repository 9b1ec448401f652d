/*
 * The tag's config: its data- attributes (or window.kustomerBridgeSettings when it carries
 * none), checked against the settings, defaults and choices Python defines
 * (kustomer_bridge/server/defaults.py, written into ../port/generated.mjs by the build);
 * and the console. A bad setting throws a sentence naming it.
 */
import { TAG_CHOICES, TAG_DEFAULTS, TAG_SETTINGS, TIMEOUT_LIMIT_MS } from "../port/generated.mjs";

// How the bridge names a wait in its messages: 15000 -> "15 s".
export const seconds = (ms) => ms / 1000 + " s";

const SETTINGS_OBJECT = "kustomerBridgeSettings";
const LOADER_FILE = "kustomer-bridge.js";

// The tag that runs this loader: document.currentScript, or, when a script loader ran it
// instead of the browser (Cloudflare Rocket Loader: currentScript is null), the page's first
// tag whose URL is the loader's; null if none (readConfig says what to add).
export const ownTag = () => document.currentScript ||
  [...document.scripts].find((tag) => tag.src.split(/[?#]/)[0].endsWith("/" + LOADER_FILE)) ||
  null;
const attributeName = (key) => "data-" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

// The tag's settings as dataset spells them (data-kustomer-api-key -> kustomerApiKey): its
// data- attributes or, when it carries none (a tag manager strips them),
// window.kustomerBridgeSettings, whose true is an empty attribute and an object its JSON;
// named(key) is how a message names one.
export function tagSettings(script) {
  const dataset = script?.dataset || {};
  const object = window[SETTINGS_OBJECT];
  if (TAG_SETTINGS.some((key) => key in dataset) || object == null) {
    return { values: dataset, named: attributeName };
  }
  const values = {};
  for (const key in Object(object)) {
    const value = object[key];
    values[key] = value === true ? ""
      : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
  return { values, named: (key) => `${SETTINGS_OBJECT}.${key}`, object };
}

// debug, present and empty or "true": debug lines show.
export const debugOn = (script) => ["", "true"].includes(tagSettings(script).values.debug);

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

// The tag's settings (tagSettings), checked; a bad one throws a sentence naming it.
export function readConfig(script) {
  if (!script) {
    throw `${LOADER_FILE} cannot find its <script> tag (a script loader ran it, as Cloudflare ` +
      'Rocket Loader does): add data-cfasync="false" to the tag, before src';
  }
  const { values, named, object } = tagSettings(script);
  if (object) checkSettingsObject(object, named);
  const config = { ...TAG_DEFAULTS, ...values };
  for (const name in TAG_CHOICES) {
    if (!TAG_CHOICES[name].includes(config[name])) {
      throw `${named(name)}="${config[name]}" is not one of ${TAG_CHOICES[name].join(", ")}`;
    }
  }
  try {
    config.startOptions = JSON.parse(config.startOptions || "{}");
  } catch (error) {
    throw `${named("startOptions")} is not valid JSON (${error.message})`;
  }
  if (Object(config.startOptions) !== config.startOptions || Array.isArray(config.startOptions)) {
    throw `${named("startOptions")} must be a JSON object`;
  }
  for (const name of ["readyTimeoutMs", "callTimeoutMs"]) {
    config[name] = +(values[name] || TAG_DEFAULTS[name]);
    if (!(config[name] > 0 && config[name] < TIMEOUT_LIMIT_MS)) {
      throw `${named(name)} must be a positive number`;
    }
  }
  if (config.brandId) config.startOptions.brandId = config.brandId;
  config.debug = debugOn(script);
  return config;
}

function checkSettingsObject(object, named) {
  if (typeof object !== "object") throw `window.${SETTINGS_OBJECT} must be an object`;
  for (const key in object) {
    if (!TAG_SETTINGS.includes(key)) {
      throw `${named(key)} is not a setting (the settings: ${TAG_SETTINGS.join(", ")})`;
    }
  }
}
