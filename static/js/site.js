// The only two Bootstrap behaviours the site uses, without the 80 KB Bootstrap bundle (issue 13): the
// navbar toggler on narrow screens (data-bs-toggle="collapse") and closing a message (data-bs-dismiss="alert").
// Loaded with `defer` on every page; the markup stays Bootstrap's, so the CSS applies unchanged.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggler = event.target.closest('[data-bs-toggle="collapse"]');
    if (toggler) {
      var target = document.querySelector(toggler.getAttribute("data-bs-target"));
      if (target) {
        var open = target.classList.toggle("show");
        toggler.setAttribute("aria-expanded", open ? "true" : "false");
        toggler.classList.toggle("collapsed", !open);
      }
      return;
    }
    var dismiss = event.target.closest('[data-bs-dismiss="alert"]');
    if (dismiss) {
      var alert = dismiss.closest(".alert");
      if (alert) {
        var next = alert.nextElementSibling || alert.previousElementSibling;
        alert.remove();
        // Keep the keyboard focus on the page rather than losing it with the removed button.
        var focus = next && next.querySelector(".btn-close");
        (focus || document.getElementById("main")).focus();
      }
    }
  });
})();
