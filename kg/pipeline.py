"""The only composer: articles + annotations -> graph -> validate -> outputs.

The CLI and the Python API both call these functions and nothing else::

    from kg import pipeline
    graph = pipeline.build_graph(Path("data"))
    pipeline.build(Path("data"), Path("out"))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from rdflib import Graph

from kg import export
from kg.annotations import Annotation, parse_annotation
from kg.articles import Article, find_article, read_article
from kg.build import add_annotation, new_graph
from kg.errors import InputError
from kg.engine import Limits
from kg.query import NamedQuery, format_result, resolve, run
from kg.validate import Report

if TYPE_CHECKING:  # pragma: no cover
    from kg.endpoint import Endpoint
    from kg.extract.evaluate import Evaluation
    from kg.extract.source import Source
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


def build(data_dir: Path, out_dir: Path, *, validate: bool = True, store: "StoreSpec | None" = None) -> BuildResult:
    """Build, validate, and write ``out_dir/graph.{ttl,jsonld,html}``; with ``store=oxigraph:DIR`` also
    put the graph in that persistent store (replacing the graph it held) for ``kg query`` and ``kg serve``.

    Nothing is written unless the whole build succeeds; each file is replaced atomically. The outputs
    are the same whatever the store.

    Raises:
        InputError, AnnotationError: bad input, or an output folder that cannot be written.
        InvalidGraphError: the graph does not conform. StoreError: the store cannot be opened.
    """
    if store is not None and store.kind == "oxigraph" and store.path is None:
        raise InputError("an in-memory Oxigraph store would end with the build",
                         hint="keep the graph in a folder: kg build --store oxigraph:DIR")
    if store is not None:
        from kg.store import check_writable

        check_writable(store)
    graph = build_graph(data_dir)
    if validate:
        from kg.validate import ensure_valid

        ensure_valid(graph)
    files = {Path(out_dir) / name: text for name, text in outputs(graph).items()}
    try:
        export.write_all_atomic(files)
    except OSError as exc:
        raise InputError(f"cannot write the outputs: {exc.strerror or exc}", path=out_dir,
                         hint="pass --out a folder you can write to (not a file)") from None
    written = list(files)
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


# --- extraction: kg extract, kg eval (kg/extract/) -----------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """One article's extraction: the text that is stored and quoted, and the draft annotation."""

    source: "Source"
    annotation: Annotation


def article_files(paths: list[Path]) -> list[Path]:
    """The article files among ``paths`` (a folder gives its .txt, .md and .html files, sorted).

    Raises:
        InputError: a path does not exist, or a folder holds no article.
    """
    from kg.extract.source import SUFFIXES

    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
            if not found:
                raise InputError("no article in the folder", path=path, hint="put .txt, .md or .html articles in it")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("article not found", path=path, hint="check the path")
    return files


def extract(paths: list[Path], *, on_done: Callable[[Path], None] | None = None) -> list[Draft]:
    """Draft annotations of the articles in ``paths`` (files or folders), one per article, in order.

    The spaCy pipeline is loaded on the first call (nothing is downloaded); all articles are parsed in one
    stream. ``on_done`` is called with each article's path when its draft is made.

    Raises:
        InputError: an unreadable article, an unknown file kind, no spaCy pipeline installed.
    """
    from kg.extract import draft, mentions, nlp, relations, resolve, rules, source
    from kg.extract.names import PLAIN

    table = rules.load_rules()
    sources = [source.read_source(p, table) for p in article_files(paths)]
    spans = [s.lines() for s in sources]
    stream = nlp.parse_many(s.text[a:b].translate(PLAIN) for s, lines in zip(sources, spans) for a, b in lines)
    drafts = []
    for src, lines in zip(sources, spans):
        docs = [(a, next(stream)) for a, _ in lines]
        found, nicknames = mentions.find_mentions(src, docs, table)
        res = resolve.resolve(src, found, nicknames, table, docs)
        candidates = relations.find_candidates(src, docs, res, table)
        drafts.append(Draft(source=src, annotation=draft.make_annotation(src, res, candidates)))
        if on_done is not None:
            on_done(src.path)
    return drafts


