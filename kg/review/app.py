"""The Starlette app of ``kg review``: the page, its scripts, and a small JSON API over the review state.

Routes::

    GET  /                     the review page (kg/review/static/review.html)
    GET  /static/NAME          its script modules and style, shipped in the package (nothing from another host)
    GET  /api/state?doc=N      the state of draft N, the article text, the spans of the quotes, the schema
    POST /api/edit             {"doc", "token", "action", "params"}: one edit (kg.review.edits), saved at once
    POST /api/undo, /api/redo  {"doc", "token"}

A write answers with what changed since the state the page holds (its token says which one), not the whole
state: ``facts`` and ``entities`` are the new lists as runs ``[start, count]`` of the entries the page already
has (the very entries of the state before, in their old numbering) and new entries ``{"fact"|"entity", "span"}``
(see :func:`delta`), with ``counts`` for the progress line.

Every answer of the API is JSON; an error is ``{"error": ..., "hint": ...}`` with 400 (a bad request:
nothing changed), 403 (a Host or Origin not this app's own), 404, 409 (the file changed on disk: nothing
written, the page reloads) or 413. Every write passes the checks of ``kg build`` and replaces the file
atomically (:func:`kg.review.document.save`).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import AnnotationError, KgError
from kg.review import document, edits
from kg.review.schema import page_schema

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 1 << 20
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


@dataclass
class Session:
    """One draft under review: its file, article, history and the token of the file as last read or written."""

    opened: document.Opened
    history: edits.History
    token: str
    spans: dict[tuple[Any, Any, Any], Any] = field(default_factory=dict)  # (quote, prefix, suffix) -> span

    def span(self, item: dict[str, Any]) -> list[int] | None:
        """Where an entity's or fact's quote stands in the article (cached: the text never changes)."""
        key = (item.get("quote"), item.get("prefix"), item.get("suffix"))
        if key not in self.spans:
            found = document.span_of(self.opened.article.text, item)
            self.spans[key] = list(found) if found else None
        return self.spans[key]


class Guard:
    """ASGI middleware: only requests to this app's own address, from its own page (DNS rebinding and
    cross-site requests get 403), and security headers on every answer."""

    def __init__(self, app: ASGIApp, *, port: int, on_refuse: Callable[[str], None] | None = None) -> None:
        self.app, self.on_refuse = app, on_refuse
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        why = self.refusal(scope["method"], headers)
        if why:
            if self.on_refuse is not None:
                self.on_refuse(f"refused {scope['method']} {scope['path']}: {why}")
            await _json({"error": why, "hint": f"open http://{sorted(self.hosts)[0]}/ itself"}, 403)(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      *[(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def refusal(self, method: str, headers: dict[str, str]) -> str | None:
        """Why a request is refused, or None."""
        if headers.get("host") not in self.hosts:
            return f"Host {headers.get('host')!r} is not this app's address"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return f"Origin {origin!r} is not this app's page"
        if headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
            return "a request from another site"
        if method not in ("GET", "HEAD") and headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return "a write must be a JSON request from the review page"
        return None


def delta(before: list[dict[str, Any]], after: list[dict[str, Any]], key: str,
          span: Callable[[dict[str, Any]], Any]) -> list[Any]:
    """``after`` told in terms of ``before``: a run ``[start, count]`` stands for ``before[start:start + count]``
    (the very objects: edits copy what they change and share the rest, :mod:`kg.review.edits`), any other entry
    is ``{key: entry, "span": span(entry)}``.

    >>> a, b, c = {"n": 1}, {"n": 2}, {"n": 3}
    >>> delta([a, b, c], [a, c, {"n": 4}], "fact", lambda f: None)
    [[0, 1], [2, 1], {'fact': {'n': 4}, 'span': None}]
    """
    where = {id(item): i for i, item in enumerate(before)}
    out: list[Any] = []
    for item in after:
        at = where.get(id(item))
        if at is None:
            out.append({key: item, "span": span(item)})
        elif out and isinstance(out[-1], list) and sum(out[-1]) == at:
            out[-1][1] += 1
        else:
            out.append([at, 1])
    return out


def counts(state: dict[str, Any]) -> dict[str, int]:
    """How many facts the state has, and how many of them are accepted, rejected, pending."""
    out = {"facts": len(state["facts"]), "accepted": 0, "rejected": 0, "pending": 0}
    for fact in state["facts"]:
        out[fact["status"]] += 1
    return out


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def _error(exc: KgError, status: int = 400) -> JSONResponse:
    return _json({"error": exc.what, "hint": exc.hint, "file": exc.path, "stale": status == 409}, status)


def create_app(paths: list[Path], *, port: int, on_refuse: Callable[[str], None] | None = None) -> ASGIApp:
    """The review app for the annotation files ``paths`` (reviewed one after another), answering only
    as ``127.0.0.1:port`` / ``localhost:port``; ``on_refuse`` is told of each request refused.

    Raises:
        InputError, AnnotationError: a file or its article cannot be read, or does not check.
    """
    sessions: list[Session] = []
    for path in paths:
        opened = document.open_file(path)
        session = Session(opened=opened, history=edits.History(present=opened.state), token=opened.token)
        for item in (*opened.state["entities"], *opened.state["facts"]):
            session.span(item)  # found once, before the page asks
        document.to_yaml(opened.state)  # each entry's YAML, kept for the first save
        sessions.append(session)
    lock = threading.Lock()
    schema = page_schema()

    def session_of(value: Any) -> Session:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(sessions):
            raise AnnotationError(f"no draft number {value!r}", hint=f"0 to {len(sessions) - 1}")
        return sessions[value]

    def payload(n: int, session: Session) -> dict[str, Any]:
        """All the page needs of draft ``n``: its state, text, spans, the schema."""
        state = session.history.present
        return {"doc": n, "token": session.token, "state": state, "counts": counts(state),
                "spans": [session.span(f) for f in state["facts"]],
                "entitySpans": {e["id"]: session.span(e) for e in state["entities"]},
                "canUndo": bool(session.history.past), "canRedo": bool(session.history.future),
                "text": session.opened.article.text, "schema": schema, "file": str(session.opened.path),
                "docs": [str(s.opened.path) for s in sessions], "title": session.opened.article.title}

    def changes(n: int, session: Session, before: dict[str, Any]) -> dict[str, Any]:
        """What changed in draft ``n`` since ``before`` (the state the page holds), see :func:`delta`."""
        state = session.history.present
        return {"doc": n, "token": session.token, "counts": counts(state),
                "facts": delta(before["facts"], state["facts"], "fact", session.span),
                "entities": delta(before["entities"], state["entities"], "entity", session.span),
                "canUndo": bool(session.history.past), "canRedo": bool(session.history.future)}

    def reload_if_changed(session: Session) -> bool:
        if document.token_of(session.opened.path) == session.token:
            return False
        opened = document.open_file(session.opened.path)
        session.opened, session.history, session.token = opened, edits.History(present=opened.state), opened.token
        session.spans = {}
        return True

    def state(request: Request) -> Response:
        try:
            with lock:
                n = int(request.query_params.get("doc", "0")) if request.query_params.get("doc", "0").isdigit() else -1
                session = session_of(n)
                reloaded = reload_if_changed(session)
                return _json({**payload(n, session), "reloaded": reloaded})
        except KgError as exc:
            return _error(exc)

    async def body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise AnnotationError("the request is too large")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise AnnotationError("the request is not JSON", hint="send a JSON object") from None
        if not isinstance(data, dict):
            raise AnnotationError("the request must be a JSON object")
        return data

    def commit(data: dict[str, Any], change: Any) -> Response:
        started = time.perf_counter()
        with lock:
            session = session_of(data.get("doc"))
            if data.get("token") != session.token or document.token_of(session.opened.path) != session.token:
                raise document.StaleFileError("the annotation file was changed on disk by someone else",
                                              path=session.opened.path, hint="the page reloads it; make your change again")
            history, before = change(session), session.history.present
            session.token = document.save(session.opened.path, history.present, session.opened.article, session.token,
                                          before=before)
            session.history = history
            out = changes(sessions.index(session), session, before)
            out["serverMs"] = round((time.perf_counter() - started) * 1000, 1)
            return _json(out)

    async def write(request: Request, kind: str) -> Response:
        try:
            data = await body(request)

            def change(session: Session) -> edits.History:
                if kind == "undo":
                    return session.history.undo()
                if kind == "redo":
                    return session.history.redo()
                params = data.get("params") or {}
                if not isinstance(params, dict):
                    raise AnnotationError("`params` must be a JSON object")
                new = edits.apply(session.history.present, str(data.get("action")), params,
                                  text=session.opened.article.text)
                return session.history.push(new)

            # in the event loop itself, not a worker thread: one person's edits, each a few milliseconds, in order
            return commit(data, change)
        except document.StaleFileError as exc:
            return _error(exc, 409)
        except KgError as exc:
            return _error(exc)

    async def edit(request: Request) -> Response:
        return await write(request, "edit")

    async def undo(request: Request) -> Response:
        return await write(request, "undo")

    async def redo(request: Request) -> Response:
        return await write(request, "redo")

    # the page's files, read once: served from memory, in the event loop (no file opened per request)
    files = {p.name: p.read_bytes() for p in STATIC.iterdir() if p.suffix in TYPES}

    def index(request: Request) -> Response:
        # the page asks for its draft's state at once, while its modules load (a preload of /api/state?doc=N)
        doc = request.query_params.get("doc", "0")
        doc = doc if doc.isdigit() and len(doc) < 6 else "0"
        return Response(files["review.html"].replace(b"/api/state?doc=0", f"/api/state?doc={doc}".encode()),
                        media_type=TYPES[".html"])

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            return _json({"error": "not found", "hint": "open / for the review page"}, 404)
        return Response(files[name], media_type=TYPES[Path(name).suffix])

    async def not_found(request: Request, exc: Exception) -> Response:
        return _json({"error": "not found", "hint": "open / for the review page"}, 404)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _json({"error": "method not allowed"}, 405)

    routes = [Route("/", index), Route("/api/state", state), Route("/api/edit", edit, methods=["POST"]),
              Route("/api/undo", undo, methods=["POST"]), Route("/api/redo", redo, methods=["POST"]),
              Route("/static/{name}", static)]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_allowed})
    return Guard(app, port=port, on_refuse=on_refuse)
