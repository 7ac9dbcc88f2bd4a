/* ledcheck participants' service worker (scope /w/), version {{ version }}.
 * Pages: network first; each page that loads is kept, so a page reloaded or reopened without a connection
 * shows the copy the phone last had (the questionnaire, whose answers autosave.js keeps and sends later),
 * not the browser's error page. Static files: from the cache, fetched once. Posts are never touched. */
"use strict";
var PAGES = "ledcheck-w-pages";
var ASSETS = "ledcheck-w-assets-{{ version }}";
var PRECACHE = {{ assets }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) { return cache.addAll(PRECACHE); }).catch(function () {}));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("ledcheck-w-assets-") === 0 && k !== ASSETS; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function workshopKey(url) {
  var parts = new URL(url).pathname.split("/");  // ["", "w", token, ...]
  return parts.length > 2 && parts[2] ? "/w/" + parts[2] + "/__last__" : null;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf("/w/") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && response.type === "basic" && !response.redirected) {
        var copy = response.clone(), last = response.clone();
        caches.open(PAGES).then(function (cache) {
          cache.put(request.url, copy);
          var key = workshopKey(request.url);
          if (key) cache.put(new URL(key, self.location.origin).href, last);
        });
      } else if (response.ok && response.redirected) {
        var moved = response.clone();
        caches.open(PAGES).then(function (cache) { cache.put(response.url, moved); });
      }
      return response;
    }).catch(function () {
      return caches.open(PAGES).then(function (cache) {
        return cache.match(request.url).then(function (hit) {
          var key = workshopKey(request.url);
          return hit || (key ? cache.match(new URL(key, self.location.origin).href) : undefined);
        });
      }).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf("{{ static_prefix }}") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) { var copy = response.clone(); caches.open(ASSETS).then(function (c) { c.put(request, copy); }); }
        return response;
      });
    }));
  }
});
