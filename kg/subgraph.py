"""Parts of the projection to draw: one entity's neighbourhood, or what a query returns.

Both work on the projection of the whole graph (:func:`kg.projection.project`), so a part keeps every
quote and every attribute of the whole.
"""

from __future__ import annotations

import difflib

import networkx as nx
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import NotFoundError, QueryError
from kg.resources import ontology


def find_node(g: nx.MultiDiGraph, name: str) -> str:
    """The node called ``name``: its display label, else its name, else one of its aliases (case and spacing ignored), else its IRI or id.

    Raises:
        NotFoundError: no node has that name, or several share it (the message lists them).
    """
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        raise NotFoundError("no name given", hint='name an entity, e.g. --focus "Tessa Thompson"')
    by_label = [n for n, d in g.nodes(data=True) if " ".join(d["label"].split()).casefold() == wanted]
    by_name = [n for n, d in g.nodes(data=True) if " ".join(d["name"].split()).casefold() == wanted]
    by_alias = [n for n, d in g.nodes(data=True) if wanted in (" ".join(a.split()).casefold() for a in d["aliases"])]
    by_id = [n for n in g.nodes if n == name or n.rsplit("/", 1)[-1] == name]
    for found in (by_label, by_name, by_alias, by_id):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(sorted(f"{g.nodes[n]['label']} ({n.rsplit('/', 1)[-1]})" for n in found))
            raise NotFoundError(f"{name!r} names {len(found)} entities: {names}",
                                hint="give the full name, or the id after the last / of its IRI")
    labels = sorted({d["label"] for _, d in g.nodes(data=True)} | {d["name"] for _, d in g.nodes(data=True)} |
                    {a for _, d in g.nodes(data=True) for a in d["aliases"]})
    close = difflib.get_close_matches(name, labels, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        "`kg query people` lists the people; `kg query --list` shows other lists"
    raise NotFoundError(f"no entity is called {name!r}", hint=hint)


def neighbourhood(g: nx.MultiDiGraph, name: str, *, depth: int = 2) -> nx.MultiDiGraph:
    """The entity called ``name`` and everything within ``depth`` facts of it (either direction), with every
    fact between them.

    Raises:
        NotFoundError: see :func:`find_node`. QueryError: ``depth`` below 0.
    """
    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}", hint="use --depth 1 for direct neighbours")
    centre = find_node(g, name)
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=depth)
    return g.subgraph(near).copy()


def _super_properties(prop: URIRef) -> set[URIRef]:
    return set(ontology().transitive_objects(prop, RDFS.subPropertyOf))


def from_result(g: nx.MultiDiGraph, result: Result) -> nx.MultiDiGraph:
    """The part of ``g`` a query result names.

    SELECT: every entity bound in any row (as its IRI, or as a literal equal to its name, as the named queries
    return them), with every fact between them. CONSTRUCT or DESCRIBE: every
    entity of the result graph, and the facts it states (a triple ``s p o`` draws the facts from ``s`` to
    ``o`` whose predicate is ``p`` or below it; a statement IRI in the result draws its fact).

    Raises:
        QueryError: an ASK query, or a result that names no entity of the graph.
    """
    if result.type == "ASK":
        raise QueryError("an ASK query answers yes or no: there is nothing to draw",
                         hint="use a SELECT or a CONSTRUCT query with kg render --query")
    if result.type == "SELECT":
        named: dict[str, set[str]] = {}
        for n, d in g.nodes(data=True):
            named.setdefault(d["label"], set()).add(n)
        keep: set[str] = set()
        for row in result:
            for value in row:  # type: ignore[union-attr]
                if isinstance(value, URIRef) and str(value) in g:
                    keep.add(str(value))
                elif isinstance(value, Literal):
                    keep |= named.get(str(value), set())
        part = g.subgraph(keep).copy()
    else:
        built = result.graph if result.graph is not None else Graph()
        terms = {str(t) for triple in built for t in triple}
        keep = {n for n in g.nodes if n in terms}
        part = nx.MultiDiGraph()
        part.add_nodes_from((n, g.nodes[n]) for n in sorted(keep))
        for u, v, key, data in g.edges(keys=True, data=True):
            if u not in keep or v not in keep:
                continue
            stated = key in terms or any(
                p in _super_properties(URIRef(data["predicate"])) for p in built.predicates(URIRef(u), URIRef(v)))
            if stated:
                part.add_edge(u, v, key=key, **data)
    if part.number_of_nodes() == 0:
        raise QueryError("the query names no entity of the graph: there is nothing to draw",
                         hint="return entities (their IRIs or exact names); check what it returns with kg query")
    return part
