"""The ``kg`` command line: parses, calls :mod:`kg.pipeline`, turns our errors into one message.

Exit codes: 0 ok, 1 invalid data (the graph does not conform to the shapes), 2 bad input or usage.
Heavy libraries are imported inside the commands, so ``kg --help`` stays fast.

This module holds the group ``main`` (the ``kg`` console script), :func:`handle_errors` and the options
several commands share; the commands are in :mod:`~kg.cli.graph` (build, query, validate, explain),
:mod:`~kg.cli.extraction` (extract, eval), :mod:`~kg.cli.views` (stats, path, export, link, render) and
:mod:`~kg.cli.service` (serve, push).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any, Callable

import click

DATA = Path("data")
OUT = Path("out")


def echo(text: str = "", *, err: bool = False, nl: bool = True, data: bool = False) -> None:
    """Print ``text`` with every control character escaped (:func:`kg.terminal.printable`), so that nothing
    from an article can act on the terminal. ``data``: machine-readable output (CSV, TSV, JSON, YAML) is
    printed as it is when it goes to a pipe or a file, and escaped only on a terminal."""
    from kg.terminal import printable

    stream = sys.stderr if err else sys.stdout
    if not data or stream.isatty():
        text = printable(text)
    click.echo(text, err=err, nl=nl)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a :class:`kg.errors.KgError` into its message on stderr and its exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from kg.errors import InvalidGraphError, KgError

        try:
            return func(*args, **kwargs)
        except InvalidGraphError as exc:
            echo(f"kg: {exc.message()}", err=True)
            if exc.report:
                echo(exc.report, err=True)
            sys.exit(exc.exit_code)
        except KgError as exc:
            echo(f"kg: error: {exc.message()}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a path the system refuses (a file where a folder should be, no permission...)
            where = f"{exc.filename}: " if exc.filename else ""
            echo(f"kg: error: {where}{exc.strerror or exc}\n  how to fix: check the path and its permissions", err=True)
            sys.exit(2)

    return wrapper


class _Group(click.Group):
    """The ``kg`` group: a NUL byte in a path or an argument is a usage error, wherever the system refuses it
    (click checks that a path exists with ``os.stat``, which raises ``ValueError`` for a NUL)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ValueError as exc:
            if "null byte" not in str(exc):
                raise
            raise click.UsageError("an argument holds a NUL byte (\\x00): no path or name can") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
from kg.cli import graph, extraction, views, service  # noqa: E402,F401,I001
