"""The graph as a dataset with one named graph per article, written as TriG.

Where each triple goes:

* **the article's graph** ``<https://w3id.org/kg/id/graph/ARTICLE-ID>`` holds what the article states
  and its evidence: every fact's direct triples (``film schema:director person``), its statement node,
  the Web Annotation with its selectors, the activity that produced it, and the article's own
  description (title, text, section, publisher, ...). A fact that two articles state is in both graphs,
  each with its own quote.
* **the default graph** holds what belongs to the entities rather than to one article: their types,
  names, labels and aliases, the sources of entities from outside the articles, and the reviewed
  Wikidata links with their statements (these are from ``data/wikidata.csv``, not from an article).
  The evidence for an entity's type (its quote) stays in the article's graph.

The union of all graphs is exactly the graph (every triple is in at least one graph).
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterator

from rdflib import RDF, RDFS, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.namespaces import KG, KGR, OA, PROV, bind_prefixes
from kg.resources import ontology

Triple = tuple[Node, Node, Node]


def graph_iri(article: Node) -> URIRef:
    """The name of the graph of ``article`` (an article IRI ``kgr:ID`` gives ``kgr:graph/ID``)."""
    return KGR["graph/" + str(article).removeprefix(str(KGR))]


def _closure(predicate: Node) -> set[Node]:
    """``predicate`` and the properties above it (the builder materialises the schema.org ones)."""
    return {predicate, *ontology().transitive_objects(predicate, RDFS.subPropertyOf)}


def owners(graph: Graph) -> dict[Triple, set[Node]]:
    """For each triple of ``graph``, the articles whose graphs hold it (empty: the default graph)."""
    # the articles the facts come from (an activity used them), not articles the annotations mention
    articles = {a for a in graph.objects(None, PROV.used) if (a, RDF.type, KG.Article) in graph}
    node_owner: dict[Node, set[Node]] = defaultdict(set)
    for article in articles:
        node_owner[article].add(article)
    for activity, used in graph.subject_objects(PROV.used):
        if used in articles:
            node_owner[activity].add(used)
    triple_owner: dict[Triple, set[Node]] = defaultdict(set)
    for stmt in set(graph.subjects(RDF.type, KG.Statement)):
        mine = {a for a in graph.objects(stmt, PROV.wasDerivedFrom) if a in articles}
        for activity in graph.objects(stmt, PROV.wasGeneratedBy):
            mine |= node_owner.get(activity, set())
        node_owner[stmt] |= mine
        if str(graph.value(stmt, KG.relation)) == "type":
            continue  # the type triple itself describes the entity: default graph
        s, p, o = graph.value(stmt, RDF.subject), graph.value(stmt, RDF.predicate), graph.value(stmt, RDF.object)
        if s is None or p is None or o is None:
            continue  # an incomplete statement claims no triple (the shapes report it)
        for prop in _closure(p):
            if (s, prop, o) in graph:
                triple_owner[(s, prop, o)] |= mine
    for evidence, target in graph.subject_objects(OA.hasTarget):
        source = {a for a in graph.objects(target, OA.hasSource) if a in articles}
        for node in (evidence, target, *graph.objects(target, OA.hasSelector)):
            node_owner[node] |= source
    return {t: triple_owner[t] if t in triple_owner else node_owner.get(t[0], set()) for t in graph}  # type: ignore[misc]


class _SortedDataset(Dataset):
    """A dataset whose graphs are listed in IRI order, so the TriG text is the same on every run."""

    def contexts(self, triple=None) -> Iterator[Graph]:  # type: ignore[no-untyped-def, override]
        return iter(sorted(super().contexts(triple), key=lambda g: str(g.identifier)))


def dataset(graph: Graph) -> Dataset:
    """``graph`` split into the default graph and one named graph per article (see the module doc)."""
    ds = _SortedDataset()
    bind_prefixes(ds)
    for triple, articles in owners(graph).items():
        if not articles:
            ds.graph(DATASET_DEFAULT_GRAPH_ID).add(triple)
        for article in articles:
            ds.graph(graph_iri(article)).add(triple)
    return ds


def to_trig(graph: Graph) -> str:
    """TriG of :func:`dataset`: the article graphs in IRI order, then the default graph."""
    with warnings.catch_warnings():  # rdflib 7.6's own TriG writer uses its deprecated Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        return dataset(graph).serialize(format="trig")
