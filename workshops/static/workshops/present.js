/* Presenting mode: reveal the answers without reloading (announced once to screen readers), a timer, the
 * discussion note saved as it is typed, and the arrow keys for previous/next. Without this script the page
 * works with plain links (?reveal=1) and the note's Save button. */
(function () {
  "use strict";
  var root = document.getElementById("present");
  if (!root) return;
  var announce = document.getElementById("present-announce");
  var result = document.getElementById("present-result");
  var reveal = document.getElementById("reveal-button");
  var announced = false;

  if (reveal && result) {
    var revealText = reveal.textContent;
    var hideText = reveal.getAttribute("data-hide") || "";
    reveal.addEventListener("click", function (event) {
      event.preventDefault();
      var show = result.hidden;
      result.hidden = !show;
      reveal.setAttribute("aria-expanded", show ? "true" : "false");
      reveal.textContent = show ? (hideText || revealText) : revealText;
      root.setAttribute("data-revealed", show ? "1" : "0");
      if (show && !announced && announce) {
        announced = true;  // once per question: hiding and showing again does not repeat it
        announce.textContent = result.getAttribute("data-summary");
      }
    });
  }

  // Timer
  var timer = document.getElementById("present-timer");
  if (timer) {
    timer.hidden = false;
    var minutes = document.getElementById("timer-minutes");
    var toggle = document.getElementById("timer-toggle");
    var reset = document.getElementById("timer-reset");
    var display = document.getElementById("timer-display");
    var left = 120, running = null;
    var show = function () {
      var m = Math.floor(left / 60), s = left % 60;
      display.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      display.classList.toggle("timer-up", left === 0);
    };
    var stop = function () {
      if (running) window.clearInterval(running);
      running = null;
      toggle.textContent = timer.getAttribute("data-start");
    };
    var setLength = function () { stop(); left = parseInt(minutes.value, 10) * 60; show(); };
    minutes.addEventListener("change", setLength);
    reset.addEventListener("click", setLength);
    toggle.addEventListener("click", function () {
      if (running) { stop(); return; }
      if (left === 0) setLength();
      toggle.textContent = timer.getAttribute("data-pause");
      running = window.setInterval(function () {
        left = Math.max(0, left - 1);
        show();
        if (left === 0) {
          stop();
          if (announce) announce.textContent = timer.getAttribute("data-up");
        }
      }, 1000);
    });
    show();
  }

  // Discussion note, saved after a pause in typing.
  var form = document.getElementById("note-form");
  var text = document.getElementById("note-text");
  var status = document.getElementById("note-status");
  if (form && text && window.fetch) {
    var pending = null, lastSent = text.value;
    var save = function () {
      pending = null;
      if (text.value === lastSent) return;
      var value = text.value;
      status.textContent = status.getAttribute("data-saving");
      window.fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        lastSent = value;
        status.textContent = status.getAttribute("data-saved");
      }).catch(function () {
        status.textContent = status.getAttribute("data-failed");
        pending = window.setTimeout(save, 5000);
      });
    };
    text.addEventListener("input", function () {
      if (pending) window.clearTimeout(pending);
      pending = window.setTimeout(save, 700);
    });
    text.addEventListener("blur", function () { if (pending) { window.clearTimeout(pending); save(); } });
    form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
  }

  // Arrow keys: previous / next question (not while typing).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input" || tag === "select" || event.altKey || event.ctrlKey || event.metaKey) return;
    var rel = event.key === "ArrowRight" ? "next" : event.key === "ArrowLeft" ? "prev" : "";
    var link = rel && document.querySelector('.present-controls a[rel="' + rel + '"]');
    if (link) window.location.href = link.href;
  });
})();
