/*
 * kustomer-bridge.js: the drop-in tag. Plain script (not a module):
 *   <script src=".../kustomer-bridge.js" data-kustomer-api-key="KEY" data-brand-id="BRAND" defer></script>
 * 1. reads its data- attributes; a bad one is reported once and the bridge stays off;
 * 2. injects Kustomer's widget.js at once (or attaches to the page's own) and starts it as soon
 *    as it loads, so chat is never delayed by Python's boot;
 * 3. defines window.kustomerBridge at once, buffering calls until Python takes over;
 * 4. boots the Python bridge (PyScript + MicroPython or Pyodide) from its own folder.
 * Python talks to Kustomer only through `port` below, in JSON strings, which cross both
 * runtimes' FFI the same way.
 */
(function () {
  "use strict";
  var TAG = "[kustomer-bridge]";
  var KUSTOMER_WIDGET = "https://cdn.kustomerapp.com/chat-web/widget.js";
  var MANIFEST = /*MANIFEST*/ { version: "dev", core: "", bundle: "", mpy: "", py: "" };
  var script = document.currentScript;
  var debug = script && script.hasAttribute("data-debug") &&
    script.getAttribute("data-debug") !== "false";

  function log(level, text) {
    if (level !== "debug" || debug) console[level === "debug" ? "log" : level](TAG + " " + text);
  }

  if (window.__kustomerBridge__) {
    log("debug", "included twice: the first copy is in charge");
    return;
  }

  function fail(message) {
    log("error", message);
    var rejected = Promise.reject(new Error(message));
    rejected.catch(function () {});
    return rejected;
  }

  function readConfig() {
    var data = function (name) { return script.getAttribute("data-" + name); };
    var config = {
      apiKey: data("kustomer-api-key"), brandId: data("brand-id"),
      runtime: data("runtime") || "mpy", consent: data("consent") || "granted",
      load: data("load") || "immediate", debug: debug,
      readyTimeoutMs: 15000, attributes: data("attributes"),
      redactParams: data("redact-params"), queryAllow: data("query-allow"),
      startOptions: {}
    };
    var choices = { runtime: ["mpy", "py"], consent: ["granted", "pending"],
      load: ["immediate", "idle", "interaction"] };
    for (var name in choices) {
      if (choices[name].indexOf(config[name]) < 0) {
        throw "data-" + name + '="' + config[name] + '" is not one of ' + choices[name].join(", ");
      }
    }
    if (data("start-options")) {
      try {
        config.startOptions = JSON.parse(data("start-options"));
      } catch (error) {
        throw "data-start-options is not valid JSON (" + error.message + ")";
      }
      if (!config.startOptions || typeof config.startOptions !== "object" ||
          Array.isArray(config.startOptions)) {
        throw "data-start-options must be a JSON object";
      }
    }
    if (data("ready-timeout-ms")) {
      config.readyTimeoutMs = Number(data("ready-timeout-ms"));
      if (!(config.readyTimeoutMs > 0)) throw "data-ready-timeout-ms must be a positive number";
    }
    if (config.brandId) config.startOptions.brandId = config.brandId;
    return config;
  }

  var config;
  try {
    if (!script) throw "kustomer-bridge.js must be loaded by a <script src> tag";
    config = readConfig();
  } catch (problem) {
    var off = fail(String(problem) + "; the bridge stays off");
    window.__kustomerBridge__ = { failed: true };
    window.kustomerBridge = { ready: off, version: MANIFEST.version };
    return;
  }

  var base = new URL(".", script.src).href;
  var widgetSrc = script.getAttribute("data-widget-src");
  var WIDGET = widgetSrc ? new URL(widgetSrc, base).href : KUSTOMER_WIDGET;
  var nonce = script.nonce || script.getAttribute("nonce") || "";
  var t0 = performance.now();

  // ---- Kustomer's widget.js: inject at once, or attach to the page's own ----------------
  var sdk = { script: "none", start: "none", error: "", watchers: [], wrapped: null,
    stopWatchers: [], stopWrapped: null };

  // NaN and Infinity would become null (which clears an attribute): keep them as text so
  // the Python side rejects them with a reason. Lone surrogates become U+FFFD here, the same
  // on both runtimes (MicroPython would turn each into three).
  function finite(key, value) {
    if (typeof value === "number" && !isFinite(value)) return String(value);
    if (typeof value === "string" && value.toWellFormed) return value.toWellFormed();
    return value;
  }

  function json(value) {
    try {
      var text = JSON.stringify(value === undefined ? null : value, finite);
      return text === undefined ? "null" : text;
    } catch (error) {
      return "null";
    }
  }

  function errorJson(error) {
    if (!error) return "";
    return json({ message: String(error.message || error), status: error.status,
      code: error.code });
  }

  function wrapStart() {
    var K = window.Kustomer;
    if (!K || typeof K.start !== "function" || K.start === sdk.wrapped) return;
    var original = K.start;
    sdk.wrapped = K.start = function (options, callback) {
      sdk.start = "pending";
      return original.call(K, options, function (response, error) {
        sdk.start = error ? "failed" : "done";
        wrapStop();
        sdk.watchers.forEach(function (watcher) { watcher(json(response), errorJson(error)); });
        if (typeof callback === "function") callback(response, error);
      });
    };
  }

  // Kustomer.stop() drops every listener: whoever calls it, the bridge must know.
  function wrapStop() {
    var K = window.Kustomer;
    if (!K || typeof K.stop !== "function" || K.stop === sdk.stopWrapped) return;
    var original = K.stop;
    sdk.stopWrapped = K.stop = function () {
      sdk.start = "none";
      sdk.stopWatchers.forEach(function (watcher) { watcher(); });
      return original.apply(K, arguments);
    };
  }

  function startKustomer() {
    wrapStart();
    if (sdk.start === "none" && window.Kustomer) {
      window.Kustomer.start(Object.assign({}, config.startOptions));
    }
  }

  var pageScript = Array.prototype.some.call(document.scripts, function (tag) {
    return tag.src.indexOf(KUSTOMER_WIDGET) === 0 || (!!widgetSrc && tag.src === WIDGET);
  });
  var kustomerOnPage = !!window.Kustomer && typeof window.Kustomer.start === "function";
  if (window.Kustomer && !kustomerOnPage) {
    log("warn", "window.Kustomer is already defined but is not Kustomer's SDK; widget.js " +
      "will replace it");
  }
  var attach = kustomerOnPage || pageScript;

  function loadWidget() {
    if (attach) {
      sdk.script = "page";
      wrapStart();
      window.addEventListener("kustomerLoaded", wrapStart);
      log("debug", "Kustomer is on the page already: attaching to it");
      return;
    }
    if (!config.apiKey) {
      sdk.error = "no data-kustomer-api-key on the kustomer-bridge.js tag and no Kustomer " +
        "widget.js on the page";
      log("error", sdk.error);
      return;
    }
    window.addEventListener("kustomerLoaded", startKustomer);
    var tag = document.createElement("script");
    tag.src = WIDGET;
    tag.async = true;
    tag.setAttribute("data-kustomer-api-key", config.apiKey);
    if (nonce) tag.nonce = nonce;
    sdk.script = "loading";
    tag.onload = function () {
      sdk.script = "loaded";
      if (!window.Kustomer) sdk.error = "widget.js loaded but never defined window.Kustomer";
    };
    tag.onerror = function () {
      sdk.script = "error";
      sdk.error = "widget.js failed to load (blocked by an ad-blocker, offline, or not found)";
      if (port.onLoadError) port.onLoadError(sdk.error);
    };
    (document.head || document.documentElement).appendChild(tag);
  }

  // ---- window.kustomerBridge: buffered until Python takes over -------------------------
  var buffer = [];
  var claimed = {};
  var landingUrl = landingPage();

  function landingPage() {
    try {
      var stored = sessionStorage.getItem("kustomer-bridge:landing");
      if (stored) return stored;
      sessionStorage.setItem("kustomer-bridge:landing", location.href);
    } catch (error) {
      log("debug", "sessionStorage unavailable: landing page is this page");
    }
    return location.href;
  }
  var settleReady;
  var ready = new Promise(function (resolve, reject) {
    settleReady = function (ok, message, name) {
      var error = new Error(message);
      error.name = name || "Error";
      if (ok) resolve(true); else reject(error);
    };
  });
  ready.catch(function () {});

  function buffered(method) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      return new Promise(function (resolve, reject) {
        buffer.push({ method: method, args: args, resolve: resolve, reject: reject });
      });
    };
  }

  var face = {
    version: MANIFEST.version,
    ready: ready,
    describeConversation: buffered("describeConversation"),
    setAttributes: buffered("setAttributes"),
    on: function (event, fn) {
      var entry = { method: "on", args: [event, fn], resolve: function () {}, reject: function () {} };
      buffer.push(entry);
      return function () {
        if (entry.off) return entry.off();
        entry.cancelled = true;
      };
    },
    grantConsent: function () {
      if (!consentGiven) {
        consentGiven = true;
        scheduleLoad();
      }
    }
  };

  // ---- the port Python uses (strings in, strings out) -----------------------------------
  var port = {
    config: json(config),
    bootMs: 0,
    isDefined: function () { return !!window.Kustomer; },
    startStatus: function () { return sdk.start; },
    loadProblem: function () { return sdk.error; },
    scriptState: function () { return sdk.script; },
    onStart: function (watcher) { sdk.watchers.push(watcher); },
    onStop: function (watcher) { wrapStop(); sdk.stopWatchers.push(watcher); },
    start: function (optionsJson, callback) {
      wrapStart();
      window.Kustomer.start(JSON.parse(optionsJson), function (response, error) {
        callback(json(response), errorJson(error));
      });
    },
    invoke: function (method, argsJson, callback) {
      var K = window.Kustomer;
      var args = JSON.parse(argsJson);
      args.push(function (response, error) { callback(json(response), errorJson(error)); });
      K[method].apply(K, args);
    },
    invokeSync: function (method) {
      var K = window.Kustomer;
      if (!K || typeof K[method] !== "function") return "";
      var value = K[method]();
      return value === undefined ? "" : json(value);
    },
    addListener: function (event, handler) {
      var listener = function (response, error) { handler(json(response), errorJson(error)); };
      window.Kustomer.addListener(event, listener);
      return listener;
    },
    removeListener: function (event, listener) {
      window.Kustomer.removeListener(event, listener);
    },
    snapshot: function () {
      var canonical = document.querySelector('link[rel="canonical"][href]');
      var pairs = function (selector, read) {
        return Array.prototype.map.call(document.querySelectorAll(selector), read);
      };
      return json({
        href: location.href, pathname: location.pathname, title: document.title,
        canonical: canonical ? canonical.href : "", referrer: document.referrer,
        landingUrl: landingUrl, language: navigator.language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints || 0,
        metas: pairs('meta[name^="kustomer:"]', function (meta) {
          return [meta.name.slice(9), meta.content];
        }),
        elements: pairs("[data-kustomer-attribute]", function (node) {
          return [node.getAttribute("data-kustomer-attribute"), node.textContent];
        }),
        jsonBlocks: pairs('script[type="application/json"][data-kustomer-attributes]',
          function (node) { return node.textContent; })
      });
    },
    claim: function (conversationId) {
      if (claimed[conversationId]) return false;
      claimed[conversationId] = true;
      return true;
    },
    console: function (level, text) { console[level === "debug" ? "log" : level](text); },
    provide: function (impl) {
      face.describeConversation = function (id, attributes) {
        return new Promise(function (resolve, reject) {
          impl.describeConversation(String(id), json(attributes), function (result) {
            resolve(JSON.parse(result));
          }, function (name, message) {
            var error = new Error(message);
            error.name = name;
            reject(error);
          });
        });
      };
      face.setAttributes = function (attributes) {
        return Promise.resolve(JSON.parse(impl.setAttributes(json(attributes))));
      };
      face.on = function (event, fn) {
        var handler = function (payloadJson) { fn(JSON.parse(payloadJson)); };
        return impl.on(String(event), handler);
      };
      port.bootMs = face.bootMs = Math.round(performance.now() - t0);
      face.runtime = port.runtime;
      window.dispatchEvent(new CustomEvent("kustomer-bridge:booted", {
        detail: { runtime: port.runtime, bootMs: port.bootMs }
      }));
      clearTimeout(bootTimer);
      var pending = buffer;
      buffer = [];
      pending.forEach(function (entry) {
        if (entry.cancelled) return;
        var result = face[entry.method].apply(face, entry.args);
        if (entry.method === "on") entry.off = result;
        else result.then(entry.resolve, entry.reject);
      });
      log("debug", "Python took over after " + port.bootMs + " ms");
    },
    settle: function (ok, message) { settleReady(ok, message, "KustomerUnavailable"); }
  };

  // ---- boot Python from this script's folder ---------------------------------------------
  var bootTimer;

  var PLUGINS_OFF = ["!error", "!py-editor", "!py-terminal", "!py-game", "!donkey",
    "!deprecations-manager", "!codemirror"];

  function bootPython() {
    var parent = document.head || document.documentElement;
    var other = config.runtime === "mpy" ? "py" : "mpy";
    // PyScript loads every plugin for an interpreter type without a config: give the type we
    // do not use one too, unless the page uses that type itself.
    if (!document.querySelector(other + "-config, script[type=" + other + "], " + other + "-script")) {
      var off = document.createElement(other + "-config");
      off.setAttribute("data-kustomer-bridge", "");
      off.textContent = JSON.stringify({ plugins: PLUGINS_OFF });
      off.hidden = true;
      parent.appendChild(off);
    }
    var tag = document.createElement("script");
    tag.type = config.runtime;
    tag.src = new URL(MANIFEST.bundle, base).href;
    tag.setAttribute("config", JSON.stringify({
      interpreter: new URL(MANIFEST[config.runtime], base).href,
      plugins: PLUGINS_OFF
    }));
    tag.setAttribute("data-kustomer-bridge", "");
    if (nonce) tag.nonce = nonce;
    parent.appendChild(tag);
    bootTimer = setTimeout(function () {
      var message = "Python did not start within " + config.readyTimeoutMs + " ms (" +
        config.runtime + " runtime blocked, e.g. by a Content-Security-Policy without " +
        "'wasm-unsafe-eval', failed to download, or slower than data-ready-timeout-ms)";
      log("error", message);
      settleReady(false, message, "KustomerUnavailable");
    }, config.readyTimeoutMs);
    import(new URL(MANIFEST.core, base).href).catch(function (error) {
      log("error", "PyScript failed to load: " + error.message);
    });
  }

  var consentGiven = config.consent === "granted";
  var loaded = false;

  // A Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling WebAssembly:
  // find out with an empty module instead of letting the runtime fail inside PyScript.
  function wasmAllowed() {
    try {
      return WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
        .then(function () { return true; }, function () { return false; });
    } catch (error) {
      return Promise.resolve(false);
    }
  }

  // A page that configures or already loaded PyScript itself. (A plain <script type="mpy">
  // without a config is welcome: it runs in our runtime and can use the Python API.)
  function hostUsesPyScript() {
    return !!document.querySelector("script[type=mpy][config]:not([data-kustomer-bridge]), " +
      "script[type=py][config], mpy-config:not([data-kustomer-bridge]), " +
      "py-config:not([data-kustomer-bridge])") || !!customElements.get("py-script");
  }

  function load() {
    if (loaded) return;
    loaded = true;
    log("debug", "loading (" + config.runtime + ")");
    loadWidget();
    if (hostUsesPyScript()) {
      var shared = "this page runs its own PyScript; kustomer-bridge does not add its runtime " +
        "to it (that would change the page's Python). Chat itself still works";
      log("error", shared);
      settleReady(false, shared, "KustomerUnavailable");
      return;
    }
    wasmAllowed().then(function (allowed) {
      if (allowed) return bootPython();
      var message = "Python cannot run on this page: its Content-Security-Policy forbids " +
        "WebAssembly (add 'wasm-unsafe-eval' to script-src); chat itself still works";
      log("error", message);
      settleReady(false, message, "KustomerUnavailable");
    });
  }

  function scheduleLoad() {
    if (!consentGiven) return;
    if (config.load === "idle") {
      (window.requestIdleCallback || setTimeout)(load);
    } else if (config.load === "interaction") {
      ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (type) {
        window.addEventListener(type, load, { once: true, passive: true });
      });
    } else {
      load();
    }
  }

  window.__kustomerBridge__ = port;
  try {
    window.kustomerBridge = face;
    if (window.kustomerBridge !== face) throw new Error("the page made it read-only");
  } catch (error) {
    log("error", "cannot define window.kustomerBridge (" + error.message + "); the bridge " +
      "still runs, but JavaScript cannot reach it");
  }
  scheduleLoad();
})();
