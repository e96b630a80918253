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
@handle_errors
def build(data_dir: Path, out_dir: Path, quiet: bool) -> None:
    """Build the graph from the articles and annotations, validate it, and write out/.

    Nothing in out/ is replaced unless the whole build succeeds and the graph is valid.
    """
    from kg import pipeline

    result = pipeline.build(data_dir, out_dir)
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
@handle_errors
def query(query: str | None, params: tuple[str, ...], fmt: str, graph_file: Path | None, data_dir: Path,
          list_: bool) -> None:
    """Run a SPARQL query: a name from the library, a .rq file, or inline text.

    \b
    Examples:
      kg query directors
      kg query roles --param person="Dave Free"
      kg query 'SELECT ?n WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n }'
    """
    from kg.query import named_queries

    if list_ or not query:
        for name, named in named_queries().items():
            params_text = " ".join(f"[{p.name}]" if not p.required else p.name for p in named.params)
            click.echo(f"{name:14} {named.title}" + (f"  params: {params_text}" if params_text else ""))
        return
    from kg import pipeline

    graph = pipeline.open_graph(graph_file=graph_file, data_dir=data_dir)
    click.echo(pipeline.query(graph, query, params=_params(params), fmt=fmt))


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


if __name__ == "__main__":  # pragma: no cover
    main()
