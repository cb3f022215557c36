/* An article's page: "Show" marks a concept's words in the text; clicking marked words says what they name and
   why they count or not. The page reads whole without it. */
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var status = document.getElementById("mention-status");
  if (!body || !status) return;
  var marks = Array.prototype.slice.call(body.querySelectorAll("mark.mention"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.show-mentions"));
  var toast = document.getElementById("mention-toast");
  var motion = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
  var WORDS = {
    affirmed: "stated of the case the article describes",
    negated: "said not to be so",
    hypothetical: "only supposed or possible",
    generic: "said of people in general, not of the case"
  };
  var SHORT = { affirmed: "found", negated: "not", hypothetical: "maybe", generic: "in general" };
  var toastTimer = null;

  function say(text, brief) {
    status.textContent = text;
    if (!toast || !brief || window.matchMedia("(min-width: 52rem)").matches) return;
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, 6000);
  }
  if (toast) toast.addEventListener("click", function () { toast.hidden = true; });

  function clear() {
    marks.forEach(function (m) { m.classList.remove("on", "picked"); });
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
  }

  function show(button) {
    var id = button.dataset.concept;
    var pressed = button.getAttribute("aria-pressed") === "true";
    clear();
    if (pressed) { say("Choose Show beside a concept to mark its words in the text."); return; }
    var found = marks.filter(function (m) { return m.dataset.concept === id; });
    buttons.forEach(function (b) { if (b.dataset.concept === id) b.setAttribute("aria-pressed", "true"); });
    found.forEach(function (m) { m.classList.add("on"); });
    if (!found.length) { say("Its words are not marked in the text."); return; }
    var counts = {};
    found.forEach(function (m) { counts[m.dataset.status] = (counts[m.dataset.status] || 0) + 1; });
    var parts = Object.keys(SHORT).filter(function (s) { return counts[s]; })
      .map(function (s) { return counts[s] + " " + SHORT[s]; });
    say("“" + found[0].dataset.label + "”: " + found.length + (found.length === 1 ? " mention" : " mentions") +
        " marked in the text (" + parts.join(", ") + ").", true);
    found[0].scrollIntoView({ block: "center", behavior: motion });
  }

  function explain(mark) {
    clear();
    mark.classList.add("picked");
    var words = mark.firstChild ? mark.firstChild.textContent : mark.textContent;
    var kind = mark.dataset.kind;
    var status = mark.dataset.status;
    var text = "“" + words.trim() + "” names " + mark.dataset.label + " (" + (/^[aeiou]/.test(kind) ? "an " : "a ") +
      kind + "), " + WORDS[status];
    if (mark.dataset.cue) text += " (because of “" + mark.dataset.cue + "”)";
    text += status === "affirmed" ? ": counted as one of its findings." : ": not counted as a finding.";
    say(text, true);
  }

  buttons.forEach(function (b) { b.addEventListener("click", function () { show(b); }); });
  body.addEventListener("click", function (e) {
    var mark = e.target.closest && e.target.closest("mark.mention");
    if (mark && body.contains(mark)) explain(mark);
  });
})();
