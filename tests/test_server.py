"""Real servers on loopback: kg push into `oxigraph serve`, kg query --endpoint and SPARQLWrapper (kg serve: test_serve.py).

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


# kg serve itself is tested in tests/test_serve.py.


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
