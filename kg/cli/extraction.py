"""``kg extract`` and ``kg eval``: draft annotations of articles, and their scores against gold ones."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import echo, handle_errors, main


#: an article this long (characters) shows a progress bar on a terminal even alone (it takes some seconds)
LONG_ARTICLE = 100_000


def _progress(files: list[Path], quiet: bool):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal (stderr; see kg.progress: ``KG_PROGRESS``), for several articles or a long
    one; nothing when piped or quiet. Returns (context, on_progress) for :func:`kg.pipeline.extract`."""
    import contextlib
    import os

    from kg.progress import enabled

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    if quiet or not enabled() or len(files) < 2 and not any(size(p) >= LONG_ARTICLE for p in files):
        return contextlib.nullcontext(), None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("extracting"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), transient=True,
                        console=Console(stderr=True, force_terminal=True if os.environ.get("KG_PROGRESS") == "1" else None))
    task = progress.add_task("", total=len(files))
    index = {path: n for n, path in enumerate(files)}

    def advance(path: Path, done: float, what: str) -> None:
        progress.update(task, completed=index.get(path, 0) + done, description=f"{Path(path).name}: {what}")

    return progress, advance


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
    context, advance = _progress(files, quiet)
    with context:
        drafts = pipeline.extract(files, on_progress=advance)
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
        echo(pipeline.draft_yaml(drafts[0]), nl=False, data=True)
        return
    if not quiet:
        for item in drafts:
            echo(f"{item.source.path}: {len(item.annotation.entities)} entities, "
                       f"{len(item.annotation.facts)} facts")
        for path in written:
            echo(f"wrote {path}")


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
    echo(table(rows))
    if not quiet:
        for row in rows:
            echo("")
            echo(details(row))
