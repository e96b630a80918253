"""``kg serve`` end to end: a real server (uvicorn workers, Oxigraph in-process) started on a free port by each test,
stopped by its pid. What it answers, what it refuses and with which status, the sockets it has, and
what it leaves behind.
"""

from __future__ import annotations

import csv
import http.server as httpserver
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from kg import pipeline, store
from kg.cli import main
from kg.query import resolve, run
from kg.serve import free_port, stop_process
from tests.conftest import OUT, ROOT
from tests.test_store import normalise

pytestmark = pytest.mark.server
SEED = str(OUT / "graph.ttl")
DIRECTORS = """PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?work ?director WHERE { ?w schema:director ?d ; rdfs:label ?work . ?d schema:name ?director }
ORDER BY ?work ?director"""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORMATS = ["text/csv", "text/tab-separated-values", "application/sparql-results+json", "application/sparql-results+xml"]


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None, timeout: float = 60) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def local(name: str, **params: str) -> list[tuple]:  # type: ignore[type-arg]
    graph = pipeline.load_graph(OUT / "graph.ttl")
    return [tuple(normalise(v) for v in row) for row in run(graph, resolve(name), params)]


class Served:
    """A running ``kg serve`` subprocess and the lines it printed."""

    def __init__(self, process: subprocess.Popen, lines: list[str]) -> None:  # type: ignore[type-arg]
        self.process, self.lines = process, lines
        text = "\n".join(lines)
        self.query_url = re.search(r"SPARQL endpoint: (\S+)", text).group(1)  # type: ignore[union-attr]
        self.page_url = re.search(r"query page:\s+(\S+)", text).group(1)  # type: ignore[union-attr]
        self.port = int(urllib.parse.urlsplit(self.query_url).port or 0)

    def get(self, query: str, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
        return http(self.query_url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, _ = self.process.communicate(timeout=60)
        return self.process.returncode, out


def start_kg_serve(*args: str) -> Served:
    command = [sys.executable, "-m", "kg.cli", "serve", "--port", str(free_port()), *args]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "KG_PROGRESS": "0"})
    lines: list[str] = []
    while len(lines) < 3:
        line = process.stdout.readline()  # type: ignore[union-attr]
        if not line:
            stop_process(process)  # type: ignore[arg-type]
            raise AssertionError("kg serve stopped: " + "".join(lines))
        lines.append(line.rstrip("\n"))
    served = Served(process, lines)
    assert served.get("ASK {}")[0] == 200  # the workers are up (a request made earlier waits in the backlog)
    return served


@pytest.fixture()
def served() -> Iterator[Served]:
    before = set(Path(tempfile.gettempdir()).glob("kg-serve-*"))
    service = start_kg_serve("--graph", SEED, "--max-rows", "100", "--timeout", "2")
    try:
        yield service
    finally:
        if service.process.poll() is None:
            code, out = service.stop()
            assert code == 0 and out.strip().endswith("stopped"), out
        assert set(Path(tempfile.gettempdir()).glob("kg-serve-*")) == before  # the temporary store is gone


def tree(pid: int) -> list:  # type: ignore[type-arg]
    import psutil

    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def listening_unix_inodes() -> set[int]:
    """Inodes of every Unix socket on the machine in the listening state (/proc/net/unix, flag __SO_ACCEPTCON)."""
    found = set()
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[3], 16) & 0x10000:
            found.add(int(fields[6]))
    return found


def socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with_target = os.readlink(fd) if fd.is_symlink() else ""
        if m := re.fullmatch(r"socket:\[(\d+)\]", with_target):
            inodes.add(int(m.group(1)))
    return inodes


