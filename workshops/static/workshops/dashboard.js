/* Workshop dashboard: refresh the counts and the answer distributions without reloading the page.
 * The page is complete without this script (server-rendered); the script polls the JSON endpoint named
 * by data-live-url every data-interval milliseconds while the page is visible. */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-live-url");
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 4000;
  var questions = document.getElementById("questions");
  var status = document.getElementById("live-status");
  var version = null;
  var timer = null;

  function openDetails() {
    var open = {};
    questions.querySelectorAll("details.by-role[open]").forEach(function (d) {
      open[d.getAttribute("data-question")] = true;
    });
    return open;
  }

  function render(data) {
    Object.keys(data.counts).forEach(function (key) {
      var el = root.querySelector('[data-count="' + key + '"]');
      if (el && el.textContent !== String(data.counts[key])) el.textContent = data.counts[key];
    });
    if (data.version !== version) {
      // The fragment is rendered (and escaped) by the server's own template; keep open "by role" panels open.
      var open = openDetails();
      questions.innerHTML = data.html;
      questions.querySelectorAll("details.by-role").forEach(function (d) {
        if (open[d.getAttribute("data-question")]) d.open = true;
      });
      version = data.version;
    }
    if (status) status.textContent = status.getAttribute("data-updated") + " " + new Date().toLocaleTimeString();
  }

  function poll() {
    timer = null;
    if (document.hidden) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(render)
      .catch(function () {
        if (status) status.textContent = status.getAttribute("data-offline");
      })
      .then(schedule);
  }

  function schedule() {
    if (!timer && !document.hidden) timer = window.setTimeout(poll, interval);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) return;
    if (timer) window.clearTimeout(timer);
    poll();
  });
  root.setAttribute("data-live", "on");
  schedule();
})();
