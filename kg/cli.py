"""The ``kg`` command line: parses, calls :mod:`kg.pipeline`, turns our errors into one message.

Exit codes: 0 ok, 1 invalid data (the graph does not conform to the shapes), 2 bad input or usage.
Heavy libraries are imported inside the commands, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

DATA = Path("data")
OUT = Path("out")


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`kg.errors.KgError` into its message on stderr and its exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.errors import InvalidGraphError, KgError

        try:
            return func(*args, **kwargs)
        except InvalidGraphError as exc:
            click.echo(f"kg: {exc.message()}", err=True)
            if exc.report:
                click.echo(exc.report, err=True)
            sys.exit(exc.exit_code)
        except KgError as exc:
            click.echo(f"kg: error: {exc.message()}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: turn writing about creative work into a knowledge graph you can trust.

    Every fact in the graph leads back to the sentence of the article that states it.
    Exit codes: 0 ok, 1 invalid graph, 2 bad input or usage.
    """


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Folder with articles/ and annotations/.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=OUT, show_default=True,
              help="Folder for graph.ttl, graph.jsonld and graph.html.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--store", "store_spec", default="memory", show_default=True, metavar="STORE",
              help="Also keep the graph in a persistent Oxigraph store: oxigraph:DIR (see kg query --help).")
@handle_errors
def build(data_dir: Path, out_dir: Path, quiet: bool, store_spec: str) -> None:
    """Build the graph from the articles and annotations, validate it, and write out/.

    Nothing in out/ is replaced unless the whole build succeeds and the graph is valid.
    """
    from kg import pipeline
    from kg.store import parse_spec

    result = pipeline.build(data_dir, out_dir, store=parse_spec(store_spec))
    for note in result.notes:
        click.echo(f"kg: {note}", err=True)
    if quiet:
        return
    for path in result.written:
        click.echo(f"wrote {path}")
    click.echo("")
    click.echo(pipeline.query(result.graph, "counts"))
    click.echo("")
    click.echo("Who directed each work? (kg query directors)")
    click.echo(pipeline.query(result.graph, "directors"))


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE, e.g. person=\"Kendrick Lamar\"", param_hint="--param")
        out[key] = value
    return out


@main.command()
@click.argument("query", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as a literal, never pasted into the query). Repeatable.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format (json: SPARQL 1.1 JSON results).")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Query this graph file instead of out/graph.ttl.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when there is no out/graph.ttl.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their questions.")
@click.option("--store", "store_spec", default="auto", show_default=True, metavar="STORE",
              help="Where the graph lives: memory (rdflib), oxigraph (in memory), oxigraph:DIR (kept in a folder), "
                   "or auto: oxigraph for files above about 100,000 triples, else memory.")
@click.option("--endpoint", metavar="URL", default=None,
              help="Ask this SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query) instead of a local graph.")
@click.option("--graph-iri", metavar="IRI", default=None,
              help="With --endpoint: the named graph to ask (default: kg's, https://w3id.org/kg/graph, "
                   "where kg push puts it); '' asks the endpoint's default graph.")
@click.option("--user", metavar="NAME", default=None,
              help="With --endpoint: the user name; the password is read from $KG_PASSWORD.")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Stop the query after this many seconds (0: no limit).")
@click.option("--max-rows", type=int, default=10_000, show_default=True,
              help="Show at most this many rows or triples (0: no limit); kg says when it cuts.")
