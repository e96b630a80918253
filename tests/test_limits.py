"""Hostile queries: time and row limits on both backends, syntax errors with line and column, empty answers said."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import pipeline, store
from kg.cli import main
from kg.engine import Limits
from kg.errors import QueryError
from kg.query import parse_query, resolve, run
from tests.conftest import OUT

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?k { 1 2 3 4 5 6 7 8 9 10 } }"  # 30M rows, seconds


def cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def graph(request: pytest.FixtureRequest) -> Graph:
    return store.load_file(store.new_graph(store.StoreSpec(request.param)), OUT / "graph.ttl")


def test_time_limit_stops_a_runaway_query(graph: Graph) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match="stopped after 1 s, its time limit"):
        run(graph, parse_query(HEAVY, name="inline"), limits=Limits(timeout=1, max_rows=0))
    assert time.monotonic() - started < 3


def test_the_graph_still_answers_after_a_time_out(graph: Graph) -> None:
    with pytest.raises(QueryError):
        run(graph, parse_query(HEAVY, name="inline"), limits=Limits(timeout=0.5))
    rows = list(run(graph, resolve("directors"), {"work_name": "Belly"}))
    assert [str(r[1]) for r in rows] == ["Hype Williams"]


@pytest.mark.parametrize("max_rows", [1, 5, 100])
def test_row_limit_cuts_and_says_so(graph: Graph, max_rows: int) -> None:
    answer = run(graph, parse_query("SELECT * WHERE { ?s ?p ?o }", name="inline"), limits=Limits(max_rows=max_rows))
    assert len(answer) == max_rows and answer.truncated
    assert any(f"first {max_rows} rows" in note for note in answer.notes)


def test_row_limit_applies_to_construct(graph: Graph) -> None:
    answer = run(graph, parse_query("CONSTRUCT WHERE { ?s ?p ?o }", name="inline"), limits=Limits(max_rows=7))
    assert len(answer.graph) == 7 and answer.truncated


def test_an_answer_within_the_limit_is_whole(graph: Graph) -> None:
    answer = run(graph, resolve("directors"), limits=Limits(max_rows=4))
    assert len(answer) == 4 and not answer.truncated and answer.notes == []


def test_syntax_error_names_file_line_and_column(graph: Graph, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("PREFIX schema: <http://schema.org/>\nSELECT ?x WHERE {\n  ?x schema:name \n}\n", encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        run(graph, resolve(str(bad)))
    message = caught.value.message()
    assert message.startswith(f"{bad}:") and "syntax error at line" in message and "column" in message
    assert caught.value.line in (3, 4)


def test_syntax_error_in_inline_text_is_named_inline(graph: Graph) -> None:
    with pytest.raises(QueryError, match=r"query 'inline' has a syntax error at line 1, column \d+"):
        run(graph, parse_query("SELECT ?x WHERE { ?x ?y }", name="inline"))


def test_empty_answer_is_said(graph: Graph) -> None:
    answer = run(graph, resolve("cast"), {"work_name": "Belly"})
    assert len(answer) == 0 and answer.notes == ["query 'cast' returned no results"]


def test_unknown_name_is_said(graph: Graph) -> None:
    answer = run(graph, resolve("roles"), {"person": "Nobody Atall"})
    assert "no name or alias in the graph equals 'Nobody Atall'" in answer.notes[1]


def test_cli_limits_and_notes() -> None:
    ttl = str(OUT / "graph.ttl")
    result = cli("query", HEAVY, "--graph", ttl, "--timeout", "1")
    assert result.exit_code == 2 and "time limit" in result.output and "Traceback" not in result.output
    result = cli("query", "SELECT * WHERE { ?s ?p ?o }", "--graph", ttl, "--max-rows", "3", "-f", "csv")
    # count CSV records, not lines: a value (the article's text) may hold newlines
    assert result.exit_code == 0 and len(list(csv.reader(io.StringIO(result.stdout.strip())))) == 4
    assert "showing the first 3 rows only" in result.stderr
    result = cli("query", "cast", "--param", "work_name=Belly", "--graph", ttl, "-f", "json")
    assert result.exit_code == 0 and '"bindings": []' in result.stdout.replace('"bindings":[]', '"bindings": []')
    assert "returned no results" in result.stderr
    result = cli("query", "directors", "--graph", ttl, "--timeout", "-1")
    assert result.exit_code == 2 and "cannot be negative" in result.output


@pytest.mark.parametrize("text", ["SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                                  "SELECT * FROM <http://example.org/g.ttl> WHERE { ?s ?p ?o }",
                                  "INSERT DATA { <http://a.org/a> <http://a.org/b> <http://a.org/c> }"])
@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_network_and_updates_are_refused(text: str, backend: str) -> None:
    result = cli("query", text, "--graph", str(OUT / "graph.ttl"), "--store", backend)
    assert result.exit_code == 2 and "kg: error:" in result.output


def test_store_option_gives_the_same_directors_everywhere(tmp_path: Path) -> None:
    outputs = {backend: cli("query", "directors", "--graph", str(OUT / "graph.ttl"), "--store", backend).stdout
               for backend in ("memory", "oxigraph", f"oxigraph:{tmp_path / 'db'}")}
    assert len(set(outputs.values())) == 1 and "Jake Schreier" in outputs["memory"]
    again = cli("query", "directors", "--store", f"oxigraph:{tmp_path / 'db'}")  # reopens, no file needed
    assert again.exit_code == 0 and again.stdout == outputs["memory"]
    assert pipeline.ask(pipeline.load_graph(OUT / "graph.ttl"), "directors").text == outputs["memory"].rstrip("\n")
