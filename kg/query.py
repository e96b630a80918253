"""Named SPARQL queries (``kg/queries/*.rq``), parameters bound with ``initBindings``, result formats.

Each ``.rq`` file starts with a header::

    # title: Who directed each work?
    # param: work_name  optional  a work's name or alias
    # names: work_name

A parameter is a SPARQL variable of the query; its value is bound as a literal through
``initBindings`` on rdflib's store, and as a ``VALUES`` block written by :mod:`kg.sparql` on Oxigraph
and remote endpoints; never pasted into the query text as it came.

A parameter listed in ``# names:`` is a name or alias, matched ignoring case: kg binds the spelling
stored in the graph (an exact match is an index lookup; only a value that is not stored as written is
looked up ignoring case, by ``queries/lookup/spellings.rq``). So the queries match names exactly,
with the name's pattern first, and stay fast on a million triples.

:func:`run` applies a time limit and a row limit (:class:`kg.engine.Limits`) wherever the query runs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence, Union

from rdflib import Graph, Literal, Variable
from rdflib.query import Result

from kg.engine import Limits, merge, on_graph
from kg.errors import QueryError
from kg.resources import QUERIES_DIR

if TYPE_CHECKING:
    from kg.endpoint import Endpoint

#: where a query runs: a graph (rdflib's store or Oxigraph) or a remote SPARQL endpoint
Target = Union[Graph, "Endpoint"]

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
    names: tuple[str, ...] = ()


def parse_query(text: str, *, name: str, path: Path | None = None) -> NamedQuery:
    """Read the ``# title:``, ``# param:`` and ``# names:`` header of a query text."""
    title, params, names = "", [], []
    for line in text.splitlines():
        if m := re.match(r"#\s*title:\s*(.+)", line):
            title = m.group(1).strip()
        elif m := re.match(r"#\s*param:\s*(\S+)\s+(required|optional)\s*(.*)", line):
            params.append(Param(m.group(1), m.group(2) == "required", m.group(3).strip()))
        elif m := re.match(r"#\s*names:\s*(.+)", line):
            names += m.group(1).replace(",", " ").split()
    return NamedQuery(name=name, title=title, params=tuple(params), text=text, path=path, names=tuple(names))


@lru_cache(maxsize=256)
def _read(path: Path, name: str, mtime_ns: int) -> NamedQuery:
    return parse_query(path.read_text(encoding="utf-8"), name=name, path=path)


def lookup_query(name: str) -> NamedQuery:
    """A query ``kg`` itself uses (``queries/lookup/<name>.rq``), not listed among the named queries."""
    path = QUERIES_DIR / "lookup" / f"{name}.rq"
    return _read(path, f"lookup/{name}", path.stat().st_mtime_ns)


def named_queries() -> dict[str, NamedQuery]:
    """Every query shipped in ``kg/queries``, by name (the file stem); a file is read again only when it changes."""
    return {p.stem: _read(p, p.stem, p.stat().st_mtime_ns) for p in sorted(QUERIES_DIR.glob("*.rq"))}


#: a word that starts a SPARQL query or update, followed by more text: the argument is SPARQL, not a name
SPARQL_KEYWORDS = (r"(?:^|\s)(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"
                   r"(?=[\s{*?<(])")


