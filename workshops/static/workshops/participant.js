/* Participants' pages: register the service worker (scope /w/) so a page reloaded offline still opens. */
(function () {
  "use strict";
  var root = document.querySelector("[data-service-worker]");
  if (!root || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(root.getAttribute("data-service-worker"), { scope: "/w/" }).catch(function () {});
})();
