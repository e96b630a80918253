// kg review: what the modules share. The page's state (S), the test hooks (window.kg), and the helpers that
// put names, quotes and article text into the page as text (textContent or text nodes), never as HTML.

export const kg = (window.kg = {
  ready: false, actions: 0, data: null,
  timings: [], serverTimings: [], renderTimings: [], paintTimings: [],
  firstSegment: {},
});

const params = new URLSearchParams(location.search);

export const S = {
  docIndex: /^\d+$/.test(params.get("doc") || "") ? Number(params.get("doc")) : 0,
  D: null, // the page's copy of the state: D.state, D.spans, D.entitySpans, D.counts, D.token, D.text, D.schema
  chars: [], // the article text as code points (the server's offsets count code points, as kg does)
  byId: new Map(), // entity id -> entity
  current: null, // the focused fact's number
  order: "text", // "text" (grouped by entity) or "confidence" (lowest first)
  selection: null, // {start, end} in code points
};

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs, ...children) {
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

export const cpLen = (s) => Array.from(s).length;
export const slice = (a, b) => S.chars.slice(a, b).join("");
export const entityById = (id) => S.byId.get(id);
export const nameOf = (id) => (S.byId.get(id) || { name: id }).name;
export const label = (r) => (S.D.schema.relations[r] || { label: r }).label;

export function notice(message, kind) {
  const box = $("notice");
  box.textContent = message;
  box.className = kind || "error";
  box.hidden = !message;
}

// the relations of the schema whose classes fit a subject and an object entity (or a value: objectId null)
function fits(relation, subjectType, objectType) {
  const schema = S.D.schema;
  const spec = schema.relations[relation];
  const up = (t) => schema.ancestors[t] || [t];
  if (!spec || !up(subjectType).some((c) => spec.subject.includes(c))) return false;
  if (spec.object === "literal") return objectType === null;
  return objectType !== null && up(objectType).some((c) => spec.object.includes(c));
}

export function relationsFor(subjectId, objectId) {
  const s = entityById(subjectId);
  const o = objectId === null ? null : entityById(objectId);
  if (!s || (objectId !== null && !o)) return [];
  return Object.keys(S.D.schema.relations).filter((r) => fits(r, s.type, o ? o.type : null));
}
