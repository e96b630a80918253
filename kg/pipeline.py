"""The only composer: articles + annotations -> graph -> validate -> outputs.

The CLI and the Python API both call these functions and nothing else::

    from kg import pipeline
    graph = pipeline.build_graph(Path("data"))
    pipeline.build(Path("data"), Path("out"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from rdflib import Graph

from kg import export
from kg.annotations import Annotation, parse_annotation
from kg.articles import Article, find_article, read_article
from kg.build import add_annotation, new_graph, wikidata_links
from kg.errors import InputError
from kg.engine import Limits
from kg.query import NamedQuery, format_result, resolve, run

if TYPE_CHECKING:
    from kg.endpoint import Endpoint
    from kg.serve import Service
    from kg.store import StoreSpec

OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.html")


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the graph and the files written."""

    graph: Graph
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def annotation_files(data_dir: Path) -> list[Path]:
    """The annotation files in ``data_dir/annotations`` (curated and drafts), sorted.

    Raises:
        InputError: the data folder or its annotations folder is missing, or holds no annotation.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError("data folder not found", path=data_dir,
                         hint="run kg from the project folder, or pass --data DIR with articles/ and annotations/")
    folder = data_dir / "annotations"
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []
    if not files:
        raise InputError("no annotation files found", path=folder,
                         hint="add data/annotations/<article-id>.yaml (see data/README.md) or run `kg extract`")
    return files


def load(data_dir: Path) -> list[tuple[Annotation, Article]]:
    """Every annotation in ``data_dir`` with its article (a progress bar on a terminal when there are many).

    Raises:
        InputError, AnnotationError: see :func:`annotation_files`, :func:`kg.annotations.parse_annotation`,
            :func:`kg.articles.read_article`.
    """
    from kg.progress import track

    pairs = []
    for path in track(annotation_files(data_dir), "reading annotations"):
        annotation = parse_annotation(path)
        article = read_article(find_article(Path(data_dir) / "articles", annotation.article, referenced_from=path))
        pairs.append((annotation, article))
    return pairs


def build_graph(data_dir: Path) -> Graph:
    """The graph of every article in ``data_dir`` (not yet validated).

    Raises:
        InputError, AnnotationError: bad or inconsistent input, naming the file and line.
    """
    from kg.progress import track

    graph = new_graph()
    links = wikidata_links(Path(data_dir) / "wikidata.csv")
    for annotation, article in track(load(data_dir), "building articles"):
        add_annotation(graph, annotation, article, links=links)
    return graph


def outputs(graph: Graph, *, title: str = "kg graph") -> dict[str, str]:
    """The text of every output file, made before anything is written."""
    from kg.render import render, to_html

    return {
        "graph.ttl": export.to_turtle(graph),
        "graph.jsonld": export.to_jsonld(graph),
        "graph.html": to_html(render(graph), title=title),
    }


def build(data_dir: Path, out_dir: Path, *, validate: bool = True, store: "StoreSpec | None" = None) -> BuildResult:
    """Build, validate, and write ``out_dir/graph.{ttl,jsonld,html}``; with ``store=oxigraph:DIR`` also
    put the graph in that persistent store (replacing the graph it held) for ``kg query`` and ``kg serve``.

    Nothing is written unless the whole build succeeds; each file is replaced atomically. The outputs
    are the same whatever the store.

    Raises:
        InputError, AnnotationError: bad input. InvalidGraphError: the graph does not conform.
        StoreError: the store cannot be opened.
    """
    if store is not None and store.kind == "oxigraph" and store.path is None:
        raise InputError("an in-memory Oxigraph store would end with the build",
                         hint="keep the graph in a folder: kg build --store oxigraph:DIR")
    graph = build_graph(data_dir)
    if validate:
        from kg.validate import ensure_valid

        ensure_valid(graph)
    texts = outputs(graph)
    written = []
    for name, text in texts.items():
        target = Path(out_dir) / name
        export.write_atomic(target, text)
        written.append(target)
    return BuildResult(graph=graph, written=written, notes=_keep(graph, Path(out_dir) / "graph.ttl", store))


def _keep(graph: Graph, turtle: Path, spec: "StoreSpec | None") -> list[str]:
    """Put a built graph in a persistent store; the notes to print (where it went, or a hint for big graphs)."""
    from kg import store

    if spec is not None and spec.path is not None:
        store.close(store.fill(spec, turtle))
        return [f"kept the graph in the Oxigraph store {spec.path}: kg query --store oxigraph:{spec.path}"]
    if len(graph) > store.AUTO_TRIPLES:
        return [f"the graph has {len(graph):,} triples: rdflib's store is slow at this size; keep it in Oxigraph "
                "with kg build --store oxigraph:DIR, then kg query/serve --store oxigraph:DIR"]
    return []


def load_graph(path: Path) -> Graph:
    """Read a graph file (format from its extension).

    Raises:
        InputError: the file is missing or cannot be parsed.
    """
    from rdflib.util import guess_format

    path = Path(path)
    if not path.is_file():
        raise InputError("graph file not found", path=path, hint="run `kg build` first, or name an existing file")
    graph = new_graph()
    try:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib's parsers raise many types; all mean a file we cannot read
        raise InputError(f"cannot parse the graph: {exc}", path=path, hint="check that the file is valid RDF") from None
    return graph


def open_graph(*, graph_file: Path | None, data_dir: Path) -> Graph:
    """The graph to query: ``graph_file`` if given, else ``out/graph.ttl`` beside ``data_dir`` if built, else a fresh build."""
    if graph_file is not None:
        return load_graph(graph_file)
    built = Path(data_dir).parent / "out" / "graph.ttl"
    return load_graph(built) if built.is_file() else build_graph(data_dir)


def query(graph: Graph, name_or_text: str, *, params: Mapping[str, str] | None = None, fmt: str = "table",
          limits: Limits = Limits()) -> str:
    """Run a named query, a ``.rq`` file or inline SPARQL over ``graph`` and format the answer.

    Raises:
        QueryError: unknown query, bad parameters, syntax error, unknown format, a limit reached.
    """
    named: NamedQuery = resolve(name_or_text)
    return format_result(run(graph, named, params, limits=limits), fmt)


# --- stores, endpoints and the SPARQL service (kg.store, kg.endpoint, kg.serve) ---------------------


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
    mind); an empty ``DIR`` is first filled from ``graph_file``, ``out/graph.ttl`` or a fresh build.

    Raises:
        InputError, AnnotationError: nothing to read; a file given for a store that already holds a graph.
        StoreError: the store cannot be opened.
    """
    import tempfile

    from kg import store

    if spec.path is not None:
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
          data_dir: Path = Path("data")) -> "Service":
    """Start ``kg serve``: the graph in a read-only Oxigraph server on 127.0.0.1:``port`` behind the guard.

    ``oxigraph:DIR`` serves that folder (filled first if empty); any other store serves a temporary
    copy of ``graph_file``, ``out/graph.ttl`` or a fresh build, removed when the service stops.

    Raises:
        InputError, AnnotationError: nothing to serve. StoreError: Oxigraph missing, or the port taken.
    """
    import tempfile

    from kg import serve as service, store

    service.check_limits(limits)
    service.executable()
    if spec.path is not None:
        graph, _ = open_store(spec, graph_file=graph_file, data_dir=data_dir)
        store.close(graph)
        return service.Service(spec.path, port=port, limits=limits, temporary=False)
    with tempfile.TemporaryDirectory(prefix="kg-") as scratch:
        location = service.temporary_store(turtle_of(graph_file=graph_file, data_dir=data_dir, scratch=Path(scratch)))
    try:
        return service.Service(location, port=port, limits=limits, temporary=True)
    except BaseException:
        import shutil

        shutil.rmtree(location, ignore_errors=True)
        raise