def resolve(name_or_text: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or an inline query text.

    Raises:
        QueryError: an unknown name or a missing file.
    """
    queries = named_queries()
    if name_or_text in queries:
        return queries[name_or_text]
    is_file = name_or_text.endswith(".rq") or "/" in name_or_text and "{" not in name_or_text
    # inline SPARQL, a query or an update (refused by parse_query with the same words as in a .rq file)
    if not name_or_text.endswith(".rq") and re.search(SPARQL_KEYWORDS, name_or_text, re.IGNORECASE):
        return parse_query(name_or_text, name="inline")
    if is_file:
        path = Path(name_or_text)
        if not path.is_file():
            raise QueryError(f"no query file {name_or_text!r}", hint="give an existing .rq file, or a query name")
        return parse_query(path.read_text(encoding="utf-8"), name=str(path), path=path)
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
    for key, value in params.items():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(f"the value of --param {key} is not valid text", hint="pass UTF-8 text") from None
    return {Variable(k): Literal(v) for k, v in params.items()}


def execute(target: Target, query: NamedQuery, values: Mapping[str, Sequence[Literal]], limits: Limits) -> Result:
    """Run ``query`` on ``target`` with each variable bound to one of its ``values`` (in memory, limited).

    Raises:
        QueryError: a syntax error (line, column, query name), an evaluation error, a limit reached.
        StoreError: an endpoint that cannot be reached.
    """
    from kg.sparql import refuse_forbidden, with_values

    if not isinstance(target, Graph):
        from kg.endpoint import select

        return select(target, with_values(query.text, values), limits=limits, name=query.name, path=query.path)
    refuse_forbidden(query.text, name=query.name)
    from kg.engine import is_oxigraph

    if is_oxigraph(target):
        return on_graph(target, with_values(query.text, values), init=None, limits=limits, name=query.name,
                        path=query.path)
    names = list(values)
    combos = list(product(*(values[n] for n in names))) or [()]
    return merge(on_graph(target, query.text, init={Variable(n): v for n, v in zip(names, combo)}, limits=limits,
                          name=query.name, path=query.path) for combo in combos)


def spellings(target: Target, value: Literal, limits: Limits) -> list[Literal]:
    """The names and aliases stored in the graph that equal ``value`` ignoring case, as stored
    (just ``value`` when it is stored as written: one index lookup; else a scan of the names)."""
    text = {"text": [value]}
    if execute(target, lookup_query("exact"), text, limits).askAnswer:
        return [value]
    return [row[0] for row in execute(target, lookup_query("spellings"), text, limits)]  # type: ignore[index]


def run(target: Target, query: NamedQuery, params: Mapping[str, str] | None = None, *,
        limits: Limits = Limits()) -> Result:
    """Run ``query`` on ``target`` (a graph or an endpoint) with ``params`` bound, within ``limits``.

    The answer is in memory; ``answer.truncated`` says whether the row limit cut it, ``answer.notes``
    what the user should know (no results; a name that matches nothing).

    Raises:
        QueryError: bad parameters, a syntax error (with line and column, and the query's name or file),
            a forbidden clause (SERVICE, FROM), the time limit reached.
        StoreError: an endpoint that cannot be reached.
    """
    init = bindings(query, params or {})
    values: dict[str, list[Literal]] = {}
    notes = []
    if limits.timeout > 0 and limits.deadline is None:  # the time limit holds for the whole run, lookups included
        limits = replace(limits, deadline=time.monotonic() + limits.timeout)
    for var, literal in init.items():
        found = spellings(target, literal, limits) if str(var) in query.names else []
        if str(var) in query.names and not found:
            notes.append(f"no name or alias in the graph equals {str(literal)!r}, even ignoring case "
                         f"(--param {var})")
        values[str(var)] = found or [literal]
    answer = execute(target, query, values, limits)
    if limits.max_rows and answer.type == "SELECT" and len(answer.bindings) > limits.max_rows:
        answer.bindings = list(answer.bindings)[:limits.max_rows]
        answer.truncated = True  # type: ignore[attr-defined]
    empty = answer.type == "SELECT" and not answer.bindings or answer.type in ("CONSTRUCT", "DESCRIBE") and \
        not len(answer.graph or ())
    if empty:
        notes.insert(0, f"query {query.name!r} returned no results")
    if answer.truncated:  # type: ignore[attr-defined]
        notes.append(f"showing the first {limits.max_rows} rows only: the answer has more "
                     "(raise --max-rows, or add LIMIT to the query)")
    answer.notes = notes  # type: ignore[attr-defined]
    return answer


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
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from kg.namespaces import bind_prefixes

        graph = result.graph if result.graph is not None else Graph()
        bind_prefixes(graph)
        return graph.serialize(format="json-ld" if fmt == "json" else "nt" if fmt in ("csv", "tsv") else "turtle")
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
    from kg.terminal import printable

    cells = [[printable(c.replace("\n", " "), cell=True) for c in row] for row in body]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def select_values(target: Target, query: NamedQuery, params: Mapping[str, str] | None = None, *,
                  limits: Limits = Limits()) -> list[dict[str, Any]]:
    """Run a SELECT and return its rows as dicts of Python values (for tests and summaries)."""
    result = run(target, query, params, limits=limits)
    names = [str(v) for v in (result.vars or [])]
    return [{name: (value.toPython() if value is not None else None) for name, value in zip(names, row)}  # type: ignore[arg-type]
            for row in result]
