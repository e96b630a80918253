"""What the graph says about an entity, or about one fact, and where the article says it.

``explain_entity`` finds an entity by name or alias (case-insensitive) and lists each fact about it
with its relation or role, the quote that supports it and where that quote stands in the article
(the article, the character offsets, end excluded, and the line). ``explain_fact`` does the same for
one fact ``subject relation object``. A fact without evidence says so, and says where it comes from
instead (an external source) or that nothing supports it.

The lookups are the named queries of ``kg/queries/explain/``, with IRIs and names bound through
``initBindings``; they run over any graph ``kg build`` wrote (``out/graph.ttl``), which holds the
article text, so no ``data/`` folder is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from rdflib import RDF, RDFS, Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from kg.errors import NotFoundError
from kg.namespaces import KG, SCHEMA
from kg.resources import QUERIES_DIR

EXPLAIN_QUERIES = QUERIES_DIR / "explain"


@dataclass(frozen=True)
class Evidence:
    """A quote in an article, with its place: characters ``start:end`` (end excluded) and its line."""

    article: str
    headline: str
    quote: str
    start: int
    end: int
    line: int | None


@dataclass(frozen=True)
class Fact:
    """One statement node in words, with how it was obtained and its evidence."""

    iri: str
    label: str
    relation: str
    role: str | None
    methods: tuple[str, ...]
    confidence: str | None
    rule: str | None
    how: str | None
    source: str | None
    evidence: tuple[Evidence, ...]
    partners: tuple[str, ...] = ()


@lru_cache(maxsize=None)
def _query(name: str) -> Query:
    return prepareQuery((EXPLAIN_QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


def _select(graph: Graph, name: str, bindings: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows of the named query ``kg/queries/explain/<name>.rq`` with ``bindings`` (IRIs or literals)."""
    result = graph.query(_query(name), initBindings={Variable(k): v for k, v in bindings.items() if v is not None})
    names = [str(v) for v in (result.vars or [])]
    return [dict(zip(names, row)) for row in result]  # type: ignore[arg-type]


def find_entity(graph: Graph, name: str, *, relation: str | None = None, linked_to: URIRef | None = None) -> URIRef:
    """The one entity whose name, display label, alias or id is ``name`` (case-insensitive). A name that
    several entities share (the film and the song "We Cry Together") picks the one whose display label
    it is, else, given ``relation``, the only one that is the subject of such a fact, else, given
    ``linked_to``, the only one a fact joins to that entity.

    Raises:
        NotFoundError: no entity has that name (with the names that come close), or several do
            (listing them, so that one can be picked by its full name).
    """
    entities, rows = _match(graph, name)
    if len(entities) > 1:
        wanted = name.strip().casefold()
        labelled = sorted({row["entity"] for row in rows if str(row["name"]).casefold() == wanted})
        if len(labelled) == 1:
            entities = labelled
        elif relation is not None:
            doing = [e for e in entities if _select(graph, "fact", {"subject": e, "relation": Literal(relation.strip())})]
            entities = doing if len(doing) == 1 else entities
        if len(entities) > 1 and linked_to is not None:
            near = [e for e in entities if _joined(graph, e, linked_to) or _joined(graph, linked_to, e)]
            entities = near if len(near) == 1 else entities
    if len(entities) == 1:
        return entities[0]
    if entities:
        names = sorted({f"{row['name']} ({_kinds(graph, row['entity']) or 'entity'}, {row['entity']})" for row in rows})
        raise NotFoundError(f"{name!r} names {len(entities)} entities: " + "; ".join(names),
                            hint="use a full name that is not shared, e.g. " + repr(str(rows[0]["name"])))
    similar = [str(row["name"]) for row in _select(graph, "similar-names", {"wanted": Literal(name.strip())})] if name.strip() else []
    hint = ("did you mean " + ", ".join(repr(s) for s in similar[:8]) + "?") if similar else \
        "use a name or alias of an entity; `kg query people` lists people, `kg query --list` other queries"
    raise NotFoundError(f"no entity is named {name!r}", hint=hint)


