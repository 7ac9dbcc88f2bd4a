/* Questionnaire enhancements; the form works the same without them.
 * 1. In a "tick all that apply" question, "None of these" and "Don't know" exclude every other choice.
 * 2. Warn before leaving the page by a plain link while typed answers are unsaved
 *    (the step buttons save, so they never warn; nor does a page whose answers autosave.js keeps). */
(function () {
  "use strict";
  var EXCLUSIVE = ["__none__", "dont_know"];

  document.querySelectorAll(".questionnaire fieldset").forEach(function (fieldset) {
    var boxes = Array.prototype.slice.call(fieldset.querySelectorAll('input[type="checkbox"]'));
    if (!boxes.length) return;
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) return;
        var exclusive = EXCLUSIVE.indexOf(box.value) !== -1;
        boxes.forEach(function (other) {
          if (other === box) return;
          if (exclusive || EXCLUSIVE.indexOf(other.value) !== -1) other.checked = false;
        });
      });
    });
  });

  var form = document.getElementById("step-form");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    // With autosave (autosave.js) every answer is kept on the device at once: leaving loses nothing.
    if (dirty && !form.hasAttribute("data-autosave-active")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
