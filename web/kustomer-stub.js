/*
 * kustomer-stub.js: a stand-in for Kustomer's widget.js (https://cdn.kustomerapp.com/chat-web/widget.js)
 * for tests and demos without a Kustomer account. Sources, cited below by name: [web]
 * https://developer.kustomer.com/docs/chat/web (the tag, kustomerLoaded, start); [identity]
 * https://developer.kustomer.com/docs/chat/identity; [methods] each method's page under
 * https://developer.kustomer.com/chat-sdk/v2.0-Web/docs/ (kustomer-start, kustomer-login, ...);
 * [troubleshooting] https://developer.kustomer.com/chat-sdk/v2.0-Web/docs/troubleshooting.
 *
 * What each part mimics (doc = documented behaviour, guess = not documented, our choice):
 * - reads data-kustomer-api-key from its own tag ([web]); without it logs an error and does
 *   nothing further (guess: the real loader's behaviour is not documented).
 * - defines window.Kustomer with ONLY start and fires `kustomerLoaded` on window straight away;
 *   start is queued until "the rest of the SDK" arrives ([web]). Arrival happens after
 *   loadLatencyMs (default 300); methods other than start do not exist before it, so calling
 *   them throws TypeError (inference from "defines window.Kustomer with only start").
 * - start's callback runs startLatencyMs (default 100) after arrival; its arguments are not
 *   documented (guess: (null, undefined)). A second start without stop() calls back at once and
 *   warns (guess; undocumented). failLoad: the rest of the SDK never arrives (guess at what a
 *   failed chunk load looks like).
 * - every other method called before start's callback has run does nothing: no callback, no
 *   effect, recorded as dropped ([troubleshooting]: "won't execute").
 * - node-style callbacks (response, error), error a native Error with optional status/code
 *   ([methods]). Responses: login {identified, customerId, email, externalId} and fires onLogin
 *   ([identity]); isLoggedIn true/false; getOpenConversations an array of conversations;
 *   openConversationById/openKbArticle/openKbCategory (null, error-if-invalid); other
 *   callbacks get an empty object (guess: the response tables are cut off in the docs).
 * - describeConversation without conversationId errors (doc: required). knownAttributes
 *   (list of names) makes describe calls with other names error (guess at an attribute that is
 *   not activated on the klass: the real behaviour is not documented).
 * - createConversation({message}) creates a conversation, opens the widget and fires
 *   onConversationCreate {conversationId, createdAt, ended, isInAssistantMode}; without a
 *   message it opens the thread and creates nothing ([methods] kustomer-create-conversation).
 * - addListener/removeListener keyed by function reference (doc); stop() removes the widget and
 *   all listeners (doc); isChatAvailable() {availability} and getUnreadCount() {total,
 *   conversations} are synchronous (doc) and return undefined before start completed
 *   (inference: "no method works before start has completed").
 * - the UI is an iframe with the real widget's id, kustomer-ui-sdk-iframe (seen in public code),
 *   appended to <body> when start completes (guess: a launcher's norm; the contract checks it
 *   against the real widget), holding a launcher and a panel with a message box; hidden
 *   launcher with hideChatIcon (doc). stop() removes it; a start after stop() renders it again.
 * Control surface for tests: window.KustomerStub (calls, fire, createConversation, failNext, fault,
 * release, afterQueued, configure, reset); options also read from window.KustomerStubConfig
 * set before load.
 * failNext(method, {message, status, code, times}) fails the next `times` calls (default 1;
 * times 0 ends the failures);
 * the config option failNext ({method: spec}) does the same from load, e.g. for start.
 * fault(method, {kind, delayMs, times}) injects what the docs never rule out (nothing promises
 * that a callback comes) into the next `times` calls: kind "silent" never calls back, "late"
 * calls back after delayMs, "twice" calls back two times, "throw" throws synchronously, and
 * "hold" calls back only when the test says so (release(method)), to arrange an order without
 * guessing at latencies. The call still takes effect (except "throw"); the log entry records
 * the fault. A "silent" fault on start makes a start that never completes.
 */