@handle_errors
def query(query: str | None, params: tuple[str, ...], fmt: str, graph_file: Path | None, data_dir: Path,
          list_: bool, store_spec: str, endpoint: str | None, graph_iri: str | None, user: str | None,
          timeout: float, max_rows: int) -> None:
    """Run a SPARQL query: a name from the library, a .rq file, or inline text.

    Names and aliases given as parameters match ignoring case. A query that finds nothing says so;
    a query that runs out of time, or gives more rows than --max-rows, is stopped or cut, and kg says so.

    \b
    Examples:
      kg query directors
      kg query roles --param person="Dave Free"
      kg query 'SELECT ?n WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n }'
      kg query directors --store oxigraph:graph.oxigraph
      kg query directors --endpoint http://127.0.0.1:7878/query
    """
    from kg.query import named_queries

    if list_ or not query:
        for name, named in named_queries().items():
            params_text = " ".join(f"[{p.name}]" if not p.required else p.name for p in named.params)
            click.echo(f"{name:14} {named.title}" + (f"  params: {params_text}" if params_text else ""))
        return
    import os

    from kg import pipeline
    from kg.engine import Limits
    from kg.errors import QueryError

    if timeout < 0 or max_rows < 0:
        raise QueryError("--timeout and --max-rows cannot be negative", hint="0 means no limit")
    limits = Limits(timeout=timeout, max_rows=max_rows)
    target: Any
    if endpoint:
        from kg.endpoint import KG_GRAPH, Endpoint

        target = Endpoint(endpoint, graph_iri=KG_GRAPH if graph_iri is None else (graph_iri or None), user=user,
                          password=os.environ.get("KG_PASSWORD") if user else None)
    else:
        from kg.store import parse_spec

        target, notes = pipeline.open_store(parse_spec(store_spec), graph_file=graph_file, data_dir=data_dir)
        for note in notes:
            click.echo(f"kg: {note}", err=True)
    answer = pipeline.ask(target, query, params=_params(params), fmt=fmt, limits=limits)
    click.echo(answer.text)
    for note in answer.notes:
        click.echo(f"kg: {note}", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when no FILE is given.")
@handle_errors
def validate(file: Path | None, data_dir: Path) -> None:
    """Validate a graph file (or a fresh build of data/) against the SHACL shapes.

    Exit code 0 valid, 1 invalid (the report names each failing fact), 2 bad input.
    """
    from kg import pipeline

    report = pipeline.validate_graph(graph_file=file, data_dir=data_dir)
    click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("words", nargs=-1, required=True, metavar="NAME | SUBJECT RELATION OBJECT")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Explain from this graph file instead of out/graph.ttl.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when there is no out/graph.ttl.")
@handle_errors
def explain(words: tuple[str, ...], graph_file: Path | None, data_dir: Path) -> None:
    """Say what the graph says about an entity, or show the evidence of one fact.

    With NAME (a name or alias, any case): each fact about it, with its role or relation, the quote
    that supports it and where it stands in the article (characters start-end, line). With SUBJECT
    RELATION OBJECT: the evidence of that fact; a fact without evidence says so.

    \b
    Examples:
      kg explain "Jake Schreier"
      kg explain "We Cry Together" director "Jake Schreier"
      kg explain "Private screening of We Cry Together" startDate 2022-11-22
    Exit code 0, or 2 for an unknown or ambiguous name or fact (the message lists candidates).
    """
    if len(words) not in (1, 3):
        raise click.UsageError("give one NAME, or SUBJECT RELATION OBJECT (quote names with spaces)")
    from kg import pipeline

    graph = pipeline.open_graph(graph_file=graph_file, data_dir=data_dir)
    if len(words) == 1:
        click.echo(pipeline.explain_entity(graph, words[0]))
    else:
        click.echo(pipeline.explain_fact(graph, *words))


def _progress(total: int):  # type: ignore[no-untyped-def]
    """A rich progress bar on a terminal (stderr), nothing when piped; returns (context, advance)."""
    import contextlib

    from rich.console import Console

    console = Console(stderr=True)
    if total < 2 or not console.is_terminal:
        return contextlib.nullcontext(), lambda path: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), console=console, transient=True)
    task = progress.add_task("", total=total)
    return progress, lambda path: progress.update(task, advance=1, description=Path(path).name)


