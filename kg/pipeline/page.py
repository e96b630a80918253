"""The graph page in the composer: the whole graph, a neighbourhood or a query's result drawn as one HTML page
(used by ``kg build`` for out/graph.html and by ``kg render``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from rdflib import Graph

from kg.errors import InputError
from kg.query import resolve, run


@dataclass(frozen=True)
class Page:
    """A drawn graph page: its HTML and what it shows."""

    html: str
    title: str
    nodes: int
    edges: int


def render_page(graph: Graph, *, focus: str | None = None, depth: int = 2, query: str | None = None,
                params: Mapping[str, str] | None = None, title: str | None = None) -> Page:
    """The graph page of ``graph``: the whole graph, one entity's neighbourhood (``focus``, ``depth``), or what a
    query names (``query``: a named query, a ``.rq`` file or SPARQL text, with ``params``).

    Raises:
        NotFoundError: no entity or several are called ``focus``. QueryError: a bad query or parameters, an
            ASK query, or a result naming no entity.
    """
    from kg.projection import project
    from kg.render import render, to_html
    from kg.subgraph import find_node, from_result, neighbourhood

    if focus is not None and query is not None:
        raise InputError("draw either a neighbourhood (--focus) or a query's result (--query), not both",
                         hint="leave out one of them")
    view = project(graph)
    centre = None
    if focus is not None:
        centre = find_node(view, focus)
        view = neighbourhood(view, focus, depth=depth)
        title = title or f"{view.nodes[centre]['label']} and everything within {depth} fact{'s' if depth != 1 else ''}"
    elif query is not None:
        named = resolve(query)
        view = from_result(view, run(graph, named, params))
        source = f" (kg query {named.name})" if named.name != "inline" else ""
        title = title or (named.title or "Query result") + source
    title = title or "kg graph"
    return Page(html=to_html(render(view), title=title, centre=centre), title=title, nodes=view.number_of_nodes(),
                edges=view.number_of_edges())

