/* Save every answer as it is given (officers and workshop participants alike).
 *
 * After each change the whole step is posted to the step's own URL with autosave=1 (questionnaire.flow
 * answers JSON). Before sending, the step is written to localStorage; it is removed only once the server
 * confirms, so a dropped signal, a closed tab or a phone that discards the page loses nothing: the next
 * time any page of the questionnaire opens (or the connection returns) the kept steps are sent again, and
 * the form shows them meanwhile, marked "not sent yet". Without this script the step buttons save as before.
 */
(function () {
  "use strict";
  var form = document.getElementById("step-form");
  if (!form || !form.hasAttribute("data-autosave") || !window.fetch || !window.FormData) return;
  var PENDING = "ledcheck.autosave.pending";
  var KNOWN = "ledcheck.autosave.known";
  // Entries are keyed by owner and page: on a shared phone one participant's kept answers are never shown
  // on, or sent from, another participant's pages (same URLs, another cookie).
  var owner = form.getAttribute("data-autosave") || "";
  var here = owner + "|" + window.location.pathname;
  var status = document.getElementById("autosave-status");
  var timer = null;
  var sending = false;

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function write(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function show(state, text) {
    if (!status) return;
    status.hidden = false;
    status.setAttribute("data-state", state);
    status.textContent = text || status.getAttribute("data-" + state) || "";
    form.setAttribute("data-autosave-state", state);
  }

  function snapshot() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "goto" && name !== "csrfmiddlewaretoken") entries.push([name, String(value)]);
    });
    return entries;
  }

  function apply(entries) {
    var given = {};
    entries.forEach(function (e) { (given[e[0]] = given[e[0]] || []).push(e[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "hidden" || el.type === "submit") return;
      var values = given[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) !== -1;
      else if (el.tagName === "TEXTAREA" || el.type === "text") el.value = values.length ? values[0] : "";
    });
  }

  function token() {
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : "";
  }

  function keep() {
    var pending = read(PENDING);
    var entries = snapshot();
    pending[here] = { entries: entries, at: Date.now(), token: token() };
    var known = read(KNOWN);
    known[here] = { entries: entries, at: Date.now() };
    write(KNOWN, known);
    return write(PENDING, pending);
  }

  function post(url, item, keepalive) {
    var body = new FormData();
    item.entries.forEach(function (e) { body.append(e[0], e[1]); });
    body.append("csrfmiddlewaretoken", token() || item.token || "");
    body.append("autosave", "1");
    return window.fetch(url, {
      method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "fetch", Accept: "application/json" }
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    });
  }

  function flush() {
    if (sending) return;
    var pending = read(PENDING);
    var urls = Object.keys(pending).filter(function (key) { return key.indexOf(owner + "|") === 0; });
    if (!urls.length) return;
    sending = true;
    if (pending[here]) show("saving");
    var next = function (i) {
      if (i >= urls.length) {
        sending = false;
        // An answer given while this round was on its way is sent now, not at the next 15-second retry
        // (until then the server, and the facilitator's screen, would not have it).
        var left = read(PENDING);
        var newer = Object.keys(left).some(function (key) {
          return key.indexOf(owner + "|") === 0 && (!pending[key] || left[key].at !== pending[key].at);
        });
        if (newer) { flush(); return; }
        if (!left[here] && form.getAttribute("data-autosave-state") !== "error") show("saved");
        return;
      }
      var url = urls[i], item = pending[url];
      post(url.slice(owner.length + 1), item).then(function (result) {
        var now = read(PENDING);
        if (now[url] && now[url].at === item.at) { delete now[url]; write(PENDING, now); }
        if (url === here && result.status !== 200) {
          var message = (result.data && result.data.message) || status.getAttribute("data-error");
          show("error", message);
        }
        next(i + 1);
      }, function () {
        sending = false;
        show("pending");
      });
    };
    next(0);
  }

  function changed(delay) {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      timer = null;
      if (keep()) show(navigator.onLine === false ? "pending" : "saving");
      flush();
    }, delay);
  }

  form.setAttribute("data-autosave-active", "1");
  form.addEventListener("change", function () { changed(0); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA" || event.target.type === "text") changed(800);
  });
  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false) {  // keep the step instead of the browser's "no internet" page
      event.preventDefault();
      keep();
      show("pending");
      return;
    }
    // The button's own post saves this step: no autosave of it may follow (a second write of the same step
    // racing the form's, which SQLite answers with "database table is locked").
    if (timer) { window.clearTimeout(timer); timer = null; }
    var pending = read(PENDING);
    delete pending[here];
    write(PENDING, pending);
  });
  window.addEventListener("pagehide", function () {
    if (!timer) return;
    window.clearTimeout(timer);
    timer = null;
    keep();
    var item = read(PENDING)[here];
    if (item) post(window.location.pathname, item, true).catch(function () {});
  });
  window.addEventListener("online", flush);
  window.setInterval(function () { if (Object.keys(read(PENDING)).length) flush(); }, 15000);

  // "I am someone else" on a shared phone: this participant's answers not sent yet would be lost with their
  // cookie, so send them first; offline, say so instead of switching.
  document.querySelectorAll("form.someone-else").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (read(PENDING)[here] && navigator.onLine === false) {
        event.preventDefault();
        show("pending");
        if (status) status.scrollIntoView({ block: "center" });
      }
    });
  });

  // Opening the page: show what this device kept for this step (not sent yet, or sent while this copy of
  // the page came from the offline cache), then send what is waiting.
  var mine = read(PENDING)[here];
  var known = read(KNOWN)[here];
  if (mine) {
    apply(mine.entries);
    show("pending");
  } else if (known && navigator.onLine === false) {
    apply(known.entries);
  }
  flush();
})();
