"""The web app of ``kg serve`` (Starlette, run by uvicorn's workers): the SPARQL 1.1 Protocol at ``/query``, the
offline query page at ``/``, and nothing else.

Each worker process opens the Oxigraph store read-only in-process (pyoxigraph) and answers every query
through :mod:`kg.guard` in a thread of its own pool; pyoxigraph lets go of the GIL while it evaluates, so
the event loop keeps answering. Oxigraph cannot be told to stop a query: one that passes its deadline
gets its 503 at once, and if it is still running a moment later (an aggregate over a huge join never
returns to Python) the worker stops taking connections, finishes its other requests and exits, and
uvicorn's supervisor starts a fresh one; the running query ends with the process. The settings come
from the environment variable ``KG_SERVE`` (JSON), which :mod:`kg.serve` sets before starting the workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
import urllib.parse
import queue
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg import guard
from kg.guard import Budget, Refused, Request

STATIC = Path(__file__).resolve().parent / "static"
GRACE = 1.0  #: seconds a query past its deadline may take to notice before its worker is replaced
THREADS = 8  #: queries one worker evaluates at once
SLOW = 0.25  #: seconds after which a query runs at the lowest priority
DRAIN_BYTES = 64 << 20  #: a body longer than the limit is read and dropped up to this size, then the connection closed
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def _error(exc: Refused) -> Response:
    return PlainTextResponse(exc.message + "\n", status_code=exc.status,
                             headers={"Retry-After": "1"} if exc.status == 503 else None)


def _die_with_parent() -> None:
    """Ask Linux to stop this worker when the supervisor dies (so no worker outlives ``kg serve``)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Pool:
    """Threads that evaluate queries. A query still running after :data:`SLOW` seconds has its thread's
    scheduling priority lowered (nice 19) so quick queries keep their latency beside it; before its next
    query the thread is restored or, where the system does not allow that, replaced by a fresh one."""

    def __init__(self, size: int) -> None:
        self.jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        threading.Thread(target=self._loop, name="kg-query", daemon=True).start()

    def submit(self, budget: Budget, work: Callable[[], Any]) -> "Future[Any]":
        future: Future[Any] = Future()
        self.jobs.put((future, budget, work))
        return future

    def _loop(self) -> None:
        me = threading.get_native_id()
        while (job := self.jobs.get()) is not None:
            if os.getpriority(os.PRIO_PROCESS, me) > 0:  # lowered for an earlier slow query
                try:
                    os.setpriority(os.PRIO_PROCESS, me, 0)
                except OSError:  # not allowed to raise it again: a new thread takes this job and this one ends
                    self.jobs.put(job)
                    self._spawn()
                    return
            future, budget, work = job
            if not future.set_running_or_notify_cancel():
                continue
            budget.thread = me
            try:
                future.set_result(work())
            except BaseException as exc:  # handed to the waiting request
                future.set_exception(exc)

    @staticmethod
    def demote(budget: Budget, future: "Future[Any]") -> None:
        """Lower the priority of the thread running ``future`` (called :data:`SLOW` seconds after it started)."""
        if not future.done() and budget.thread:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, budget.thread, 19)

    def shutdown(self) -> None:
        for _ in range(THREADS):
            self.jobs.put(None)


