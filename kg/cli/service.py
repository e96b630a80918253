"""``kg serve`` and ``kg push``: the graph as a SPARQL service, and sent to a Graph Store endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import DATA, _graph_options, _limit_options, handle_errors, main


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="The port to listen on at 127.0.0.1 (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Worker processes answering queries, each with the store open read-only.")
@click.option("--store", "store_spec", default="auto", show_default=True, metavar="STORE",
              help="memory, oxigraph or auto: serve a temporary copy; oxigraph:DIR: serve that folder.")
@_graph_options
@_limit_options
@handle_errors
def serve(port: int, workers: int, store_spec: str, graph_file: Path | None, data_dir: Path, timeout: float,
          max_rows: int) -> None:
    """Serve the graph read-only as a SPARQL endpoint on 127.0.0.1, until Ctrl-C.

    Prints the SPARQL endpoint (for kg query --endpoint, SPARQLWrapper, curl) and the address of the
    query page, which works offline. Oxigraph runs inside kg's own server processes: the printed port
    is the only way in. Updates and SERVICE are refused.
    """
    from kg import pipeline
    from kg.engine import Limits
    from kg.store import parse_spec

    service = pipeline.serve(parse_spec(store_spec), port=port, limits=Limits(timeout=timeout, max_rows=max_rows),
                             graph_file=graph_file, data_dir=data_dir, workers=workers)
    click.echo(f"SPARQL endpoint: {service.query_url}")
    click.echo(f"query page:      {service.url}  (works offline)")
    click.echo(f"kg serve pid {service.pid}, {workers} worker(s), read-only: updates and SERVICE are refused; "
               f"at most {max_rows or 'any number of'} rows and {timeout:g} s per query. Ctrl-C stops.")
    service.serve_forever()  # until SIGINT/SIGTERM, then the workers are stopped and the store removed
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
