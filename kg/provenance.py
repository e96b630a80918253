"""Evidence for each fact: a W3C Web Annotation pointing at the words of the article, and PROV-O.

For a fact (a statement node) and its quote's span in the article this adds::

    <evidence> a oa:Annotation ; oa:motivatedBy oa:describing ; oa:hasBody <statement> ;
        oa:hasTarget <evidence#target> .
    <evidence#target> a oa:SpecificResource ; oa:hasSource <article> ;
        oa:hasSelector <evidence#quote>, <evidence#position> .
    <evidence#quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    <evidence#position> a oa:TextPositionSelector ; oa:start 0 ; oa:end 10 .
    <statement> prov:wasDerivedFrom <article> ; prov:wasGeneratedBy <activity> .

Offsets count Unicode characters of the stored article text, end excluded; ``text[start:end] == exact``.
Every IRI is derived from content, so the same input gives the same graph (no blank nodes).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.namespaces import KG, KGR, OA, PROV

CONTEXT_CHARS = 32


def digest(*parts: str) -> str:
    """A short stable hash of ``parts``, for IRIs."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article (the same node as an annotation entity with the article's id)."""
    return KGR[article_id]


def activity_iri(article_id: str, method: str) -> URIRef:
    """The IRI of the curation or extraction that produced an article's facts by ``method``."""
    return KGR[f"activity/{article_id}/{method}"]


def add_activity(graph: Graph, article_id: str, method: str) -> URIRef:
    """Add the ``prov:Activity`` that made an article's facts by ``method`` (curated, automatic, inferred)."""
    activity = activity_iri(article_id, method)
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDF.type, KG.Extraction))
    graph.add((activity, KG.method, KG[method]))
    graph.add((activity, PROV.used, article_iri(article_id)))
    graph.add((activity, RDFS.label, Literal(f"{method} facts of {article_id}")))
    return activity


def add_evidence(graph: Graph, statement: URIRef, *, article_id: str, text: str, start: int, end: int) -> URIRef:
    """Attach the words ``text[start:end]`` of the article to ``statement`` as a Web Annotation.

    Returns the annotation's IRI.
    """
    exact = text[start:end]
    evidence = KGR[f"evidence/{article_id}/{digest(str(statement), str(start), str(end))}"]
    target = URIRef(f"{evidence}#target")
    quote = URIRef(f"{evidence}#quote")
    position = URIRef(f"{evidence}#position")
    graph.add((evidence, RDF.type, OA.Annotation))
    graph.add((evidence, OA.motivatedBy, OA.describing))
    graph.add((evidence, OA.hasBody, statement))
    graph.add((evidence, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, article_iri(article_id)))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(exact)))
    graph.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
    graph.add((quote, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    graph.add((statement, PROV.wasDerivedFrom, article_iri(article_id)))
    return evidence


def add_generation(graph: Graph, statement: URIRef, *, article_id: str, method: str,
                   confidence: float | None = None, rule: str | None = None, how: str | None = None,
                   source: str | None = None) -> None:
    """Say how ``statement`` was obtained: the activity and method, and for automatic facts the
    confidence and rule, for inferred facts how, for facts from outside the article their source."""
    graph.add((statement, PROV.wasGeneratedBy, add_activity(graph, article_id, method)))
    if confidence is not None:
        # a Decimal, not a float: pySHACL (rightly) refuses a float value as an xsd:decimal
        graph.add((statement, KG.confidence, Literal(Decimal(str(round(confidence, 3))), datatype=XSD.decimal)))
    if rule:
        graph.add((statement, KG.rule, Literal(rule)))
    if how:
        graph.add((statement, KG.howInferred, Literal(how)))
    if source:
        graph.add((statement, KG.externalSource, Literal(source)))
