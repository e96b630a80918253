"""The core of the composer: load the data, build and validate the graph, write the outputs, and open,
query, explain and validate a graph (``kg build``, ``kg query``, ``kg explain``, ``kg validate``).

Raises nothing of its own: each function says which :mod:`kg.errors` it lets through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from rdflib import Graph

from kg import export
from kg.annotations import Annotation, parse_annotation
from kg.articles import Article, find_article, read_article
from kg.build import add_annotation, new_graph
from kg.errors import InputError
from kg.engine import Limits
from kg.pipeline.page import render_page
from kg.query import NamedQuery, format_result, resolve, run
from kg.validate import Report

if TYPE_CHECKING:  # pragma: no cover
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
    """The graph of every article in ``data_dir`` (not yet validated), with the reviewed Wikidata
    links of ``data_dir/wikidata.csv`` (see :mod:`kg.link`).

    Raises:
        InputError, AnnotationError: bad or inconsistent input, naming the file and line.
    """
    from kg.link import add_links, read_table
    from kg.progress import track

    graph = new_graph()
    for annotation, article in track(load(data_dir), "building articles"):
        add_annotation(graph, annotation, article)
    table = Path(data_dir) / "wikidata.csv"
    return add_links(graph, read_table(table), path=table)


def outputs(graph: Graph, *, title: str = "kg graph") -> dict[str, str]:
    """The text of every output file, made before anything is written."""
    return {
        "graph.ttl": export.to_turtle(graph),
        "graph.jsonld": export.to_jsonld(graph),
        "graph.html": render_page(graph, title=title).html,
    }


def build(data_dir: Path, out_dir: Path, *, validate: bool = True, store: "StoreSpec | None" = None,
          notify: Callable[[str], None] | None = None) -> BuildResult:
    """Build, validate, and publish ``out_dir/graph.{ttl,jsonld,html}``; with ``store=oxigraph:DIR`` also
    put the graph in that persistent store (replacing the graph it held) for ``kg query`` and ``kg serve``.

    ``out_dir`` is replaced as one unit (see :mod:`kg.publish`): one build at a time (a second waits,
    ``notify`` says so), the new files staged beside it, the store filled, and only then the folder swapped
    in one rename. Nothing in ``out_dir`` is touched unless the graph, its validation and the store all
    succeed; what a killed build left is removed. The outputs are the same whatever the store.

    Raises:
        InputError, AnnotationError: bad input, or an output folder that cannot be written.
        InvalidGraphError: the graph does not conform. StoreError: the store cannot be opened or filled.
    """
    from kg import publish

    if store is not None and store.kind == "oxigraph" and store.path is None:
        raise InputError("an in-memory Oxigraph store would end with the build",
                         hint="keep the graph in a folder: kg build --store oxigraph:DIR")
    if store is not None:
        from kg.store import check_writable

        check_writable(store)
    out_dir = Path(out_dir)
    with publish.locked(out_dir, notify=notify):
        publish.clean_leftovers(out_dir)
        graph = build_graph(data_dir)
        if validate:
            from kg.validate import ensure_valid

            ensure_valid(graph)
        texts = outputs(graph)
        try:
            staging = publish.stage(out_dir, texts)
        except OSError as exc:
            raise InputError(f"cannot write the outputs: {exc.strerror or exc}", path=out_dir,
                             hint="pass --out a folder you can write to (not a file), in a folder you can write to"
                             ) from None
        try:
            notes = _keep(graph, store)
            publish.swap(out_dir, staging)
        except OSError as exc:
            raise InputError(f"cannot replace the outputs: {exc.strerror or exc}", path=out_dir,
                             hint="check that you may rename files in the folder that holds it") from None
        finally:
            publish.discard(staging)  # gone after a swap; after a failure, the unpublished build
    return BuildResult(graph=graph, written=[out_dir / name for name in texts], notes=notes)


def _keep(graph: Graph, spec: "StoreSpec | None") -> list[str]:
    """Put a built graph in a persistent store; the notes to print (where it went, or a hint for big graphs)."""
    from kg import store

    if spec is not None and spec.path is not None:
        store.close(store.fill_graph(spec, graph))
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


def explain_entity(graph: Graph, name: str) -> str:
    """What ``graph`` says about the entity named ``name`` (name or alias, any case): each fact with its
    role or relation, its quote, and where the quote stands in the article (offsets and line).

    Raises:
        NotFoundError: no entity has that name, or several do (the message lists them).
    """
    from kg.explain import explain_entity as explain

    return explain(graph, name)


def explain_fact(graph: Graph, subject: str, relation: str, obj: str) -> str:
    """The evidence of the fact ``subject relation obj`` in ``graph`` (a fact without evidence says so).

    Raises:
        NotFoundError: an unknown or ambiguous name, or no such fact (the hint says what the graph has).
    """
    from kg.explain import explain_fact as explain

    return explain(graph, subject, relation, obj)


def validate_graph(*, graph_file: Path | None, data_dir: Path) -> Report:
    """Validate ``graph_file`` (any RDF file; format from its extension), or a fresh build of ``data_dir``,
    against ``ontology/shapes.ttl``. The report says in words which fact or node breaks which rule.

    Raises:
        InputError: the file is missing, cannot be parsed, or holds no triples; bad data (see :func:`build_graph`).
        AnnotationError: see :func:`build_graph`.
    """
    from kg.validate import validate

    graph = load_graph(graph_file) if graph_file is not None else build_graph(data_dir)
    if len(graph) == 0:
        raise InputError("the graph is empty: there is nothing to validate", path=graph_file,
                         hint="name a graph that `kg build` wrote, e.g. out/graph.ttl")
    return validate(graph)
