"""The guard of ``kg serve``: every check a query passes before and while Oxigraph answers it, in-process.

Before evaluation: the query is read from the request (GET ``?query=``, a form, or an
``application/sparql-query`` body, at most :data:`MAX_REQUEST_BYTES`), and refused with 400 if it is an
update or names ``SERVICE`` anywhere (:func:`refuse`), so the server never reaches the network.
While evaluating (:func:`answer`, run in a worker thread): at most ``max_rows`` rows or triples, at most
:data:`MAX_ANSWER_BYTES` bytes, and nothing after the deadline. The whole answer is written before the
first byte is sent, so a limit reached midway is an HTTP error status in every format, never a ``200``
with an error text as data.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Sequence

import pyoxigraph as ox

from kg.results import ALIASES, FORMATS
from kg.sparql import QUERY_FORMS, UPDATE_WORDS, tokens

HOST = "127.0.0.1"
MAX_REQUEST_BYTES = 1 << 20  #: a query (URL or body) longer than this gets 413
MAX_ANSWER_BYTES = 64 << 20  #: an answer longer than this gets 400
GRAPH_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS,
               "application/trig": ox.RdfFormat.TRIG, "text/plain": ox.RdfFormat.N_TRIPLES}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile("service", re.IGNORECASE)
_NAME_CHARS = re.compile(r"[\w\-.:%\\?$\u00B7]")
#: a name that merely contains the letters "service": a variable, or a prefixed name (schema:serviceType)
_HARMLESS = re.compile(r"[?$][\w\u00B7]+|([A-Za-z_][\w\-.]*)?:[\w\-.:%\\]*")


class Refused(Exception):
    """A request the guard answers with an error: ``status`` and a one-line ``message`` for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Request:
    """One SPARQL protocol query: its text, dataset (``default-graph-uri``, ``named-graph-uri``), and Accept."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""


def names_service(text: str) -> bool:
    """Whether ``SERVICE`` occurs in ``text`` outside strings, IRIs and comments, other than inside a variable
    or prefixed name; also after ``\\u`` escapes are decoded. Errs on the side of True."""
    for version in {text, _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)}:
        for token in tokens(version):
            if token.kind not in ("word", "other"):
                continue
            word = token.text
            for hit in _SERVICE.finditer(word):
                start, end = hit.start(), hit.end()
                while start > 0 and _NAME_CHARS.match(word[start - 1]):
                    start -= 1
                while end < len(word) and _NAME_CHARS.match(word[end]):
                    end += 1
                if not _HARMLESS.fullmatch(word[start:end]):
                    return True
    return False


def refuse(text: str) -> None:
    """Refuse what kg serve never runs.

    Raises:
        Refused: (400) the text is an update, or names ``SERVICE``.
    """
    words = {t.text.upper() for t in tokens(text) if t.kind == "word"}
    if words & set(UPDATE_WORDS) and not words & set(QUERY_FORMS):
        raise Refused(400, "kg serve is read-only: updates are refused")
    if names_service(text):
        raise Refused(400, "kg serve does not run SERVICE: the server never reaches the network")


def choose(accept: str, offered: Sequence[str], default: str) -> str | None:
    """The media type of ``offered`` that the Accept header ``accept`` prefers (``default`` for ``*/*`` or none);
    None when the client accepts none of them."""
    if not accept.strip():
        return default
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        media = ALIASES.get(media.lower(), media.lower())
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            kind = media.split("/")[0]
            found = default if media == "*/*" or default.startswith(kind) else next(
                (o for o in offered if o.startswith(kind + "/")), None)
        else:
            found = media if media in offered else None
        if found and (best is None or (q, -i) > (best[0], best[1])):
            best = (q, -i, found)
    return best[2] if best else None


def _dataset(store: ox.Store, request: Request) -> dict[str, Any]:
    if request.default_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in request.default_graphs],
                **({"named_graphs": [ox.NamedNode(g) for g in request.named_graphs]} if request.named_graphs else {})}
    if request.named_graphs:
        return {"named_graphs": [ox.NamedNode(g) for g in request.named_graphs], "use_default_graph_as_union": True}
    return {"use_default_graph_as_union": True}


class Budget:
    """What an answer may still use: rows, bytes, time; and a flag the server sets to stop it early."""

    def __init__(self, max_rows: int, deadline: float | None, max_bytes: int = MAX_ANSWER_BYTES) -> None:
        self.max_rows, self.deadline, self.max_bytes = max_rows, deadline, max_bytes
        self.stopped = threading.Event()
        self.parts: list[bytes] = []
        self.size = 0
        self.thread = 0  #: the native id of the thread evaluating it (kg.serve_app lowers its priority when slow)

    def add(self, data: bytes) -> None:
        """Keep ``data``. Raises: Refused: the answer outgrew the byte cap."""
        self.size += len(data)
        if self.size > self.max_bytes:
            raise Refused(400, f"the answer is larger than {self.max_bytes >> 20} MiB, the limit of this service: "
                          "add LIMIT to the query")
        self.parts.append(data)

    def check(self, rows: int) -> None:
        """Raises: Refused: too many rows (400), or the time is up (503)."""
        if self.max_rows and rows > self.max_rows:
            raise Refused(400, f"the answer has more than {self.max_rows} rows, the limit of this service "
                          "(kg serve --max-rows): add LIMIT to the query")
        if self.stopped.is_set() or (self.deadline is not None and time.monotonic() > self.deadline):
            raise Refused(503, "the query ran out of time, the limit of this service (kg serve --timeout)")


def answer(store: ox.Store, request: Request, budget: Budget) -> tuple[str, bytes]:
    """Evaluate ``request`` on ``store`` within ``budget``: the media type and the whole answer.

    Raises:
        Refused: a syntax error or an unknown format (400, 406), a limit reached (400, 503).
    """
    try:
        results = store.query(request.text, **_dataset(store, request))
    except SyntaxError as exc:
        raise Refused(400, f"the query is not valid SPARQL: {exc}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise Refused(400, f"the query cannot be evaluated: {exc}") from None
    budget.check(0)
    if isinstance(results, ox.QueryTriples):
        return _graph(results, request, budget)
    media = choose(request.accept, list(FORMATS), next(iter(FORMATS)))
    if media is None:
        raise Refused(406, "no result format you accept: ask for " + ", ".join(FORMATS))
    if isinstance(results, ox.QueryBoolean):
        return media, FORMATS[media]([]).boolean(bool(results))
    writer = FORMATS[media]([v.value for v in results.variables])
    budget.add(writer.head())
    rows = 0
    try:
        for solution in results:
            rows += 1
            budget.check(rows)
            budget.add(writer.row(list(solution)))
    except (OSError, RuntimeError) as exc:
        raise Refused(500, f"the query failed while running: {exc}") from None
    budget.add(writer.tail())
    return media, b"".join(budget.parts)


def _graph(results: Any, request: Request, budget: Budget) -> tuple[str, bytes]:
    media = choose(request.accept, list(GRAPH_TYPES), "text/turtle")
    if media is None:
        raise Refused(406, "no RDF format you accept: ask for " + ", ".join(GRAPH_TYPES))
    triples = []
    try:
        for triple in results:
            triples.append(triple)
            budget.check(len(triples))
    except (OSError, RuntimeError) as exc:
        raise Refused(500, f"the query failed while running: {exc}") from None
    fmt = GRAPH_TYPES[media]
    items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if fmt.supports_datasets else triples
    budget.add(ox.serialize(items, format=fmt) or b"")
    return media, b"".join(budget.parts)
