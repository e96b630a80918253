"""kg push and kg query --endpoint against two real servers: Virtuoso 7 (Debian) and ``oxigraph serve``.

Each server gets the seed graph and a generated 1,000,000-triple graph; the server's own count must match,
and every named query must answer on the server what it answers on the local graph. Servers come from
:mod:`tests.servers` (``$KG_VIRTUOSO_URL`` from ``.ci/run``, or started here); CI=true fails without them.

Where Virtuoso writes a value differently, :func:`on_virtuoso` maps the local answer to Virtuoso's form:
- ``xsd:duration``: Virtuoso keeps a duration as its number of seconds and answers ``"360.0"`` for
  ``"PT6M"``; kg reads that as plain text (with a warning), so the local value becomes its seconds as text.
Everything else (names, IRIs, dates, integers, counts, language tags) comes back as it went.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

from kg import pipeline
from kg.cli import main
from kg.endpoint import Endpoint
from kg.query import named_queries, run
from tests import servers
from tests.conftest import OUT, ROOT
from tests.test_store import cases, normalise

pytestmark = pytest.mark.server
SEED = OUT / "graph.ttl"
MILLION = 1_000_000


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[servers.Server]:
    yield from servers.virtuoso()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    yield from servers.oxigraph(tmp_path_factory.mktemp("oxigraph") / "db")


@pytest.fixture(scope="session", params=["virtuoso", "oxigraph"])
def server(request: pytest.FixtureRequest) -> servers.Server:
    return request.getfixturevalue(request.param)


def push(server: servers.Server, *args: str):  # type: ignore[no-untyped-def]
    flags = ["--user", server.user] if server.user else []
    env = {"KG_PASSWORD": server.password} if server.password else {}
    return CliRunner(env=env).invoke(main, ["push", server.store_url, *flags, *args])


def on_virtuoso(term):  # type: ignore[no-untyped-def]
    """The local answer as Virtuoso gives it (see the module's docstring)."""
    if isinstance(term, Literal) and term.datatype == XSD.duration:
        return Literal(f"{term.toPython().total_seconds():.1f}")
    return term


@pytest.fixture(scope="session")
def seeded(server: servers.Server) -> servers.Server:
    result = push(server, "--file", str(SEED))
    assert result.exit_code == 0, result.output
    local = len(pipeline.load_graph(SEED))
    assert result.stdout.strip().endswith(f"with {local} triples in 1 chunk; the server counts {local}")
    return server


def test_every_named_query_answers_on_the_server_as_on_the_local_graph(seeded: servers.Server) -> None:
    endpoint = Endpoint(seeded.query_url, user=seeded.user, password=seeded.password)
    graph = pipeline.load_graph(SEED)
    fix = on_virtuoso if seeded.name == "virtuoso" else (lambda term: term)
    names = {name for name, _ in cases()}
    assert set(named_queries()) <= names  # every query of `kg query --list` is asked
    for name, params in cases():
        if name.startswith("lookup/"):
            continue
        query = named_queries()[name]
        expected = [tuple(normalise(fix(v)) for v in row) for row in run(graph, query, params)]
        got = [tuple(normalise(v) for v in row) for row in run(endpoint, query, params)]
        assert got == expected, (seeded.name, name, params)


def test_kg_query_endpoint_reads_what_it_cannot_parse_as_text(virtuoso: servers.Server) -> None:
    assert push(virtuoso, "--file", str(SEED)).exit_code == 0
    text = "SELECT ?d WHERE { ?w <http://schema.org/duration> ?d }"
    result = CliRunner().invoke(main, ["query", text, "--endpoint", virtuoso.query_url, "-f", "csv"])
    assert result.exit_code == 0 and result.stdout.split() == ["d", "360.0"]
    assert result.stderr.count("do not fit their datatype") == 1 and "Traceback" not in result.output
    assert "'360.0' as http://www.w3.org/2001/XMLSchema#duration" in result.stderr


@pytest.fixture(scope="session")
def million(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import write

    path = tmp_path_factory.mktemp("million") / "corpus-1m.ttl"
    triples = write(MILLION, path)
    return path, triples


def test_a_million_triples_arrive_whole(server: servers.Server, million: tuple[Path, int]) -> None:
    path, triples = million
    assert triples >= MILLION
    result = push(server, "--file", str(path), "--graph-iri", "urn:kg:million")
    assert result.exit_code == 0, result.output
    chunks = -(-triples // 50_000)
    assert result.stdout.strip().endswith(f"with {triples} triples in {chunks} chunks; the server counts {triples}")
    count = CliRunner().invoke(main, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--endpoint",
                                      server.query_url, "--graph-iri", "urn:kg:million", "-f", "csv"])
    assert count.stdout.split() == ["n", str(triples)]


def test_a_graph_with_blank_nodes_arrives_whole_in_small_chunks(oxigraph: servers.Server, tmp_path: Path) -> None:
    source = tmp_path / "blank.ttl"
    lines = ["@prefix s: <http://schema.org/> ."]
    lines += [f'<urn:w{i}> s:name "w{i}" ; s:review [ s:author [ s:name "a{i}" ] ; s:about ( <urn:x> <urn:y> ) ] .'
              for i in range(40)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = push(oxigraph, "--file", str(source), "--graph-iri", "urn:kg:blank", "--chunk-triples", "7")
    assert result.exit_code == 0, result.output
    import urllib.parse
    import urllib.request

    url = oxigraph.store_url + "?" + urllib.parse.urlencode({"graph": "urn:kg:blank"})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/n-triples"})) as response:
        remote = Graph().parse(data=response.read().decode(), format="nt")
    assert isomorphic(remote, Graph().parse(source))


def test_credentials_are_asked_before_the_body_is_sent(virtuoso: servers.Server, million: tuple[Path, int]) -> None:
    result = CliRunner().invoke(main, ["push", virtuoso.store_url, "--file", str(million[0])])
    assert result.exit_code == 2 and "asks for credentials (401)" in result.stderr and "--user" in result.stderr
    wrong = CliRunner(env={"KG_PASSWORD": "not-the-password"}).invoke(
        main, ["push", virtuoso.store_url, "--user", "dba", "--file", str(SEED)])
    assert wrong.exit_code == 2 and "refused the upload (401)" in wrong.stderr and "Traceback" not in wrong.output


def test_a_count_that_does_not_match_is_exit_1(virtuoso: servers.Server, oxigraph: servers.Server) -> None:
    """Counting on the wrong server (Oxigraph holds no such graph) must not pass for a good push."""
    result = push(virtuoso, "--file", str(SEED), "--graph-iri", "urn:kg:elsewhere", "--query-url", oxigraph.query_url)
    assert result.exit_code == 1 and "the server holds 0 triples in <urn:kg:elsewhere>" in result.stderr


def test_a_value_over_16_mib_is_read_and_sent(oxigraph: servers.Server, tmp_path: Path) -> None:
    """kg reads a value over Oxigraph's 16 MiB parser buffer (with rdflib) and sends it. Neither server stores
    it (oxigraph serve's parser has the same buffer; Virtuoso 7.2 answers 500, Error 220): the server's refusal
    is one clear message, exit 2, not a MemoryError. Below the limit, many triples are no problem (1M test)."""
    big = tmp_path / "big.ttl"
    text = "x" * (17 * 1024 * 1024)
    big.write_text(f'<urn:article> <http://schema.org/text> """{text}""" .\n<urn:article> <urn:b> "y" .\n',
                   encoding="utf-8")
    refused = push(oxigraph, "--file", str(big), "--graph-iri", "urn:kg:big")
    assert refused.exit_code == 2 and "refused the upload (400)" in refused.stderr
    assert "16 MiB" in refused.stderr and "Traceback" not in refused.output


def test_push_options_say_what_they_are(oxigraph: servers.Server) -> None:
    ftp = CliRunner().invoke(main, ["push", "ftp://x/", "--file", str(SEED)])
    assert ftp.exit_code == 2 and "/store" in ftp.stderr and "/query" not in ftp.stderr
    old = push(oxigraph, "--file", str(SEED), "--graph", "urn:kg:old")
    assert old.exit_code == 0 and "deprecated" in old.stderr and "--graph-iri" in old.stderr
    assert "<urn:kg:old>" in old.stdout
    as_file = push(oxigraph, "--graph", str(SEED))
    assert as_file.exit_code == 2 and "--file FILE" in as_file.stderr


def test_progress_bar_on_a_terminal(oxigraph: servers.Server) -> None:
    """KG_PROGRESS=1 draws the bar a terminal would show, on stderr; stdout keeps the one result line."""
    done = subprocess.run([sys.executable, "-m", "kg.cli", "push", oxigraph.store_url, "--file", str(SEED),
                           "--graph-iri", "urn:kg:bar", "--chunk-triples", "500"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "KG_PROGRESS": "1", "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert "pushing graph.ttl" in done.stderr and done.stdout.count("\n") == 1
