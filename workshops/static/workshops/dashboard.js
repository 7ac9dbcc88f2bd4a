/* Workshop dashboard: refresh the counts and the answer distributions without reloading the page.
 *
 * The page is complete without this script (server-rendered). The script polls the JSON endpoint named by
 * data-live-url every data-interval milliseconds while the page is visible, sending the last ETag, so an
 * unchanged workshop answers 304 with no body. It updates the numbers in place (text, bar widths): no
 * element is replaced, so focus (on a "By role" summary, say) and open panels stay as they are. The counts
 * are an aria-live="polite" region, so screen readers hear them change. Questions are re-ordered by
 * disagreement unless "Freeze the order" is ticked, and never while focus is inside the list. Polling stops
 * once the workshop is closed.
 */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-live-url");
  var interval = parseInt(root.getAttribute("data-interval"), 10) || 4000;
  var list = document.getElementById("questions");
  var status = document.getElementById("live-status");
  var freeze = document.getElementById("freeze-order");
  var etag = null;
  var timer = null;
  var stopped = root.getAttribute("data-status") === "closed";

  if (freeze) {
    freeze.hidden = false;
    if (freeze.labels && freeze.labels[0]) freeze.labels[0].hidden = false;
    try { freeze.checked = window.sessionStorage.getItem("ledcheck.freeze") === "1"; } catch (e) { /* private mode */ }
    freeze.addEventListener("change", function () {
      try { window.sessionStorage.setItem("ledcheck.freeze", freeze.checked ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  function fill(template, key, value) {
    return (template || "").replace("{" + key + "}", value);
  }

  function updateQuestion(article, q) {
    var dis = article.querySelector('[data-field="disagreement"]');
    if (dis) {
      var text = q.answered ? fill(dis.getAttribute("data-template"), "d", Math.round(q.disagreement * 100))
        : dis.getAttribute("data-none");
      setText(dis, text);
      dis.classList.toggle("disagreement-high", q.answered > 0 && Math.round(q.disagreement * 100) >= 50);
    }
    var answered = article.querySelector('[data-field="answered"]');
    if (answered) {
      var form = q.answered === 1 ? "data-one" : "data-other";
      setText(answered, fill(answered.getAttribute(form), "n", q.answered));
    }
    var modal = article.querySelector('[data-field="modal"]');
    if (modal) {
      var label = q.tied && q.tied.length ? q.tied.join(" / ") : q.most_common_label;
      var prefix = q.tied && q.tied.length ? modal.getAttribute("data-tie") : modal.getAttribute("data-most");
      var strong = modal.querySelector("strong");
      if (!q.answered) {
        setText(modal, "");
      } else if (!strong || modal.firstChild.nodeValue !== " · " + prefix + " ") {
        modal.textContent = " · " + prefix + " ";
        strong = document.createElement("strong");
        strong.className = "text-body";
        modal.appendChild(strong);
        strong.textContent = label;
      } else {
        setText(strong, label);
      }
    }
    var agreement = article.querySelector('[data-field="agreement"]');
    if (agreement) {
      setText(agreement, q.agreement === null ? "" : " · " + fill(agreement.getAttribute("data-template"), "a", q.agreement));
    }
    q.distribution.forEach(function (bar) {
      var row = article.querySelector('tr[data-bar="' + bar.key + '"]');
      if (!row) return;
      var rect = row.querySelector("rect.bar-value");
      if (rect && rect.getAttribute("width") !== String(bar.percent)) rect.setAttribute("width", bar.percent);
      setText(row.querySelector(".bar-count"), String(bar.count));
      var percent = row.querySelector(".bar-percent");
      if (percent) setText(percent, fill(percent.getAttribute("data-template") || "{p}%", "p", bar.percent));
      row.classList.toggle("empty-bar", !bar.count);
    });
    var details = article.querySelector("details.by-role");
    if (details) {
      details.hidden = !q.by_role.length;
      var body = details.querySelector('[data-field="roles"]');
      var signature = JSON.stringify(q.by_role);
      if (body && body.getAttribute("data-signature") !== signature) {
        var rows = document.createDocumentFragment();
        q.by_role.forEach(function (role) {
          var tr = document.createElement("tr");
          var th = document.createElement("th");
          th.scope = "row";
          th.className = "fw-normal";
          th.appendChild(document.createTextNode(role.label + " "));
          var n = document.createElement("span");
          n.className = "text-body-secondary";
          n.textContent = "(" + role.answered + ")";
          th.appendChild(n);
          tr.appendChild(th);
          role.counts.forEach(function (count) {
            var td = document.createElement("td");
            td.className = "text-end" + (count ? "" : " text-body-secondary");
            td.textContent = count;
            tr.appendChild(td);
          });
          rows.appendChild(tr);
        });
        while (body.firstChild) body.removeChild(body.firstChild);
        body.appendChild(rows);
        body.setAttribute("data-signature", signature);
      }
      var hidden = details.querySelector('[data-field="hidden-roles"]');
      if (hidden) {
        hidden.hidden = !q.hidden_roles;
        setText(hidden.querySelector('[data-field="hidden-count"]'), String(q.hidden_roles));
      }
    }
  }

  function reorder(questions) {
    if (freeze && freeze.checked) return;
    if (list.contains(document.activeElement)) return;  // never move what the user is on
    var articles = {};
    list.querySelectorAll("article[data-code]").forEach(function (a) { articles[a.getAttribute("data-code")] = a; });
    var current = Object.keys(articles);  // in document order
    var wanted = questions.map(function (q) { return q.code; });
    if (current.join(" ") === wanted.join(" ")) return;
    wanted.forEach(function (code) { if (articles[code]) list.appendChild(articles[code]); });
  }

  function render(data) {
    Object.keys(data.counts).forEach(function (key) {
      setText(root.querySelector('[data-count="' + key + '"]'), String(data.counts[key]));
    });
    var alpha = document.getElementById("workshop-alpha");
    if (alpha) {
      setText(alpha, data.alpha === null ? alpha.getAttribute("data-none") : fill(alpha.getAttribute("data-template"), "a",
        Number(data.alpha).toLocaleString(document.documentElement.lang || undefined)));
    }
    data.questions.forEach(function (q) {
      var article = document.getElementById("summary-" + q.code);
      if (article) updateQuestion(article, q);
    });
    reorder(data.questions);
    root.setAttribute("data-revision", data.revision);
    if (data.status === "closed") stopped = true;
  }

  function stamp() {
    if (status) status.textContent = status.getAttribute("data-updated") + " " + new Date().toLocaleTimeString();
  }

  function poll() {
    timer = null;
    if (document.hidden || stopped) return;
    var headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url, { credentials: "same-origin", headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error(response.status);
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        if (data) render(data);
        stamp();
      })
      .catch(function () {
        if (status) status.textContent = status.getAttribute("data-offline");
      })
      .then(schedule);
  }

  function schedule() {
    if (stopped) {
      root.setAttribute("data-live", "stopped");
      if (status) status.textContent = status.getAttribute("data-closed") || "";
      return;
    }
    if (!timer && !document.hidden) timer = window.setTimeout(poll, interval);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden || stopped) return;
    if (timer) window.clearTimeout(timer);
    poll();
  });
  root.setAttribute("data-live", stopped ? "stopped" : "on");
  schedule();
})();
