"""Real servers on loopback: kg push into `oxigraph serve`, kg query --endpoint and SPARQLWrapper; kg serve end to end.

Needs the ``oxigraph`` server (PyPI ``oxigraph``, installed by ``make``): skipped without it, failed under CI=true.
Every server is started on 127.0.0.1 on a free port and stopped in the fixture's teardown.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg import pipeline, store
from kg.cli import main
from kg.endpoint import Endpoint
from kg.errors import StoreError
from kg.query import named_queries, resolve, run
from kg.serve import executable, free_port, stop_process
from tests.conftest import OUT, ROOT, need
from tests.test_store import cases, normalise

pytestmark = pytest.mark.server
SEED = str(OUT / "graph.ttl")
DIRECTORS = """PREFIX schema: <http://schema.org/>
SELECT ?work ?director WHERE { ?w schema:director ?d ; <http://www.w3.org/2000/01/rdf-schema#label> ?work .
  ?d schema:name ?director }
ORDER BY ?work ?director"""
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def have_oxigraph() -> bool:
    try:
        executable()
        return True
    except StoreError:
        return False


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:  # type: ignore[type-arg]
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answers on 127.0.0.1:{port}")


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A fresh read-write `oxigraph serve` on loopback; its base URL."""
    need("the oxigraph server", have_oxigraph())
    port = free_port()
    process = subprocess.Popen([executable(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


def local(name: str, **params: str) -> list[tuple]:  # type: ignore[type-arg]
    graph = pipeline.load_graph(OUT / "graph.ttl")
    return [tuple(normalise(v) for v in row) for row in run(graph, resolve(name), params)]


def test_push_then_query_endpoint_prints_the_local_directors(oxigraph_server: str) -> None:
    pushed = cli("push", f"{oxigraph_server}/store", "--file", SEED)
    assert pushed.exit_code == 0, pushed.output
    assert f"with {len(pipeline.load_graph(OUT / 'graph.ttl'))} triples" in pushed.output and "https://w3id.org/kg/graph" in pushed.output
    remote = cli("query", "directors", "--endpoint", f"{oxigraph_server}/query")
    here = cli("query", "directors", "--graph", SEED)
    assert remote.exit_code == 0 and remote.stdout == here.stdout
    assert "Jake Schreier" in remote.stdout and "Hype Williams" in remote.stdout
    remote = cli("query", "directors", "-p", "work_name=we cry together", "--endpoint", f"{oxigraph_server}/query")
    assert remote.stdout == cli("query", "directors", "-p", "work_name=we cry together", "--graph", SEED).stdout


def test_every_named_query_answers_the_same_on_the_endpoint(oxigraph_server: str) -> None:
    assert cli("push", f"{oxigraph_server}/store", "--file", SEED).exit_code == 0
    endpoint = Endpoint(f"{oxigraph_server}/query")
    graph = pipeline.load_graph(OUT / "graph.ttl")
    for name, params in cases():
        if name.startswith("lookup/"):
            continue
        query = named_queries()[name]
        expected = [tuple(normalise(v) for v in row) for row in run(graph, query, params)]
        got = [tuple(normalise(v) for v in row) for row in run(endpoint, query, params)]
        assert got == expected, (name, params)


def test_sparqlwrapper_reads_what_kg_pushed(oxigraph_server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    assert cli("push", f"{oxigraph_server}/store", "--file", SEED).exit_code == 0
    client = SPARQLWrapper(f"{oxigraph_server}/query")
    client.setQuery(DIRECTORS)
    client.addDefaultGraph(store.KG_GRAPH)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    got = [(r["work"]["value"], r["director"]["value"]) for r in rows]
    assert got == [(str(w), str(d)) for w, d in local("directors")]


def test_push_replaces_only_its_own_named_graph(oxigraph_server: str, tmp_path: Path) -> None:
    other = 'INSERT DATA { GRAPH <urn:other> { <urn:a> <urn:b> "keep me" } }'
    assert http(f"{oxigraph_server}/update", data=other.encode(),
                headers={"Content-Type": "application/sparql-update"})[0] == 204
    small = tmp_path / "small.ttl"
    small.write_text('<urn:x> <http://schema.org/name> "x" .\n', encoding="utf-8")
    for source in (SEED, SEED, str(small)):  # twice the seed: replaced, not added; then a smaller graph
        assert cli("push", f"{oxigraph_server}/store", "--file", source).exit_code == 0
    counts = cli("query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                 "--endpoint", f"{oxigraph_server}/query", "--graph-iri", "", "-f", "csv")
    assert counts.stdout.split() == ["g,n", "https://w3id.org/kg/graph,1", "urn:other,1"]
    assert cli("push", f"{oxigraph_server}/store", "--file", SEED, "--graph", "urn:kg:seed").exit_code == 0
    mine = cli("query", "directors", "--endpoint", f"{oxigraph_server}/query", "--graph-iri", "urn:kg:seed")
    assert "Jake Schreier" in mine.stdout


def test_endpoint_errors_are_one_message(oxigraph_server: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?y \n}\n", encoding="utf-8")
    result = cli("query", str(bad), "--endpoint", f"{oxigraph_server}/query")
    assert result.exit_code == 2 and f"{bad}:3" in result.output and "line 3, column" in result.output
    port = free_port()
    result = cli("query", "directors", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == 2 and "cannot reach" in result.output and "Traceback" not in result.output
    result = cli("push", f"http://127.0.0.1:{port}/store", "--file", SEED)
    assert result.exit_code == 2 and "cannot reach" in result.output
    result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"{oxigraph_server}/query", "--max-rows", "0")
    assert result.exit_code == 0 and "returned no results" in result.stderr


# --- kg serve ---------------------------------------------------------------------------------------


class Served:
    def __init__(self, process: subprocess.Popen, lines: list[str]) -> None:  # type: ignore[type-arg]
        self.process, self.lines = process, lines
        self.query_url = re.search(r"SPARQL endpoint: (\S+)", "\n".join(lines)).group(1)  # type: ignore[union-attr]
        self.page_url = re.search(r"query page:\s+(\S+)", "\n".join(lines)).group(1)  # type: ignore[union-attr]
        self.backend_pid = int(re.search(r"pid (\d+)", "\n".join(lines)).group(1))  # type: ignore[union-attr]

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        out, _ = self.process.communicate(timeout=30)
        return self.process.returncode, out


def start_kg_serve(*args: str) -> Served:
    need("the oxigraph server", have_oxigraph())
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
    return Served(process, lines)


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
        assert not Path(f"/proc/{service.backend_pid}").exists()  # and the Oxigraph server with it


def test_kg_serve_answers_curl_and_sparqlwrapper(served: Served) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    assert served.query_url.startswith("http://127.0.0.1:") and served.page_url.startswith("http://127.0.0.1:")
    status, kind, body = http(served.query_url + "?" + urllib.parse.urlencode({"query": DIRECTORS}),
                              headers={"Accept": "application/sparql-results+json"})
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


def test_kg_query_endpoint_on_kg_serve_matches_local(served: Served) -> None:
    for name, params in [("directors", {}), ("roles", {"person": "lamar"}), ("top-people", {})]:
        flags = [item for k, v in params.items() for item in ("-p", f"{k}={v}")]
        remote = cli("query", name, *flags, "--endpoint", served.query_url)
        assert remote.exit_code == 0 and remote.stdout == cli("query", name, *flags, "--graph", SEED).stdout


def test_kg_serve_refuses_updates_service_and_oversized_answers(served: Served) -> None:
    base = served.page_url.rstrip("/")
    update = b'INSERT DATA { <urn:a> <urn:b> "c" }'
    status, _, body = http(f"{base}/update", data=update, headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    status, _, _ = http(f"{base}/store?graph=urn:x", data=b'<urn:a> <urn:b> "c" .', method="PUT",
                        headers={"Content-Type": "application/n-triples"})
    assert status == 403
    service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    status, _, body = http(served.query_url + "?" + urllib.parse.urlencode({"query": service}))
    assert status == 400 and b"SERVICE" in body
    status, _, body = http(served.query_url + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 400 and b"more than 100 rows" in body
    limited = "SELECT * WHERE { ?s ?p ?o } LIMIT 100"
    assert http(served.query_url + "?" + urllib.parse.urlencode({"query": limited}))[0] == 200
    started = time.monotonic()
    status, _, body = http(served.query_url + "?" + urllib.parse.urlencode({"query": HEAVY}))
    assert status in (500, 503) and time.monotonic() - started < 15
    assert cli("query", "directors", "--endpoint", served.query_url).exit_code == 0  # still serving


def test_kg_serve_page_works_offline(served: Served) -> None:
    status, kind, body = http(served.page_url)
    page = body.decode()
    assert status == 200 and kind.startswith("text/html") and "Yasgui" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    for asset in assets:
        assert http(urllib.parse.urljoin(served.page_url, asset))[0] == 200


def test_kg_serve_stops_on_ctrl_c_and_leaves_nothing(served: Served) -> None:
    code, out = served.stop()
    assert code == 0 and out.strip().endswith("stopped")
    port = int(urllib.parse.urlsplit(served.query_url).port or 0)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.query_url, timeout=2)
    assert port


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
    port = urllib.parse.urlsplit(served.query_url).port
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--graph", SEED],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, "KG_PROGRESS": "0"})
    assert result.returncode == 2 and "choose another --port" in result.stderr and "Traceback" not in result.stderr


def test_literal_values_stay_plain_after_a_round_trip(oxigraph_server: str) -> None:
    assert cli("push", f"{oxigraph_server}/store", "--file", SEED).exit_code == 0
    rows = run(Endpoint(f"{oxigraph_server}/query"), resolve("directors"), {"work_name": "Belly"})
    assert [tuple(rows.bindings[0].values())] == [(Literal("Belly"), Literal("Hype Williams"))]


def test_readme_push_and_endpoint_examples_are_real_output(oxigraph_server: str) -> None:
    """The README's `kg push` / `kg query --endpoint` example, run against a real server (its URL swapped in)."""
    import shlex

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("$ kg push http://127.0.0.1:7878/store"):]
    block = block[:block.index("```")]
    parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
    assert len(parts) == 5  # two commands, each with its output
    for command, expected in zip(parts[1::2], parts[2::2]):
        args = shlex.split(command.replace("http://127.0.0.1:7878", oxigraph_server))[1:]
        if args[0] == "push":
            args += ["--file", SEED]
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert result.stdout.rstrip("\n") == expected.rstrip("\n").replace("http://127.0.0.1:7878", oxigraph_server)