(function () {
  "use strict";

  var TAG = "[kustomer-stub]";
  var METHODS = ["stop", "open", "close", "login", "logout", "isLoggedIn", "describeCustomer",
    "describeConversation", "addListener", "removeListener", "isChatAvailable",
    "createConversation", "openConversationById", "getOpenConversations", "openKbArticle",
    "openKbCategory", "getUnreadCount"];
  var SYNC_METHODS = { isChatAvailable: 1, getUnreadCount: 1, addListener: 1, removeListener: 1 };

  var script = document.currentScript;
  if (window.KustomerStub) {
    console.warn(TAG, "widget.js included twice: the second copy does nothing");
    return;
  }
  var apiKey = script && script.getAttribute("data-kustomer-api-key");
  if (!apiKey) {
    console.error(TAG, "no data-kustomer-api-key on the widget.js script tag: chat not loaded");
    return;
  }

  var config = {
    loadLatencyMs: 300, startLatencyMs: 100, callLatencyMs: 0, failLoad: false,
    availability: "online", knownAttributes: null, failNext: null
  };
  var t0 = performance.now();
  var state;

  function resetState() {
    state = {
      calls: [], listeners: {}, ready: false, arrived: state ? state.arrived : false,
      queuedStarts: state ? state.queuedStarts : [], conversations: [], failures: {}, faults: {},
      held: [],
      loggedIn: null, unread: 0, ui: state ? state.ui : null
    };
  }
  resetState();

  function configure(options) {
    for (var key in options || {}) {
      if (!Object.prototype.hasOwnProperty.call(config, key)) {
        throw new Error(TAG + " unknown option " + key);
      }
      config[key] = options[key];
    }
    return Object.assign({}, config);
  }
  configure(window.KustomerStubConfig);
  Object.keys(config.failNext || {}).forEach(function (method) {
    state.failures[method] = Object.assign({ times: 1 }, config.failNext[method]);
  });

  function jsonSafe(value) {
    try {
      return JSON.parse(JSON.stringify(value, function (key, v) {
        return typeof v === "function" ? "[function]" : v;
      }));
    } catch (error) {
      return String(value);
    }
  }

  function record(method, args, dropped) {
    var entry = {
      method: method, args: jsonSafe(Array.prototype.slice.call(args)),
      time: Math.round(performance.now() - t0), dropped: dropped
    };
    state.calls.push(entry);
    return entry;
  }

  function later(ms, fn) {
    if (ms > 0) setTimeout(fn, ms);
    else Promise.resolve().then(fn);
  }

  function makeError(spec) {
    var error = new Error(spec.message || "Kustomer stub error");
    if (spec.status !== undefined) error.status = spec.status;
    if (spec.code !== undefined) error.code = spec.code;
    return error;
  }

  function emit(event, payload) {
    (state.listeners[event] || []).slice().forEach(function (fn) {
      try {
        fn(payload, undefined);
      } catch (error) {
        console.error(TAG, "listener for " + event + " threw", error);
      }
    });
  }

  // ---- the UI: an iframe with the real widget's id ------------------------------------

  function el(doc, tag, css, text) {
    var node = doc.createElement(tag);
    if (css) node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  function renderUi(options) {
    removeUi();
    var frame = document.createElement("iframe");
    frame.id = "kustomer-ui-sdk-iframe";
    frame.title = "Kustomer chat (stub)";
    frame.style.cssText = "position:fixed;right:16px;bottom:16px;width:72px;height:72px;" +
      "border:0;z-index:2147483000;background:transparent;" +
      (options.hideChatIcon ? "display:none;" : "");
    (document.body || document.documentElement).appendChild(frame);
    var doc = frame.contentDocument;
    doc.body.style.cssText = "margin:0;font:14px system-ui,sans-serif;background:transparent";
    var launcher = el(doc, "button", "position:absolute;right:4px;bottom:4px;width:60px;" +
      "height:60px;border-radius:30px;border:0;background:#3d1f8c;color:#fff;cursor:pointer;" +
      "font:600 13px system-ui,sans-serif", "Chat");
    launcher.setAttribute("aria-label", "Open chat");
    var panel = el(doc, "section", "display:none;position:absolute;inset:0 0 72px 0;" +
      "background:#fff;border:1px solid #ccc;border-radius:12px;flex-direction:column;" +
      "box-shadow:0 4px 16px rgba(0,0,0,.2)");
    panel.setAttribute("aria-label", "Chat panel");
    var header = el(doc, "header", "padding:10px 12px;background:#3d1f8c;color:#fff;" +
      "border-radius:12px 12px 0 0", "Chat (Kustomer stub)");
    var log = el(doc, "ol", "flex:1;overflow:auto;margin:0;padding:8px 12px 8px 28px");
    log.setAttribute("aria-label", "Messages");
    var form = el(doc, "form", "display:flex;gap:6px;padding:8px");
    var box = el(doc, "input", "flex:1;padding:6px");
    box.setAttribute("aria-label", "Message");
    box.placeholder = "Type a message";
    var send = el(doc, "button", "padding:6px 10px", "Send");
    send.type = "submit";
    form.append(box, send);
    panel.append(header, log, form);
    doc.body.append(panel, launcher);
    launcher.addEventListener("click", function () {
      if (state.ui && state.ui.open) doClose(); else doOpen();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = box.value.trim();
      if (!text) return;
      box.value = "";
      var current = state.conversations[state.conversations.length - 1];
      if (current && !current.ended) log.append(el(doc, "li", "", text));
      else newConversation(text);
    });
    state.ui = { frame: frame, panel: panel, log: log, open: false };
  }

  function removeUi() {
    if (state.ui && state.ui.frame.parentNode) state.ui.frame.parentNode.removeChild(state.ui.frame);
    state.ui = null;
  }

  function setOpen(open) {
    if (!state.ui) return false;
    var changed = state.ui.open !== open;
    state.ui.open = open;
    state.ui.panel.style.display = open ? "flex" : "none";
    state.ui.frame.style.width = open ? "340px" : "72px";
    state.ui.frame.style.height = open ? "460px" : "72px";
    if (open) state.ui.frame.style.display = "block";
    return changed;
  }

  function doOpen() { if (setOpen(true)) emit("onOpen", null); }
  function doClose() { if (setOpen(false)) emit("onClose", null); }

  function newConversation(message) {
    var conversation = {
      conversationId: "conv-" + Date.now().toString(36) + "-" + (state.conversations.length + 1),
      createdAt: new Date().toISOString(), ended: false, isInAssistantMode: false
    };
    state.conversations.push(conversation);
    doOpen();
    if (state.ui) state.ui.log.append(el(state.ui.frame.contentDocument, "li", "", message));
    emit("onConversationCreate", Object.assign({}, conversation));
    return conversation;
  }

  // ---- the SDK methods, once "the rest of the SDK" has arrived --------------------------

  function unknownAttributes(attributes) {
    if (!config.knownAttributes) return [];
    return Object.keys(attributes || {}).filter(function (name) {
      return config.knownAttributes.indexOf(name) < 0;
    });
  }

  var handlers = {
    stop: function () {
      removeUi();
      state.listeners = {};
      state.ready = false;
    },
    open: function () { doOpen(); },
    close: function () { doClose(); },
    login: function (options) {
      if (!options || typeof options.jwtToken !== "string" || !options.jwtToken) {
        throw { message: "jwtToken is required", status: 400 };
      }
      state.loggedIn = { externalId: "ext-" + options.jwtToken.length, email: null };
      var response = { identified: true, customerId: "cust-1", email: null,
        externalId: state.loggedIn.externalId };
      later(0, function () { emit("onLogin", response); });
      return response;
    },
    logout: function () {
      state.loggedIn = null;
      later(0, function () { emit("onLogout", null); });
    },
    isLoggedIn: function (options) {
      var who = options || {};
      return !!state.loggedIn && (who.externalId === state.loggedIn.externalId ||
        (!!who.email && who.email === state.loggedIn.email));
    },
    describeCustomer: function (options) {
      var bad = unknownAttributes(options && options.customAttributes);
      if (bad.length) throw { message: "unknown custom attribute: " + bad.join(", "), status: 400 };
    },
    describeConversation: function (options) {
      if (!options || !options.conversationId) {
        throw { message: "conversationId is required", status: 400 };
      }
      var bad = unknownAttributes(options.customAttributes);
      if (bad.length) throw { message: "unknown custom attribute: " + bad.join(", "), status: 400 };
    },
    createConversation: function (options) {
      var message = options && options.message;
      if (!message) {
        doOpen();
        return undefined;
      }
      return newConversation(message);
    },
    openConversationById: function (options) {
      var id = options && options.conversationId;
      var found = state.conversations.some(function (c) { return c.conversationId === id; });
      if (!found) throw { message: "conversation not found: " + id, status: 404 };
      doOpen();
      return null;
    },
    getOpenConversations: function () {
      return state.conversations.filter(function (c) { return !c.ended; });
    },
    openKbArticle: function (id) {
      if (typeof id !== "string" || !id) throw { message: "invalid article id", status: 404 };
      doOpen();
      return null;
    },
    openKbCategory: function (id) {
      if (typeof id !== "string" || !id) throw { message: "invalid category id", status: 404 };
      doOpen();
      return null;
    }
  };

  var syncHandlers = {
    isChatAvailable: function () { return { availability: config.availability }; },
    getUnreadCount: function () {
      return { total: state.unread, conversations: {} };
    },
    addListener: function (event, fn) {
      if (typeof fn !== "function") return;
      (state.listeners[event] = state.listeners[event] || []).push(fn);
    },
    removeListener: function (event, fn) {
      var list = state.listeners[event] || [];
      var at = list.indexOf(fn);
      if (at >= 0) list.splice(at, 1);
    }
  };

  function defineMethod(method) {
    return function () {
      var args = arguments;
      var entry = record(method, args, !state.ready);
      if (!state.ready) return undefined;
      if (SYNC_METHODS[method]) return syncHandlers[method].apply(null, args);
      var callback = args[args.length - 1];
      if (typeof callback !== "function") callback = null;
      var fault = take(state.faults, method);
      if (fault) entry.fault = fault.kind;
      if (fault && fault.kind === "throw") throw new Error(TAG + " " + method + " threw (fault)");
      var failure = take(state.failures, method);
      var response, error;
      if (failure) {
        error = makeError(failure);
      } else {
        try {
          response = handlers[method].apply(null, Array.prototype.slice.call(args, 0,
            callback ? args.length - 1 : args.length));
        } catch (thrown) {
          error = makeError(thrown);
        }
      }
      if (error) entry.error = error.message;
      if (!callback || (fault && fault.kind === "silent")) return undefined;
      var answer = function () { callback(response, error); };
      if (fault && fault.kind === "hold") {
        state.held.push({ method: method, answer: answer });
        return undefined;
      }
      if (fault && fault.kind === "late") setTimeout(answer, fault.delayMs);
      else later(config.callLatencyMs, answer);
      if (fault && fault.kind === "twice") later(config.callLatencyMs, answer);
      return undefined;
    };
  }

  function take(specs, method) {
    var spec = specs[method];
    if (spec && !(--spec.times > 0)) delete specs[method];
    return spec;
  }

  function runStart(options, callback) {
    var failure = take(state.failures, "start");
    var fault = take(state.faults, "start");
    if (fault && fault.kind === "silent") return; // a start that never completes
    setTimeout(function () {
      if (failure) {
        if (callback) callback(null, makeError(failure));
        return;
      }
      renderUi(options || {});
      state.ready = true;
      if (state.startedAt === undefined) state.startedAt = performance.now();
      if (callback) callback(null, undefined);
    }, config.startLatencyMs);
  }

  function start(options, callback) {
    record("start", arguments, false);
    if (typeof callback !== "function") callback = null;
    if (!state.arrived) {
      state.queuedStarts.push([options, callback]);
    } else if (state.ready) {
      console.warn(TAG, "start() called again without stop() (undocumented; the stub ignores it)");
      if (callback) later(0, function () { callback(null, undefined); });
    } else {
      runStart(options, callback);
    }
  }

  function arrive() {
    if (config.failLoad) {
      console.error(TAG, "the rest of the SDK failed to load (failLoad)");
      return;
    }
    state.arrived = true;
    METHODS.forEach(function (method) { window.Kustomer[method] = defineMethod(method); });
    var queued = state.queuedStarts;
    state.queuedStarts = [];
    queued.forEach(function (pair) { runStart(pair[0], pair[1]); });
  }

  window.Kustomer = { start: start };

  window.KustomerStub = {
    get calls() { return jsonSafe(state.calls); },
    get ready() { return state.ready; },
    get startedAt() { return state.startedAt; },
    get arrived() { return state.arrived; },
    get listenerCounts() {
      var counts = {};
      Object.keys(state.listeners).forEach(function (event) {
        counts[event] = state.listeners[event].length;
      });
      return counts;
    },
    fire: function (event, payload) { emit(event, payload); },
    createConversation: function (message) {
      if (!state.ready) return null;
      record("createConversation", [{ message: message }], false).byStub = true;
      return newConversation(message || "Hello").conversationId;
    },
    failNext: function (method, spec) {
      if (spec && spec.times === 0) delete state.failures[method];
      else state.failures[method] = Object.assign({ times: 1 }, spec);
    },
    fault: function (method, spec) {
      if (["silent", "late", "twice", "throw", "hold"].indexOf(spec && spec.kind) < 0) {
        throw new Error(TAG + " fault kind must be silent, late, twice, throw or hold");
      }
      state.faults[method] = Object.assign({ times: 1, delayMs: 0 }, spec);
    },
    // `done` runs after every callback queued so far (a marker: same latency, later timer).
    afterQueued: function (done) { later(config.callLatencyMs, done); },
    // Answer the held calls of `method` ("hold" faults), in call order; returns how many.
    release: function (method) {
      var held = state.held.filter(function (call) { return call.method === method; });
      state.held = state.held.filter(function (call) { return call.method !== method; });
      held.forEach(function (call) { call.answer(); });
      return held.length;
    },
    configure: configure,
    reset: function () {
      var listeners = state.listeners;
      var ready = state.ready;
      resetState();
      state.listeners = listeners;
      state.ready = ready;
    }
  };

  setTimeout(arrive, config.loadLatencyMs);
  window.dispatchEvent(new Event("kustomerLoaded"));
})();
