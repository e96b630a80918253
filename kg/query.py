"""Named SPARQL queries (``kg/queries/*.rq``), parameters bound with ``initBindings``, result formats.

Each ``.rq`` file starts with a header::

    # title: Who directed each work?
    # param: work_name  optional  a work's name or alias

A parameter is a SPARQL variable of the query; its value is bound as a literal through
``initBindings``, never pasted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from rdflib import Graph, Literal, Variable
from rdflib.query import Result

from kg.errors import QueryError
from kg.resources import QUERIES_DIR

FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class Param:
    """A parameter a named query takes."""

    name: str
    required: bool
    help: str


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with its question and parameters."""

    name: str
    title: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None


def parse_query(text: str, *, name: str, path: Path | None = None) -> NamedQuery:
    """Read the ``# title:`` and ``# param:`` header of a query text."""
    title, params = "", []
    for line in text.splitlines():
        if m := re.match(r"#\s*title:\s*(.+)", line):
            title = m.group(1).strip()
        elif m := re.match(r"#\s*param:\s*(\S+)\s+(required|optional)\s*(.*)", line):
            params.append(Param(m.group(1), m.group(2) == "required", m.group(3).strip()))
    return NamedQuery(name=name, title=title, params=tuple(params), text=text, path=path)


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in ``kg/queries``, by name (the file stem)."""
    return {p.stem: parse_query(p.read_text(encoding="utf-8"), name=p.stem, path=p)
            for p in sorted(QUERIES_DIR.glob("*.rq"))}


def resolve(name_or_text: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or an inline query text.

    Raises:
        QueryError: an unknown name or a missing file.
    """
    queries = named_queries()
    if name_or_text in queries:
        return queries[name_or_text]
    if name_or_text.endswith(".rq") or "/" in name_or_text and "{" not in name_or_text:
        path = Path(name_or_text)
        if not path.is_file():
            raise QueryError(f"no query file {name_or_text!r}", hint="give an existing .rq file, or a query name")
        return parse_query(path.read_text(encoding="utf-8"), name=str(path), path=path)
    if re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", name_or_text, re.IGNORECASE):
        return parse_query(name_or_text, name="inline")
    raise QueryError(f"unknown query {name_or_text!r}",
                     hint=f"use a name from `kg query --list` ({', '.join(queries)}), a .rq file or SPARQL text")


def bindings(query: NamedQuery, params: Mapping[str, str]) -> dict[Variable, Literal]:
    """Check ``params`` against the query's and turn them into ``initBindings``.

    Raises:
        QueryError: an unknown parameter, or a required one missing.
    """
    known = {p.name: p for p in query.params}
    for key in params:
        if known and key not in known:
            raise QueryError(f"query {query.name!r} has no parameter {key!r}",
                             hint=f"its parameters: {', '.join(known) or 'none'}")
    missing = [p.name for p in query.params if p.required and p.name not in params]
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=...",
                         hint=f"e.g. kg query {query.name} " + " ".join(f'--param {m}="..."' for m in missing))
    return {Variable(k): Literal(v) for k, v in params.items()}


def run(graph: Graph, query: NamedQuery, params: Mapping[str, str] | None = None) -> Result:
    """Run ``query`` over ``graph`` with ``params`` bound.

    Raises:
        QueryError: bad parameters, or a syntax error (with line and column, and the query's name).
    """
    init = bindings(query, params or {})
    try:
        return graph.query(query.text, initBindings=init)
    except Exception as exc:  # rdflib raises pyparsing's ParseException and others; all mean a bad query
        raise _syntax_error(query, exc) from None


def _syntax_error(query: NamedQuery, exc: Exception) -> QueryError:
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    where = f" at line {line}, column {col}" if line else ""
    return QueryError(f"query {query.name!r} cannot run{where}: {getattr(exc, 'msg', None) or exc}",
                      path=query.path, line=line, hint="fix the SPARQL; `kg query --list` shows working examples")


def rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of a SELECT result as display strings (unbound -> empty)."""
    header = [str(v) for v in (result.vars or [])]
    body = [["" if value is None else str(value) for value in row] for row in result]  # type: ignore[union-attr]
    return header, body


def format_result(result: Result, fmt: str = "table") -> str:
    """Format a SELECT or ASK result as an aligned table, CSV, TSV or SPARQL JSON results.

    Raises:
        QueryError: an unknown format.
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    header, body = rows(result)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue().rstrip("\n")
    return table(header, body)


def table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """An aligned plain-text table; ``(no results)`` when empty."""
    if not body:
        return "(no results)"
    cells = [[c.replace("\n", " ") for c in row] for row in body]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def select_values(graph: Graph, query: NamedQuery, params: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Run a SELECT and return its rows as dicts of Python values (for tests and summaries)."""
    result = run(graph, query, params)
    names = [str(v) for v in (result.vars or [])]
    return [{name: (value.toPython() if value is not None else None) for name, value in zip(names, row)}  # type: ignore[arg-type]
            for row in result]
