"""The annotation file's text for a review state (see :mod:`kg.review.document`), in the documented format
(data/README.md): accepted facts ``method: curated``, pending ones ``automatic``, rejected ones under
``rejected:``, the file ``method: curated`` once no fact is pending."""

from __future__ import annotations

from typing import Any

import yaml

ENTITY_KEYS = ("id", "type", "name", "aliases", "quote", "prefix", "suffix", "source", "confidence", "rule")
FACT_KEYS = ("subject", "relation", "object", "value", "quote", "prefix", "suffix", "method", "how", "source",
             "confidence", "rule")


def _clean(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in keys:
        value = item.get(key)
        if value is None or (key == "aliases" and not value):
            continue
        out[key] = list(value) if key == "aliases" else value
    return out


def _fact_doc(fact: dict[str, Any]) -> dict[str, Any]:
    """A fact of the state as the file writes it (see :func:`to_doc`)."""
    item = _clean(fact, FACT_KEYS)
    if fact["status"] == "rejected":
        item.pop("method", None)
        item.pop("how", None)
    elif fact["status"] == "accepted":
        item["method"] = "inferred" if fact.get("method") == "inferred" else "curated"
    else:
        item["method"] = "automatic"
    return item


def to_doc(state: dict[str, Any]) -> dict[str, Any]:
    """The annotation file's content for ``state``, in the documented format (data/README.md): accepted facts
    with ``method: curated`` (inferred ones stay inferred), pending ones automatic, rejected ones under
    ``rejected:``; the file is ``method: curated`` once no fact is pending."""
    facts = [f for f in state["facts"] if f["status"] != "rejected"]
    rejected = [f for f in state["facts"] if f["status"] == "rejected"]
    pending = any(f["status"] == "pending" for f in facts)
    doc: dict[str, Any] = {"article": state["article"], "method": "automatic" if pending else "curated",
                           "entities": [_clean(e, ENTITY_KEYS) for e in state["entities"]],
                           "facts": [_fact_doc(f) for f in facts]}
    if rejected:
        doc["rejected"] = [_fact_doc(f) for f in rejected]
    return doc


#: the YAML of each entry of the state last written, by identity: edits copy what they change and share the
#: rest (kg.review.edits), so an entry that is the same object has the same text
_EMITTED: dict[int, tuple[dict[str, Any], str]] = {}


def to_yaml(state: dict[str, Any]) -> str:
    """The annotation file's text for ``state`` (see :func:`to_doc`), with its leading comments: what
    ``yaml.safe_dump`` writes of the whole file, emitted one entry at a time (an entry that did not change
    since the last save is not emitted again)."""
    emitted: dict[int, tuple[dict[str, Any], str]] = {}

    def entry(item: dict[str, Any], doc: Any) -> str:
        cached = _EMITTED.get(id(item))
        text = cached[1] if cached is not None and cached[0] is item else _dump([doc(item)])
        emitted[id(item)] = (item, text)
        return text

    facts = [f for f in state["facts"] if f["status"] != "rejected"]
    rejected = [f for f in state["facts"] if f["status"] == "rejected"]
    pending = any(f["status"] == "pending" for f in facts)
    parts = [_review_header(state.get("header", "")),
             _dump({"article": state["article"], "method": "automatic" if pending else "curated"})]
    for key, items, doc in (("entities", state["entities"], lambda e: _clean(e, ENTITY_KEYS)),
                            ("facts", facts, _fact_doc), ("rejected", rejected, _fact_doc)):
        if key == "rejected" and not items:
            continue
        parts.append(f"{key}:\n" if items else f"{key}: []\n")
        parts.extend(entry(item, doc) for item in items)
    _EMITTED.clear()
    _EMITTED.update(emitted)
    return "".join(parts)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


REVIEW_NOTE = ("# Reviewed with `kg review`: accepted and corrected facts are `method: curated`, pending ones\n"
               "# `automatic`; rejected ones are kept under `rejected:` (never built, never proposed again).\n")


def _review_header(header: str) -> str:
    """The file's leading comments, its draft instructions replaced by a note on the review."""
    lines = header.splitlines(keepends=True)
    if lines and lines[0].startswith("# Draft annotation written by `kg extract`"):
        lines = lines[:1]
    kept = "".join(line for line in lines if not line.startswith("# Reviewed with `kg review`")
                   and not line.startswith("# `automatic`; rejected ones"))
    return kept + REVIEW_NOTE
