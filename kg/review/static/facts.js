// kg review: the facts, grouped by entity (or lowest confidence first), and the progress count. Rows and
// entity headers are kept by the very state entries they show: a redraw makes rows only for facts that are
// new or changed (or name an entity that changed), and moves the others into place.
import { S, $, el, nameOf, label } from "./dom.js";
import { edit } from "./api.js";
import { focusMarks } from "./article.js";

let rowOf = new Map(); // fact (the state's object) -> its row
let headerOf = new Map(); // entity (the state's object) -> its header
const groupOf = new Map(); // entity id -> its group (header and rows)
let drawnOrder = null;
let drawnFacts = []; // the facts as last drawn

// whether fact b is fact a with another status (its row can stay, with its status changed)
function onlyStatus(a, b) {
  if (!a) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => k === "status" || a[k] === b[k]);
}

function restatus(row, f) {
  row.classList.remove("pending", "accepted", "rejected");
  row.classList.add(f.status);
  const badge = row.querySelector(".status");
  badge.className = `status ${f.status}`;
  badge.textContent = f.status;
  return row;
}

export function factLine(i) {
  const f = S.D.state.facts[i];
  const object = f.object !== undefined ? nameOf(f.object) : `“${f.value}”`;
  return `${nameOf(f.subject)} — ${label(f.relation)} — ${object}`;
}

// the fact numbers in the order shown
export function factOrder() {
  const facts = S.D.state.facts.map((f, i) => i);
  if (S.order === "confidence") {
    const c = (i) => S.D.state.facts[i].confidence ?? 1; // facts added by hand have none: last
    return facts.sort((a, b) => c(a) - c(b) || a - b);
  }
  const rank = new Map(S.D.state.entities.map((e, k) => [e.id, k]));
  const r = (i) => rank.get(S.D.state.facts[i].subject) ?? 1e9;
  return facts.sort((a, b) => r(a) - r(b) || a - b);
}

// a row has no handlers of its own: clicks are handled for the whole list (review.js), by data-fact
function factRow(i, f, withSubject) {
  const object = f.object !== undefined ? el("span", { class: "obj", dir: "auto" }, nameOf(f.object))
    : el("span", { class: "value", dir: "auto" }, f.value);
  const meta = [f.rule ? `rule ${f.rule}` : "added by hand", f.confidence !== undefined ? `confidence ${f.confidence}` : null]
    .filter(Boolean).join(" · ");
  return el("div", { class: `fact ${f.status}${i === S.current ? " current" : ""}`, "data-fact": i, tabindex: -1 },
    withSubject ? el("span", { class: "subj", dir: "auto" }, nameOf(f.subject), " ") : null,
    el("span", { class: "rel" }, label(f.relation)), " ", object,
    el("span", { class: `status ${f.status}` }, f.status),
    el("div", { class: "quote", dir: "auto" }, f.quote || `(source: ${f.source || "none"})`),
    el("div", { class: "meta" }, meta),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "accept" }, "Accept"),
      el("button", { type: "button", class: "reject" }, "Reject"),
      el("button", { type: "button", class: "correct" }, "Correct")));
}

function entityHeader(e) {
  return el("div", { class: "entity", "data-entity": e.id },
    el("span", { class: "name", dir: "auto" }, e.name), " ", el("span", { class: "type" }, e.type),
    e.aliases && e.aliases.length ? el("span", { class: "aliases", dir: "auto" }, ` also: ${e.aliases.join(", ")}`) : null,
    el("button", { type: "button", class: "edit-entity" }, "Edit entity"));
}

// make parent's children exactly nodes: children no longer wanted are removed, nodes out of place moved
// (a replaced row is one removal and one insertion, its siblings stay where they are)
function reconcile(parent, nodes) {
  const wanted = new Set(nodes);
  let at = parent.firstChild;
  for (const node of nodes) {
    while (at && !wanted.has(at)) { const next = at.nextSibling; at.remove(); at = next; }
    if (at === node) { at = at.nextSibling; continue; }
    parent.insertBefore(node, at);
  }
  while (at) { const next = at.nextSibling; at.remove(); at = next; }
}

// change: {full} or {entities: ids of the entities that are new or changed}
export function drawFacts(change) {
  const { facts, entities } = S.D.state;
  if (change.full || drawnOrder !== S.order) {
    rowOf = new Map(); headerOf = new Map(); groupOf.clear(); drawnFacts = [];
  }
  drawnOrder = S.order;
  const renamed = change.entities || new Set();
  const withSubject = S.order === "confidence";
  const rows = new Map();
  const kept = new Set(facts);
  facts.forEach((f, i) => {
    let row = rowOf.get(f);
    const names = renamed.has(f.subject) || (f.object !== undefined && renamed.has(f.object));
    if (!row && !names && rowOf.has(drawnFacts[i]) && !kept.has(drawnFacts[i]) && onlyStatus(drawnFacts[i], f)) row = restatus(rowOf.get(drawnFacts[i]), f);
    else if (!row || names) row = factRow(i, f, withSubject);
    else if (row.dataset.fact !== String(i)) {
      row.dataset.fact = String(i);
      row.classList.toggle("current", i === S.current);
    }
    rows.set(f, row);
  });
  rowOf = rows;
  drawnFacts = facts;
  if (withSubject) {
    reconcile($("facts"), factOrder().map((i) => rows.get(facts[i])));
    return;
  }
  const bySubject = new Map();
  facts.forEach((f) => { if (!bySubject.has(f.subject)) bySubject.set(f.subject, []); bySubject.get(f.subject).push(rows.get(f)); });
  const headers = new Map();
  const groups = entities.map((e) => {
    const header = headerOf.get(e) || entityHeader(e);
    headers.set(e, header);
    let group = groupOf.get(e.id);
    if (!group) groupOf.set(e.id, (group = el("div", { class: "group" })));
    reconcile(group, [header, ...(bySubject.get(e.id) || [])]);
    return group;
  });
  headerOf = headers;
  for (const id of groupOf.keys()) if (!S.byId.has(id)) groupOf.delete(id);
  reconcile($("facts"), groups);
}

export function drawProgress() {
  const c = S.D.counts;
  $("progress").textContent = `reviewed ${c.accepted + c.rejected} of ${c.facts} · accepted ${c.accepted} · rejected ${c.rejected}`;
  $("undo").disabled = !S.D.canUndo;
  $("redo").disabled = !S.D.canRedo;
}

export function focus(i, scroll) {
  for (const node of $("facts").querySelectorAll(".fact.current")) node.classList.remove("current");
  S.current = i;
  const row = rowOf.get(S.D.state.facts[i]);
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  focusMarks(i, scroll);
}

export function step(delta) {
  const list = factOrder();
  if (!list.length) return;
  const at = list.indexOf(S.current);
  const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
  focus(list[next], true);
}

// accept or reject fact i, then go on to the next one
export function act(i, status) {
  focus(i, false);
  const list = factOrder();
  const after = list[list.indexOf(i) + 1];
  return edit("status", { fact: i, status }).then((ok) => {
    if (ok && after !== undefined && after < S.D.state.facts.length) focus(after, true);
    return ok;
  });
}