def test_kg_serve_answers_curl_and_sparqlwrapper(served: Served) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    assert served.query_url.startswith("http://127.0.0.1:") and served.page_url.startswith("http://127.0.0.1:")
    status, kind, body = served.get(DIRECTORS)
    assert status == 200 and kind.startswith("application/sparql-results+json")
    by_curl = [(b["work"]["value"], b["director"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    client = SPARQLWrapper(served.query_url)
    client.setQuery(DIRECTORS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    by_wrapper = [(r["work"]["value"], r["director"]["value"]) for r in rows]
    assert by_curl == by_wrapper == [(str(w), str(d)) for w, d in local("directors")]
    status, _, body = http(served.query_url, data=DIRECTORS.encode(), method="POST",
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1:] == [f"{w},{d}" for w, d in local("directors")]
    status, kind, body = served.get("CONSTRUCT { ?w <urn:by> ?d } WHERE { ?w <http://schema.org/director> ?d }",
                                    accept="application/n-triples")
    assert status == 200 and kind.startswith("application/n-triples")
    assert len(body.decode().splitlines()) == len({(w, d) for w, d in local("directors")}) > 0


def test_kg_query_endpoint_on_kg_serve_matches_local(served: Served) -> None:
    for name, params in [("directors", {}), ("roles", {"person": "lamar"}), ("top-people", {})]:
        flags = [item for k, v in params.items() for item in ("-p", f"{k}={v}")]
        remote = cli("query", name, *flags, "--endpoint", served.query_url)
        assert remote.exit_code == 0 and remote.stdout == cli("query", name, *flags, "--graph", SEED).stdout


def test_only_the_public_socket_listens(served: Served) -> None:
    processes = tree(served.process.pid)
    assert len(processes) >= 3  # the supervisor and its two workers (and multiprocessing's resource tracker)
    listening_unix = listening_unix_inodes()
    public_inodes = set()
    for process in processes:
        for conn in process.net_connections(kind="all"):
            if conn.family == socket.AF_UNIX:  # socket pairs to the supervisor: no name, nobody can connect
                assert conn.laddr == "" and conn.raddr == "", (process.pid, conn)
            elif conn.type == socket.SOCK_DGRAM:
                raise AssertionError(f"a UDP socket in process {process.pid}: {conn}")
            elif conn.status == "LISTEN":
                assert (conn.laddr.ip, conn.laddr.port) == ("127.0.0.1", served.port), (process.pid, conn)
            else:  # a client's connection to the public port
                assert conn.laddr.port == served.port, (process.pid, conn)
        inodes = socket_inodes(process.pid)
        assert not inodes & listening_unix, f"a listening Unix socket in process {process.pid}"
        public_inodes |= {i for i in inodes if i not in listening_unix}
    tcp = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    tcp += [line.split() for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]]
    ours = [f for f in tcp if int(f[9]) in public_inodes and f[3] == "0A"]  # 0A: LISTEN
    assert len(ours) == 1 and ours[0][1] == f"0100007F:{served.port:04X}"  # one listening socket: 127.0.0.1:port


class Listener(httpserver.ThreadingHTTPServer):
    """A local HTTP server that only records what reaches it."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(httpserver.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                seen.append(self.path)
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_a_service_query_cannot_reach_the_network(served: Served) -> None:
    listener = Listener()
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{listener.server_address[1]}/sparql"
    try:
        assert http(target)[0] == 200 and listener.seen == ["/sparql"]  # the listener works
        listener.seen.clear()
        variants = [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                    f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
                    f"SELECT * WHERE {{ ?x ?y ?z .SERVICE <{target}> {{ ?s ?p ?o }} }}",
                    f"SELECT * WHERE {{ ?x ?y 1 SERVICE<{target}>{{ ?s ?p ?o }} }}",
                    f"SELECT * WHERE {{ VALUES ?e {{ <{target}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
                    f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SeRvIcE <{target}> {{ ?s ?p ?o }} }} }} }}",
                    f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
                    "SELECT * WHERE { \\u0053ERVICE <" + target + "> { ?s ?p ?o } }",
                    f"ASK {{ SERVICE <{target}> {{ }} }}",
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"]
        for query in variants:
            assert served.get(query)[0] == 400, query
            assert http(served.query_url, data=query.encode(), method="POST",
                        headers={"Content-Type": "application/sparql-query"})[0] == 400
            form = urllib.parse.urlencode({"query": query}).encode()
            assert http(served.query_url, data=form, method="POST")[0] == 400
        for path in ("/update", "/store"):
            body = f"LOAD <{target}>".encode()
            assert http(served.page_url.rstrip("/") + path, data=body, headers={
                "Content-Type": "application/sparql-update"})[0] == 403
        assert served.get(f"LOAD <{target}>")[0] == 400
        time.sleep(0.5)
        assert listener.seen == []
        # names that only contain the word still run
        fine = "SELECT ?service WHERE { ?s <http://schema.org/serviceType> ?service } LIMIT 1"
        assert served.get(fine)[0] == 200
    finally:
        listener.shutdown()
        listener.server_close()


def test_limits_are_error_statuses_in_every_format(served: Served) -> None:
    for accept in FORMATS:
        status, kind, body = served.get("SELECT * WHERE { ?s ?p ?o }", accept=accept)
        assert status == 400 and kind.startswith("text/plain") and b"more than 100 rows" in body, accept
        status, _, body = served.get("SELECT * WHERE { ?s ?p ?o } LIMIT 100", accept=accept)
        assert status == 200 and len(body) > 1000
    for accept in FORMATS:
        started = time.monotonic()
        status, kind, body = served.get(HEAVY, accept=accept)
        assert status == 503 and kind.startswith("text/plain") and b"ran out of time" in body, accept
        assert time.monotonic() - started < 10
    assert cli("query", "directors", "--endpoint", served.query_url).exit_code == 0  # still serving


def test_kg_serve_refuses_updates_and_oversized_requests(served: Served) -> None:
    base = served.page_url.rstrip("/")
    update = b'INSERT DATA { <urn:a> <urn:b> "c" }'
    status, _, body = http(f"{base}/update", data=update, headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    assert http(f"{base}/store?graph=urn:x", data=b'<urn:a> <urn:b> "c" .', method="PUT",
                headers={"Content-Type": "application/n-triples"})[0] == 403
    form = urllib.parse.urlencode({"update": update.decode()}).encode()
    assert http(served.query_url, data=form, method="POST")[0] == 400
    big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (2 << 20)
    status, _, body = http(served.query_url, data=big, method="POST", headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and b"larger than 1 MiB" in body
    status, _, _ = http(served.query_url, data=b"query=" + big, method="POST")
    assert status == 413
    assert served.get("SELECT * WHERE { ?s ?p ?o } LIMIT 1")[0] == 200  # and it still answers


def test_service_description_names_the_public_endpoint(served: Served) -> None:
    status, kind, body = http(served.query_url, headers={"Accept": "text/turtle"})
    assert status == 200 and kind.startswith("text/turtle")
    from rdflib import Graph, URIRef

    graph = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert set(graph.objects(None, URIRef(sd + "endpoint"))) == {URIRef(served.query_url)}


def test_a_csv_value_over_131072_characters(tmp_path: Path) -> None:
    value = "v" * 200_000 + ",\"\n" + "w" * 10
    source = tmp_path / "long.nt"
    escaped = value.replace('"', '\\"').replace("\n", "\\n")
    source.write_text(f'<urn:a> <urn:b> "{escaped}" .\n', encoding="utf-8")
    service = start_kg_serve("--graph", str(source))
    try:
        status, _, body = service.get("SELECT ?o WHERE { ?s ?p ?o }", accept="text/csv")
        assert status == 200
        csv.field_size_limit(1 << 24)
        assert list(csv.reader(io.StringIO(body.decode(), newline=""))) == [["o"], [value]]
        status, _, body = service.get("SELECT ?o WHERE { ?s ?p ?o }", accept="application/sparql-results+json")
        assert json.loads(body)["results"]["bindings"][0]["o"]["value"] == value
    finally:
        assert service.stop()[0] == 0


def test_a_graph_file_over_16_mib(tmp_path: Path) -> None:
    source = tmp_path / "big.ttl"
    source.write_text('<urn:a> <urn:text> "' + "x" * (17 << 20) + '" .\n<urn:a> <urn:name> "a" .\n', encoding="utf-8")
    for args in (["--graph", str(source)], ["--graph", str(source), "--store", f"oxigraph:{tmp_path / 'db'}"]):
        service = start_kg_serve(*args)
        try:
            status, _, body = service.get("SELECT (STRLEN(?t) AS ?n) WHERE { ?s <urn:text> ?t }", accept="text/csv")
            assert status == 200 and body.decode().split() == ["n", str(17 << 20)], args
            assert service.get("SELECT * WHERE { ?s ?p ?o }", accept="text/csv")[2].count(b"\n") == 3  # both triples
        finally:
            assert service.stop()[0] == 0


def test_kg_serve_port_out_of_range_is_usage_error() -> None:
    for port in ("70000", "-1"):
        result = cli("serve", "--port", port, "--graph", SEED)
        assert result.exit_code == 2 and "--port" in result.output and "Traceback" not in result.output


def test_kg_serve_stops_on_ctrl_c_and_leaves_nothing(served: Served) -> None:
    pids = [p.pid for p in tree(served.process.pid)]
    code, out = served.stop()
    assert code == 0 and out.strip().endswith("stopped")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.query_url, timeout=2)
    deadline = time.monotonic() + 10
    while (left := [pid for pid in pids if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left]  # every worker stopped too


def test_kg_serve_a_persistent_store_leaves_no_lock(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert cli("build", "--out", str(tmp_path / "out"), "--store", f"oxigraph:{db}", "-q").exit_code == 0
    service = start_kg_serve("--store", f"oxigraph:{db}")
    try:
        remote = cli("query", "directors", "--endpoint", service.query_url)
        assert remote.stdout == cli("query", "directors", "--graph", SEED).stdout
        during = cli("query", "directors", "--store", f"oxigraph:{db}")  # a reader beside the server
        assert during.exit_code == 0 and during.stdout == remote.stdout
        rebuild = cli("build", "--out", str(tmp_path / "out"), "--store", f"oxigraph:{db}", "-q")  # a writer: refused
        assert rebuild.exit_code == 2 and "stop kg serve" in rebuild.output
    finally:
        code, out = service.stop()
    assert code == 0, out
    assert not (db / store.SERVED_MARK).exists()
    writer = store.new_graph(store.StoreSpec("oxigraph", db))  # opens for writing: no lock left behind
    assert len(writer) == len(pipeline.load_graph(OUT / "graph.ttl"))
    store.close(writer)


def test_kg_serve_port_taken_is_one_message(served: Served) -> None:
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--port", str(served.port), "--graph", SEED],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, "KG_PROGRESS": "0"})
    assert result.returncode == 2 and "choose another --port" in result.stderr and "Traceback" not in result.stderr
