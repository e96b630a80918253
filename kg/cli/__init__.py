"""The ``kg`` command line: parses, calls :mod:`kg.pipeline`, turns our errors into one message.

Exit codes: 0 ok, 1 invalid data (the graph does not conform to the shapes), 2 bad input or usage.
Heavy libraries are imported inside the commands, so ``kg --help`` stays fast.

This module holds the group ``main`` (the ``kg`` console script), :func:`handle_errors` and the options
several commands share; the commands are in :mod:`~kg.cli.graph` (build, query, validate, explain),
:mod:`~kg.cli.extraction` (extract, eval), :mod:`~kg.cli.views` (stats, path, export, link, render) and
:mod:`~kg.cli.service` (serve, push) and :mod:`~kg.cli.review` (review).
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


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE, e.g. person=\"Kendrick Lamar\"", param_hint="--param")
        out[key] = value
    return out


def _graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The --graph and --data options of the commands that read the built graph."""
    func = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=DATA, show_default=True,
                        help="Build from this folder when there is no out/graph.ttl.")(func)
    return click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
                        help="Read this graph file instead of out/graph.ttl.")(func)


def _limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--max-rows", type=int, default=10_000, show_default=True,
                        help="Refuse answers of more rows or triples than this (0: no limit).")(func)
    return click.option("--timeout", type=float, default=30.0, show_default=True,
                        help="Stop each query after this many seconds (0: no limit).")(func)


# Importing the command modules attaches their commands to ``main`` (in this order); each imports only click
# and kg.cli at the top, so ``kg --help`` stays fast.
from kg.cli import graph, extraction, views, service, review  # noqa: E402,F401,I001
