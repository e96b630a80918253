// kg review: the page. Every name, quote and article text goes into the page as text (textContent or
// text nodes), never as HTML. Offsets from the server count Unicode code points, as kg does.
"use strict";
(function () {
  const kg = (window.kg = { ready: false, timings: [], serverTimings: [], renderTimings: [], actions: 0, data: null });
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const docIndex = /^\d+$/.test(params.get("doc") || "") ? Number(params.get("doc")) : 0;
  let D = null; // the last payload: state, spans, token (+ text, schema, docs on load)
  let chars = []; // the article text as code points
  let current = null; // the focused fact's number
  let order = "text";
  let selection = null; // {start, end} in code points
  let chain = Promise.resolve();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }
  const cpLen = (s) => Array.from(s).length;
  const slice = (a, b) => chars.slice(a, b).join("");
  const entityById = (id) => D.state.entities.find((e) => e.id === id);
  const nameOf = (id) => (entityById(id) || { name: id }).name;
  const schema = () => D.schema;

  function notice(message, kind) {
    const box = $("notice");
    box.textContent = message;
    box.className = kind || "error";
    box.hidden = !message;
  }

  // ---- talking to the app -------------------------------------------------------------------------
  async function load(reason) {
    const response = await fetch(`/api/state?doc=${docIndex}`, { headers: { Accept: "application/json" } });
    const data = await response.json();
    if (!response.ok) {
      notice(`${data.error}${data.hint ? " — " + data.hint : ""}`);
      return;
    }
    D = data;
    chars = Array.from(D.text);
    if (reason) notice(reason, "warning");
    else if (data.reloaded) notice("The file changed on disk: the page shows it as it is now.", "warning");
    render();
    kg.ready = true;
  }

  function post(url, body) {
    const started = performance.now();
    chain = chain.then(async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ doc: docIndex, token: D.token, ...body }),
      });
      let data = null;
      try {
        data = await response.json();
      } catch (e) {
        data = { error: `the app answered ${response.status}` };
      }
      if (response.status === 409) {
        await load("The file was changed on disk by someone else: nothing was overwritten. " +
                   "The page has reloaded it; make your change again.");
        return false;
      }
      if (!response.ok) {
        notice(`Not saved: ${data.error}${data.hint ? " — " + data.hint : ""}`);
        return false;
      }
      const previous = D.state;
      Object.assign(D, data);
      notice("");
      const drawn = performance.now();
      render(previous);
      kg.renderTimings.push(performance.now() - drawn);
      kg.actions += 1;
      kg.timings.push(performance.now() - started);
      kg.serverTimings.push(data.serverMs);
      return true;
    }).catch((e) => { notice(`The review app cannot be reached: ${e}`); return false; });
    return chain;
  }
  const edit = (action, p) => post("/api/edit", { action, params: p });
  kg.edit = edit;

  // ---- what fits --------------------------------------------------------------------------------
  function fits(relation, subjectType, objectType) {
    const spec = schema().relations[relation];
    const up = (t) => schema().ancestors[t] || [t];
    if (!spec || !up(subjectType).some((c) => spec.subject.includes(c))) return false;
    if (spec.object === "literal") return objectType === null;
    return objectType !== null && up(objectType).some((c) => spec.object.includes(c));
  }
  function relationsFor(subjectId, objectId) {
    const s = entityById(subjectId);
    const o = objectId === null ? null : entityById(objectId);
    if (!s || (objectId !== null && !o)) return [];
    return Object.keys(schema().relations).filter((r) => fits(r, s.type, o ? o.type : null));
  }
  const label = (r) => (schema().relations[r] || { label: r }).label;

  // ---- the article --------------------------------------------------------------------------------
  let drawnSpans = null;
  function renderArticle() {
    const article = $("article");
    const spans = D.spans;
    const key = JSON.stringify(spans);
    if (key === drawnSpans) {  // the same highlights: only their statuses may differ
      for (const mark of article.querySelectorAll("mark[data-facts]")) {
        mark.className = markClass(mark.dataset.facts.split(" ").map(Number));
      }
      return;
    }
    drawnSpans = key;
    const cuts = new Set([0, chars.length]);
    spans.forEach((s) => { if (s) { cuts.add(s[0]); cuts.add(s[1]); } });
    const points = [...cuts].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    kg.firstSegment = {};
    kg.marksOf = {};
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k], b = points[k + 1];
      const covering = [];
      spans.forEach((s, i) => { if (s && s[0] <= a && b <= s[1]) covering.push(i); });
      const cls = covering.length ? markClass(covering) : "";
      const seg = el(covering.length ? "mark" : "span", { class: cls || null, "data-start": a, "data-end": b });
      seg.textContent = slice(a, b);
      if (covering.length) seg.dataset.facts = covering.join(" ");
      for (const i of covering) {
        if (!(i in kg.firstSegment)) kg.firstSegment[i] = seg;
        (kg.marksOf[i] = kg.marksOf[i] || []).push(seg);
      }
      fragment.append(seg);
    }
    article.replaceChildren(fragment);
  }

  function markClass(covering) {
    const statuses = covering.map((i) => D.state.facts[i].status);
    const status = statuses.includes("pending") ? "pending" : statuses.includes("accepted") ? "accepted" : "rejected";
    return `hl ${status}${covering.includes(current) ? " focus" : ""}`;
  }

  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement.closest("[data-start]");
      if (!seg) return null;
      return Number(seg.dataset.start) + cpLen(node.data.slice(0, offset));
    }
    const article = $("article");
    if (node === article) {
      const child = article.childNodes[offset];
      return child ? Number(child.dataset.start) : chars.length;
    }
    const seg = node.closest && node.closest("[data-start]");
    if (!seg) return null;
    return offset === 0 ? Number(seg.dataset.start) : Number(seg.dataset.end);
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    const article = $("article");
    if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    showSelection(start, end);
  }

  // ---- the selection panel ------------------------------------------------------------------------
  function showSelection(start, end) {
    selection = { start, end };
    const panel = $("selection");
    panel.hidden = false;
    const text = slice(start, end);
    $("sel-quote").textContent = text.trim();
    $("sel-anchor").textContent = `characters ${start}–${end}`;
    const list = $("sel-facts");
    list.replaceChildren();
    D.spans.forEach((s, i) => {
      if (s && s[0] < end && start < s[1]) {
        list.append(el("li", {}, el("a", { href: "#", "data-fact": i, onclick: (ev) => { ev.preventDefault(); focus(i, true); } },
          factLine(i))));
      }
    });
    if (!list.children.length) list.append(el("li", { class: "meta", text: "none" }));
    renderAddForm();
  }
  kg.select = showSelection;

  function entitySelect(id, chosen, onchange) {
    const select = el("select", { id, onchange });
    for (const e of D.state.entities) {
      const option = el("option", { value: e.id }, `${e.name} (${e.type})`);
      if (e.id === chosen) option.selected = true;
      select.append(option);
    }
    return select;
  }

  // a subject / relation / object-or-value form, shared by "add" and "correct"
  function tripleForm(box, prefix, initial, submitLabel, onsubmit) {
    box.replaceChildren();
    const state = { ...initial };
    const subject = entitySelect(`${prefix}-subject`, state.subject, () => { state.subject = subject.value; refresh(); });
    const kind = el("select", { id: `${prefix}-kind`, onchange: () => { state.kind = kind.value; refresh(); } },
      el("option", { value: "entity" }, "an entity"), el("option", { value: "value" }, "a value"));
    kind.value = state.kind;
    const object = entitySelect(`${prefix}-object`, state.object, () => { state.object = object.value; refresh(); });
    const value = el("input", { id: `${prefix}-value`, type: "text", placeholder: "value, e.g. 2022-11-22" });
    value.value = state.value || "";
    const relation = el("select", { id: `${prefix}-relation`, onchange: () => { state.relation = relation.value; } });
    const submit = el("button", { id: `${prefix}-submit`, type: "button" }, submitLabel);
    function refresh() {
      object.hidden = state.kind !== "entity";
      value.hidden = state.kind !== "value";
      const offered = relationsFor(state.subject, state.kind === "entity" ? state.object : null);
      relation.replaceChildren(...offered.map((r) => el("option", { value: r }, `${r} (${label(r)})`)));
      if (!offered.includes(state.relation)) state.relation = offered[0] || "";
      relation.value = state.relation;
      submit.disabled = !offered.length;
    }
    submit.addEventListener("click", () => {
      const out = { subject: subject.value, relation: relation.value };
      if (state.kind === "entity") out.object = object.value;
      else out.value = value.value;
      onsubmit(out);
    });
    box.append(el("label", {}, "subject ", subject), el("label", {}, "object is ", kind),
      el("label", {}, "object ", object, value), el("label", {}, "relation (only those that fit) ", relation), submit);
    if (!state.subject && D.state.entities.length) state.subject = subject.value;
    if (!state.object && D.state.entities.length) state.object = object.value;
    refresh();
  }

  function renderAddForm() {
    if (!selection) return;
    const first = D.state.entities[0];
    tripleForm($("add-form"), "add", { subject: first && first.id, object: first && first.id, kind: "entity" },
      "Add fact", (triple) => {
        const { start, end } = selection;
        edit("add", { start, end, ...triple }).then((ok) => { if (ok) closeSelection(); });
      });
  }
  function closeSelection() {
    selection = null;
    $("selection").hidden = true;
    window.getSelection().removeAllRanges();
  }

  // ---- facts --------------------------------------------------------------------------------------
  function factLine(i) {
    const f = D.state.facts[i];
    const object = f.object !== undefined ? nameOf(f.object) : `“${f.value}”`;
    return `${nameOf(f.subject)} — ${label(f.relation)} — ${object}`;
  }

  function factOrder() {
    const facts = D.state.facts.map((f, i) => i);
    if (order === "confidence") {
      const c = (i) => D.state.facts[i].confidence ?? 1;  // facts added by hand have none: last
      return facts.sort((a, b) => c(a) - c(b) || a - b);
    }
    const rank = new Map(D.state.entities.map((e, k) => [e.id, k]));
    return facts.sort((a, b) => (rank.get(D.state.facts[a].subject) ?? 1e9) - (rank.get(D.state.facts[b].subject) ?? 1e9) || a - b);
  }

  function factRow(i, withSubject) {
    const f = D.state.facts[i];
    const object = f.object !== undefined ? el("span", { class: "obj", dir: "auto" }, nameOf(f.object))
      : el("span", { class: "value", dir: "auto" }, f.value);
    const meta = [f.rule ? `rule ${f.rule}` : "added by hand", f.confidence !== undefined ? `confidence ${f.confidence}` : null]
      .filter(Boolean).join(" · ");
    const row = el("div", { class: `fact ${f.status}${i === current ? " current" : ""}`, "data-fact": i, tabindex: -1,
      onclick: (ev) => { if (ev.target.tagName !== "BUTTON") focus(i, true); } },
      withSubject ? el("span", { class: "subj", dir: "auto" }, nameOf(f.subject), " ") : null,
      el("span", { class: "rel" }, label(f.relation)), " ", object,
      el("span", { class: `status ${f.status}` }, f.status),
      el("div", { class: "quote", dir: "auto" }, f.quote || `(source: ${f.source || "none"})`),
      el("div", { class: "meta" }, meta),
      el("div", { class: "actions" },
        el("button", { type: "button", class: "accept", onclick: () => act(i, "accepted") }, "Accept"),
        el("button", { type: "button", class: "reject", onclick: () => act(i, "rejected") }, "Reject"),
        el("button", { type: "button", class: "correct", onclick: () => openEditor(i) }, "Correct")));
    return row;
  }

  function entityHeader(e) {
    return el("div", { class: "entity", "data-entity": e.id },
      el("span", { class: "name", dir: "auto" }, e.name), " ", el("span", { class: "type" }, e.type),
      e.aliases && e.aliases.length ? el("span", { class: "aliases", dir: "auto" }, ` also: ${e.aliases.join(", ")}`) : null,
      el("button", { type: "button", class: "edit-entity", onclick: () => openEntity(e.id) }, "Edit entity"));
  }

  // rows and groups are kept by what they show: a redraw makes only those that changed, and moves the rest
  let rowCache = new Map();
  let groupCache = new Map();
  function cachedRow(i, withSubject, rows) {
    const f = D.state.facts[i];
    const key = JSON.stringify([i, f, nameOf(f.subject), f.object !== undefined ? nameOf(f.object) : null, withSubject]);
    const row = rowCache.get(key) || factRow(i, withSubject);
    row.classList.toggle("current", i === current);
    rows.set(key, row);
    return [key, row];
  }

  function reconcile(parent, nodes) {
    let at = parent.firstChild;
    for (const node of nodes) {
      if (at === node) { at = at.nextSibling; continue; }
      parent.insertBefore(node, at);
    }
    while (at) { const next = at.nextSibling; at.remove(); at = next; }
  }

  function renderFacts() {
    const box = $("facts");
    const rows = new Map(), groups = new Map();
    let nodes;
    if (order === "confidence") {
      nodes = factOrder().map((i) => cachedRow(i, true, rows)[1]);
    } else {
      const bySubject = new Map();
      D.state.facts.forEach((f, i) => { if (!bySubject.has(f.subject)) bySubject.set(f.subject, []); bySubject.get(f.subject).push(i); });
      nodes = D.state.entities.map((e) => {
        const made = (bySubject.get(e.id) || []).map((i) => cachedRow(i, false, rows));
        const key = JSON.stringify([e, made.map(([k]) => k)]);
        let group = groupCache.get(key);
        if (!group) group = el("div", { class: "group" }, entityHeader(e), ...made.map(([, row]) => row));
        groups.set(key, group);
        return group;
      });
    }
    reconcile(box, nodes);
    rowCache = rows;
    groupCache = groups;
  }

  function renderProgress() {
    const facts = D.state.facts;
    const count = (s) => facts.filter((f) => f.status === s).length;
    const accepted = count("accepted"), rejected = count("rejected");
    $("progress").textContent = `reviewed ${accepted + rejected} of ${facts.length} · accepted ${accepted} · rejected ${rejected}`;
    $("undo").disabled = !D.canUndo;
    $("redo").disabled = !D.canRedo;
  }

  // the facts whose status alone changed between two states, or null when anything else changed
  function statusChanges(before, after) {
    if (!before || before.facts.length !== after.facts.length || before.entities.length !== after.entities.length) return null;
    if (JSON.stringify(before.entities) !== JSON.stringify(after.entities)) return null;
    const changed = [];
    for (let i = 0; i < after.facts.length; i++) {
      const a = before.facts[i], b = after.facts[i];
      if (JSON.stringify({ ...a, status: b.status }) !== JSON.stringify(b)) return null;
      if (a.status !== b.status) changed.push(i);
    }
    return changed;
  }

  function patchStatuses(changed) {
    for (const i of changed) {
      const f = D.state.facts[i];
      const row = document.querySelector(`.fact[data-fact="${i}"]`);
      if (row) {
        row.classList.remove("pending", "accepted", "rejected");
        row.classList.add(f.status);
        const badge = row.querySelector(".status");
        badge.className = `status ${f.status}`;
        badge.textContent = f.status;
      }
      for (const mark of kg.marksOf[i] || []) mark.className = markClass(mark.dataset.facts.split(" ").map(Number));
    }
    renderProgress();
  }

  let drawnEntities = null;
  function render(previous) {
    const changed = statusChanges(previous, D.state);
    if (changed) {
      patchStatuses(changed);
      kg.data = D;
      return;
    }
    if (current !== null && current >= D.state.facts.length) current = D.state.facts.length ? D.state.facts.length - 1 : null;
    $("title").textContent = D.title;
    $("file").textContent = D.file;
    $("docs").textContent = D.docs.length > 1 ? `draft ${docIndex + 1} of ${D.docs.length}` : "";
    $("next-doc").hidden = docIndex + 1 >= D.docs.length;
    renderArticle();
    renderFacts();
    renderProgress();
    const entitiesNow = JSON.stringify(D.state.entities);
    if (selection && entitiesNow !== drawnEntities) showSelection(selection.start, selection.end);
    drawnEntities = entitiesNow;
    // an open form is redrawn only if what it edits changed (a correction closes its own form when saved)
    const editing = $("editor").dataset.fact;
    if (!$("editor").hidden && (editing === undefined || !D.state.facts[Number(editing)])) $("editor").hidden = true;
    const open = $("entity-editor").dataset.entity;
    if (!$("entity-editor").hidden && !(open && entityById(open))) $("entity-editor").hidden = true;
    else if (!$("entity-editor").hidden && JSON.stringify(entityById(open)) !== $("entity-editor").dataset.drawn) openEntity(open);
    kg.data = D;
  }

  function focus(i, scroll) {
    current = i;
    document.querySelectorAll(".fact.current").forEach((n) => n.classList.remove("current"));
    document.querySelectorAll("mark.focus").forEach((n) => n.classList.remove("focus"));
    const row = document.querySelector(`.fact[data-fact="${i}"]`);
    if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
    document.querySelectorAll("mark[data-facts]").forEach((m) => {
      if (m.dataset.facts.split(" ").includes(String(i))) m.classList.add("focus");
    });
    if (scroll && kg.firstSegment[i]) kg.firstSegment[i].scrollIntoView({ block: "center" });
  }
  kg.focus = focus;

  function step(delta) {
    const list = factOrder();
    if (!list.length) return;
    const at = list.indexOf(current);
    const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    focus(list[next], true);
  }

  function act(i, status) {
    focus(i, false);
    const list = factOrder();
    const after = list[list.indexOf(i) + 1];
    return edit("status", { fact: i, status }).then((ok) => {
      if (ok && after !== undefined) focus(after, true);
      return ok;
    });
  }

  // ---- correcting a fact --------------------------------------------------------------------------
  function openEditor(i) {
    current = i;
    const f = D.state.facts[i];
    const box = $("editor");
    box.hidden = false;
    box.dataset.fact = String(i);
    const form = el("div", { class: "form" });
    box.replaceChildren(el("h2", {}, "Correct the fact"), el("p", { class: "quote", dir: "auto" }, f.quote || ""), form,
      el("button", { type: "button", id: "editor-close", onclick: () => { box.hidden = true; } }, "Close"));
    tripleForm(form, "fix", { subject: f.subject, object: f.object !== undefined ? f.object : D.state.entities[0].id,
      value: f.value, relation: f.relation, kind: f.object !== undefined ? "entity" : "value" }, "Save correction",
      (triple) => {
        const change = {};
        if (triple.relation !== f.relation) change.relation = triple.relation;
        if (triple.subject !== f.subject) change.subject = triple.subject;
        if (triple.object !== undefined && triple.object !== f.object) change.object = triple.object;
        if (triple.value !== undefined && triple.value !== f.value) change.value = triple.value;
        if (!Object.keys(change).length) { act(i, "accepted"); box.hidden = true; return; }
        edit("correct", { fact: i, ...change }).then((ok) => { if (ok) box.hidden = true; });
      });
  }

  // ---- entities -----------------------------------------------------------------------------------
  function openEntity(id) {
    const e = entityById(id);
    const box = $("entity-editor");
    box.hidden = false;
    box.dataset.entity = id;
    box.dataset.drawn = JSON.stringify(e);
    const name = el("input", { id: "ent-name", type: "text" });
    name.value = e.name;
    const type = el("select", { id: "ent-type" }, ...schema().types.map((t) => el("option", { value: t }, t)));
    type.value = e.type;
    const alias = el("input", { id: "ent-alias", type: "text", placeholder: "another name" });
    const others = D.state.entities.filter((x) => x.id !== id);
    const into = el("select", { id: "ent-merge" }, ...others.map((x) => el("option", { value: x.id }, `${x.name} (${x.type})`)));
    const splitName = el("input", { id: "ent-split", type: "text", placeholder: "name of the other entity" });
    splitName.value = (e.aliases || [])[0] || "";
    const chips = el("ul", { class: "chips" }, ...(e.aliases || []).map((a) => el("li", { dir: "auto" }, a,
      el("button", { type: "button", class: "remove-alias", title: "remove this alias",
        onclick: () => edit("alias", { entity: id, alias: a, remove: true }) }, "×"))));
    box.replaceChildren(
      el("h2", {}, "Entity ", el("span", { dir: "auto" }, e.name)),
      el("p", { class: "meta" }, `id ${e.id}`),
      el("label", {}, "name ", name, el("button", { type: "button", id: "ent-rename",
        onclick: () => edit("rename", { entity: id, name: name.value }) }, "Rename")),
      el("label", {}, "type ", type, el("button", { type: "button", id: "ent-retype",
        onclick: () => edit("retype", { entity: id, type: type.value }) }, "Change type")),
      el("div", {}, "aliases ", chips),
      el("label", {}, "alias ", alias, el("button", { type: "button", id: "ent-add-alias",
        onclick: () => edit("alias", { entity: id, alias: alias.value }) }, "Add alias")),
      el("label", {}, "merge into ", into, el("button", { type: "button", id: "ent-merge-go",
        onclick: () => edit("merge", { keep: into.value, other: id }).then((ok) => { if (ok) openEntity(into.value); }) }, "Merge")),
      el("label", {}, "split off ", splitName, el("button", { type: "button", id: "ent-split-go", onclick: () => {
        const moved = [];
        D.state.facts.forEach((f, i) => {
          if ((f.subject === id || f.object === id) && f.quote && splitName.value && f.quote.includes(splitName.value)) moved.push(i);
        });
        edit("split", { entity: id, name: splitName.value, facts: moved });
      } }, "Split")),
      el("button", { type: "button", id: "ent-delete", class: "danger", onclick: () => {
        const n = D.state.facts.filter((f) => f.subject === id || f.object === id).length;
        if (window.confirm(`Delete “${e.name}” and its ${n} fact(s)?`)) {
          edit("delete", { entity: id }).then((ok) => { if (ok) box.hidden = true; });
        }
      } }, "Delete entity"),
      el("button", { type: "button", id: "ent-close", onclick: () => { box.hidden = true; } }, "Close"));
  }

  // ---- wiring -------------------------------------------------------------------------------------
  $("undo").addEventListener("click", () => post("/api/undo", {}));
  $("redo").addEventListener("click", () => post("/api/redo", {}));
  $("order").addEventListener("change", () => { order = $("order").value; renderFacts(); if (current !== null) focus(current, false); });
  $("next-doc").addEventListener("click", () => { location.search = `?doc=${docIndex + 1}`; });
  $("sel-close").addEventListener("click", closeSelection);
  $("article").addEventListener("click", (ev) => {
    const mark = ev.target.closest && ev.target.closest("mark[data-facts]");
    if (mark && window.getSelection().isCollapsed) {
      const facts = mark.dataset.facts.split(" ").map(Number);
      showSelection(Number(mark.dataset.start), Number(mark.dataset.end));
      focus(facts[0], false);
    }
  });
  let pending = null;
  document.addEventListener("selectionchange", () => { clearTimeout(pending); pending = setTimeout(readSelection, 30); });
  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target.tagName || "").toLowerCase();
    if (["input", "select", "textarea"].includes(tag) || ev.altKey || ev.metaKey || !D) return;
    const key = ev.key;
    if ((ev.ctrlKey && key.toLowerCase() === "z" && !ev.shiftKey) || (!ev.ctrlKey && key === "u")) { ev.preventDefault(); post("/api/undo", {}); }
    else if ((ev.ctrlKey && (key.toLowerCase() === "y" || (key.toLowerCase() === "z" && ev.shiftKey))) || (!ev.ctrlKey && key === "U")) { ev.preventDefault(); post("/api/redo", {}); }
    else if (ev.ctrlKey) return;
    else if (key === "j" || key === "ArrowDown") { ev.preventDefault(); step(1); }
    else if (key === "k" || key === "ArrowUp") { ev.preventDefault(); step(-1); }
    else if (key === "a" && current !== null) act(current, "accepted");
    else if (key === "r" && current !== null) act(current, "rejected");
    else if (key === "e" && current !== null) openEditor(current);
    else if (key === "Enter" && current !== null && tag !== "button") focus(current, true);
    else if (key === "Escape") { closeSelection(); $("editor").hidden = true; $("entity-editor").hidden = true; }
  });
  load().catch((e) => notice(`The review app cannot be reached: ${e}`));
})();
