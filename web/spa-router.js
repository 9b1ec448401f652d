/* spa-router.js: the demo's single-page-app page navigates with history.pushState. */
(function () {
  "use strict";
  function show() { document.getElementById("spa-route").textContent = location.pathname; }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-route]");
    if (!button) return;
    history.pushState({}, "", button.getAttribute("data-route") + "?utm_campaign=spa-demo");
    document.title = button.getAttribute("data-title") + " · kustomer-bridge demo";
    document.getElementById("spa-heading").textContent = button.getAttribute("data-title");
    show();
  });
  show();
})();
