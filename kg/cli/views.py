"""``kg stats``, ``kg path``, ``kg export``, ``kg link`` and ``kg render``: views of the built graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import DATA, _graph_options, _params, echo, handle_errors, main


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

    echo(pipeline.stats(pipeline.open_graph(graph_file=graph_file, data_dir=data_dir), top=top))


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
    echo(pipeline.path(graph, a, b, limit=limit, through_articles=through_articles))


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
        echo(f"wrote {written}")


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
    echo(pipeline.links(graph, missing_only=check))

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
@_graph_options
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
    echo(f"wrote {output}: {entities}, {facts} ({page.title})")
