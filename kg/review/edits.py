"""The edits a reviewer makes, as pure functions: each takes a review state (see :mod:`kg.review.document`)
and returns a new one, leaving its argument as it was. :func:`apply` runs one by name from a request;
:class:`History` keeps the states for undo and redo.

Every function raises :class:`~kg.errors.AnnotationError` for an edit that cannot be made (an unknown id or
fact, a relation whose classes do not fit); the document's checks (those of ``kg build``) run after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from kg.annotations import ID_RE
from kg.errors import AnnotationError
from kg.review.anchor import anchor
from kg.review.schema import entity_types, fits

State = dict[str, Any]


def _copy(state: State) -> State:
    """A copy of ``state`` whose entries can be changed: each entity and fact is copied, not deeper (an edit
    replaces a list such as ``aliases`` rather than changing it in place)."""
    return {**state, "entities": [dict(e) for e in state["entities"]], "facts": [dict(f) for f in state["facts"]]}


def _fact(state: State, index: Any) -> dict[str, Any]:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(state["facts"]):
        raise AnnotationError(f"no fact number {index!r}", hint="reload the page")
    return state["facts"][index]


def _entity(state: State, eid: Any) -> dict[str, Any]:
    for entity in state["entities"]:
        if entity["id"] == eid:
            return entity
    raise AnnotationError(f"no entity {eid!r}", hint="choose an entity of this annotation")


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnnotationError(f"{what} must be non-empty text", hint=f"write the {what}")
    return value.strip()


def _check_fit(state: State, fact: dict[str, Any]) -> None:
    subject = _entity(state, fact["subject"])
    obj = _entity(state, fact["object"]) if fact.get("object") is not None else None
    if not fits(fact["relation"], subject["type"], obj["type"] if obj else None):
        kind = f"a {obj['type']}" if obj else "a value"
        raise AnnotationError(f"relation {fact['relation']!r} does not fit a {subject['type']} and {kind}",
                              hint="choose one of the relations offered (ontology/relations.yaml)")


def set_status(state: State, *, fact: int, status: str) -> State:
    """Accept (``accepted``), reject (``rejected``) or reopen (``pending``) a fact."""
    if status not in ("pending", "accepted", "rejected"):
        raise AnnotationError(f"unknown status {status!r}", hint="accepted, rejected or pending")
    new = _copy(state)
    _fact(new, fact)["status"] = status
    return new


def correct(state: State, *, fact: int, relation: str | None = None, subject: str | None = None,
            object: str | None = None, value: str | None = None) -> State:  # noqa: A002 - the format's word
    """Change a fact's relation, subject, object or value; the fact is then accepted."""
    new = _copy(state)
    item = _fact(new, fact)
    if relation is not None:
        item["relation"] = _text(relation, "relation")
    if subject is not None:
        item["subject"] = _entity(new, subject)["id"]
    if object is not None:
        item["object"] = _entity(new, object)["id"]
        item.pop("value", None)
    if value is not None:
        item["value"] = _text(value, "value")
        item.pop("object", None)
    _check_fit(new, item)
    item["status"] = "accepted"
    return new


def add_fact(state: State, *, text: str, start: int, end: int, subject: str, relation: str,
             object: str | None = None, value: str | None = None) -> State:  # noqa: A002
    """A new accepted fact whose quote is the selection ``text[start:end]`` (offsets in code points)."""
    if (object is None) == (value is None):
        raise AnnotationError("a fact needs an object entity or a value, not both", hint="choose one")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise AnnotationError("the selection offsets must be whole numbers", hint="select the words again")
    new = _copy(state)
    item: dict[str, Any] = {"subject": _entity(new, subject)["id"], "relation": _text(relation, "relation")}
    if object is not None:
        item["object"] = _entity(new, object)["id"]
    else:
        item["value"] = _text(value, "value")
    quote = anchor(text, start, end)
    item.update({k: quote[k] for k in ("quote", "prefix", "suffix") if k in quote})
    item.update({"method": "curated", "status": "accepted"})
    _check_fit(new, item)
    new["facts"].append(item)
    return new


def rename(state: State, *, entity: str, name: str) -> State:
    """Give an entity another name; the old name becomes an alias."""
    new = _copy(state)
    item, name = _entity(new, entity), _text(name, "name")
    old = item["name"]
    item["name"] = name
    item["aliases"] = [a for a in [*item.get("aliases", []), old] if a != name]
    item["aliases"] = list(dict.fromkeys(item["aliases"]))
    return new


def retype(state: State, *, entity: str, type: str) -> State:  # noqa: A002
    """Change an entity's type (its facts must still fit: the document's checks say if not)."""
    if type not in entity_types():
        raise AnnotationError(f"unknown entity type {type!r}", hint="choose a type of ontology/kg.ttl")
    new = _copy(state)
    item = _entity(new, entity)
    item["type"] = type
    item.pop("confidence", None)
    item.pop("rule", None)
    for fact in new["facts"]:
        if item["id"] in (fact["subject"], fact.get("object")) and fact["status"] != "rejected":
            _check_fit(new, fact)
    return new


def alias(state: State, *, entity: str, alias: str, remove: bool = False) -> State:
    """Add an alias to an entity, or remove one."""
    new = _copy(state)
    item, alias = _entity(new, entity), _text(alias, "alias")
    aliases = list(item.get("aliases", []))
    if remove:
        if alias not in aliases:
            raise AnnotationError(f"{item['name']!r} has no alias {alias!r}", hint="reload the page")
        aliases.remove(alias)
    elif alias != item["name"] and alias not in aliases:
        aliases.append(alias)
    item["aliases"] = aliases
    return new


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("subject", "relation", "object", "value"))