def _joined(graph: Graph, subject: URIRef, obj: URIRef) -> bool:
    """Whether a statement has ``subject`` as its subject and ``obj`` as its object."""
    return any((stmt, RDF.object, obj) in graph for stmt in graph.subjects(RDF.subject, subject))


def _match(graph: Graph, name: str) -> tuple[list[URIRef], list[dict[str, Any]]]:
    rows = _select(graph, "match-entity", {"wanted": Literal(name.strip())})
    return sorted({row["entity"] for row in rows}), rows


def _kinds(graph: Graph, node: Any) -> str:
    return " ".join(sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type)
                           if str(t).startswith(str(KG._NS))))


def _line(text: Any, start: int) -> int | None:
    return str(text).count("\n", 0, start) + 1 if text is not None else None


def fact(graph: Graph, statement: URIRef) -> Fact:
    """The statement ``statement`` in words, with its evidence sorted by article and position."""
    rows = _select(graph, "statement", {"statement": statement})
    first = rows[0] if rows else {}

    def values(key: str) -> list[str]:
        return sorted({str(r[key]) for r in rows if r.get(key) is not None})

    evidence = tuple(Evidence(article=str(r["article"]).rsplit("/", 1)[-1], headline=str(r.get("headline") or ""),
                              quote=str(r["exact"]), start=int(r["start"]), end=int(r["end"]),
                              line=_line(r.get("text"), int(r["start"])))
                     for r in _select(graph, "evidence", {"statement": statement}))
    role = str(first["role"]) if first.get("role") is not None else None
    partners: tuple[str, ...] = ()
    if role is not None:
        partners = tuple(str(r["name"]) for r in _select(
            graph, "co-holders", {"subject": first["subject"], "role": Literal(role), "agent": first["object"]}))
    return Fact(iri=str(statement), label=str(first.get("label") or statement), relation=str(first.get("relation") or ""),
                role=role, methods=tuple(values("method")), confidence=", ".join(values("confidence")) or None,
                rule=", ".join(values("rule")) or None, how="; ".join(values("how")) or None,
                source="; ".join(values("source")) or None, evidence=evidence, partners=partners)


def _order(item: Fact) -> tuple[Any, ...]:
    first = min(((e.article, e.start) for e in item.evidence), default=("\uffff", 0))
    return (item.relation != "type", first, item.label)


def entity_facts(graph: Graph, entity: URIRef) -> list[Fact]:
    """Every fact with ``entity`` as subject or object: its type first, then in the order of the article."""
    statements = {row["statement"] for row in _select(graph, "facts", {"entity": entity})}
    return sorted((fact(graph, s) for s in statements), key=_order)


def find_facts(graph: Graph, subject: str, relation: str, obj: str) -> list[Fact]:
    """The facts ``subject relation obj``: names or aliases for the entities, a relation name
    (``director``, ``inAlbum``, ``type``) or role (``co-founder``), and for ``obj`` an entity or a value.

    Raises:
        NotFoundError: an unknown or ambiguous subject, or no such fact (listing what the graph does
            say between the two, or about the subject).
    """
    subject_iri = find_entity(graph, subject, relation=relation)
    # the object is an entity if its name is one (ambiguity is an error), else a value such as "2020"
    object_iri: URIRef | None = find_entity(graph, obj, linked_to=subject_iri) if _match(graph, obj)[0] else None
    base: dict[str, Any] = {"subject": subject_iri, "relation": Literal(relation.strip())}
    statements = sorted({row["statement"] for row in _select(graph, "fact", {**base, "object": object_iri})}) \
        if object_iri is not None else []
    if not statements:  # a value, or the name of an entity given as a value (its `name` fact)
        statements = sorted({row["statement"] for row in _select(graph, "fact", {**base, "value": Literal(obj.strip())})})
    if statements:
        return [fact(graph, s) for s in statements]
    said = [f for f in entity_facts(graph, subject_iri)
            if object_iri is None or object_iri in (graph.value(URIRef(f.iri), RDF.object),
                                                    graph.value(URIRef(f.iri), RDF.subject))]
    reverse = object_iri is not None and bool(_select(graph, "fact", {"subject": object_iri, "object": subject_iri,
                                                                      "relation": Literal(relation.strip())}))
    hint = (f"the graph has it the other way round: kg explain {obj!r} {relation!r} {subject!r}" if reverse else
            "what it does say: " + "; ".join(f"{f.label} ({f.relation})" for f in said[:12]) if said else
            "see `kg explain NAME` for what the graph says about each of them")
    raise NotFoundError(f"the graph has no fact {subject!r} {relation!r} {obj!r}", hint=hint)


