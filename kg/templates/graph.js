/* The graph page: draws the data with vis-network, and adds search, filters, neighbourhood highlight
   and a details panel. Every piece of text from the data is put in the page with textContent (or as a
   string title, which vis-network shows with innerText): never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var DIM_NODE = {background: "#eceef1", border: "#d0d7de", highlight: {background: "#eceef1", border: "#d0d7de"},
                  hover: {background: "#eceef1", border: "#afb8c1"}};
  var DIM_EDGE = {color: "#eceef1", highlight: "#eceef1", hover: "#d0d7de"};
  var EDGE_COLOR = data.options.edges.color;
  var hiddenClass = {}, hiddenRelation = {}, selected = null, shown = {};
  data.nodes.forEach(function (n) { shown[n.id] = "on"; });
  data.edges.forEach(function (e) { shown[e.id] = "on"; });

  function number(n) { return n.toLocaleString("en-GB"); }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  /* Filters and highlight: work out each item's state, and update only those whose state changed. */
  function apply() {
    var nodeHidden = {}, near = null;
    data.nodes.forEach(function (n) { nodeHidden[n.id] = !!hiddenClass[n.cls]; });
    var edgeHidden = {};
    data.edges.forEach(function (e) {
      edgeHidden[e.id] = !!hiddenRelation[e.relation] || nodeHidden[e.from] || nodeHidden[e.to];
    });
    if (selected !== null && !nodeHidden[selected]) {
      near = {};
      near[selected] = true;
      data.edges.forEach(function (e) {
        if (edgeHidden[e.id]) { return; }
        if (e.from === selected) { near[e.to] = true; }
        if (e.to === selected) { near[e.from] = true; }
      });
    }
    var nodeUpdates = [], edgeUpdates = [], visibleNodes = 0, visibleEdges = 0;
    data.nodes.forEach(function (n) {
      var state = nodeHidden[n.id] ? "hidden" : (near && !near[n.id] ? "dim" : "on");
      if (state !== "hidden") { visibleNodes += 1; }
      if (shown[n.id] === state) { return; }
      shown[n.id] = state;
      nodeUpdates.push({id: n.id, hidden: state === "hidden", color: state === "dim" ? DIM_NODE : n.color,
                        font: {color: state === "dim" ? "#b1b8c0" : "#1f2328"}});
    });
    data.edges.forEach(function (e) {
      var state = edgeHidden[e.id] ? "hidden" : (near && e.from !== selected && e.to !== selected ? "dim" : "on");
      if (state !== "hidden") { visibleEdges += 1; }
      if (shown[e.id] === state) { return; }
      shown[e.id] = state;
      edgeUpdates.push({id: e.id, hidden: state === "hidden", color: state === "dim" ? DIM_EDGE : EDGE_COLOR,
                        font: {color: state === "dim" ? "rgba(0,0,0,0)" : "#57606a",
                               strokeColor: state === "dim" ? "rgba(0,0,0,0)" : "#ffffff"}});
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    document.getElementById("counts").textContent = number(visibleNodes) + " of " + number(data.nodes.length) +
      " entities, " + number(visibleEdges) + " of " + number(data.edges.length) + " facts shown";
  }

  /* The details panel. */
  function quotes(list, evidence) {
    evidence.forEach(function (ev) {
      var q = el("blockquote", null, "“" + ev.quote + "”");
      q.appendChild(el("cite", null, "in " + ev.article + (ev.start !== undefined ?
        ", characters " + ev.start + "–" + ev.end : "")));
      list.appendChild(q);
    });
  }
  function how(item) {
    var parts = [item.method];
    if (item.confidence !== undefined) { parts.push("confidence " + item.confidence); }
    if (item.how) { parts.push("how: " + item.how); }
    if (item.source) { parts.push("source: " + item.source); }
    return parts.join(" · ");
  }
  function showNode(id) {
    var n = byId[id], info = document.getElementById("info");
    info.replaceChildren();
    info.appendChild(el("h2", null, n.name));
    info.appendChild(el("p", "kind", n.kind + (n.aliases.length ? " · also called " + n.aliases.join(", ") : "")));
    if (n.evidence.length) {
      info.appendChild(el("h3", null, "Introduced by"));
      quotes(info, n.evidence);
    }
    var list = el("ul");
    n.facts.forEach(function (f) {
      var li = el("li");
      li.appendChild(el("div", null, f.label));
      li.appendChild(el("div", "method", f.name + " · " + how(f)));
      quotes(li, f.evidence);
      list.appendChild(li);
    });
    data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) { return; }
      var other = e.from === id ? e.to : e.from, li = el("li"), button = el("button", "link", e.fact);
      button.type = "button";
      button.title = "Go to " + byId[other].name;
      button.addEventListener("click", function () { focusNode(other); });
      li.appendChild(button);
      li.appendChild(el("div", "method", e.label + " · " + how(e)));
      quotes(li, e.evidence);
      list.appendChild(li);
    });
    if (list.childNodes.length) {
      info.appendChild(el("h3", null, "Facts"));
      info.appendChild(list);
    }
  }
  function showEdge(id) {
    var e = edgeById[id], info = document.getElementById("info");
    info.replaceChildren();
    info.appendChild(el("h2", null, e.fact));
    info.appendChild(el("p", "kind", e.label + " · " + how(e)));
    info.appendChild(el("h3", null, "Evidence"));
    if (e.evidence.length) { quotes(info, e.evidence); } else { info.appendChild(el("p", null, "no quote")); }
  }

  function focusNode(id) {
    var n = byId[id];
    if (hiddenClass[n.cls]) {  // found but filtered out: show its class again
      hiddenClass[n.cls] = false;
      document.querySelector("#classes input[value='" + n.cls + "']").checked = true;
    }
    selected = id;
    apply();
    network.selectNodes([id]);
    showNode(id);
    glideTo(network.getPositions([id])[id], Math.max(network.getScale(), 1.1), 400);
  }

  /* The camera glides with our own frames: vis-network's animated focus, called again while one runs,
     leaves the old one pinning the view. A new glide, a drag or a zoom ends the one under way. */
  var glide = 0;
  function glideTo(position, scale, ms) {
    var token = ++glide, start = null, from = network.getViewPosition(), fromScale = network.getScale();
    function step(now) {
      if (token !== glide) { return; }
      if (start === null) { start = now; }
      var t = Math.min(1, (now - start) / ms), e = t < 0.5 ? 2 * t * t : 1 - Math.pow(2 - 2 * t, 2) / 2;
      network.moveTo({position: {x: from.x + (position.x - from.x) * e, y: from.y + (position.y - from.y) * e},
                      scale: fromScale + (scale - fromScale) * e});
      if (t < 1) { window.requestAnimationFrame(step); }
    }
    window.requestAnimationFrame(step);
  }
  network.on("dragStart", function () { glide += 1; });
  network.on("zoom", function () { glide += 1; });

  /* Search: a name first, then an alias; exact, then the start of one, then anywhere in one. */
  var names = data.nodes.map(function (n) {
    return {id: n.id, keys: [n.name].concat(n.aliases).map(function (k) { return k.toLowerCase(); })};
  });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (k, i) { return i === 0 && k === q; }, function (k) { return k === q; },
      function (k) { return k.indexOf(q) === 0; }, function (k) { return k.indexOf(q) >= 0; }];
    for (var t = 0; t < tests.length; t += 1) {
      for (var i = 0; i < names.length; i += 1) {
        if (names[i].keys.some(tests[t])) { return names[i].id; }
      }
    }
    return null;
  }
  function search() {
    var text = document.getElementById("search").value, result = document.getElementById("search-result");
    if (!text.trim()) { result.textContent = ""; return; }
    var id = find(text);
    result.className = id === null ? "miss" : "";
    if (id === null) { result.textContent = "Nothing is called “" + text.trim() + "”."; return; }
    result.textContent = "Found " + byId[id].name + " (" + byId[id].kind + ").";
    focusNode(id);
  }
  var datalist = document.getElementById("names"), seen = {};
  data.nodes.forEach(function (n) {
    [n.name].concat(n.aliases).forEach(function (k) {
      if (seen[k]) { return; }
      seen[k] = true;
      var option = document.createElement("option");
      option.value = k;
      datalist.appendChild(option);
    });
  });
  document.getElementById("find").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
  document.getElementById("search").addEventListener("input", function (ev) {
    if (ev.inputType === "insertReplacementText" || ev.inputType === undefined) { search(); }  // picked from the list
  });

  /* Filters by class (the legend) and by relation. */
  document.querySelectorAll("#classes input").forEach(function (box) {
    box.addEventListener("change", function () { hiddenClass[box.value] = !box.checked; apply(); });
  });
  var relations = {}, box = document.getElementById("relations");
  data.edges.forEach(function (e) {
    relations[e.relation] = relations[e.relation] || {label: e.label, count: 0};
    relations[e.relation].count += 1;
  });
  Object.keys(relations).sort().forEach(function (rel) {
    var label = el("label", "filter"), input = el("input");
    input.type = "checkbox";
    input.name = "relation";
    input.value = rel;
    input.checked = true;
    input.addEventListener("change", function () { hiddenRelation[rel] = !input.checked; apply(); });
    label.appendChild(input);
    label.appendChild(el("span", "name", relations[rel].label));
    label.appendChild(el("span", "count", relations[rel].count));
    box.appendChild(label);
  });

  /* Clicks: a node keeps its details and lights up its neighbours; an edge keeps its evidence. */
  network.on("click", function (p) {
    if (p.nodes.length) {
      selected = p.nodes[0];
      apply();
      showNode(selected);
    } else if (p.edges.length) {
      selected = null;
      apply();
      showEdge(p.edges[0]);
    } else {
      selected = null;
      apply();
    }
  });

  /* The first view shows every node with its whole label (vis-network's own fit leaves out label edges). */
  function fitAll() {
    var ids = nodes.getIds({filter: function (n) { return !n.hidden; }});
    if (!ids.length) { return; }
    var box = {left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity};
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      box.left = Math.min(box.left, b.left); box.top = Math.min(box.top, b.top);
      box.right = Math.max(box.right, b.right); box.bottom = Math.max(box.bottom, b.bottom);
    });
    var margin = 24, width = container.clientWidth - 2 * margin, height = container.clientHeight - 2 * margin;
    var scale = Math.min(width / Math.max(box.right - box.left, 1), height / Math.max(box.bottom - box.top, 1), 1.5);
    network.moveTo({position: {x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2}, scale: scale});
  }

  apply();
  window.kg = {network: network, nodes: nodes, edges: edges, find: find, focusNode: focusNode, fitAll: fitAll,
               ready: false};
  network.once("afterDrawing", function () {
    fitAll();
    if (data.centre !== null && byId[data.centre]) {  // a focused page opens on its entity
      network.selectNodes([data.centre]);
      showNode(data.centre);
    }
    window.kg.ready = true;
  });
})();
