"""``kg serve``: the graph in the real Oxigraph SPARQL server, read-only, on 127.0.0.1.

The Oxigraph server from PyPI (``oxigraph serve-read-only``, with its own time limit ``--timeout-s``)
listens on a private loopback port; in front of it, on the port the user chose, a small guard passes
every request through and checks each answer: it refuses one of more rows (or triples) than the row
limit, reports a query the time limit stopped midway as such (Oxigraph has then already sent part of a
``200`` answer), and refuses ``SERVICE``, which would make the server fetch from the network. Updates
reach Oxigraph, which refuses them: the store is read-only. The built-in query page (YASGUI, served
by Oxigraph itself from its own files) works offline.

Stopping (Ctrl-C) shuts the guard, stops Oxigraph, waits for it and removes the temporary store, so
no process and no lock is left behind.
"""

from __future__ import annotations

import csv
import http.client
import io
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.engine import Limits
from kg.errors import QueryError, StoreError
from kg.sparql import keywords

HOST = "127.0.0.1"
RESULT_TYPES = {"application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
                "text/tab-separated-values": "TSV", "text/csv": "CSV"}


def executable() -> str:
    """The ``oxigraph`` server program (beside this Python, or on the PATH).

    Raises:
        StoreError: it is not installed.
    """
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server is not installed",
                         hint="install it with pip install 'oxigraph~=0.5.13' (make does, through kg[server])")
    return found


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_oxigraph(location: Path, port: int, *, timeout: float, union: bool = True) -> subprocess.Popen[bytes]:
    """``oxigraph serve-read-only`` on ``127.0.0.1:port`` over the store in ``location``, once it answers.

    Raises:
        StoreError: it exits or does not answer within 30 s (its message is in the error).
    """
    command = [executable(), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}"]
    command += ["--union-default-graph"] if union else []
    command += ["--timeout-s", str(max(1, int(timeout + 0.999)))] if timeout > 0 else []
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise StoreError(f"the Oxigraph server stopped at once: {log.read().decode(errors='replace').strip()}",
                             path=location, hint="is the folder an Oxigraph store? is the port free?")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.05)
    stop_process(process)
    raise StoreError("the Oxigraph server did not answer within 30 s", path=location)


