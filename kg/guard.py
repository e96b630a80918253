"""The guard in front of ``kg serve``'s Oxigraph server: passes every request through, checks each answer.

It refuses an answer of more rows (or triples) than the row limit, counting while it reads so a huge
answer is never held in memory; reports a query the server's time limit stopped midway (Oxigraph has
then already sent part of a ``200`` answer) as such; and refuses ``SERVICE``, which would make the
server fetch from the network. Updates reach Oxigraph, which refuses them: its store is read-only.
"""

from __future__ import annotations

import csv
import http.client
import io
import sys
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.engine import Limits
from kg.sparql import keywords

HOST = "127.0.0.1"
RESULT_TYPES = {"application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
                "text/tab-separated-values": "TSV", "text/csv": "CSV"}


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


def handler(guard: Guard) -> type[BaseHTTPRequestHandler]:
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


class Front(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is not an error worth a traceback; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)