def _dedupe(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts that became one fact are kept once: the accepted one, else the first."""
    rank = {"accepted": 0, "pending": 1, "rejected": 2}
    kept: list[dict[str, Any]] = []
    for fact in facts:
        twin = next((k for k in kept if _same(k, fact)), None)
        if twin is None:
            kept.append(fact)
        elif rank[fact["status"]] < rank[twin["status"]]:
            kept[kept.index(twin)] = fact
    return kept


def merge(state: State, *, keep: str, other: str) -> State:
    """Merge entity ``other`` into ``keep``: its name and aliases become aliases, its facts follow."""
    if keep == other:
        raise AnnotationError("an entity cannot be merged with itself", hint="choose two entities")
    new = _copy(state)
    kept, gone = _entity(new, keep), _entity(new, other)
    names = [*kept.get("aliases", []), gone["name"], *gone.get("aliases", [])]
    kept["aliases"] = [a for a in dict.fromkeys(names) if a != kept["name"]]
    new["entities"] = [e for e in new["entities"] if e["id"] != other]
    for fact in new["facts"]:
        for role in ("subject", "object"):
            if fact.get(role) == other:
                fact[role] = keep
    new["facts"] = _dedupe(new["facts"])
    for fact in new["facts"]:
        if fact["status"] != "rejected":
            _check_fit(new, fact)
    return new


def _new_id(state: State, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entity"
    if not ID_RE.fullmatch(base):
        base = "entity"
    taken = {e["id"] for e in state["entities"]} | {state["article"]}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def split(state: State, *, entity: str, name: str, facts: list[int] | None = None) -> State:
    """Split a new entity named ``name`` (of the same type) off ``entity``: the alias ``name`` moves to
    it, and so do the facts listed (by number), where ``entity`` is their subject or object."""
    new = _copy(state)
    item, name = _entity(new, entity), _text(name, "name")
    fresh: dict[str, Any] = {"id": _new_id(new, name), "type": item["type"], "name": name, "aliases": []}
    item["aliases"] = [a for a in item.get("aliases", []) if a != name]
    new["entities"].insert(new["entities"].index(item) + 1, fresh)
    for index in facts or []:
        fact = _fact(new, index)
        moved = False
        for role in ("subject", "object"):
            if fact.get(role) == entity:
                fact[role], moved = fresh["id"], True
        if not moved:
            raise AnnotationError(f"fact {index} is not about {entity!r}", hint="choose facts of that entity")
    return new


def delete(state: State, *, entity: str) -> State:
    """Delete an entity and every fact it is the subject or object of."""
    new = _copy(state)
    _entity(new, entity)
    new["entities"] = [e for e in new["entities"] if e["id"] != entity]
    new["facts"] = [f for f in new["facts"] if entity not in (f["subject"], f.get("object"))]
    return new


ACTIONS: dict[str, Callable[..., State]] = {
    "status": set_status, "correct": correct, "add": add_fact, "rename": rename, "retype": retype,
    "alias": alias, "merge": merge, "split": split, "delete": delete,
}
PARAMS = {"status": {"fact", "status"}, "correct": {"fact", "relation", "subject", "object", "value"},
          "add": {"start", "end", "subject", "relation", "object", "value"}, "rename": {"entity", "name"},
          "retype": {"entity", "type"}, "alias": {"entity", "alias", "remove"}, "merge": {"keep", "other"},
          "split": {"entity", "name", "facts"}, "delete": {"entity"}}


def apply(state: State, action: str, params: dict[str, Any], *, text: str) -> State:
    """Run the edit ``action`` with ``params`` (a request's JSON) on ``state``; ``text`` is the article's.

    Raises:
        AnnotationError: an unknown action, an unknown or missing parameter, or an edit that cannot be made.
    """
    if action not in ACTIONS:
        raise AnnotationError(f"unknown action {action!r}", hint=f"use one of {', '.join(ACTIONS)}")
    unknown = set(params) - PARAMS[action]
    if unknown:
        raise AnnotationError(f"unknown parameter(s) for {action}: {', '.join(sorted(unknown))}",
                              hint=f"{action} takes {', '.join(sorted(PARAMS[action]))}")
    extra = {"text": text} if action == "add" else {}
    try:
        return ACTIONS[action](state, **params, **extra)
    except TypeError as exc:
        raise AnnotationError(f"bad parameters for {action}: {exc}", hint="reload the page") from None
    except (KeyError, ValueError, AttributeError) as exc:  # a value of the wrong kind (e.g. a list for a name)
        raise AnnotationError(f"bad value for {action}: {exc!r}", hint="reload the page") from None


@dataclass(frozen=True)
class History:
    """Past states, the present one, and undone ones (for redo)."""

    present: State
    past: tuple[State, ...] = ()
    future: tuple[State, ...] = field(default=())

    def push(self, state: State) -> "History":
        """The history after an edit that gave ``state`` (redo is no longer possible)."""
        return History(present=state, past=(*self.past, self.present))

    def undo(self) -> "History":
        """One step back. Raises: AnnotationError: nothing to undo."""
        if not self.past:
            raise AnnotationError("nothing to undo")
        return History(present=self.past[-1], past=self.past[:-1], future=(self.present, *self.future))

    def redo(self) -> "History":
        """One step forward again. Raises: AnnotationError: nothing to redo."""
        if not self.future:
            raise AnnotationError("nothing to redo")
        return History(present=self.future[0], past=(*self.past, self.present), future=self.future[1:])