@main.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", "output", type=click.Path(path_type=Path), default=None,
              help="FILE.yaml: the draft annotation (one article; its text goes to articles/ beside it). "
                   "FILE.ttl: the graph of all the articles, built like `kg build` does.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Write each draft to DIR/annotations/<id>.yaml and its text to DIR/articles/<id>.txt.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@handle_errors
def extract(articles: tuple[Path, ...], output: Path | None, data_dir: Path | None, quiet: bool) -> None:
    """Extract a draft graph from articles (.txt, .md, .html, or folders of them).

    Every fact of the draft is automatic, with its quote, a confidence and the rule that found it
    (kg/extract/rules.yaml). With no -o and no --data, one article's draft is printed as YAML.

    \b
    Examples:
      kg extract review.txt                     # print the draft
      kg extract review.txt -o review.ttl       # the graph, with evidence and provenance
      kg extract page.html -o data/annotations/page.yaml
      kg extract articles/ --data data          # many articles, beside the curated ones
    """
    from kg import export, pipeline
    from kg.errors import InputError

    files = pipeline.article_files(list(articles))
    suffix = output.suffix.lower() if output else ""
    if output is not None and suffix not in (".yaml", ".yml", ".ttl"):
        raise click.BadParameter("write a .yaml draft or a .ttl graph", param_hint="-o")
    if output is not None and data_dir is not None:
        raise click.BadParameter("give -o or --data, not both", param_hint="-o")
    if len(files) > 1 and suffix != ".ttl" and data_dir is None:
        raise InputError(f"{len(files)} articles: one draft file cannot hold them",
                         hint="use --data DIR (one draft each) or -o FILE.ttl (one graph)")
    context, advance = _progress(0 if quiet else len(files))
    with context:
        drafts = pipeline.extract(files, on_done=advance)
    written: list[Path] = []
    if suffix == ".ttl":
        assert output is not None
        export.write_atomic(output, export.to_turtle(pipeline.draft_graph(drafts)))
        written.append(output)
    elif output is not None:
        written.extend(pipeline.write_draft(drafts[0], output))
    elif data_dir is not None:
        for item in drafts:
            written.extend(pipeline.write_draft(item, Path(data_dir) / "annotations" / f"{item.source.id}.yaml"))
    else:
        click.echo(pipeline.draft_yaml(drafts[0]), nl=False)
        return
    if not quiet:
        for item in drafts:
            click.echo(f"{item.source.path}: {len(item.annotation.entities)} entities, "
                       f"{len(item.annotation.facts)} facts")
        for path in written:
            click.echo(f"wrote {path}")


