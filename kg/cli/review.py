"""``kg review``: a local web page to review a draft annotation into a curated one."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import DATA, handle_errors, main


@main.command()
@click.argument("drafts", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", type=int, default=0, show_default=True, help="The port at 127.0.0.1 (0: a free one).")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
              help="With no DRAFTS, review every draft of DIR/annotations, one after another.")
@handle_errors
def review(drafts: tuple[Path, ...], port: int, data_dir: Path) -> None:
    """Review draft annotations in the browser: accept, reject or correct each fact, until Ctrl-C.

    Opens a page on 127.0.0.1 only (print its address, open it in a browser). Every change is saved to
    the annotation file at once (atomically); accepted and corrected facts become `method: curated`,
    rejected ones go to its `rejected:` list. Nothing is fetched from the network.

    \b
    Examples:
      kg review data/annotations/page.yaml
      kg review --port 8765           # every draft under data/annotations/
    """
    from kg import pipeline

    server = pipeline.review(list(drafts), data_dir=data_dir, port=port,
                             on_refuse=lambda line: click.echo(f"kg review: {line}", err=True))
    for path in server.files:
        click.echo(f"reviewing {path}")
    click.echo(f"review page: {server.url}  (127.0.0.1 only; Ctrl-C stops)", nl=True)
    server.run()
    click.echo("stopped; every change is saved")
