"""Validate a graph against the SHACL shapes in ``ontology/shapes.ttl`` with pySHACL, and say what
is wrong in plain words: which fact or node (a statement by its label, evidence by its quote), which
rule, and the offending value.

The ontology and the role scheme are added to a copy of the graph before validating, so that
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` and role values can be checked against
the SKOS scheme. The graph passed in is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kg.errors import InvalidGraphError
from kg.namespaces import KG, OA, SCHEMA, bind_prefixes
from kg.resources import ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class Problem:
    """One result of the validation, in words."""

    severity: str  # "violation", "warning" or "info"
    node: str  # what it concerns: 'fact "…" (kgr:statement/…)'
    message: str  # what is wrong
    rule: str  # the shape and the SHACL constraint
    value: str | None = None


@dataclass(frozen=True)
class Report:
    """What pySHACL says: whether the graph conforms, the report graph, and the problems in words.

    ``text`` is the readable report (:func:`readable`); ``raw`` is pySHACL's own text.
    """

    conforms: bool
    graph: Graph
    text: str
    problems: tuple[Problem, ...] = field(default=())
    raw: str = ""


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


def shapes() -> Graph:
    """The shapes graph, parsed once per process (read-only).

    Raises:
        OSError, rdflib parser errors: the packaged shapes are missing or broken (a packaging bug).
    """
    return _shapes()


def validate(graph: Graph) -> Report:
    """Check ``graph`` against the shapes (with the ontology and role scheme mixed into a copy)."""
    from pyshacl import validate as shacl

    from kg.resources import ontology

    data = Graph()
    bind_prefixes(data)
    for triple in graph:
        data.add(triple)
    for triple in ontology():
        data.add(triple)
    conforms, report_graph, raw = shacl(data, shacl_graph=shapes(), inference="none", advanced=True,
                                        allow_warnings=True, inplace=True)
    problems = tuple(_problems(report_graph, data))
    return Report(conforms=bool(conforms), graph=report_graph, text=readable(bool(conforms), problems, graph),
                  problems=problems, raw=str(raw))


def ensure_valid(graph: Graph) -> None:
    """Raise if ``graph`` does not conform.

    Raises:
        InvalidGraphError: with the readable report.
    """
    report = validate(graph)
    if not report.conforms:
        raise InvalidGraphError("the graph does not conform to ontology/shapes.ttl", report=report.text,
                                hint="fix the annotation of the facts named below; `kg validate` prints this report")


def _short(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except (ValueError, KeyError):  # an IRI rdflib cannot prefix: show it whole
            return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 80 else text[:77] + "...")
    return "a blank node"


def describe(graph: Graph, node: Node) -> str:
    """``node`` in words: a fact by its label, evidence by its quote and fact, an entity by its name."""
    if not isinstance(node, URIRef):
        return _short(graph, node)
    short = _short(graph, node)
    if (node, RDF.type, KG.Statement) in graph:
        return f"fact “{graph.value(node, RDFS.label) or '(no label)'}” ({short})"
    if (node, RDF.type, OA.Annotation) in graph:
        return _describe_evidence(graph, node, short)
    annotation = graph.value(None, OA.hasTarget, node) or graph.value(None, OA.hasTarget,
                                                                       graph.value(None, OA.hasSelector, node))
    if annotation is not None:
        return f"{_part(graph, node)} of " + _describe_evidence(graph, annotation, _short(graph, annotation))
    kinds = " ".join(sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(node, RDF.type)
                            if str(t).startswith(str(KG._NS))))
    name = graph.value(node, RDFS.label) or graph.value(node, SCHEMA.name)
    if name is not None:
        return f"{kinds or 'entity'} “{name}” ({short})"
    return f"{kinds} ({short})" if kinds else short


def _part(graph: Graph, node: URIRef) -> str:
    if (node, RDF.type, OA.TextQuoteSelector) in graph:
        return "the quote selector"
    if (node, RDF.type, OA.TextPositionSelector) in graph:
        return "the position selector"
    return "the target"


def _describe_evidence(graph: Graph, annotation: Node, short: str) -> str:
    exact, fact = None, graph.value(annotation, OA.hasBody)
    for target in graph.objects(annotation, OA.hasTarget):
        for selector in graph.objects(target, OA.hasSelector):
            exact = exact or graph.value(selector, OA.exact)
    words = f" quoting “{exact}”" if exact is not None else ""
    about = f" for the fact “{graph.value(fact, RDFS.label)}”" if fact is not None else " (about no fact)"
    return f"evidence{words}{about} ({short})"


def _problems(report: Graph, data: Graph) -> list[Problem]:
    out = []
    # only the top-level results: the ones under sh:detail repeat them in pySHACL's terms
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        severity = str(report.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1].lower()
        message = " ".join(str(m) for m in report.objects(result, SH.resultMessage)) or "does not conform"
        owner = _owning_shape(data, shape)
        rule = ", ".join(x for x in (
            _short(data, owner) if owner is not None else None,
            f"path {_short(data, path)}" if isinstance(path, URIRef) else None,
            str(component).rsplit("#", 1)[-1] if component is not None else None) if x)
        shown_value = None
        if value is not None and value != focus:
            shown_value = describe(data, value) if isinstance(value, URIRef) else _short(data, value)
        out.append(Problem(severity=severity, node=describe(data, focus) if focus is not None else "the graph",
                           message=message, rule=rule, value=shown_value))
    order = {"violation": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda p: (order.get(p.severity, 3), p.node, p.message))


def _owning_shape(shapes_and_data: Graph, shape: Node | None) -> Node | None:
    """The named node shape a (possibly blank) property shape belongs to."""
    if shape is None or isinstance(shape, URIRef):
        return shape
    for parent in _shapes().subjects(SH.property, shape):
        if isinstance(parent, URIRef):
            return parent
    return shape


def readable(conforms: bool, problems: tuple[Problem, ...], graph: Graph) -> str:
    """The report in words: a summary line, then each problem with the node it concerns and the rule."""
    violations = [p for p in problems if p.severity == "violation"]
    warnings = [p for p in problems if p.severity != "violation"]
    facts = len(set(graph.subjects(RDF.type, KG.Statement)))
    evidence = len(set(graph.subjects(RDF.type, OA.Annotation)))
    if conforms:
        head = f"valid: {facts} facts and {evidence} pieces of evidence conform to ontology/shapes.ttl"
    else:
        head = (f"invalid: {len(violations)} problem{'s' if len(violations) != 1 else ''} in {facts} facts "
                f"and {evidence} pieces of evidence (ontology/shapes.ttl)")
    if warnings:
        head += f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    lines = [head]
    for problem in problems:
        mark = "error" if problem.severity == "violation" else problem.severity
        lines.append(f"{mark}: {problem.node}")
        lines.append(f"  {problem.message}")
        if problem.value:
            lines.append(f"  value: {problem.value}")
        lines.append(f"  rule: {problem.rule}")
    return "\n".join(lines)
