/* The graph view of one vignette with Cytoscape.js: colour by kind, a legend that hides kinds, click for evidence. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var css = getComputedStyle(document.documentElement);
  function colour(kind) { return css.getPropertyValue("--" + kind).trim() || "#4d5561"; }
  var NAMES = { person: "Person", role: "Role", behavior: "Behavior", pattern: "Pattern", intervention: "Intervention",
                outcome: "Outcome", concept: "Concept", vignette: "Vignette" };
  var EDGE_WORDS = { ABOUT: "about", INVOLVES: "involves", FOR: "for", BY: "by", SHOWN_BY: "shown by",
                     TARGETS: "targets", AFTER: "after", INSTANCE_OF: "is a", HAS_PERSON: "has" };

  function short(node) {
    if (node.type === "person" || node.type === "concept") return node.label;
    var i = node.label.indexOf(": ");
    return i > 0 ? node.label.slice(0, i) : node.label;
  }

  // The vignette node links to every person and says nothing a reader needs: it is left out of the drawing.
  var nodes = data.nodes.filter(function (n) { return n.type !== "vignette"; });
  var ids = {};
  nodes.forEach(function (n) { ids[n.id] = n; });
  var elements = nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, label: short(n), kind: n.type, full: n } };
  }).concat(data.edges.filter(function (e) { return ids[e.source] && ids[e.target]; }).map(function (e, i) {
    var words = e.label ? e.label.replace(/_/g, " ") : (EDGE_WORDS[e.type] || e.type.toLowerCase());
    return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, label: words, type: e.type } };
  }));

  var style = [
    { selector: "node", style: {
      "background-color": function (n) { return colour(n.data("kind")); },
      "label": "data(label)", "color": "#1d2530", "font-size": 11, "text-wrap": "wrap", "text-max-width": 110,
      "text-valign": "bottom", "text-margin-y": 4, "width": 26, "height": 26, "border-width": 2, "border-color": "#ffffff",
      "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2,
      "text-background-shape": "roundrectangle" } },
    { selector: "node[kind = 'person']", style: { "shape": "ellipse", "width": 38, "height": 38, "font-weight": 700, "font-size": 12 } },
    { selector: "node[kind = 'concept']", style: { "shape": "diamond", "width": 20, "height": 20 } },
    { selector: "node[kind = 'role'], node[kind = 'behavior'], node[kind = 'pattern'], node[kind = 'intervention'], node[kind = 'outcome']",
      style: { "shape": "round-rectangle" } },
    { selector: "edge", style: {
      "width": 1.4, "line-color": "#b9b2a4", "target-arrow-color": "#b9b2a4", "target-arrow-shape": "triangle",
      "arrow-scale": 0.8, "curve-style": "bezier", "label": "", "font-size": 9, "color": "#566170" } },
    { selector: "edge[type = 'RELATED_TO']", style: { "line-color": "#7d8a99", "target-arrow-color": "#7d8a99", "width": 2, "label": "data(label)",
      "text-rotation": "autorotate", "text-background-color": "#ffffff", "text-background-opacity": 0.9 } },
    { selector: "node:selected", style: { "border-color": "#c2410c", "border-width": 4 } },
    { selector: ".faded", style: { "opacity": 0.25 } },
    { selector: "edge.near", style: { "line-color": "#c2410c", "target-arrow-color": "#c2410c", "width": 2.5, "label": "data(label)" } }
  ];

  var cy = cytoscape({
    container: document.getElementById("graph"), elements: elements, style: style,
    layout: { name: "preset" },
    minZoom: 0.2, maxZoom: 3
  });
  window.kbGraph = cy; // for the browser tests and the curious

  var panel = document.getElementById("node-panel");
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  function show(id) {
    var node = cy.getElementById(id);
    if (!node || node.empty()) return;
    var n = node.data("full");
    cy.elements().removeClass("faded near");
    cy.elements().not(node.closedNeighborhood()).addClass("faded");
    node.connectedEdges().addClass("near");
    cy.$(":selected").unselect();
    node.select();
    panel.replaceChildren();
    var h = text("h2", n.label);
    h.id = "node-title";
    panel.appendChild(h);
    var kind = text("p", "");
    kind.appendChild(text("span", NAMES[n.type] || n.type, "chip chip-" + n.type));
    panel.appendChild(kind);
    var d = n.data || {};
    var facts = [];
    if (d.gender) facts.push(d.gender + ", " + String(d.age_band || "").replace(/-/g, " "));
    if (d.phase) facts.push("Phase: " + d.phase);
    if (d.result) facts.push("Result: " + d.result);
    if (d.kind) facts.push("A " + d.kind + " of the vocabulary");
    facts.forEach(function (f) { panel.appendChild(text("p", f, "meta")); });
    var quotes = d.evidence || [];
    if (quotes.length) {
      panel.appendChild(text("h3", quotes.length === 1 ? "Evidence" : "Evidence (" + quotes.length + ")"));
      quotes.forEach(function (q) { panel.appendChild(text("blockquote", q, "quote")); });
    } else if (n.type !== "person" && n.type !== "concept") {
      panel.appendChild(text("p", "No quoted evidence.", "muted"));
    }
    var links = node.connectedEdges().filter(function (e) { return e.data("type") !== "INSTANCE_OF" && e.data("type") !== "HAS_PERSON"; }).map(function (e) {
      var other = e.source().id() === id ? e.target() : e.source();
      return (e.source().id() === id ? "" : "← ") + e.data("label") + " " + other.data("label");
    });
    if (links.length) {
      panel.appendChild(text("h3", "Linked"));
      var ul = document.createElement("ul");
      ul.className = "relations";
      links.forEach(function (l) { ul.appendChild(text("li", l)); });
      panel.appendChild(ul);
    }
    var factId = id.indexOf("fact:") === 0 ? id.slice(5) : null;
    if (factId) {
      var a = text("a", "Show its words in the story");
      a.href = "/vignettes/" + encodeURIComponent(data.vignette_id) + "?fact=" + encodeURIComponent(factId) + "#story";
      panel.appendChild(text("p", "")).appendChild(a);
    }
    document.querySelectorAll(".node-button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.node === id ? "true" : "false");
    });
  }
  cy.on("tap", "node", function (e) { show(e.target.id()); });
  cy.on("tap", function (e) { if (e.target === cy) cy.elements().removeClass("faded near"); });
  document.querySelectorAll(".node-button").forEach(function (b) {
    b.addEventListener("click", function () {
      show(b.dataset.node);
      var node = cy.getElementById(b.dataset.node);
      var view = cy.extent(), at = node.position();
      var outside = at.x < view.x1 || at.x > view.x2 || at.y < view.y1 || at.y > view.y2;
      if (node.visible() && outside) cy.animate({ center: { eles: node } }, { duration: 250 });
    });
  });

  // Columns that read like the case: who, the roles they play, what they do, the patterns that shows, what was
  // done, and what followed. Within a column, nodes sit near the nodes they link to (barycentre ordering).
  // On a narrow screen the columns become rows.
  function layered() {
    var order = ["person", "role", "behavior", "pattern", "intervention", "outcome", "concept"];
    var columns = order.map(function (k) { return cy.nodes("[kind = '" + k + "']").toArray(); });
    var position = {};
    columns[0].forEach(function (n, i) { position[n.id()] = i; });
    for (var pass = 0; pass < 2; pass++) {
      for (var c = 1; c < columns.length; c++) {
        columns[c].forEach(function (n) {
          var near = n.neighborhood("node").filter(function (m) { return position[m.id()] !== undefined && m.data("kind") !== n.data("kind"); });
          var sum = 0;
          near.forEach(function (m) { sum += position[m.id()]; });
          n.scratch("_bary", near.length ? sum / near.length : columns[c].indexOf(n));
        });
        columns[c].sort(function (a, b) { return a.scratch("_bary") - b.scratch("_bary"); });
        columns[c].forEach(function (n, i) { position[n.id()] = i * (columns[0].length || 1) / (columns[c].length || 1); });
      }
    }
    var narrow = cy.container().clientWidth < 600;
    var used = columns.filter(function (col) { return col.some(function (n) { return n.style("display") !== "none"; }); });
    used.forEach(function (col, c) {
      var shown = col.filter(function (n) { return n.style("display") !== "none"; });
      shown.forEach(function (n, i) {
        var along = (i - (shown.length - 1) / 2) * (narrow ? 120 : 46);
        var across = c * (narrow ? 150 : 210);
        n.position(narrow ? { x: along, y: across } : { x: across, y: along });
      });
    });
    cy.style().selector("node").style(narrow
      ? { "text-valign": "bottom", "text-halign": "center", "text-max-width": 110 }
      : { "text-valign": "center", "text-halign": "right", "text-margin-x": 6, "text-margin-y": 0, "text-max-width": 150 }).update();
    cy.fit(cy.elements(":visible"), 24);
  }

  // The legend: untick a kind to hide its nodes (and their edges).
  document.querySelectorAll(".legend input[name=kind]").forEach(function (box) {
    function apply() {
      cy.nodes("[kind = '" + box.value + "']").style("display", box.checked ? "element" : "none");
    }
    box.addEventListener("change", function () { apply(); layered(); });
    apply();
  });
  layered();
  cy.fit(cy.elements(":visible"), 24);
})();
