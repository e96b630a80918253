"""Validate a graph against the SHACL shapes in ``ontology/shapes.ttl`` with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.errors import InvalidGraphError
from kg.resources import ONTOLOGY_DIR


@dataclass(frozen=True)
class Report:
    """What pySHACL says: whether the graph conforms, and the report as a graph and as text."""

    conforms: bool
    graph: Graph
    text: str


def shapes() -> Graph:
    """The shapes graph.

    Raises:
        OSError, rdflib parser errors: the packaged shapes are missing or broken (a packaging bug).
    """
    graph = Graph()
    graph.parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
    return graph


def validate(graph: Graph) -> Report:
    """Check ``graph`` against the shapes (with the ontology for class and property hierarchy)."""
    from pyshacl import validate as shacl

    from kg.resources import ontology

    conforms, report_graph, text = shacl(graph, shacl_graph=shapes(), ont_graph=ontology(), inference="none",
                                         advanced=True, allow_warnings=True)
    return Report(conforms=bool(conforms), graph=report_graph, text=str(text))


def ensure_valid(graph: Graph) -> None:
    """Raise if ``graph`` does not conform.

    Raises:
        InvalidGraphError: with the readable report.
    """
    report = validate(graph)
    if not report.conforms:
        raise InvalidGraphError("the graph does not conform to ontology/shapes.ttl", report=report.text,
                                hint="run `kg validate` for the full report; fix the annotation it names")
