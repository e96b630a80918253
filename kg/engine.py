"""Run one SPARQL text on a target under a time limit and a row limit, and read the answer into memory.

A target is an rdflib :class:`~rdflib.Graph` (rdflib's memory store, or Oxigraph through oxrdflib) or
a remote :class:`kg.endpoint.Endpoint`. The answer is an rdflib :class:`~rdflib.query.Result` held in
memory, with plain literals as rdflib writes them whatever the engine (Oxigraph returns them as
``xsd:string`` and lower-cases language tags; it also stores every integer type as ``xsd:integer``, which
cannot be undone here), and two extra attributes: ``truncated`` (True when the
row limit cut the answer) and ``notes`` (what the user should know, e.g. a name that matched nothing).

The time limit runs the query in a worker thread. Neither engine can be cancelled from outside, so on
time-out the worker is told to stop at its next Python step (rdflib evaluates in Python; Oxigraph
returns to Python between answers) and is left to end on its own, and the next query gets a new
thread; ``kg`` reports the time-out at once. (An Oxigraph aggregate that has not returned keeps one
core busy until it does, or until the process ends, as ``kg query`` does at once; ``kg serve`` cancels
for real, with the Oxigraph server's own time limit.)
"""

from __future__ import annotations

import ctypes
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from rdflib import Graph, Literal, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

from kg.errors import QueryError
from kg.sparql import error_position

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Limits:
    """How long a query may run (seconds) and how many rows or triples it may return; 0 means no limit."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    #: when several queries answer one question (name lookups, then the query), the time.monotonic() by
    #: which all must be done; None: each has the whole ``timeout``
    deadline: float | None = None

    def wait(self) -> float | None:
        """How long to wait for the current query (None: no limit)."""
        if self.timeout <= 0:
            return None
        if self.deadline is None:
            return self.timeout
        return max(self.deadline - time.monotonic(), 0.0)


class _Stopped(SystemExit):
    """Raised inside a worker whose query ran out of time (never seen by callers; ends the worker quietly)."""


class _Worker:
    """One long-lived thread that runs queries in turn (a thread per query would cost ~4 ms to hand over)."""

    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self.loop, name="kg query", daemon=True)
        self.thread.start()

    def loop(self) -> None:
        while (job := self.jobs.get()) is not None:
            work, done = job
            try:
                done.put(("value", work()))
            except BaseException as exc:  # handed to the caller's thread, which raises it
                done.put(("error", exc))


_worker: _Worker | None = None
_worker_lock = threading.Lock()


def is_oxigraph(graph: Graph) -> bool:
    """Whether ``graph`` lives in an Oxigraph store (through oxrdflib)."""
    return type(graph.store).__name__ == "OxigraphStore"


def normalise(term: Any) -> Any:
    """A plain literal for an ``xsd:string`` one and a lower-case language tag, so engines agree."""
    if isinstance(term, Literal):
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.language and term.language != term.language.lower():
            return Literal(str(term), lang=term.language.lower())
    return term


def within(limits: Limits, work: Callable[[], Any], *, what: str) -> Any:
    """``work()`` in the query thread, waiting at most as ``limits`` allow. One query runs at a time.

    Raises:
        QueryError: the time ran out. Anything ``work`` raises is raised here.
    """
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.thread.is_alive():
            _worker = _Worker()
        worker = _worker
    if threading.current_thread() is worker.thread:  # a query asked from inside a query: run it here
        return work()
    done: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    worker.jobs.put((work, done))
    try:
        kind, value = done.get(timeout=limits.wait())
    except queue.Empty:
        with _worker_lock:
            if _worker is worker:
                _worker = None  # the next query gets a fresh thread
        worker.jobs.put(None)
        if worker.thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.thread.ident), ctypes.py_object(_Stopped))
        raise QueryError(f"{what} stopped after {limits.timeout:g} s, its time limit",
                         hint="make the query more selective (a name first, a LIMIT), or raise --timeout") from None
    if kind == "error":
        raise value
    return value


def materialise(result: Result, max_rows: int) -> Result:
    """Read at most ``max_rows`` rows (or triples) of ``result`` into a new in-memory result."""
    out = Result(result.type)
    out.truncated = False  # type: ignore[attr-defined]
    out.notes = []  # type: ignore[attr-defined]
    if result.type == "ASK":
        out.askAnswer = bool(result.askAnswer)
        return out
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for i, triple in enumerate(result.graph or ()):
            if max_rows and i >= max_rows:
                out.truncated = True  # type: ignore[attr-defined]
                break
            graph.add(tuple(normalise(t) for t in triple))  # type: ignore[arg-type]
        out.graph = graph
        return out
    names = list(result.vars or [])
    rows: list[dict[Variable, Any]] = []
    for row in result:
        if max_rows and len(rows) >= max_rows:
            out.truncated = True  # type: ignore[attr-defined]
            break
        rows.append({var: normalise(value) for var, value in zip(names, row) if value is not None})  # type: ignore[arg-type]
    out.vars = names
    out.bindings = rows
    return out


def syntax_error(exc: BaseException, *, name: str, path: Path | None) -> QueryError:
    """Our error for an engine's complaint about a query, with the line and column when the engine gives them."""
    message = str(getattr(exc, "msg", None) or exc).strip()
    line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
    if line is None:
        line, col = error_position(message)
    where = f" at line {line}, column {col}" if line else ""
    kind = "has a syntax error" if line or isinstance(exc, SyntaxError) else "cannot run"
    return QueryError(f"query {name!r} {kind}{where}: {message}", path=path, line=line,
                      hint="fix the SPARQL; `kg query --list` shows working examples")


def on_graph(graph: Graph, text: str, *, init: Mapping[Variable, Any] | None, limits: Limits, name: str,
             path: Path | None = None) -> Result:
    """Run ``text`` on ``graph`` (``init`` as ``initBindings``; None for Oxigraph, which gets ``VALUES``).

    Raises:
        QueryError: a syntax or evaluation error, or a limit reached (time).
    """
    def work() -> Result:
        raw = None
        try:
            raw = graph.query(text, initBindings=init) if init else graph.query(text)
            return materialise(raw, limits.max_rows)
        except _Stopped:
            raise
        except Exception as exc:  # rdflib raises pyparsing's errors, Oxigraph SyntaxError: all mean a bad query
            raise syntax_error(exc, name=name, path=path) from None
        finally:  # let go of the engine's cursor in this thread (Oxigraph's may not be dropped in another)
            pending = getattr(raw, "_genbindings", None)
            close = getattr(pending, "close", None)  # a generator; an itertools.islice (a LIMIT) has no close
            if close is not None:
                close()
            if pending is not None:
                raw._genbindings = None  # type: ignore[union-attr]

    return within(limits, work, what=f"query {name!r}")


def merge(results: Iterable[Result]) -> Result:
    """One answer made of several (the same query bound to different values): rows in order, once each."""
    results = list(results)
    out = results[0]
    if out.type != "SELECT" or len(results) == 1:
        return out
    seen, rows = set(), []
    for result in results:
        for binding in result.bindings:
            key = tuple(sorted(binding.items()))
            if key not in seen:
                seen.add(key)
                rows.append(binding)
        out.truncated = out.truncated or result.truncated  # type: ignore[attr-defined]
    out.bindings = rows
    return out
