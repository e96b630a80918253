"""Graph -> networkx projection: the entities as nodes, the facts between two of them as edges.

This is what the graph page draws. Nodes are the things the articles are about (people, works,
organisations, events, award categories, articles); each fact between two of them is one edge keyed by
its statement IRI, so two facts about the same pair (Lamar directs *and* performs in the film) stay two
edges. Every node and edge carries the quotes that support it and where they are in which article.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.namespaces import KG, OA, PROV, SCHEMA
from kg.resources import relation_table

#: display group of each class, most specific first (the first the node has wins)
GROUPS: list[tuple[URIRef, str]] = [
    (SCHEMA.NewsArticle, "Article"), (KG.Article, "Article"), (SCHEMA.Person, "Person"),
    (SCHEMA.Organization, "Organization"), (SCHEMA.Event, "Event"), (KG.AwardCategory, "AwardCategory"),
    (SCHEMA.CreativeWork, "Work"),
]


def words(name: str) -> str:
    """``ShortFilm`` -> ``short film``, ``co-founder`` -> ``co-founder``, ``workPresented`` -> ``work presented``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def local_name(iri: Any) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return re.split(r"[#/]", str(iri))[-1]


def group_of(graph: Graph, node: URIRef) -> str | None:
    """The display group of ``node`` (see :data:`GROUPS`), or None when it is none of them."""
    types = set(graph.objects(node, RDF.type))
    for cls, group in GROUPS:
        if cls in types:
            return group
    return None


def evidence(graph: Graph, statement: URIRef) -> list[dict[str, Any]]:
    """The quotes supporting ``statement``: ``quote``, ``article`` (its headline), ``start``, ``end``, in text order."""
    out = []
    for anno in sorted(graph.subjects(OA.hasBody, statement), key=str):
        for target in sorted(graph.objects(anno, OA.hasTarget), key=str):
            source = graph.value(target, OA.hasSource)
            item: dict[str, Any] = {"article": str(graph.value(source, SCHEMA.headline) or
                                                  graph.value(source, SCHEMA.name) or source)}
            for sel in graph.objects(target, OA.hasSelector):
                if (sel, RDF.type, OA.TextQuoteSelector) in graph:
                    item["quote"] = str(graph.value(sel, OA.exact))
                elif (sel, RDF.type, OA.TextPositionSelector) in graph:
                    item["start"] = int(str(graph.value(sel, OA.start)))
                    item["end"] = int(str(graph.value(sel, OA.end)))
            if "quote" in item:
                out.append(item)
    return sorted(out, key=lambda e: (e["article"], e.get("start", 0), e["quote"]))


def provenance(graph: Graph, statement: URIRef) -> dict[str, Any]:
    """How ``statement`` was obtained: ``method`` (curated, automatic, inferred) and, when known, ``how``,
    ``source`` (outside the article) and ``confidence``."""
    out: dict[str, Any] = {}
    activity = graph.value(statement, PROV.wasGeneratedBy)
    method = graph.value(activity, KG.method) if activity is not None else None
    out["method"] = local_name(method) if method is not None else "curated"
    for key, prop in (("how", KG.howInferred), ("source", KG.externalSource)):
        value = graph.value(statement, prop)
        if value is not None:
            out[key] = str(value)
    confidence = graph.value(statement, KG.confidence)
    if confidence is not None:
        out["confidence"] = float(str(confidence))
    return out


def relation_name(relation: str, role: Any) -> str:
    """How an edge is labelled: its role (``director``, ``co-founder``) or the relation's reading (``inspired by``)."""
    if role is not None:
        return local_name(role).replace("-", " ")
    spec = relation_table().get(relation, {})
    return str(spec.get("label") or words(relation))


def project(graph: Graph) -> nx.MultiDiGraph:
    """The entities and the facts between them as a networkx multigraph, in a deterministic order.

    Node attributes: ``label`` (the display label, ``rdfs:label``, else the name), ``name`` (``schema:name``),
    ``description`` (``schema:disambiguatingDescription`` or empty), ``group`` (see :data:`GROUPS`), ``kind`` (the annotated class, in
    words), ``aliases``, ``evidence`` (quotes that introduce it), ``facts`` (literal facts: ``relation``,
    ``name``, ``value``, ``label``, ``evidence`` and provenance).
    Edge attributes: ``relation``, ``name`` (role or relation reading), ``label`` (the fact as a sentence),
    ``predicate``, ``evidence`` and provenance (``method``, ...). Keys are statement IRIs.
    """
    g = nx.MultiDiGraph()
    for node in sorted(set(graph.subjects(SCHEMA.name, None)), key=str):
        group = group_of(graph, node) if isinstance(node, URIRef) else None
        if group is None:
            continue
        aliases = sorted({str(a) for a in graph.objects(node, SCHEMA.alternateName)})
        name = str(graph.value(node, SCHEMA.name))
        description = graph.value(node, SCHEMA.disambiguatingDescription)
        g.add_node(str(node), label=str(graph.value(node, RDFS.label) or name), name=name, group=group,
                   kind=words(group), aliases=aliases, description=str(description or ""), evidence=[], facts=[])
    for stmt in sorted(graph.subjects(RDF.type, KG.Statement), key=str):
        subject, obj = graph.value(stmt, RDF.subject), graph.value(stmt, RDF.object)
        if str(subject) not in g:
            continue
        relation = str(graph.value(stmt, KG.relation))
        quotes = evidence(graph, stmt)  # type: ignore[arg-type]
        if relation == "type":
            node = g.nodes[str(subject)]
            if obj is not None and str(obj).startswith(str(KG._NS)):
                node["kind"] = words(local_name(obj))
            node["evidence"] = quotes
            continue
        fact = {"relation": relation, "name": relation_name(relation, graph.value(stmt, KG.role)),
                "label": str(graph.value(stmt, RDFS.label) or ""), "evidence": quotes,
                **provenance(graph, stmt)}  # type: ignore[arg-type]
        if isinstance(obj, Literal):
            g.nodes[str(subject)]["facts"].append({**fact, "value": str(obj)})
        elif str(obj) in g:
            g.add_edge(str(subject), str(obj), key=str(stmt), predicate=str(graph.value(stmt, RDF.predicate)), **fact)
    return g
