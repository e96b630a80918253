// kg review: talking to the app. The page loads the whole state once; a write answers with what changed
// (kg/review/app.py: runs [start, count] of the entries the page already has, and the new entries), which
// is applied here to the page's copy; the page then redraws only what changed (see review.js: draw).
import { S, kg, notice } from "./dom.js";

let chain = Promise.resolve();
let draw = () => {};

// draw(change) is called after each load ({full: true}) and each saved write ({entities: Set of the ids of
// the entities that are new or changed, entityList: whether entities came, went or moved})
export function onData(fn) {
  draw = fn;
}

function adopt(data) {
  S.D = data;
  S.byId = new Map(data.state.entities.map((e) => [e.id, e]));
  kg.data = S.D;
}

export async function load(reason) {
  // the first load takes the answer the page preloaded (review.html: the same URL, mode and credentials)
  const response = await fetch(`/api/state?doc=${S.docIndex}`, reason ? { cache: "no-store" } : {});
  const data = await response.json();
  if (!response.ok) {
    notice(`${data.error}${data.hint ? " — " + data.hint : ""}`);
    return;
  }
  S.chars = Array.from(data.text);
  adopt(data);
  if (reason) notice(reason, "warning");
  else if (data.reloaded) notice("The file changed on disk: the page shows it as it is now.", "warning");
  const drawing = performance.now();
  draw({ full: true });
  kg.opened = { fetched: drawing, drawn: performance.now() }; // since navigation started
  kg.ready = true;
}

// the page's copy after a write's answer: unchanged entries are the very objects it had (so the redraw can
// tell them by identity), new ones come from the answer
function applied(data) {
  const D = S.D;
  const facts = [], spans = [];
  for (const part of data.facts) {
    if (Array.isArray(part)) {
      for (let k = part[0]; k < part[0] + part[1]; k++) { facts.push(D.state.facts[k]); spans.push(D.spans[k]); }
    } else {
      facts.push(part.fact);
      spans.push(part.span);
    }
  }
  const entities = [], changed = new Set();
  const entitySpans = { ...D.entitySpans };
  for (const part of data.entities) {
    if (Array.isArray(part)) {
      for (let k = part[0]; k < part[0] + part[1]; k++) entities.push(D.state.entities[k]);
    } else {
      entities.push(part.entity);
      changed.add(part.entity.id);
      entitySpans[part.entity.id] = part.span;
    }
  }
  const before = D.state.entities;
  const entityList = entities.length !== before.length || entities.some((e, k) => e.id !== before[k].id);
  adopt({ ...D, token: data.token, counts: data.counts, canUndo: data.canUndo, canRedo: data.canRedo,
          serverMs: data.serverMs, state: { ...D.state, facts, entities }, spans, entitySpans });
  return { full: false, entities: changed, entityList };
}

export function post(url, body) {
  const started = performance.now();
  chain = chain.then(async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ doc: S.docIndex, token: S.D.token, ...body }),
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
    const answered = performance.now();
    notice("");
    draw(applied(data));
    const drawn = performance.now();
    kg.renderTimings.push(drawn - answered);
    kg.timings.push(drawn - started);
    kg.serverTimings.push(data.serverMs);
    kg.actions += 1;
    // and once the browser has laid out and painted the change (the frame after the redraw)
    requestAnimationFrame(() => setTimeout(() => kg.paintTimings.push(performance.now() - started), 0));
    return true;
  }).catch((e) => { notice(`The review app cannot be reached: ${e}`); return false; });
  return chain;
}

export const edit = (action, params) => post("/api/edit", { action, params });
