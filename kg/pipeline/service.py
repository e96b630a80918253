"""Stores, endpoints and the SPARQL service in the composer: ``kg query --store/--endpoint``, ``kg push`` and
``kg serve`` (the stages are :mod:`kg.store`, :mod:`kg.endpoint` and :mod:`kg.serve`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from rdflib import Graph

from kg.engine import Limits
from kg.errors import InputError
from kg.pipeline.core import build_graph
from kg.query import format_result, resolve, run

if TYPE_CHECKING:  # pragma: no cover
    from kg.endpoint import Endpoint
    from kg.serve import Service
    from kg.store import StoreSpec


@dataclass(frozen=True)
class Answer:
    """A formatted answer and what the user should know about it (no results, rows cut by the limit...)."""

    text: str
    notes: list[str] = field(default_factory=list)


def graph_file_for(*, graph_file: Path | None, data_dir: Path) -> Path | None:
    """The file a command reads: ``graph_file``, else ``out/graph.ttl`` beside ``data_dir`` if built, else None."""
    if graph_file is not None:
        return Path(graph_file)
    built = Path(data_dir).parent / "out" / "graph.ttl"
    return built if built.is_file() else None


def turtle_of(*, graph_file: Path | None, data_dir: Path, scratch: Path) -> Path:
    """A Turtle (or other RDF) file of the graph: ``graph_file``, ``out/graph.ttl``, or a fresh build written
    into the folder ``scratch``.

    Raises:
        InputError, AnnotationError: no file and no buildable data.
    """
    from kg import store

    source = graph_file_for(graph_file=graph_file, data_dir=data_dir)
    if source is not None:
        if not source.is_file():
            raise InputError("graph file not found", path=source, hint="run `kg build` first, or name an existing file")
        return source
    return store.write_turtle(build_graph(data_dir), Path(scratch) / "graph.ttl")


def open_store(spec: "StoreSpec", *, graph_file: Path | None = None, data_dir: Path = Path("data")) -> tuple[Graph, list[str]]:
    """The graph to query in the store ``spec``, and notes for the user (which store ``auto`` chose).

    ``oxigraph:DIR`` opens the graph already in ``DIR`` (read-only, so a running ``kg serve`` does not
    mind); an empty ``DIR`` is first filled from ``graph_file``, ``out/graph.ttl`` or a fresh build. A ``DIR``
    that does not exist is made only to load ``graph_file`` into it: a mistyped path is refused.

    Raises:
        InputError, AnnotationError: nothing to read; a file given for a store that already holds a graph.
        StoreError: the store cannot be opened; ``DIR`` does not exist (and no ``graph_file`` is to be loaded into
            it), is a file, or holds something else (see :func:`kg.store.check_readable`).
    """
    import tempfile

    from kg import store

    if spec.path is not None:
        store.check_readable(spec, loading=graph_file is not None)
        if store.holds_graph(spec):
            if graph_file is not None:
                raise InputError("the store already holds a graph", path=spec.path,
                                 hint="query it without --graph, or rebuild it: kg build --store oxigraph:DIR")
            return store.new_graph(spec, read_only=True), []
        with tempfile.TemporaryDirectory(prefix="kg-") as scratch:
            store.close(store.fill(spec, turtle_of(graph_file=graph_file, data_dir=data_dir, scratch=Path(scratch))))
        return store.new_graph(spec, read_only=True), [f"loaded the graph into {spec.path}"]
    source = graph_file_for(graph_file=graph_file, data_dir=data_dir)
    if source is None:
        graph = build_graph(data_dir)
        return (store.copy(graph, spec) if spec.kind == "oxigraph" else graph), []
    if not source.is_file():
        raise InputError("graph file not found", path=source, hint="run `kg build` first, or name an existing file")
    triples = store.estimate_triples(source)
    chosen = store.choose(spec, triples=triples)
    notes = []
    if spec.kind == "auto" and chosen.kind == "oxigraph":
        notes.append(f"{source} holds about {triples:,} triples: using the Oxigraph store "
                     "(--store memory to use rdflib's)")
    return store.load_file(store.new_graph(chosen), source), notes


def ask(target: "Graph | Endpoint", name_or_text: str, *, params: Mapping[str, str] | None = None,
        fmt: str = "table", limits: Limits = Limits()) -> Answer:
    """Run a named query, a ``.rq`` file or inline SPARQL on a graph or an endpoint; the formatted answer and notes.

    Raises:
        QueryError: unknown query, bad parameters, syntax error, a forbidden clause, a limit reached.
        StoreError: an endpoint that cannot be reached.
    """
    named = resolve(name_or_text)
    answer = run(target, named, params, limits=limits)
    return Answer(format_result(answer, fmt), list(getattr(answer, "notes", [])))


def push(url: str, *, graph_iri: str | None, spec: "StoreSpec", graph_file: Path | None = None,
         data_dir: Path = Path("data"), user: str | None = None, password: str | None = None) -> tuple[int, int]:
    """Replace the named graph ``graph_iri`` at the Graph Store ``url`` with kg's graph.

    The file is sent as it is (``graph_file``, ``out/graph.ttl`` or a fresh build), so the server gets
    exactly its triples; ``oxigraph:DIR`` sends the graph kept there. Returns (HTTP status, triples sent).

    Raises:
        InputError, AnnotationError: nothing to send. StoreError: the server cannot be reached or refuses.
    """
    import tempfile

    from kg import endpoint, store

    with tempfile.TemporaryDirectory(prefix="kg-push-") as scratch:
        if spec.path is not None:
            graph, _ = open_store(spec, graph_file=graph_file, data_dir=data_dir)
            source = store.write_turtle(graph, Path(scratch) / "graph.ttl")
            store.close(graph)
        else:
            source = turtle_of(graph_file=graph_file, data_dir=data_dir, scratch=Path(scratch))
        count = store.count_triples(source)
        status = endpoint.push(source, url, graph_iri=graph_iri or store.KG_GRAPH, user=user, password=password)
    return status, count


def serve(spec: "StoreSpec", *, port: int, limits: Limits, graph_file: Path | None = None,
          data_dir: Path = Path("data"), workers: int = 2) -> "Service":
    """Make ``kg serve`` ready: the graph in a read-only Oxigraph store, the socket on 127.0.0.1:``port`` bound
    (``Service.serve_forever`` then starts ``workers`` worker processes that answer through the guard).

    ``oxigraph:DIR`` serves that folder (filled first if empty); any other store serves a temporary
    copy of ``graph_file``, ``out/graph.ttl`` or a fresh build, removed when the service stops.

    Raises:
        InputError, AnnotationError: nothing to serve. StoreError: the port taken, the store unreadable.
    """
    import shutil
    import tempfile

    from kg import serve as service, store

    service.check_limits(limits)
    if spec.path is not None:
        too_long = False
        try:
            graph, _ = open_store(spec, graph_file=graph_file, data_dir=data_dir)
            store.close(graph)
        except MemoryError:  # a value over 16 MiB: Oxigraph's parser stopped; the store is still open here
            too_long = True
        if too_long:
            import gc

            gc.collect()
            with tempfile.TemporaryDirectory(prefix="kg-") as scratch:
                service.load_with_rdflib(spec.path, turtle_of(graph_file=graph_file, data_dir=data_dir,
                                                              scratch=Path(scratch)))
        return service.Service(spec.path, port=port, limits=limits, temporary=False, workers=workers)
    with tempfile.TemporaryDirectory(prefix="kg-") as scratch:
        location = service.temporary_store(turtle_of(graph_file=graph_file, data_dir=data_dir, scratch=Path(scratch)))
    try:
        return service.Service(location, port=port, limits=limits, temporary=True, workers=workers)
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