@main.command(name="eval")
@click.argument("predicted", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print the scores only, not the misses and false findings.")
@handle_errors
def eval_(predicted: Path, gold: Path, quiet: bool) -> None:
    """Score a draft annotation against a gold one: entity and relation precision, recall, F1.

    PREDICTED and GOLD are two annotation files, or two folders whose files are paired by name.
    Prints the scores, then what was missed and what was wrongly found (the README says how
    entities and facts are matched).
    """
    from kg import pipeline
    from kg.extract.evaluate import details, table

    rows = pipeline.evaluate(predicted, gold)
    click.echo(table(rows))
    if not quiet:
        for row in rows:
            click.echo("")
            click.echo(details(row))


def _graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The --graph and --data options of the commands that read the built graph."""
    func = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
                        help="Build from this folder when there is no out/graph.ttl.")(func)
    return click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
                        help="Read this graph file instead of out/graph.ttl.")(func)


@main.command()
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="How many people and works to list as most central.")
@_graph_options
@handle_errors
def stats(top: int, graph_file: Path | None, data_dir: Path) -> None:
    """Counts by class and relation, the most central people and works, and the communities.

    Centrality (degree and PageRank) is computed over the people–work projection: people and works,
    joined by the facts between them. Communities are found by Louvain (fixed seed) over every entity
    but the articles.
    """
    from kg import pipeline

    click.echo(pipeline.stats(pipeline.open_graph(graph_file=graph_file, data_dir=data_dir), top=top))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many chains.")
@click.option("--through-articles", is_flag=True,
              help="Also let chains pass through an article (it connects everything it mentions).")
@_graph_options
@handle_errors
def path(a: str, b: str, limit: int, through_articles: bool, graph_file: Path | None, data_dir: Path) -> None:
    """The shortest chains of facts between two entities, each step with its relation and its quote.

    A and B are names or aliases (case is ignored) or entity ids. An unknown or ambiguous name
    exits 2 and lists the candidates.

    \b
    Example:
      kg path "Tessa Thompson" "Hype Williams"
    """
    from kg import pipeline

    graph = pipeline.open_graph(graph_file=graph_file, data_dir=data_dir)
    click.echo(pipeline.path(graph, a, b, limit=limit, through_articles=through_articles))


@main.command("export")
@click.option("--format", "-f", "fmt", default=None,
              type=click.Choice(["turtle", "ntriples", "jsonld", "trig", "graphml", "gexf", "csv"], case_sensitive=False),
              help="Output format; guessed from the extension of FILE when left out.")
@click.option("--output", "-o", "target", required=True, metavar="FILE",
              help="The file to write (for csv: the folder that gets nodes.csv and edges.csv).")
@_graph_options
@handle_errors
def export_(fmt: str | None, target: str, graph_file: Path | None, data_dir: Path) -> None:
    """Export the graph for other tools: RDF (Turtle, N-Triples, JSON-LD, TriG), Gephi (GraphML, GEXF), CSV.

    \b
    Extensions: .ttl turtle, .nt ntriples, .jsonld jsonld, .trig trig (one named graph per article),
    .graphml graphml, .gexf gexf; a folder (ending in /) csv: nodes.csv and edges.csv.
    The file is written whole or not at all.

    \b
    Examples:
      kg export -o exports/graph.gexf
      kg export --format csv -o exports/csv
    """
    from kg import pipeline

    graph = pipeline.open_graph(graph_file=graph_file, data_dir=data_dir)
    for written in pipeline.export_graph(graph, target, fmt=fmt):
        click.echo(f"wrote {written}")


@main.command()
@click.option("--check", is_flag=True, help="List only the entities that have no Wikidata id.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Read this graph file instead of building from --data.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Folder with the annotations and the reviewed table wikidata.csv.")
@handle_errors
def link(check: bool, graph_file: Path | None, data_dir: Path) -> None:
    """Show each entity's Wikidata id from the reviewed table data/wikidata.csv (nothing is looked up).

    With --check, list the entities that have no id yet. A row for an unknown entity, or whose label
    is not the entity's name, exits 2 naming the line.
    """
    from kg import pipeline

    graph = pipeline.load_graph(graph_file) if graph_file else pipeline.build_graph(data_dir)
    click.echo(pipeline.links(graph, missing_only=check))

@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write (one self-contained page).")
@click.option("--focus", metavar="NAME", default=None,
              help="Draw only this entity (name, alias or id) and its neighbourhood.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --focus: how many facts away from the entity to draw.")
@click.option("--query", "query_", metavar="NAME_OR_FILE", default=None,
              help="Draw what a query returns: a named query, a .rq file or SPARQL text (CONSTRUCT, or SELECT: "
                   "its entities and the facts between them).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of --query. Repeatable.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Draw this graph file instead of out/graph.ttl.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when there is no out/graph.ttl.")
@handle_errors
def render(output: Path, focus: str | None, depth: int, query_: str | None, params: tuple[str, ...],
           graph_file: Path | None, data_dir: Path) -> None:
    """Draw the graph, or part of it, as one interactive HTML page that works offline.

    \b
    Examples:
      kg render -o graph.html
      kg render --focus "Tessa Thompson" --depth 2 -o tessa.html
      kg render --query directors -o directors.html
      kg render --query roles --param person="Dave Free" -o dave.html
    """
    from kg import pipeline

    page = pipeline.render(output, graph_file=graph_file, data_dir=data_dir, focus=focus, depth=depth,
                           query=query_, params=_params(params))
    entities = f"{page.nodes} entit{'y' if page.nodes == 1 else 'ies'}"
    facts = f"{page.edges} fact{'' if page.edges == 1 else 's'}"
    click.echo(f"wrote {output}: {entities}, {facts} ({page.title})")


def _limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--max-rows", type=int, default=10_000, show_default=True,
                        help="Refuse answers of more rows or triples than this (0: no limit).")(func)
    return click.option("--timeout", type=float, default=30.0, show_default=True,
                        help="Stop each query after this many seconds (0: no limit).")(func)


@main.command()
@click.option("--port", type=int, default=7878, show_default=True, help="The port to listen on at 127.0.0.1.")
@click.option("--store", "store_spec", default="auto", show_default=True, metavar="STORE",
              help="memory, oxigraph or auto: serve a temporary copy; oxigraph:DIR: serve that folder.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Serve this graph file instead of out/graph.ttl.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when there is no out/graph.ttl.")
@_limit_options
@handle_errors
def serve(port: int, store_spec: str, graph_file: Path | None, data_dir: Path, timeout: float, max_rows: int) -> None:
    """Serve the graph read-only with the Oxigraph SPARQL server on 127.0.0.1, until Ctrl-C.

    Prints the SPARQL endpoint (for kg query --endpoint, SPARQLWrapper, curl) and the address of the
    built-in query page, which works offline. Updates are refused.
    """
    import signal

    from kg import pipeline
    from kg.engine import Limits
    from kg.store import parse_spec

    service = pipeline.serve(parse_spec(store_spec), port=port, limits=Limits(timeout=timeout, max_rows=max_rows),
                             graph_file=graph_file, data_dir=data_dir)

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)  # also when started with Ctrl-C ignored (in the background)
    try:
        click.echo(f"SPARQL endpoint: {service.query_url}")
        click.echo(f"query page:      {service.url}  (works offline)")
        click.echo(f"Oxigraph server pid {service.process.pid}, read-only: updates are refused; "
                   f"at most {max_rows or 'any number of'} rows and {timeout:g} s per query. Ctrl-C stops.")
        service.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    click.echo("stopped")


@main.command()
@click.argument("url")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="The named graph to replace, and only it (default: https://w3id.org/kg/graph).")
@click.option("--file", "graph_file", type=click.Path(path_type=Path), default=None,
              help="Send this graph file instead of out/graph.ttl.")
@click.option("--store", "store_spec", default="auto", show_default=True, metavar="STORE",
              help="oxigraph:DIR: send the graph kept in that folder.")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="Build from this folder when there is no out/graph.ttl.")
@click.option("--user", metavar="NAME", default=None, help="The user name; the password is read from $KG_PASSWORD.")
@handle_errors
def push(url: str, graph_iri: str | None, graph_file: Path | None, store_spec: str, data_dir: Path,
         user: str | None) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol endpoint, replacing only its own named graph.

    \b
    URL is the server's Graph Store endpoint, e.g.
      Oxigraph  http://HOST:7878/store
      Fuseki    http://HOST:3030/DATASET/data
      GraphDB   http://HOST:7200/repositories/REPO/rdf-graphs/service
      Virtuoso  http://HOST:8890/sparql-graph-crud-auth   (with --user)
      Neptune   https://CLUSTER:8182/sparql/gsp/
    """
    import os

    from kg import pipeline
    from kg.store import KG_GRAPH, parse_spec

    status, count = pipeline.push(url, graph_iri=graph_iri, spec=parse_spec(store_spec), graph_file=graph_file,
                                  data_dir=data_dir, user=user, password=os.environ.get("KG_PASSWORD") if user else None)
    click.echo(f"replaced <{graph_iri or KG_GRAPH}> at {url} with {count} triples (HTTP {status})")


if __name__ == "__main__":  # pragma: no cover
    main()
