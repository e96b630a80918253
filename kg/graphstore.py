"""``kg push``: a graph file into one named graph of a SPARQL 1.1 Graph Store Protocol endpoint, at any size.

How a push goes (each step is there because a real server needed it):

1. **Credentials first, with a tiny request.** An empty ``POST URL?graph=IRI`` (it adds nothing) asks for
   the server's challenge (Digest or Basic) before any big body is sent. Virtuoso answers an unauthenticated
   request with ``401`` and ``Connection: close`` right after the headers, which breaks a big upload midway.
2. **Bounded chunks.** The file is first written as N-Triples (:mod:`kg.ntriples`, streamed by Oxigraph,
   never the whole graph in memory), which checks all of it before anything is sent; then it is sent in
   chunks of :data:`CHUNK_TRIPLES` lines: the first chunk replaces the graph (``PUT``), the next ones are
   added to it (``POST``). Triples that share a blank node go in one chunk. Each chunk is retried
   (:data:`ATTEMPTS`) on a broken connection, a time-out or a 5xx answer, with a fresh challenge first.
   ``oxigraph serve`` (known by its ``Server`` header) is asked to load each chunk with its bulk loader
   (``&no_transaction``): three times faster here, and a chunked push is not one transaction anyway.
3. **The count is checked.** At the end ``SELECT (COUNT(*) ...)`` on the server's query endpoint must equal
   the number of distinct triples sent, or :class:`~kg.errors.IncompleteUploadError` (exit 1) is raised.
"""

from __future__ import annotations

import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from kg.errors import IncompleteUploadError, InputError, StoreError
from kg.store import KG_GRAPH

T = TypeVar("T")

#: triples per request: about 7 MB of N-Triples for kg's graphs, well under any server's request limit
CHUNK_TRIPLES = 50_000
#: tries per request (the first and three retries), waiting 1, 2, then 4 s between them
ATTEMPTS = 4
#: seconds one chunk may take to send and be stored
TIMEOUT = 300.0
USER_AGENT = "kg (https://w3id.org/kg)"
STORE_HINT = "give the server's Graph Store URL, e.g. http://127.0.0.1:7878/store (see README: kg push)"
#: the end of a Graph Store URL -> the end of the same server's SPARQL query URL, for the final count
QUERY_URLS = (("/sparql-graph-crud-auth", "/sparql"), ("/sparql-graph-crud", "/sparql"),  # Virtuoso
              ("/rdf-graphs/service", ""),  # GraphDB, RDF4J
              ("/sparql/gsp/", "/sparql"), ("/sparql/gsp", "/sparql"),  # Neptune
              ("/store", "/query"),  # Oxigraph
              ("/data", "/query"))  # Fuseki


@dataclass(frozen=True)
class Pushed:
    """What a push did: triples sent (distinct), chunks sent (one request each when none was retried),
    the server's count, and where it was checked."""

    triples: int
    chunks: int
    server_count: int
    query_url: str
    seconds: float


