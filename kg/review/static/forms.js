// kg review: the forms of a fact. The selection panel (the facts a selected passage supports, and a form to
// add a fact with it as the quote) and the editor that corrects a fact; both offer only the relations whose
// classes fit (ontology/relations.yaml, as the page's schema gives them).
import { S, $, el, slice, label, relationsFor } from "./dom.js";
import { edit } from "./api.js";
import { act, factLine, focus } from "./facts.js";

function entitySelect(id, chosen, onchange) {
  const select = el("select", { id, onchange });
  for (const e of S.D.state.entities) {
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
  if (!state.subject && S.D.state.entities.length) state.subject = subject.value;
  if (!state.object && S.D.state.entities.length) state.object = object.value;
  refresh();
}

// ---- the selection panel ------------------------------------------------------------------------------
export function showSelection(start, end) {
  S.selection = { start, end };
  $("selection").hidden = false;
  $("sel-quote").textContent = slice(start, end).trim();
  $("sel-anchor").textContent = `characters ${start}–${end}`;
  const list = $("sel-facts");
  list.replaceChildren();
  S.D.spans.forEach((s, i) => {
    if (s && s[0] < end && start < s[1]) {
      list.append(el("li", {}, el("a", { href: "#", "data-fact": i, onclick: (ev) => { ev.preventDefault(); focus(i, true); } },
        factLine(i))));
    }
  });
  if (!list.children.length) list.append(el("li", { class: "meta", text: "none" }));
  const first = S.D.state.entities[0];
  tripleForm($("add-form"), "add", { subject: first && first.id, object: first && first.id, kind: "entity" },
    "Add fact", (triple) => {
      const { start, end } = S.selection;
      edit("add", { start, end, ...triple }).then((ok) => { if (ok) closeSelection(); });
    });
}

export function closeSelection() {
  S.selection = null;
  $("selection").hidden = true;
  window.getSelection().removeAllRanges();
}

// ---- correcting a fact --------------------------------------------------------------------------------
export function openEditor(i) {
  const f = S.D.state.facts[i];
  const box = $("editor");
  box.hidden = false;
  box.dataset.fact = String(i);
  const form = el("div", { class: "form" });
  box.replaceChildren(el("h2", {}, "Correct the fact"), el("p", { class: "quote", dir: "auto" }, f.quote || ""), form,
    el("button", { type: "button", id: "editor-close", onclick: () => { box.hidden = true; } }, "Close"));
  tripleForm(form, "fix", { subject: f.subject, object: f.object !== undefined ? f.object : S.D.state.entities[0].id,
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
  focus(i, false);
}
