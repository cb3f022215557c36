/* The teaching case's edit form: add questions and objectives without saving first, and warn before leaving with
   changes not saved. The form works without it (each stage has one blank question, and one blank objective). */
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form) return;
  form.querySelectorAll("button[data-add]").forEach(function (b) { b.hidden = false; });

  // Text boxes grow with their text, so a passage or an answer reads whole (on a phone too).
  function fit(area) {
    if (!area.offsetParent) return; // inside a closed section: fitted when opened
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }
  function fitAll(root) { root.querySelectorAll("textarea").forEach(fit); }
  form.addEventListener("input", function (e) { if (e.target.tagName === "TEXTAREA") fit(e.target); });
  form.addEventListener("toggle", function (e) { if (e.target.open) fitAll(e.target); }, true);
  fitAll(form);

  function renamed(root, from, to) {
    root.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.split(from).join(to));
      });
    });
  }
  function cleared(root) {
    root.querySelectorAll("textarea, input:not([type]), input[type=text]").forEach(function (el) { el.value = ""; });
    root.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    root.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    return root;
  }

  function addQuestion(stage) {
    var list = document.getElementById("f-s" + stage + "-questions");
    var blanks = list.querySelectorAll(".question-fields.is-new");
    var model = blanks[blanks.length - 1];
    var next = 0;
    list.querySelectorAll(".question-fields").forEach(function (f) { next = Math.max(next, parseInt(f.dataset.slot, 10) + 1); });
    var from = "s" + stage + "-q" + model.dataset.slot + "-", to = "s" + stage + "-q" + next + "-";
    var clone = cleared(model.cloneNode(true));
    renamed(clone, from, to);
    clone.dataset.slot = String(next);
    clone.id = "f-s" + stage + "-q" + next;
    list.appendChild(clone);
    clone.open = true;
    fitAll(clone);
    clone.querySelector("textarea").focus();
  }

  function addObjective() {
    var list = document.getElementById("objective-list");
    var items = list.querySelectorAll("li");
    var model = items[items.length - 1];
    var n = items.length;
    var clone = cleared(model.cloneNode(true));
    var area = clone.querySelector("textarea");
    var label = clone.querySelector("label");
    area.id = "f-objective-" + n;
    label.setAttribute("for", area.id);
    label.innerHTML = "Objective " + (n + 1) + ' <span class="optional">(new)</span>';
    list.appendChild(clone);
    fit(area);
    area.focus();
  }

  form.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-add]");
    if (!button) return;
    if (button.dataset.add === "question") addQuestion(button.dataset.stage);
    else addObjective();
    dirty = true;
  });

  // Changes not saved (typed here, or sent back after a conflict or a problem) are not lost by leaving unawares.
  var dirty = form.dataset.unsaved === "true";
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = "";
  });
})();