def check_url(url: str, *, hint: str = STORE_HINT) -> str:
    """``url`` if it is an ``http(s)://`` URL with a host.

    Raises:
        StoreError: any other scheme (``file:``, ``ftp:``...) or no host.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL", hint=hint)
    return url


def graph_url(url: str, graph_iri: str) -> str:
    """The Graph Store Protocol URL of one named graph: ``url?graph=IRI`` (or ``&graph=``)."""
    check_url(url)
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode({"graph": graph_iri})


def query_url_for(store_url: str) -> str | None:
    """The SPARQL query URL of the server whose Graph Store URL is ``store_url``, for the servers kg knows."""
    parts = urllib.parse.urlsplit(store_url)
    for tail, replacement in QUERY_URLS:
        if parts.path.endswith(tail):
            path = parts.path[: -len(tail)] + replacement
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path or "/", "", ""))
    return None


# --- sending ------------------------------------------------------------------------------------------------


def _refused(target: str, response: Any) -> StoreError:
    body = response.text.strip()[:2000]
    hint = STORE_HINT + " and credentials if it needs them"
    if response.status_code == 400:
        hint = ("the server could not store what kg sent: its message above says why (oxigraph serve, for one, "
                "cannot read a single value over 16 MiB)")
    elif response.status_code == 413:
        hint = "the server refuses requests this big: lower --chunk-triples"
    elif response.status_code in (401, 403):
        hint = "pass --user NAME (password from $KG_PASSWORD), a user allowed to write (Virtuoso: SPARQL_UPDATE)"
    return StoreError(f"{target} refused the upload ({response.status_code}){': ' + body if body else ''}", hint=hint)


def _unreachable(target: str, exc: BaseException) -> StoreError:
    return StoreError(f"cannot reach {target}: {exc or type(exc).__name__}",
                      hint="check the URL and that the server is running")


class Sender:
    """One HTTP client for one push: credentials negotiated with a tiny request, then bounded bodies."""

    def __init__(self, target: str, *, user: str | None, password: str | None, timeout: float = TIMEOUT,
                 attempts: int = ATTEMPTS, wait: Callable[[float], None] = time.sleep) -> None:
        import httpx

        self.target, self.user, self.password = target, user, password
        self.attempts, self.wait = attempts, wait
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=30.0), headers={"User-Agent": USER_AGENT})
        self.auth: Any = None
        self.requests = 0
        #: ``oxigraph serve`` (its ``Server`` header): it loads a chunk three times faster with ``no_transaction``
        self.oxigraph = False

    def close(self) -> None:
        self.client.close()

    def _send(self, method: str, body: bytes) -> Any:
        self.requests += 1
        url = self.target + ("&no_transaction" if body and self.oxigraph else "")
        return self.client.request(method, url, content=body, auth=self.auth,
                                   headers={"Content-Type": "application/n-triples"})

    def negotiate(self) -> None:
        """Send an empty ``POST`` (adds nothing) and answer the server's challenge, if any.

        Raises:
            StoreError: unreachable; credentials needed but not given, or refused; the URL refuses the upload.
        """
        import httpx

        self.auth = None
        try:
            response = self._send("POST", b"")
            if response.status_code == 401:
                if self.user is None:
                    raise StoreError(f"{self.target} asks for credentials (401)",
                                     hint="pass --user NAME; the password is read from $KG_PASSWORD")
                challenge = response.headers.get("WWW-Authenticate", "")
                if challenge.lower().startswith("digest"):
                    self.auth = httpx.DigestAuth(self.user, self.password or "")
                else:
                    self.auth = httpx.BasicAuth(self.user, self.password or "")
                response = self._send("POST", b"")  # Digest: answers the challenge and keeps it for what follows
            elif self.user is not None:  # no challenge: send the credentials anyway, as curl --user does
                self.auth = httpx.BasicAuth(self.user, self.password or "")
        except httpx.HTTPError as exc:
            raise _unreachable(self.target, exc) from None
        if response.status_code >= 400:
            raise _refused(self.target, response)
        self.oxigraph = response.headers.get("Server", "").startswith("Oxigraph/")

    def send(self, method: str, body: bytes) -> int:
        """``method`` (PUT or POST) of ``body``, retried on a broken connection, a time-out or a 5xx answer;
        returns the HTTP status.

        Raises:
            StoreError: the server refuses the chunk (4xx), or every attempt failed.
        """
        import httpx

        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.wait(2.0 ** (attempt - 1))
                try:
                    self.negotiate()  # a fresh challenge: the old one may be why it failed
                except StoreError as exc:
                    problem = exc.what
                    continue
            try:
                response = self._send(method, body)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code < 400:
                return int(response.status_code)
            if response.status_code not in (401, 408, 429) and response.status_code < 500:
                raise _refused(self.target, response)
            problem = f"HTTP {response.status_code} {response.text.strip()[:200]}"
        raise StoreError(f"{self.target}: {method} of {len(body):,} bytes failed {self.attempts} times, "
                         f"last: {problem}", hint="check the server's log and free space; run kg push again")


def count_on_server(query_url: str, graph_iri: str, *, user: str | None, password: str | None) -> int:
    """How many triples the named graph ``graph_iri`` holds, asked with SPARQL ``COUNT`` at ``query_url``.

    Raises:
        StoreError: the server cannot be reached or gives no number. QueryError: it refuses the query.
    """
    from kg.endpoint import Endpoint, select
    from kg.engine import Limits

    endpoint = Endpoint(query_url, graph_iri=graph_iri, user=user, password=password)
    answer = select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", limits=Limits(timeout=600, max_rows=1),
                    name="count")
    try:
        return int(next(iter(answer.bindings[0].values())))
    except (IndexError, StopIteration, ValueError):
        raise StoreError(f"{query_url} gave no triple count", hint="give the right --query-url") from None


def push(path: Path, url: str, *, graph_iri: str = KG_GRAPH, user: str | None = None, password: str | None = None,
         query_url: str | None = None, chunk_triples: int = CHUNK_TRIPLES, attempts: int = ATTEMPTS,
         timeout: float = TIMEOUT) -> Pushed:
    """Replace the named graph ``graph_iri`` at the Graph Store ``url`` with the triples of the file ``path``
    (any RDF format, named by its extension), in chunks; then check the server's count.

    Raises:
        StoreError: bad URL, unknown query URL, the server cannot be reached or refuses.
        InputError: the file is missing or not valid RDF (found before anything is sent).
        IncompleteUploadError: the server holds another number of triples than were sent.
    """
    import tempfile

    from kg import ntriples
    from kg.progress import track

    path = Path(path)
    target = graph_url(url, graph_iri)
    query_url = query_url or query_url_for(url)
    if query_url is None:
        raise StoreError(f"kg does not know the query endpoint of {url}, to check what the server holds",
                         hint="give it with --query-url URL (e.g. http://HOST:3030/DATASET/query)")
    check_url(query_url, hint="e.g. http://127.0.0.1:7878/query")
    if not path.is_file():
        raise InputError("graph file not found", path=path, hint="run `kg build` first, or name an existing file")
    started = time.monotonic()
    sender = Sender(target, user=user, password=password, timeout=timeout, attempts=attempts)
    with tempfile.TemporaryDirectory(prefix="kg-push-") as scratch:
        lines = Path(scratch) / "graph.nt"
        try:
            sender.negotiate()  # unreachable, or wrong credentials: said at once
            total = ntriples.convert(path, lines)  # the whole file is checked before anything is sent
            with open(lines, "rb") as source:
                bodies = ((b"".join(chunk), len(chunk)) for chunk in ntriples.chunks(source, size=chunk_triples))
                parts = track(_ahead(bodies), f"pushing {path.name}", total=-(-total // chunk_triples), minimum=2)
                sent, sent_chunks = _send_all(sender, parts)
        finally:
            sender.close()
        server = count_on_server(query_url, graph_iri, user=user, password=password)
        if server != sent:
            distinct = ntriples.distinct(lines)  # a file may repeat a triple; a server keeps it once
            if server != distinct:
                raise IncompleteUploadError(
                    f"the server holds {server:,} triples in <{graph_iri}>, but {distinct:,} were sent",
                    path=path, hint=f"check {query_url} and the server's log, then run kg push again (it replaces "
                                    "the whole graph)")
            sent = distinct
    return Pushed(triples=sent, chunks=sent_chunks, server_count=server, query_url=query_url,
                  seconds=time.monotonic() - started)


def _ahead(items: Iterable[T]) -> Iterator[T]:
    """The items of ``items``, each one made in a thread while the caller works on the one before: the next
    chunk is read while the server stores this one (the wait for the server lets go of the GIL).

    Raises:
        whatever ``items`` raises, when the caller reaches that item.
    """
    from concurrent.futures import ThreadPoolExecutor

    source = iter(items)
    done = object()
    with ThreadPoolExecutor(1, thread_name_prefix="kg-push-read") as pool:
        future = pool.submit(next, source, done)
        while (item := future.result()) is not done:
            future = pool.submit(next, source, done)
            yield item  # type: ignore[misc]


def _send_all(sender: Sender, parts: Iterable[tuple[bytes, int]]) -> tuple[int, int]:
    """PUT the first chunk (an empty body for an empty file), POST the rest; the lines and chunks sent.
    ``parts`` are (body, number of lines in it)."""
    sent, count, method = 0, 0, "PUT"
    for body, lines in parts:
        sender.send(method, body)
        sent, count, method = sent + lines, count + 1, "POST"
    if method == "PUT":
        sender.send("PUT", b"")
        count = 1
    return sent, count
