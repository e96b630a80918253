"""Vocabularies the project writes, as rdflib namespaces.

``KG`` is our own ontology (``ontology/kg.ttl``) as a :class:`DefinedNamespace` with ``_fail = True``,
so a typo in a term name raises ``AttributeError`` at import time instead of writing a wrong IRI.
``SCHEMA`` is ``http://schema.org/`` (not rdflib's default ``https://`` namespace).
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

SCHEMA = Namespace("http://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ROLE = Namespace("https://w3id.org/kg/role/")
#: IRIs of the things the graph describes: entities, statements, annotations, articles.
KGR = Namespace("https://w3id.org/kg/id/")


class KG(DefinedNamespace):
    """The ``kg`` ontology: only what schema.org, Wikidata, PROV-O and OA cannot say."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg/ontology#")

    # classes
    Thing: URIRef
    Person: URIRef
    Organization: URIRef
    CreativeWork: URIRef
    Film: URIRef
    ShortFilm: URIRef
    Song: URIRef
    Album: URIRef
    MusicVideo: URIRef
    Book: URIRef
    Artwork: URIRef
    Article: URIRef
    WorkCollection: URIRef
    Event: URIRef
    Screening: URIRef
    Discussion: URIRef
    Recording: URIRef
    AwardCategory: URIRef
    Statement: URIRef
    RoleStatement: URIRef
    Role: URIRef
    Method: URIRef
    Extraction: URIRef
    # individuals
    curated: URIRef
    automatic: URIRef
    inferred: URIRef
    # properties
    moderator: URIRef
    panelist: URIRef
    quotes: URIRef
    eligibleFor: URIRef
    precedes: URIRef
    technique: URIRef
    role: URIRef
    method: URIRef
    confidence: URIRef
    rule: URIRef
    howInferred: URIRef
    externalSource: URIRef
    relation: URIRef


PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgr": str(KGR),
    "role": str(ROLE),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "wdt": str(WDT),
    "oa": str(OA),
    "prov": str(PROV),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults such as ``schema: https://``)."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)


def expand(curie: str) -> URIRef:
    """Turn ``schema:director`` into its full IRI.

    Raises:
        KeyError: the prefix is not one of :data:`PREFIXES`.
    """
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)
