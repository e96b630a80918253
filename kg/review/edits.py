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
from kg.fit import fits
from kg.review.anchor import anchor
from kg.review.schema import entity_types

State = dict[str, Any]


def _fact(state: State, index: Any) -> dict[str, Any]:
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(state["facts"]):
        raise AnnotationError(f"no fact number {index!r}", hint="reload the page")
    return state["facts"][index]


def _entity(state: State, eid: Any) -> dict[str, Any]:
    for entity in state["entities"]:
        if entity["id"] == eid:
            return entity
    raise AnnotationError(f"no entity {eid!r}", hint="choose an entity of this annotation")


def _with_fact(state: State, index: int, fact: dict[str, Any]) -> State:
    """``state`` with fact ``index`` replaced: the other entries are shared, never changed (copy on write)."""
    facts = list(state["facts"])
    facts[index] = fact
    return {**state, "facts": facts}


def _with_entity(state: State, entity: dict[str, Any]) -> State:
    return {**state, "entities": [entity if e["id"] == entity["id"] else e for e in state["entities"]]}


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
    return _with_fact(state, fact, {**_fact(state, fact), "status": status})


def correct(state: State, *, fact: int, relation: str | None = None, subject: str | None = None,
            object: str | None = None, value: str | None = None) -> State:  # noqa: A002 - the format's word
    """Change a fact's relation, subject, object or value; the fact is then accepted."""
    item = dict(_fact(state, fact))
    if relation is not None:
        item["relation"] = _text(relation, "relation")
    if subject is not None:
        item["subject"] = _entity(state, subject)["id"]
    if object is not None:
        item["object"] = _entity(state, object)["id"]
        item.pop("value", None)
    if value is not None:
        item["value"] = _text(value, "value")
        item.pop("object", None)
    _check_fit(state, item)
    item["status"] = "accepted"
    return _with_fact(state, fact, item)


def add_fact(state: State, *, text: str, start: int, end: int, subject: str, relation: str,
             object: str | None = None, value: str | None = None) -> State:  # noqa: A002
    """A new accepted fact whose quote is the selection ``text[start:end]`` (offsets in code points)."""
    if (object is None) == (value is None):
        raise AnnotationError("a fact needs an object entity or a value, not both", hint="choose one")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise AnnotationError("the selection offsets must be whole numbers", hint="select the words again")
    item: dict[str, Any] = {"subject": _entity(state, subject)["id"], "relation": _text(relation, "relation")}
    if object is not None:
        item["object"] = _entity(state, object)["id"]
    else:
        item["value"] = _text(value, "value")
    quote = anchor(text, start, end)
    item.update({k: quote[k] for k in ("quote", "prefix", "suffix") if k in quote})
    item.update({"method": "curated", "status": "accepted"})
    _check_fit(state, item)
    return {**state, "facts": [*state["facts"], item]}


def rename(state: State, *, entity: str, name: str) -> State:
    """Give an entity another name; the old name becomes an alias."""
    item, name = dict(_entity(state, entity)), _text(name, "name")
    old = item["name"]
    item["name"] = name
    item["aliases"] = list(dict.fromkeys(a for a in [*item.get("aliases", []), old] if a != name))
    return _with_entity(state, item)


def retype(state: State, *, entity: str, type: str) -> State:  # noqa: A002
    """Change an entity's type (its facts must still fit)."""
    if type not in entity_types():
        raise AnnotationError(f"unknown entity type {type!r}", hint="choose a type of ontology/kg.ttl")
    item = {k: v for k, v in _entity(state, entity).items() if k not in ("confidence", "rule")}
    item["type"] = type
    new = _with_entity(state, item)
    for fact in new["facts"]:
        if item["id"] in (fact["subject"], fact.get("object")) and fact["status"] != "rejected":
            _check_fit(new, fact)
    return new


def alias(state: State, *, entity: str, alias: str, remove: bool = False) -> State:
    """Add an alias to an entity, or remove one."""
    item, alias = dict(_entity(state, entity)), _text(alias, "alias")
    aliases = list(item.get("aliases", []))
    if remove:
        if alias not in aliases:
            raise AnnotationError(f"{item['name']!r} has no alias {alias!r}", hint="reload the page")
        aliases.remove(alias)
    elif alias != item["name"] and alias not in aliases:
        aliases.append(alias)
    item["aliases"] = aliases
    return _with_entity(state, item)


def _key(fact: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(fact.get(k) for k in ("subject", "relation", "object", "value"))


def _dedupe(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts that became one fact are kept once, where the first stood: the accepted one, else the first."""
    rank = {"accepted": 0, "pending": 1, "rejected": 2}
    kept: dict[tuple[Any, ...], int] = {}
    out: list[dict[str, Any]] = []
    for fact in facts:
        at = kept.get(_key(fact))
        if at is None:
            kept[_key(fact)] = len(out)
            out.append(fact)
        elif rank[fact["status"]] < rank[out[at]["status"]]:
            out[at] = fact
    return out


def _repoint(facts: list[dict[str, Any]], old: str, new: str) -> list[dict[str, Any]]:
    """The facts with entity ``old`` replaced by ``new`` (only the facts that change are copied)."""
    out = []
    for fact in facts:
        if old in (fact["subject"], fact.get("object")):
            fact = {**fact, **{role: new for role in ("subject", "object") if fact.get(role) == old}}
        out.append(fact)
    return out


def merge(state: State, *, keep: str, other: str) -> State:
    """Merge entity ``other`` into ``keep``: its name and aliases become aliases, its facts follow."""
    if keep == other:
        raise AnnotationError("an entity cannot be merged with itself", hint="choose two entities")
    kept, gone = dict(_entity(state, keep)), _entity(state, other)
    names = [*kept.get("aliases", []), gone["name"], *gone.get("aliases", [])]
    kept["aliases"] = [a for a in dict.fromkeys(names) if a != kept["name"]]
    new = _with_entity(state, kept)
    new["entities"] = [e for e in new["entities"] if e["id"] != other]
    new["facts"] = _dedupe(_repoint(state["facts"], other, keep))
    for fact in new["facts"]:
        if fact["status"] != "rejected" and keep in (fact["subject"], fact.get("object")):
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
    item, name = dict(_entity(state, entity)), _text(name, "name")
    fresh: dict[str, Any] = {"id": _new_id(state, name), "type": item["type"], "name": name, "aliases": []}
    item["aliases"] = [a for a in item.get("aliases", []) if a != name]
    entities = []
    for e in state["entities"]:
        entities.extend([item, fresh] if e["id"] == entity else [e])
    new = {**state, "entities": entities, "facts": list(state["facts"])}
    if facts is not None and not isinstance(facts, list):
        raise AnnotationError("`facts` must be a list of fact numbers", hint="reload the page")
    for index in facts or []:
        fact = _fact(new, index)
        if entity not in (fact["subject"], fact.get("object")):
            raise AnnotationError(f"fact {index} is not about {entity!r}", hint="choose facts of that entity")
        new["facts"][index] = _repoint([fact], entity, fresh["id"])[0]
    return new


def delete(state: State, *, entity: str) -> State:
    """Delete an entity and every fact it is the subject or object of."""
    _entity(state, entity)
    return {**state, "entities": [e for e in state["entities"] if e["id"] != entity],
            "facts": [f for f in state["facts"] if entity not in (f["subject"], f.get("object"))]}


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
