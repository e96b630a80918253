// kg review: the entity editor. Rename, change the type, add or remove an alias, merge into another entity,
// split one off (with the facts whose quote names it), delete (with its facts, after a confirmation).
import { S, $, el, entityById } from "./dom.js";
import { edit } from "./api.js";

let drawn = null; // the entity (the state's object) the editor shows

export function openEntity(id) {
  const e = entityById(id);
  const box = $("entity-editor");
  box.hidden = false;
  box.dataset.entity = id;
  drawn = e;
  const name = el("input", { id: "ent-name", type: "text" });
  name.value = e.name;
  const type = el("select", { id: "ent-type" }, ...S.D.schema.types.map((t) => el("option", { value: t }, t)));
  type.value = e.type;
  const alias = el("input", { id: "ent-alias", type: "text", placeholder: "another name" });
  const others = S.D.state.entities.filter((x) => x.id !== id);
  const into = el("select", { id: "ent-merge" }, ...others.map((x) => el("option", { value: x.id }, `${x.name} (${x.type})`)));
  const splitName = el("input", { id: "ent-split", type: "text", placeholder: "name of the other entity" });
  splitName.value = (e.aliases || [])[0] || "";
  const chips = el("ul", { class: "chips" }, ...(e.aliases || []).map((a) => el("li", { dir: "auto" }, a,
    el("button", { type: "button", class: "remove-alias", title: "remove this alias",
      onclick: () => edit("alias", { entity: id, alias: a, remove: true }) }, "×"))));
  const close = () => { box.hidden = true; };
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
      S.D.state.facts.forEach((f, i) => {
        if ((f.subject === id || f.object === id) && f.quote && splitName.value && f.quote.includes(splitName.value)) moved.push(i);
      });
      edit("split", { entity: id, name: splitName.value, facts: moved });
    } }, "Split")),
    el("button", { type: "button", id: "ent-delete", class: "danger", onclick: () => {
      const n = S.D.state.facts.filter((f) => f.subject === id || f.object === id).length;
      if (window.confirm(`Delete “${e.name}” and its ${n} fact(s)?`)) {
        edit("delete", { entity: id }).then((ok) => { if (ok) close(); });
      }
    } }, "Delete entity"),
    el("button", { type: "button", id: "ent-close", onclick: close }, "Close"));
}

// after a redraw: the editor closes if its entity is gone, and is drawn again if it changed
export function refreshEntity() {
  const box = $("entity-editor");
  if (box.hidden) return;
  const now = entityById(box.dataset.entity);
  if (!now) box.hidden = true;
  else if (now !== drawn) openEntity(now.id);
}