def stop_process(process: subprocess.Popen[bytes], *, grace: float = 10.0) -> None:
    """Stop a server process (SIGTERM, then SIGKILL after ``grace`` seconds) and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def query_text(method: str, path: str, headers: Any, body: bytes) -> str | None:
    """The SPARQL query a request carries (GET ``?query=``, a form, or a ``application/sparql-query`` body)."""
    parts = urllib.parse.urlsplit(path)
    found = urllib.parse.parse_qs(parts.query).get("query")
    kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if method == "POST" and kind == "application/x-www-form-urlencoded":
        found = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query") or found
    elif method == "POST" and kind == "application/sparql-query":
        return body.decode("utf-8", "replace")
    return found[0] if found else None


class _Tee(io.RawIOBase):
    """Reads an HTTP answer and keeps every byte read, so the answer can be passed on as it came."""

    def __init__(self, response: Any) -> None:
        self.response, self.kept = response, bytearray()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.response.readinto(buffer)
        if n:
            self.kept += bytes(buffer[:n])
        return n or 0


def read_counted(media: str, response: Any, max_rows: int) -> tuple[bytes, int]:
    """The answer's bytes and how many rows (or triples) it holds, reading no further than ``max_rows + 1`` of them
    (so a huge answer is never held in memory); other content is read whole, with a count of 0.

    Raises:
        SyntaxError: the answer is cut or broken (the server stopped midway, at its time limit).
    """
    import pyoxigraph as ox

    tee = _Tee(response)
    stream = io.BufferedReader(tee, buffer_size=1 << 16)
    rdf = ox.RdfFormat.from_media_type(media) if media not in RESULT_TYPES else None
    if media == "text/csv":
        rows: Any = csv.reader(io.TextIOWrapper(stream, encoding="utf-8", newline=""))
        next(rows, None)  # the header
    elif media in RESULT_TYPES:
        rows = ox.parse_query_results(stream, getattr(ox.QueryResultsFormat, RESULT_TYPES[media]))
        if isinstance(rows, ox.QueryBoolean):
            rows = iter(())
    elif rdf is not None:
        rows = ox.parse(stream, format=rdf)
    else:
        return response.read(), 0
    n = 0
    for _ in rows:
        n += 1
        if n > max_rows:
            return bytes(tee.kept), n
    tee.kept += response.read()  # whatever the parser had no need to read
    return bytes(tee.kept), n


@dataclass
class Guard:
    """What the front server needs: the private Oxigraph port and the limits."""

    backend_port: int
    limits: Limits


def _handler(guard: Guard) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "kg-serve"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet: the console shows the URLs
            pass

        def reply(self, status: int, body: bytes, media: str = "text/plain; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            text = query_text(self.command, self.path, self.headers, body)
            if text is not None and "SERVICE" in keywords(text):
                self.reply(400, b"kg serve does not run SERVICE: the server never reaches the network\n")
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
            wait = guard.limits.timeout + 10 if guard.limits.timeout > 0 else None
            connection = http.client.HTTPConnection(HOST, guard.backend_port, timeout=wait)
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
                if response.status == 200:
                    data, rows = read_counted(media, response, guard.limits.max_rows or sys.maxsize)
                else:
                    data, rows = response.read(), 0
            except (SyntaxError, ValueError, UnicodeDecodeError):
                self.reply(503, (f"the query stopped after {guard.limits.timeout:g} s, the time limit of this "
                                 "service (kg serve --timeout)\n").encode())
                return
            except (OSError, http.client.HTTPException) as exc:
                self.reply(504, f"the query did not finish: {exc}\n".encode())
                return
            finally:
                connection.close()
            if guard.limits.max_rows and rows > guard.limits.max_rows:
                self.reply(400, (f"the answer has more than {guard.limits.max_rows} rows, the limit of this "
                                 "service (kg serve --max-rows): add LIMIT to the query\n").encode())
                return
            extra = {k: v for k, v in response.getheaders()
                     if k.lower() in ("cache-control", "etag", "last-modified", "allow", "location")}
            self.reply(response.status, data, response.getheader("Content-Type") or "application/octet-stream", extra)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = forward  # noqa: N815

    return Handler


class _Front(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is not an error worth a traceback; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class Service:
    """A running ``kg serve``: Oxigraph behind the guard. Use :meth:`stop` (or ``with``) to end it."""

    def __init__(self, location: Path, *, port: int, limits: Limits, temporary: bool) -> None:
        self.location, self.temporary, self.limits = location, temporary, limits
        self.backend_port = free_port()
        self.process = start_oxigraph(location, self.backend_port, timeout=limits.timeout)
        try:
            self.front = _Front((HOST, port), _handler(Guard(self.backend_port, limits)))
        except OSError as exc:
            self._stop_backend()
            raise StoreError(f"cannot listen on {HOST}:{port}: {exc}", hint="choose another --port") from None
        self.port = int(self.front.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The address of the built-in query page."""
        return f"http://{HOST}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"http://{HOST}:{self.port}/query"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` is called from another thread or Ctrl-C."""
        self.front.serve_forever(poll_interval=0.2)

    def start(self) -> "Service":
        """Answer requests in a background thread (for tests and the Python API)."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg serve", daemon=True)
        self._thread.start()
        return self

    def _stop_backend(self) -> None:
        stop_process(self.process)
        if self.temporary:
            shutil.rmtree(self.location, ignore_errors=True)

    def stop(self) -> None:
        """Stop answering, stop Oxigraph and wait for it, and remove the temporary store."""
        if self._thread is not None:
            self.front.shutdown()
            self._thread.join()
        self.front.server_close()
        self._stop_backend()

    def __enter__(self) -> "Service":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def temporary_store(source: Path) -> Path:
    """A new temporary Oxigraph store holding the graph file ``source`` (closed, ready to be served).

    Raises:
        InputError: the file cannot be parsed. StoreError: the store cannot be written.
    """
    from kg import store

    location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    try:
        store.close(store.fill(store.StoreSpec("oxigraph", location), source))
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
    return location


def check_limits(limits: Limits) -> Limits:
    """``limits`` if they make sense for a server.

    Raises:
        QueryError: a negative limit.
    """
    if limits.timeout < 0 or limits.max_rows < 0:
        raise QueryError("limits cannot be negative", hint="0 means no limit")
    return limits

