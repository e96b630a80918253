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
    from kg.validate import validate as run_validation

    graph = pipeline.load_graph(file) if file else pipeline.build_graph(data_dir)
    report = run_validation(graph)
    click.echo(report.text.strip())
    sys.exit(0 if report.conforms else 1)


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