def _where(e: Evidence) -> str:
    line = f", line {e.line}" if e.line is not None else ""
    title = f" ({e.headline})" if e.headline and e.headline != e.article else ""
    return f"{e.article}{title}, characters {e.start}–{e.end}{line}"


def format_fact(item: Fact, *, number: int | None = None) -> str:
    """One fact in a few lines: what it says, the role, how it was obtained, its quotes and their places."""
    lines = [f"{number}. {item.label}" if number is not None else item.label]
    indent = "   " if number is not None else "  "
    if item.role:
        shared = ""
        if item.partners:
            co = item.role if item.role.startswith("co-") else f"co-{item.role}"
            shared = f", together with {_and(item.partners)} ({co})"
        lines.append(f"{indent}role: {item.role}{shared}")
    else:
        lines.append(f"{indent}relation: {item.relation}")
    how = ", ".join(item.methods) or "unknown"
    if item.confidence:
        how += f" (confidence {item.confidence}" + (f", rule {item.rule}" if item.rule else "") + ")"
    lines.append(f"{indent}obtained: {how}")
    if item.how:
        lines.append(f"{indent}inferred: {item.how}")
    for e in item.evidence:
        lines.append(f"{indent}quote: “{e.quote}”")
        lines.append(f"{indent}where: {_where(e)}")
    if not item.evidence:
        if item.source:
            lines.append(f"{indent}no evidence in the article: this fact comes from outside it")
            lines.append(f"{indent}source: {item.source}")
        else:
            lines.append(f"{indent}no evidence: no quote in the article and no external source supports this fact "
                         "(`kg validate` reports it)")
    return "\n".join(lines)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def explain_entity(graph: Graph, name: str) -> str:
    """What the graph says about the entity named ``name``, as text.

    Raises:
        NotFoundError: see :func:`find_entity`.
    """
    entity = find_entity(graph, name)
    name = graph.value(entity, SCHEMA.name)
    label = graph.value(entity, RDFS.label) or name
    short = graph.namespace_manager.normalizeUri(entity) if isinstance(entity, URIRef) else str(entity)
    lines = [f"{label} — {_kinds(graph, entity) or 'entity'} ({short})"]
    description = graph.value(entity, SCHEMA.disambiguatingDescription)
    if str(name) != str(label) or description is not None:
        lines.append(f"named: {name}" + (f" ({description})" if description is not None else ""))
    aliases = sorted({str(a) for a in graph.objects(entity, SCHEMA.alternateName)})
    if aliases:
        lines.append("also called: " + ", ".join(aliases))
    for source in sorted({str(s) for s in graph.objects(entity, KG.externalSource)}):
        lines.append(f"from outside the article: {source}")
    facts = entity_facts(graph, entity)
    lines.append("")
    lines.append(f"{len(facts)} fact{'s' if len(facts) != 1 else ''}:" if facts else "no facts about it")
    for number, item in enumerate(facts, start=1):
        lines.append("")
        lines.append(format_fact(item, number=number))
    return "\n".join(lines)


def explain_fact(graph: Graph, subject: str, relation: str, obj: str) -> str:
    """The evidence of the fact ``subject relation obj``, as text (see :func:`find_facts`).

    Raises:
        NotFoundError: see :func:`find_facts`.
    """
    return "\n\n".join(format_fact(item) for item in find_facts(graph, subject, relation, obj))
