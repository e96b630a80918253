// kg review: the article, with the quote of every fact highlighted at its offsets. The text is drawn as
// paragraphs (one block per line, so a change relays out only its own lines), each cut into segments at the
// ends of the quotes' spans (a "geometry": start and end); a segment is a <mark> when quotes cover it. A
// redraw rebuilds only the paragraphs where a geometry came or went, and otherwise only sets the fact
// numbers and statuses on the marks.
import { S, kg, $, el, cpLen, slice } from "./dom.js";

let paras = []; // in text order: {a, b, node, segs: [{a, b, node, keys: the geometries covering it}]}
let drawnKeys = new Set();
let segsOf = new Map(); // geometry key -> its segments' nodes
let focused = [];

const keyOf = (span) => `${span[0]}:${span[1]}`;

function pieces(from, to, geoms) {
  const cuts = new Set([from, to]);
  for (const [a, b] of geoms) {
    if (a > from && a < to) cuts.add(a);
    if (b > from && b < to) cuts.add(b);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const out = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    const keys = geoms.filter(([ga, gb]) => ga <= a && b <= gb).map((g) => g[2]);
    const node = el(keys.length ? "mark" : "span", { "data-start": a, "data-end": b });
    node.textContent = slice(a, b);
    out.push({ a, b, node, keys });
  }
  return out;
}

function paragraph(a, b, geoms) {
  const segs = pieces(a, b, geoms.filter(([ga, gb]) => ga < b && gb > a));
  return { a, b, segs, node: el("span", { class: "para" }, ...segs.map((s) => s.node)) };
}

function lines() {
  const out = [];
  let a = 0;
  S.chars.forEach((c, i) => { if (c === "\n") { out.push([a, i + 1]); a = i + 1; } });
  if (a < S.chars.length) out.push([a, S.chars.length]);
  return out;
}

function redraw(changed, geoms) {
  const lo = Math.min(...changed.map((g) => g[0])), hi = Math.max(...changed.map((g) => g[1]));
  const all = [...geoms.values()];
  paras = paras.map((p) => {
    if (p.b <= lo || p.a >= hi) return p;
    const fresh = paragraph(p.a, p.b, all);
    p.node.replaceWith(fresh.node);
    return fresh;
  });
}

export function markClass(covering) {
  const statuses = covering.map((i) => S.D.state.facts[i].status);
  const status = statuses.includes("pending") ? "pending" : statuses.includes("accepted") ? "accepted" : "rejected";
  return `hl ${status}${covering.includes(S.current) ? " focus" : ""}`;
}

export function drawArticle(full) {
  const spans = S.D.spans;
  const factsOf = new Map(), geoms = new Map();
  spans.forEach((s, i) => {
    if (!s) return;
    const k = keyOf(s);
    if (!factsOf.has(k)) { factsOf.set(k, []); geoms.set(k, [s[0], s[1], k]); }
    factsOf.get(k).push(i);
  });
  if (full || !paras.length) {
    const all = [...geoms.values()];
    paras = lines().map(([a, b]) => paragraph(a, b, all));
    $("article").replaceChildren(...paras.map((p) => p.node));
  } else {
    const changed = [...geoms.keys()].filter((k) => !drawnKeys.has(k)).map((k) => geoms.get(k));
    for (const k of drawnKeys) if (!geoms.has(k)) changed.push([...k.split(":").map(Number), k]);
    if (changed.length) redraw(changed, geoms);
  }
  drawnKeys = new Set(geoms.keys());
  segsOf = new Map();
  for (const seg of paras.flatMap((p) => p.segs)) {
    if (!seg.keys.length) continue;
    for (const k of seg.keys) (segsOf.get(k) || segsOf.set(k, []).get(k)).push(seg.node);
    const covering = seg.keys.flatMap((k) => factsOf.get(k)).sort((x, y) => x - y);
    const facts = covering.join(" ");
    if (seg.node.dataset.facts !== facts) seg.node.dataset.facts = facts;
    const cls = markClass(covering);
    if (seg.node.className !== cls) seg.node.className = cls;
  }
  focused = S.current !== null && spans[S.current] ? segsOf.get(keyOf(spans[S.current])) || [] : [];
  kg.firstSegment = {};
  spans.forEach((s, i) => { if (s) kg.firstSegment[i] = segsOf.get(keyOf(s))[0]; });
}

// the highlights of fact i, outlined (and scrolled to)
export function focusMarks(i, scroll) {
  for (const node of focused) node.classList.remove("focus");
  const span = S.D.spans[i];
  focused = span ? segsOf.get(keyOf(span)) || [] : [];
  for (const node of focused) node.classList.add("focus");
  if (scroll && focused.length) focused[0].scrollIntoView({ block: "center" });
}

function offsetOf(node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest("[data-start]");
    if (!seg) return null;
    return Number(seg.dataset.start) + cpLen(node.data.slice(0, offset));
  }
  // an element: the article, a paragraph or a segment, and the number of the child the point is before
  const seg = node.closest && node.closest("[data-start]");
  if (seg) return offset === 0 ? Number(seg.dataset.start) : Number(seg.dataset.end);
  const child = node.childNodes[offset];
  const first = child && (child.matches("[data-start]") ? child : child.querySelector("[data-start]"));
  if (first) return Number(first.dataset.start);
  const last = node.querySelectorAll ? [...node.querySelectorAll("[data-start]")].pop() : null;
  return last ? Number(last.dataset.end) : null;
}

// the article's characters the person selected ({start, end} in code points), or null
export function selected() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const article = $("article");
  if (!article.contains(range.startContainer) || !article.contains(range.endContainer)) return null;
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  return start === null || end === null || end <= start ? null : { start, end };
}
