"""``kg build``, ``kg query``, ``kg validate`` and ``kg explain``: build the graph and ask it questions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cli import DATA, OUT, _params, echo, handle_errors, main


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

    Nothing in out/ is replaced unless the whole build succeeds and the graph is valid; then out/ is
    replaced whole, in one rename. A second build of the same folder waits for the first.
    """
    from kg import pipeline
    from kg.store import parse_spec

    result = pipeline.build(data_dir, out_dir, store=parse_spec(store_spec),
                            notify=lambda message: echo(f"kg: {message}", err=True))
    for note in result.notes:
        echo(f"kg: {note}", err=True)
    if quiet:
        return
    for path in result.written:
        echo(f"wrote {path}")
    echo("")
    echo(pipeline.query(result.graph, "counts"))
    echo("")
    echo("Who directed each work? (kg query directors)")
    echo(pipeline.query(result.graph, "directors"))



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
            echo(f"{name:14} {named.title}" + (f"  params: {params_text}" if params_text else ""))
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
            echo(f"kg: {note}", err=True)
    answer = pipeline.ask(target, query, params=_params(params), fmt=fmt, limits=limits)
    echo(answer.text, data=fmt != "table")
    for note in answer.notes:
        echo(f"kg: {note}", err=True)


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
    echo(report.text)
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
        echo(pipeline.explain_entity(graph, words[0]))
    else:
        echo(pipeline.explain_fact(graph, *words))
