"""Store backends: every named query answers the same on rdflib's store and on Oxigraph (in memory and in a folder)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
import rdflib.namespace as rns

from kg import pipeline, store
from kg.namespaces import OA
from kg.errors import InputError
from kg.query import lookup_query, named_queries, run
from tests.conftest import DATA, OUT, ROOT

#: values for each parameter: as stored, in another case, an alias, absent, hostile
VALUES = {
    "work_name": ["We Cry Together", "we cry together", "BELLY", "no such work", 'x" } ?s ?p ?o #'],
    "person": ["Kendrick Lamar", "lamar", "TAYLOUR PAIGE", "nobody", "\\u0022) } #"],
    "entity": ["Jake Schreier", "pglang", "nothing"],
    "a": ["Tessa Thompson", "kendrick lamar"],
    "b": ["Dave Free", "Lamar"],
    "text": ["Lamar", "lamar", "Nobody"],
}


INTEGERS = {rns.XSD[t] for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                              "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
                              "unsignedShort", "unsignedByte")}


def normalise(term):  # type: ignore[no-untyped-def]
    """Oxigraph writes plain literals as xsd:string, lower-cases language tags, and stores every integer type
    (our offsets are xsd:nonNegativeInteger) as xsd:integer and decimals in canonical form; rdflib does none of it."""
    if isinstance(term, Literal) and term.datatype == rns.XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.language:
        return Literal(str(term), lang=term.language.lower())
    if isinstance(term, Literal) and term.datatype in INTEGERS:
        return Literal(str(int(str(term))), datatype=rns.XSD.integer)
    if isinstance(term, Literal) and term.datatype == rns.XSD.decimal:
        return Literal(term.toPython().normalize(), datatype=rns.XSD.decimal)
    return term


def answer(graph: Graph, query, params: dict[str, str]):  # type: ignore[no-untyped-def]
    result = run(graph, query, params)
    if result.type == "ASK":
        return result.askAnswer
    return [tuple(normalise(v) for v in row) for row in result]


def cases() -> list[tuple[str, dict[str, str]]]:
    out = []
    queries = {**named_queries(), "lookup/exact": lookup_query("exact"), "lookup/spellings": lookup_query("spellings")}
    for name, query in sorted(queries.items()):
        required = [p.name for p in query.params if p.required]
        if not required:
            out.append((name, {}))
        if name == "connection":
            out += [(name, {"a": a, "b": b}) for a in VALUES["a"] for b in VALUES["b"]]
            continue
        for param in query.params:
            out += [(name, {param.name: value}) for value in VALUES[param.name]]
    return out


@pytest.fixture(scope="module")
def oxigraph_graph() -> Graph:
    return pipeline.open_store(store.StoreSpec("oxigraph"), graph_file=OUT / "graph.ttl")[0]


@pytest.fixture(scope="module")
def persistent_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    spec = store.StoreSpec("oxigraph", tmp_path_factory.mktemp("store") / "kg")
    return pipeline.open_store(spec, graph_file=OUT / "graph.ttl")[0]


def test_cases_cover_every_named_query() -> None:
    assert {name for name, _ in cases()} >= set(named_queries())


@pytest.mark.parametrize("name,params", cases(), ids=lambda v: v if isinstance(v, str) else repr(v))
def test_every_named_query_answers_the_same_on_both_backends(seed_graph: Graph, oxigraph_graph: Graph,
                                                              persistent_graph: Graph, name: str,
                                                              params: dict[str, str]) -> None:
    query = lookup_query(name.split("/")[1]) if name.startswith("lookup/") else named_queries()[name]
    expected = answer(seed_graph, query, params)
    assert answer(oxigraph_graph, query, params) == expected
    assert answer(persistent_graph, query, params) == expected


def test_the_comparison_can_fail(seed_graph: Graph, oxigraph_graph: Graph) -> None:
    """The competency answers are not empty, so equal answers above mean something."""
    rows = answer(oxigraph_graph, named_queries()["directors"], {"work_name": "we cry together"})
    assert [str(r[1]) for r in rows] == ["Dave Free", "Jake Schreier", "Kendrick Lamar"]
    assert answer(oxigraph_graph, named_queries()["roles"], {"person": "lamar"}) != \
        answer(seed_graph, named_queries()["roles"], {"person": "Dave Free"})


def test_names_differing_only_in_case_are_all_bound(seed_graph: Graph, oxigraph_graph: Graph) -> None:
    """'Taylour Paige' (name) and 'Taylour paige' (alias) both equal 'TAYLOUR PAIGE' ignoring case."""
    for graph in (seed_graph, oxigraph_graph):
        spellings = [str(r[0]) for r in run(graph, lookup_query("spellings"), {"text": "TAYLOUR PAIGE"})]
        assert spellings == ["Taylour Paige", "Taylour paige"]
        rows = answer(graph, named_queries()["roles"], {"person": "TAYLOUR PAIGE"})
        assert len(rows) == len(set(rows)) == 2


def _plain(graph: Graph) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add((s, p, normalise(o)))
    return out


def test_oxigraph_turtle_round_trip_is_isomorphic(seed_graph: Graph, oxigraph_graph: Graph, tmp_path: Path) -> None:
    path = store.write_turtle(oxigraph_graph, tmp_path / "ox.ttl")
    again = store.load_file(store.new_graph(store.StoreSpec("memory")), path)
    assert len(again) == len(seed_graph) == len(oxigraph_graph)
    assert isomorphic(_plain(again), _plain(seed_graph))
    assert isomorphic(_plain(oxigraph_graph), _plain(seed_graph))


def test_oxigraph_turtle_is_deterministic(tmp_path: Path) -> None:
    code = ("import sys; from kg import store; "
            "g = store.load_file(store.new_graph(store.StoreSpec('oxigraph')), sys.argv[1]); "
            "sys.stdout.buffer.write(store.turtle_bytes(g))")
    runs = [subprocess.run([sys.executable, "-c", code, str(OUT / "graph.ttl")], capture_output=True, check=True,
                           cwd=ROOT).stdout for _ in range(2)]
    assert runs[0] == runs[1] and b"kgr:we-cry-together-film" in runs[0]


def test_persistent_store_is_kept_and_reopened(tmp_path: Path) -> None:
    spec = store.StoreSpec("oxigraph", tmp_path / "db")
    result = pipeline.build(DATA, tmp_path / "out", store=spec)
    assert any("oxigraph:" in note for note in result.notes)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (OUT / "graph.ttl").read_bytes()
    assert store.holds_graph(spec)
    first, notes = pipeline.open_store(spec)
    assert notes == [] and len(first) == len(result.graph)
    second = store.new_graph(spec, read_only=True)  # readers do not lock each other out
    assert len(second) == len(first)
    store.close(first)
    store.close(second)
    writer = store.new_graph(spec)  # nobody holds the lock any more
    assert len(writer) == len(result.graph)
    store.close(writer)


def test_a_file_for_a_store_that_holds_a_graph_is_refused(persistent_graph: Graph, tmp_path: Path) -> None:
    spec = store.StoreSpec("oxigraph", tmp_path / "db")
    pipeline.open_store(spec, graph_file=OUT / "graph.ttl")
    with pytest.raises(InputError, match="already holds a graph"):
        pipeline.open_store(spec, graph_file=OUT / "graph.ttl")


def test_in_memory_oxigraph_build_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="oxigraph:DIR"):
        pipeline.build(DATA, tmp_path / "out", store=store.StoreSpec("oxigraph"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text,kind,path", [("auto", "auto", None), ("memory", "memory", None),
                                            ("oxigraph", "oxigraph", None), ("oxigraph:db/x", "oxigraph", "db/x")])
def test_store_specs(text: str, kind: str, path: str | None) -> None:
    spec = store.parse_spec(text)
    assert (spec.kind, spec.path) == (kind, Path(path) if path else None)
    assert str(spec) == text


@pytest.mark.parametrize("text", ["sqlite", "memory:x", "oxigraph:", ""])
def test_bad_store_specs_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="unknown store"):
        store.parse_spec(text)


def test_auto_picks_oxigraph_above_100k_triples(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import write

    small, big = tmp_path / "small.ttl", tmp_path / "big.ttl"
    write(10_000, small)
    count = write(120_000, big)
    graph, notes = pipeline.open_store(store.StoreSpec("auto"), graph_file=big)
    assert store.is_oxigraph(graph) and len(graph) == count
    assert "using the Oxigraph store" in notes[0]
    graph, notes = pipeline.open_store(store.StoreSpec("auto"), graph_file=small)
    assert not store.is_oxigraph(graph) and notes == []
    assert store.estimate_triples(big) == pytest.approx(count, rel=0.25)
    seed = len(pipeline.load_graph(OUT / "graph.ttl"))
    assert store.estimate_triples(OUT / "graph.ttl") == pytest.approx(seed, rel=0.35)


def test_unparseable_file_is_input_error_on_both_backends(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    for kind in ("memory", "oxigraph"):
        with pytest.raises(InputError, match="cannot parse"):
            store.load_file(store.new_graph(store.StoreSpec(kind)), bad)


def test_blank_nodes_survive_oxigraph(tmp_path: Path) -> None:
    path = tmp_path / "b.ttl"
    path.write_text('[] <http://schema.org/name> "anonymous" .\n', encoding="utf-8")
    graph = store.load_file(store.new_graph(store.StoreSpec("oxigraph")), path)
    (subject, _, name), = list(graph)
    assert isinstance(subject, BNode) and str(name) == "anonymous"


def test_oxigraph_stores_integer_types_as_xsd_integer(oxigraph_graph: Graph) -> None:
    """Why the comparisons above normalise: a difference between the engines, not a bug of kg."""
    offsets = {o.datatype for o in oxigraph_graph.objects(None, OA.start)}
    assert offsets == {rns.XSD.integer}
    assert {o.datatype for o in pipeline.load_graph(OUT / "graph.ttl").objects(None, OA.start)} == {rns.XSD.nonNegativeInteger}
