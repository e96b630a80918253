"""The graph for network tools: GraphML and GEXF (Gephi, yEd, Cytoscape, networkx) and CSV tables.

All three come from :func:`kg.render.project` (entities and the facts between them), flattened to
the plain attributes these formats hold:

* node ``label`` (the name, ``schema:name``), ``description`` (what tells it from another of that name, e.g.
  "2022 short film", or empty), ``class`` (Person, Work, Organization, Event, AwardCategory, Article),
  ``type`` (our most specific class, e.g. ShortFilm), ``aliases`` (``; ``-separated) and
  ``wikidata`` (the reviewed Q-id, or empty);
* edge ``label`` and ``relation`` (director, performer, ...), ``fact`` (the fact as a sentence),
  ``quote`` (the evidence, `` | ``-separated when several), ``articles`` (the titles of the articles
  that state it), ``method`` (curated, automatic or inferred) and ``confidence`` (automatic facts).

Edges are directed from subject to object; their id is the fact's statement IRI.
"""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
from rdflib import OWL, RDF, Graph, URIRef

from kg.namespaces import KG, PROV, WD
from kg.render import project

NODE_COLUMNS = ["Id", "Label", "description", "class", "type", "aliases", "wikidata"]
EDGE_COLUMNS = ["Source", "Target", "Type", "Id", "Label", "relation", "fact", "quote", "articles", "method",
                "confidence"]


def _local(iri: object) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _kg_type(graph: Graph, node: URIRef) -> str:
    types = sorted(_local(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(KG._NS)))
    return "; ".join(types)


def network(graph: Graph) -> nx.MultiDiGraph:
    """The projection with flat, typed attributes (strings and floats only), ready for any writer."""
    g = project(graph)
    out = nx.MultiDiGraph()
    for node, d in g.nodes(data=True):
        iri = URIRef(node)
        items = sorted(_local(o) for o in graph.objects(iri, OWL.sameAs) if str(o).startswith(str(WD)))
        out.add_node(node, **{"label": d["name"], "description": d["description"], "class": d["group"], "type": _kg_type(graph, iri),
                              "aliases": "; ".join(d["aliases"]), "wikidata": "; ".join(items)})
    for u, v, key, d in g.edges(keys=True, data=True):
        stmt = URIRef(key)
        methods = sorted({_local(graph.value(a, KG.method)) for a in graph.objects(stmt, PROV.wasGeneratedBy)})
        attrs: dict[str, object] = {
            "label": d["relation"], "relation": d["relation"], "fact": d["label"],
            "quote": " | ".join(e["quote"] for e in d["evidence"] if "quote" in e),
            "articles": "; ".join(sorted({e["article"] for e in d["evidence"]})),
            "method": "; ".join(methods)}
        confidence = graph.value(stmt, KG.confidence)
        if confidence is not None:
            attrs["confidence"] = float(str(confidence))
        out.add_edge(u, v, key=key, **attrs)
    return out


def to_graphml(graph: Graph) -> str:
    """GraphML of :func:`network` (node keys ``label``, ``class``, ...; edge ids are statement IRIs)."""
    return "\n".join(nx.generate_graphml(network(graph), encoding="utf-8", prettyprint=True)) + "\n"


def to_gexf(graph: Graph) -> str:
    """GEXF 1.2 of :func:`network`, for Gephi. The writer's date stamp is left out, so the text is stable."""
    g = network(graph)
    for u, v, key, d in g.edges(keys=True, data=True):
        d["id"] = key
    text = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True))
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1) + "\n"


def to_csv(graph: Graph) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` (RFC 4180, UTF-8), with the column names Gephi's spreadsheet import knows."""
    g = network(graph)
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow(NODE_COLUMNS)
    for node, d in g.nodes(data=True):
        writer.writerow([node, d["label"], d["description"], d["class"], d["type"], d["aliases"], d["wikidata"]])
    writer = csv.writer(edges)
    writer.writerow(EDGE_COLUMNS)
    for u, v, key, d in g.edges(keys=True, data=True):
        writer.writerow([u, v, "Directed", key, d["label"], d["relation"], d["fact"], d["quote"], d["articles"],
                         d["method"], d.get("confidence", "")])
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}
