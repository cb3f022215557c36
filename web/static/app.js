/* Case vignettes: small enhancements over server-rendered pages (every page works without them). */
(function () {
  "use strict";

  // htmx requests carry this session's CSRF token (POSTs are refused without it).
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.body.dataset.csrf;
    if (token) e.detail.headers["X-CSRF-Token"] = token;
  });

  // After an answer or a page of results arrives, keep the ask box in step and move focus to the new heading.
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail.target;
    if (!target) return;
    if (target.id === "answer") {
      var section = target.querySelector("[data-question]");
      var box = document.getElementById("q");
      if (section && box) box.value = section.getAttribute("data-question");
      var title = document.getElementById("answer-title");
      if (title) title.focus({ preventScroll: false });
    }
  });

  // ------------------------------------------------------------------ the vignette page: facts <-> words
  var story = document.getElementById("story");
  if (!story) return;
  var narrative = document.getElementById("narrative");
  var status = document.getElementById("evidence-status");
  var marks = Array.prototype.slice.call(narrative.querySelectorAll("mark.ev"));
  var buttons = Array.prototype.slice.call(story.querySelectorAll("button.fact"));
  var motion = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  var byFact = {};
  buttons.forEach(function (b) { byFact[b.dataset.fact] = b; });

  function label(id) {
    var b = byFact[id];
    return b ? b.querySelector(".fact-label").textContent.trim() : id;
  }
  function kindOf(id) {
    var b = byFact[id];
    var m = b && b.className.match(/fact-(role|behavior|pattern|intervention|outcome)/);
    return m ? m[1] : "";
  }
  function clear() {
    marks.forEach(function (m) { m.classList.remove("on"); });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); b.classList.remove("hit"); });
  }
  var toast = document.getElementById("evidence-toast");
  var toastTimer = null;
  // On a phone the facts are far below the story: what the live region says also shows at the screen's foot.
  function say(text, brief) {
    status.textContent = text;
    if (!toast || window.matchMedia("(min-width: 52rem)").matches || !brief) return;
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, 6000);
  }
  if (toast) toast.addEventListener("click", function () { toast.hidden = true; });

  function showFact(id, scroll) {
    clear();
    var found = marks.filter(function (m) { return m.dataset.facts.split(" ").indexOf(id) >= 0; });
    found.forEach(function (m) { m.classList.add("on"); });
    if (byFact[id]) byFact[id].setAttribute("aria-pressed", "true");
    if (found.length) {
      say("“" + label(id) + "”: " + found.length + (found.length === 1 ? " passage" : " passages") + " highlighted in the story.");
      if (scroll) found[0].scrollIntoView({ block: "center", behavior: motion });
    } else {
      say("“" + label(id) + "” has no quoted evidence.");
    }
  }

  function showFacts(ids, from) {
    clear();
    ids = ids.filter(function (v, i) { return ids.indexOf(v) === i; });
    from.forEach(function (m) { m.classList.add("on"); });
    ids.forEach(function (id) { if (byFact[id]) byFact[id].classList.add("hit"); });
    if (!ids.length) { say("These words are not evidence for any fact.", true); return; }
    say("These words support: " + ids.map(function (id) { return label(id) + " (" + kindOf(id) + ")"; }).join(", ") + ".", true);
    if (byFact[ids[0]] && window.matchMedia("(min-width: 52rem)").matches) {
      byFact[ids[0]].scrollIntoView({ block: "nearest", behavior: motion });
    }
  }

  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.getAttribute("aria-pressed") === "true") { clear(); say("Choose a fact, or click highlighted words."); return; }
      showFact(b.dataset.fact, true);
    });
  });
  marks.forEach(function (m) {
    function pick() { showFacts(m.dataset.facts.split(" "), [m]); }
    m.addEventListener("click", function () {
      if (!window.getSelection().isCollapsed) return; // a selection is handled on mouseup
      pick();
    });
    m.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); }
    });
  });
  // Select words with the mouse or a finger: the facts of every highlighted passage the selection touches.
  narrative.addEventListener("mouseup", selection);
  narrative.addEventListener("touchend", function () { setTimeout(selection, 0); });
  function selection() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    var range = sel.getRangeAt(0);
    if (!narrative.contains(range.commonAncestorContainer)) return;
    var touched = marks.filter(function (m) { return range.intersectsNode(m); });
    var ids = [];
    touched.forEach(function (m) { ids = ids.concat(m.dataset.facts.split(" ")); });
    showFacts(ids, touched);
  }
  // Links to a fact elsewhere on the page (timeline, interventions) select it in the story.
  document.querySelectorAll("[data-fact-link]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var id = a.dataset.factLink;
      showFact(id, true);
      if (byFact[id]) byFact[id].focus({ preventScroll: true });
    });
  });
  // ?fact=ID (links from answers): select it on arrival.
  var selected = story.dataset.selected;
  if (selected && byFact[selected]) showFact(selected, true);
})();
