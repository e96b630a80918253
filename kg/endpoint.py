"""Remote SPARQL servers over plain HTTP: queries by the SPARQL 1.1 Protocol, uploads by the Graph Store Protocol.

Queries are sent as an HTML form (``query=...``), which every SPARQL 1.1 server accepts (Oxigraph,
Fuseki, GraphDB, Virtuoso, Neptune), asking for SPARQL JSON results (or N-Triples for CONSTRUCT).
The answer is read as a stream and stops at the row limit. ``default-graph-uri`` restricts a query to
``kg``'s named graph, where :func:`push` puts it.

:mod:`kg.graphstore` sends graphs to servers (``kg push``).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from kg.engine import Limits, normalise, syntax_error, within
from kg.errors import QueryError, StoreError
from kg.sparql import tokens
from kg.store import KG_GRAPH
USER_AGENT = "kg (https://w3id.org/kg)"


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL query URL, the graph to ask (``None``: the server's default graph), and credentials."""

    url: str
    graph_iri: str | None = KG_GRAPH
    user: str | None = None
    password: str | None = None


def check_url(url: str) -> str:
    """``url`` if it is an ``http(s)://`` URL.

    Raises:
        StoreError: any other scheme (``file:``, ``ftp:``...) or no host.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL",
                         hint="give the server's SPARQL query URL, e.g. http://127.0.0.1:7878/query")
    return url


def _request(url: str, *, data: bytes | IO[bytes] | None, headers: dict[str, str], method: str,
             user: str | None, password: str | None, timeout: float) -> Any:
    """Open ``url``; credentials (Basic or Digest) are sent when the server asks for them."""
    handlers: list[Any] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, data=data, headers={"User-Agent": USER_AGENT, **headers}, method=method)
    return opener.open(request, timeout=timeout or None)


def _unreachable(url: str, exc: BaseException) -> StoreError:
    reason = getattr(exc, "reason", exc)
    return StoreError(f"cannot reach {url}: {reason}", hint="check the URL and that the server is running")


class _IllTyped(logging.Filter):
    """Drops rdflib's "Failed to convert Literal lexical form" warning (and its traceback) while kg reads an
    answer: kg checks ``Literal.ill_typed`` itself and says so once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


def _term(term: Any, ill_typed: list[str]) -> Any:
    """The rdflib term of an Oxigraph term. A literal whose text does not fit its datatype (Virtuoso gives
    ``xsd:duration`` values as ``"360.0"``) becomes plain text, and its datatype is noted in ``ill_typed``."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return normalise(Literal(term.value, lang=term.language))
        literal = Literal(term.value, datatype=URIRef(term.datatype.value))
        if literal.ill_typed:
            ill_typed.append(f"{term.value!r} as {term.datatype.value}")
            return Literal(term.value)
        return normalise(literal)
    raise QueryError(f"the endpoint answered with a term kg cannot show: {term!r}")


def _query_form(text: str) -> str:
    for tok in tokens(text):
        if tok.kind == "word" and tok.text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.text.upper()
    return "SELECT"


def _read(response: Any, form: str, max_rows: int) -> Result:
    """The answer in ``response`` as an rdflib result, at most ``max_rows`` rows; a note (in ``notes``) for
    values kg had to read as plain text."""
    quiet = _IllTyped()
    logging.getLogger("rdflib.term").addFilter(quiet)
    try:
        ill_typed: list[str] = []
        out = _parse(response, form, max_rows, ill_typed)
    finally:
        logging.getLogger("rdflib.term").removeFilter(quiet)
    if ill_typed:
        note = (f"the endpoint sent {len(ill_typed)} value(s) that do not fit their datatype, shown as plain text "
                f"(first: {ill_typed[0]})")
        out.notes.append(note)  # type: ignore[attr-defined]
    return out


def _parse(response: Any, form: str, max_rows: int, ill_typed: list[str]) -> Result:
    import pyoxigraph as ox

    out = Result("SELECT" if form == "SELECT" else form)
    out.truncated, out.notes = False, []  # type: ignore[attr-defined]
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    if form in ("CONSTRUCT", "DESCRIBE"):
        rdf_format = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        graph = Graph()
        for i, triple in enumerate(ox.parse(input=response, format=rdf_format)):
            if max_rows and i >= max_rows:
                out.truncated = True  # type: ignore[attr-defined]
                break
            graph.add((_term(triple.subject, ill_typed), _term(triple.predicate, ill_typed),
                       _term(triple.object, ill_typed)))
        out.graph = graph
        return out
    results_format = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
    parsed = ox.parse_query_results(input=response, format=results_format)
    if isinstance(parsed, ox.QueryBoolean):
        out.type, out.askAnswer = "ASK", bool(parsed)
        return out
    names = [Variable(v.value) for v in parsed.variables]
    rows = []
    for solution in parsed:
        if max_rows and len(rows) >= max_rows:
            out.truncated = True  # type: ignore[attr-defined]
            break
        rows.append({var: _term(value, ill_typed) for var, value in zip(names, solution) if value is not None})
    out.vars, out.bindings = names, rows
    return out


def select(endpoint: Endpoint, text: str, *, limits: Limits, name: str, path: Path | None = None) -> Result:
    """Run ``text`` (parameters already in it as ``VALUES``) on ``endpoint``; the answer in memory.

    Raises:
        QueryError: the server refused the query (with line and column when it gives them), or a limit.
        StoreError: the server cannot be reached or wants credentials.
    """
    url = check_url(endpoint.url)
    form = _query_form(text)
    fields = [("query", text)] + ([("default-graph-uri", endpoint.graph_iri)] if endpoint.graph_iri else [])
    accept = ("application/n-triples, text/turtle;q=0.8" if form in ("CONSTRUCT", "DESCRIBE")
              else "application/sparql-results+json, application/sparql-results+xml;q=0.8")
    headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}

    def work() -> Result:
        try:
            with _request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers, method="POST",
                          user=endpoint.user, password=endpoint.password, timeout=limits.timeout) as response:
                return _read(response, form, limits.max_rows)
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()[:2000]
            if exc.code in (401, 403):
                raise StoreError(f"{url} refused the query ({exc.code}): {body}",
                                 hint="pass --user NAME (password from KG_PASSWORD) if it needs credentials") from None
            raise syntax_error(QueryError(body or str(exc)), name=name, path=path) from None
        except (urllib.error.URLError, OSError) as exc:
            raise _unreachable(url, exc) from None
        except SyntaxError as exc:  # a broken answer: the server stopped midway, e.g. at its own time limit
            raise QueryError(f"{url} sent a broken answer to query {name!r}: {exc}",
                             hint="the server may have hit its time limit; make the query more selective") from None

    return within(limits, work, what=f"query {name!r} on {url}")
