"""Views of a built graph in the composer: ``kg render``, ``kg stats``, ``kg path``, ``kg export`` and
``kg link``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import export
from kg.pipeline.core import open_graph
from kg.pipeline.page import Page, render_page


def render(path: Path, *, graph_file: Path | None = None, data_dir: Path = Path("data"), **options: Any) -> Page:
    """Draw the graph page (see :func:`render_page` for ``options``) of ``graph_file``, else of ``out/graph.ttl``
    beside ``data_dir``, else of a fresh build, and write it to ``path`` atomically.

    Raises:
        InputError: an unreadable graph file. NotFoundError, QueryError: see :func:`render_page`.
        OSError: ``path`` cannot be written.
    """
    page = render_page(open_graph(graph_file=graph_file, data_dir=data_dir), **options)
    export.write_atomic(Path(path), page.html)
    return page


def stats(graph: Graph, *, top: int = 5) -> str:
    """The ``kg stats`` report: counts by class and relation, the most central people and works, communities.

    Raises:
        QueryError: a packaged counting query is broken (a packaging bug).
    """
    from kg.analysis import format_stats
    from kg.analysis import stats as compute

    return format_stats(compute(graph, top=top))


def path(graph: Graph, a: str, b: str, *, limit: int = 10, through_articles: bool = False) -> str:
    """The ``kg path`` report: the shortest chains of facts between the entities named ``a`` and ``b``,
    each step with its relation and its quote.

    Raises:
        NotFoundError: a name matches no entity or several (the message lists the candidates).
    """
    from kg.analysis import chains, format_chains

    return format_chains(a, b, chains(graph, a, b, limit=limit, through_articles=through_articles))


def export_graph(graph: Graph, target: str | Path, *, fmt: str | None = None) -> list[Path]:
    """Write ``graph`` to ``target`` in ``fmt`` (else guessed from the extension; CSV: a folder); return the files.

    Every text is made before anything is written, and each file is replaced atomically.

    Raises:
        InputError: an unknown format or an extension no format has. OSError: the folder cannot be written.
    """
    from kg.formats import render

    texts = render(graph, target, fmt)
    for file, text in texts.items():
        export.write_atomic(file, text)
    return list(texts)


def links(graph: Graph, *, missing_only: bool = False) -> str:
    """The ``kg link`` report: each entity with its reviewed Wikidata id; with ``missing_only``, the
    entities without one."""
    from kg.link import link_status
    from kg.query import table

    status = link_status(graph)
    if not missing_only:
        return table(["entity", "class", "wikidata", "source"],
                     [[s.name, s.group, s.wikidata or "", s.source or ""] for s in status])
    missing = [s for s in status if s.wikidata is None]
    head = f"{len(missing)} of {len(status)} entities have no Wikidata id in data/wikidata.csv"
    return head + ("\n\n" + table(["entity", "class", "id"], [[s.name, s.group, s.id] for s in missing])
                   if missing else "")
