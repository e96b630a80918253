// kg review: the page (an ES module; the others are imported from /static/, all shipped in the package).
// dom.js: shared state and helpers; api.js: loading and saving (a write answers with what changed);
// article.js: the highlighted article; facts.js: the list of facts; forms.js: selection and correction;
// entity.js: the entity editor. Every name, quote and article text is put into the page as text.
import { S, kg, $, notice } from "./dom.js";
import { edit, load, onData, post } from "./api.js";
import { drawArticle, selected } from "./article.js";
import { act, drawFacts, drawProgress, focus, step } from "./facts.js";
import { closeSelection, openEditor, showSelection } from "./forms.js";
import { openEntity, refreshEntity } from "./entity.js";

// change: {full: true} after a load, else {entities: ids of new or changed entities, entityList: whether
// entities came, went or moved}; only what changed is drawn again
function draw(change) {
  const D = S.D;
  const n = D.state.facts.length;
  if (S.current !== null && S.current >= n) S.current = n ? n - 1 : null;
  if (change.full) {
    $("title").textContent = D.title;
    $("file").textContent = D.file;
    $("docs").textContent = D.docs.length > 1 ? `draft ${S.docIndex + 1} of ${D.docs.length}` : "";
    $("next-doc").hidden = S.docIndex + 1 >= D.docs.length;
  }
  drawArticle(change.full);
  drawFacts(change);
  drawProgress();
  if (S.selection && (change.full || change.entityList || change.entities.size)) showSelection(S.selection.start, S.selection.end);
  // an open form is redrawn only if what it edits changed (a correction closes its own form when saved)
  const editing = $("editor").dataset.fact;
  if (!$("editor").hidden && (editing === undefined || Number(editing) >= n)) $("editor").hidden = true;
  refreshEntity();
}
onData(draw);

kg.edit = edit;
kg.select = showSelection;
kg.focus = focus;

// ---- wiring -------------------------------------------------------------------------------------------
$("undo").addEventListener("click", () => post("/api/undo", {}));
$("redo").addEventListener("click", () => post("/api/redo", {}));
$("order").addEventListener("change", () => {
  S.order = $("order").value;
  drawFacts({ full: false });
  if (S.current !== null) focus(S.current, false);
});
$("next-doc").addEventListener("click", () => { location.search = `?doc=${S.docIndex + 1}`; });
$("sel-close").addEventListener("click", closeSelection);
$("facts").addEventListener("click", (ev) => {
  const button = ev.target.closest("button");
  const header = ev.target.closest(".entity");
  if (header) {
    if (button) openEntity(header.dataset.entity);
    return;
  }
  const row = ev.target.closest(".fact");
  if (!row) return;
  const i = Number(row.dataset.fact);
  if (!button) focus(i, true);
  else if (button.classList.contains("accept")) act(i, "accepted");
  else if (button.classList.contains("reject")) act(i, "rejected");
  else if (button.classList.contains("correct")) openEditor(i);
});
$("article").addEventListener("click", (ev) => {
  const mark = ev.target.closest && ev.target.closest("mark[data-facts]");
  if (mark && window.getSelection().isCollapsed) {
    const facts = mark.dataset.facts.split(" ").map(Number);
    showSelection(Number(mark.dataset.start), Number(mark.dataset.end));
    focus(facts[0], false);
  }
});
let pending = null;
document.addEventListener("selectionchange", () => {
  clearTimeout(pending);
  pending = setTimeout(() => {
    const range = selected();
    if (range) showSelection(range.start, range.end);
  }, 30);
});
document.addEventListener("keydown", (ev) => {
  const tag = (ev.target.tagName || "").toLowerCase();
  if (["input", "select", "textarea"].includes(tag) || ev.altKey || ev.metaKey || !S.D) return;
  const key = ev.key, current = S.current;
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