class Worker:
    """One worker's state: the store, the limits, the thread pool, and whether a query is stuck in it."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.store = ox.Store.read_only(settings["store"])
        self.timeout = float(settings["timeout"])
        self.max_rows = int(settings["max_rows"])
        self.endpoint = str(settings["endpoint"])
        self.pool = Pool(THREADS)
        self.stuck = False

    async def run(self, request: Request) -> Response:
        deadline = time.monotonic() + self.timeout if self.timeout > 0 else None
        budget = Budget(self.max_rows, deadline)
        loop = asyncio.get_running_loop()
        future = self.pool.submit(budget, lambda: guard.answer(self.store, request, budget))
        loop.call_later(SLOW, Pool.demote, budget, future)
        job = asyncio.wrap_future(future)
        try:
            media, body = await asyncio.wait_for(asyncio.shield(job), self.timeout + 0.05 if deadline else None)
        except Refused as exc:
            return _error(exc)
        except asyncio.TimeoutError:
            budget.stopped.set()
            loop.create_task(self._watch(job))
            return _error(Refused(503, "the query ran out of time, the limit of this service (kg serve --timeout)"))
        return Response(body, media_type=media, headers={"Cache-Control": "no-store"})

    async def _watch(self, job: "asyncio.Future[Any]") -> None:
        """Replace this worker if ``job`` does not stop within :data:`GRACE` seconds of its deadline."""
        done, _ = await asyncio.wait({job}, timeout=GRACE)
        if not done and not self.stuck:
            self.stuck = True
            os.kill(os.getpid(), signal.SIGTERM)  # uvicorn: stop accepting, finish the others, exit


async def _body(http: HttpRequest) -> bytes:
    """The request body, at most :data:`guard.MAX_REQUEST_BYTES`. A longer one is read on and dropped (up to
    :data:`DRAIN_BYTES`, so the client, still sending, gets the answer rather than a broken pipe).

    Raises:
        Refused: (413) a longer body.
    """
    declared = http.headers.get("content-length")
    too_long = Refused(413, f"the request is larger than {guard.MAX_REQUEST_BYTES >> 20} MiB, the limit of this "
                       "service")
    if declared and declared.isdigit() and int(declared) > DRAIN_BYTES:
        raise too_long
    parts, size = [], 0
    async for chunk in http.stream():
        size += len(chunk)
        if size > DRAIN_BYTES:
            raise too_long
        if size <= guard.MAX_REQUEST_BYTES:
            parts.append(chunk)
    if size > guard.MAX_REQUEST_BYTES:
        raise too_long
    return b"".join(parts)


async def _protocol(http: HttpRequest) -> Request | None:
    """The query a SPARQL protocol request carries; None for a plain GET (the service description).

    Raises:
        Refused: too large (413), no query or a bad body (400), an update or SERVICE (400).
    """
    if len(http.url.query) > guard.MAX_REQUEST_BYTES:
        raise Refused(413, f"the request is larger than {guard.MAX_REQUEST_BYTES >> 20} MiB, the limit of this service")
    params = urllib.parse.parse_qs(http.url.query, keep_blank_values=True)
    if http.method == "POST":
        body = await _body(http)
        kind = http.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif kind == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        else:
            raise Refused(415, "send the query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in params:
        raise Refused(400, "kg serve is read-only: updates are refused")
    texts = params.get("query")
    if not texts:
        if http.method == "POST":
            raise Refused(400, "no query: send one in the query parameter or as the body")
        return None
    if len(texts) > 1:
        raise Refused(400, "more than one query parameter")
    guard.refuse(texts[0])
    accept = http.headers.get("accept", "")
    if params.get("format"):
        accept = params["format"][0]
    return Request(texts[0], tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                   accept)


def _description(worker: Worker, accept: str) -> Response:
    """The SPARQL service description, naming the public endpoint."""
    media = guard.choose(accept, list(guard.GRAPH_TYPES), "text/turtle") or "text/turtle"
    service, sd = ox.BlankNode("service"), lambda name: ox.NamedNode(SD + name)
    triples = [ox.Triple(service, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sd("Service")),
               ox.Triple(service, sd("endpoint"), ox.NamedNode(worker.endpoint)),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph"))]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
                 "N-Triples", "RDF_XML"):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)))
    fmt = guard.GRAPH_TYPES[media]
    items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if fmt.supports_datasets else triples
    return Response(ox.serialize(items, format=fmt), media_type=media)


def page(endpoint: str) -> str:
    """The query page: the vendored YASGUI, set to this endpoint and to the local prefix list."""
    from kg.namespaces import PREFIXES

    common = json.loads((Path(__file__).resolve().parent / "data" / "common-prefixes.json").read_text("utf-8"))
    prefixes = {**common, **PREFIXES}
    html = (STATIC / "query.html").read_text(encoding="utf-8")
    return (html.replace("__ENDPOINT__", json.dumps(endpoint))
            .replace("__PREFIXES__", json.dumps(dict(sorted(prefixes.items())))))


def create_app() -> Starlette:
    """The app of one worker, from the ``KG_SERVE`` settings (uvicorn calls it in each worker process).

    Raises:
        KeyError, OSError: no settings, or the store cannot be opened.
    """
    _die_with_parent()
    worker = Worker(json.loads(os.environ["KG_SERVE"]))
    html = page(worker.endpoint)

    async def query(http: HttpRequest) -> Response:
        try:
            request = await _protocol(http)
        except Refused as exc:
            return _error(exc)
        if request is None:
            return _description(worker, http.headers.get("accept", ""))
        return await worker.run(request)

    async def home(http: HttpRequest) -> Response:
        return HTMLResponse(html)

    async def read_only(http: HttpRequest) -> Response:
        return PlainTextResponse("kg serve is read-only: updates and graph changes are refused\n", status_code=403)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if worker.stuck:  # a query Oxigraph cannot stop: end the process, and the query with it
            os._exit(0)
        worker.pool.shutdown()

    routes = [Route("/", home), Route("/query", query, methods=["GET", "POST", "HEAD"]),
              Route("/update", read_only, methods=["GET", "POST", "PUT", "DELETE"]),
              Route("/store", read_only, methods=["GET", "POST", "PUT", "DELETE", "HEAD"]),
              Mount("/static", StaticFiles(directory=STATIC), name="static")]
    return Starlette(routes=routes, lifespan=lifespan,
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])])
