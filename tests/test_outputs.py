"""Outputs: Turtle and JSON-LD round trips, determinism, and out/ equal to a fresh build."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from kg import pipeline
from tests.conftest import DATA, OUT


def test_turtle_round_trip(seed_graph: Graph, seed_outputs: dict[str, str]) -> None:
    back = Graph().parse(data=seed_outputs["graph.ttl"], format="turtle")
    assert len(back) == len(seed_graph)
    assert isomorphic(back, seed_graph)


def test_jsonld_round_trip_uses_packaged_context(seed_graph: Graph, seed_outputs: dict[str, str]) -> None:
    doc = json.loads(seed_outputs["graph.jsonld"])
    assert doc["@context"]["@vocab"] == "http://schema.org/"
    back = Graph().parse(data=seed_outputs["graph.jsonld"], format="json-ld")
    assert isomorphic(back, seed_graph)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    pipeline.build(DATA, first)
    pipeline.build(DATA, second)
    for name in pipeline.OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_committed_out_equals_a_fresh_build(seed_outputs: dict[str, str]) -> None:
    for name, text in seed_outputs.items():
        assert (OUT / name).read_text(encoding="utf-8") == text, f"out/{name} is stale: run `make run`"


def test_html_needs_no_network(seed_outputs: dict[str, str]) -> None:
    html = seed_outputs["graph.html"]
    assert "<script src=" not in html and "<link " not in html
    assert "vis.Network" in html
