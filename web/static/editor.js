/* The YAML editor: line numbers, the lines with problems marked, "Line N" jumps to the line. */
(function () {
  "use strict";
  var area = document.getElementById("yaml-text");
  var gutter = document.getElementById("gutter");
  var where = document.getElementById("cursor-line");
  if (!area || !gutter) return;
  var bad = {};

  function readBad() {
    bad = {};
    var box = document.getElementById("problems");
    var lines = box ? (box.dataset.lines || "").split(" ") : [];
    lines.forEach(function (n) { if (n) bad[n] = true; });
  }
  function draw() {
    var count = area.value.split("\n").length;
    var html = [];
    for (var i = 1; i <= count; i++) {
      html.push(bad[i] ? '<span class="bad" data-line="' + i + '">' + i + "</span>" : '<span data-line="' + i + '">' + i + "</span>");
    }
    gutter.innerHTML = html.join("");
    gutter.scrollTop = area.scrollTop;
  }
  function lineOfCaret() { return area.value.slice(0, area.selectionStart).split("\n").length; }
  function goTo(line) {
    var lines = area.value.split("\n");
    line = Math.max(1, Math.min(line, lines.length));
    var start = 0;
    for (var i = 0; i < line - 1; i++) start += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(start, start + lines[line - 1].length);
    var lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (line - 4) * lineHeight);
    gutter.scrollTop = area.scrollTop;
    tell();
  }
  function tell() { if (where) where.textContent = "Line " + lineOfCaret(); }

  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
  area.addEventListener("input", draw);
  area.addEventListener("keyup", tell);
  area.addEventListener("click", tell);
  // Tab indents (two spaces) instead of leaving the editor; Escape then Tab leaves it.
  var escaped = false;
  area.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { escaped = true; return; }
    if (e.key === "Tab" && !e.shiftKey && !escaped) {
      e.preventDefault();
      var s = area.selectionStart;
      area.setRangeText("  ", s, area.selectionEnd, "end");
      draw();
    }
    escaped = false;
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".goto-line");
    if (button) goTo(parseInt(button.dataset.line, 10));
  });
  document.addEventListener("htmx:afterSwap", function () {
    readBad(); draw();
    var title = document.getElementById("problems-title");
    if (title) title.focus();
  });
  readBad(); draw();
})();
