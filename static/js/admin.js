/* Accessibility fixes for markup Django's admin builds in JavaScript (loaded by admin/base_site.html).
 * The search icons of the two-box permission selectors are spans with an aria-label but no role, which
 * screen readers ignore (axe: aria-prohibited-attr); they are images. */
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  // SelectFilter2 builds its boxes on window "load"; run after it.
  window.addEventListener("load", function () { window.setTimeout(fix, 0); });
})();