def draft_yaml(item: Draft) -> str:
    """The YAML text of a draft (the curated format, every fact automatic)."""
    from kg.extract.draft import to_yaml

    return to_yaml(item.annotation, item.source)


def draft_article(item: Draft) -> Article:
    """The article a draft quotes, as :func:`kg.build.add_annotation` takes it."""
    return Article(id=item.source.id, text=item.source.text, path=item.source.path, meta={"title": item.source.title})


def draft_graph(drafts: list[Draft], *, validate: bool = True) -> Graph:
    """The graph of drafts, built by the same code as ``kg build`` (vocabulary, evidence, provenance).

    Raises:
        AnnotationError: a draft the builder rejects (a bug of the extractor). InvalidGraphError: see build.
    """
    graph = new_graph()
    for item in drafts:
        add_annotation(graph, item.annotation, draft_article(item))
    if validate:
        from kg.validate import ensure_valid

        ensure_valid(graph)
    return graph


def write_draft(item: Draft, target: Path) -> list[Path]:
    """Write a draft as ``target`` (YAML) and its article text where ``kg build`` finds it: a draft in
    ``X/annotations/`` puts its text in ``X/articles/<id>.txt``, any other draft in ``articles/`` beside it.
    Returns the files written. A curated annotation is never replaced, nor an article text that differs.

    Raises:
        InputError: ``target`` is a curated annotation, or an article of that id with other text exists.
    """
    import yaml

    target = Path(target)
    folder = target.parent.parent if target.parent.name == "annotations" else target.parent
    text_path = folder / "articles" / f"{item.source.id}.txt"
    meta_path = folder / "articles" / f"{item.source.id}.meta.yaml"
    if target.exists():
        existing = target.read_text(encoding="utf-8")
        if re.search(r"^method:\s*curated\s*$", existing, re.MULTILINE) or not re.search(r"^method:", existing, re.MULTILINE):
            raise InputError("will not replace a curated annotation", path=target,
                             hint="write the draft elsewhere (-o other.yaml or --data OTHER_DIR)")
    written = []
    same_text = text_path.exists() and text_path.read_text(encoding="utf-8") == item.source.text
    if text_path.exists() and not same_text:
        raise InputError(f"another text is stored as article {item.source.id!r}", path=text_path,
                         hint="rename the article file, or write the draft into another folder")
    export.write_atomic(target, draft_yaml(item))
    written.append(target)
    if not same_text:
        export.write_atomic(text_path, item.source.text)
        written.append(text_path)
    if not meta_path.exists():
        meta = {"title": item.source.title, "source_file": item.source.path.name, "format": item.source.format}
        export.write_atomic(meta_path, yaml.safe_dump(meta, sort_keys=False, allow_unicode=True))
        written.append(meta_path)
    return written


def evaluation_pairs(predicted: Path, gold: Path) -> list[tuple[Path, Path]]:
    """Pairs of (draft, gold) annotation files: two files, or two folders paired by file name.

    Raises:
        InputError: a path is missing, or two folders share no file name.
    """
    predicted, gold = Path(predicted), Path(gold)
    for path in (predicted, gold):
        if not path.exists():
            raise InputError("not found", path=path, hint="name an annotation file or a folder of them")
    if predicted.is_dir() != gold.is_dir():
        raise InputError("give two files or two folders", path=predicted, hint="kg eval DRAFT.yaml GOLD.yaml")
    if not predicted.is_dir():
        return [(predicted, gold)]
    golds = {p.stem: p for p in sorted(gold.glob("*.yaml"))}
    pairs = [(p, golds[p.stem]) for p in sorted(predicted.glob("*.yaml")) if p.stem in golds]
    if not pairs:
        raise InputError("the two folders share no annotation file name", path=predicted,
                         hint="name each draft like its gold file (<article-id>.yaml)")
    return pairs


def evaluate(predicted: Path, gold: Path) -> list["Evaluation"]:
    """Score drafts against gold annotations (files or folders, see :func:`evaluation_pairs`).

    Raises:
        InputError, AnnotationError: a missing or malformed annotation file.
    """
    from kg.extract.evaluate import evaluate as score

    return [score(parse_annotation(p), parse_annotation(g)) for p, g in evaluation_pairs(predicted, gold)]



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

# --- analysis, exports and Wikidata links ---------------------------------------------------------------


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
