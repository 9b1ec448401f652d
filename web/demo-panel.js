/* demo-panel.js: the demo's live panel of what kustomer-bridge did (demo pages only). */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var shownCalls = 0;

  function item(list, text, className) {
    var li = document.createElement("li");
    li.textContent = text;
    if (className) li.className = className;
    $(list).appendChild(li);
  }

  window.addEventListener("kustomer-bridge:booted", function (event) {
    $("panel-runtime").textContent = event.detail.runtime + " (in a " + event.detail.runner +
      ", up " + event.detail.bootMs + " ms after navigation)";
    $("panel-runtime").className = "ok";
  });

  function watch() {
    var bridge = window.kustomerBridge;
    if (!bridge || !bridge.ready) return setTimeout(watch, 50);
    bridge.ready.then(function () {
      $("panel-ready").textContent = "ready (Kustomer.start() completed)";
      $("panel-ready").className = "ok";
    }, function (error) {
      $("panel-ready").textContent = error.name + ": " + error.message;
      $("panel-ready").className = "bad";
    });
    bridge.on("describeSent", function (event) {
      item("panel-describes", event.conversationId + " " + JSON.stringify(event.customAttributes), "ok");
    });
    bridge.on("describeFailed", function (event) {
      item("panel-describes", event.conversationId + " failed: " + event.reason, "bad");
    });
    bridge.on("attributeRejected", function (event) {
      item("panel-describes", "attribute " + event.name + " rejected: " + event.reason, "bad");
    });
  }
  watch();

  setInterval(function () {
    var stub = window.KustomerStub;
    if (!stub) return;
    var calls = stub.calls;
    for (; shownCalls < calls.length; shownCalls++) {
      var call = calls[shownCalls];
      item("panel-calls", "+" + call.time + " ms " + call.method + "(" +
        JSON.stringify(call.args).slice(1, -1).slice(0, 160) + ")" +
        (call.dropped ? " DROPPED" : ""), call.dropped ? "bad" : "");
    }
  }, 250);
})();
