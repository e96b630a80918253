"""The projection the page draws, its parts (focus, query), the layout and the page text; `kg render`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import pipeline
from kg.annotations import parse_annotation
from kg.cli import main
from kg.errors import NotFoundError, QueryError
from kg.layout import label_box, layout
from kg.projection import project
from kg.query import resolve, run
from kg.render import render, safe_json
from kg.subgraph import find_node, from_result, neighbourhood
from tests.conftest import DATA, OUT

FILM = "https://w3id.org/kg/id/we-cry-together-film"
LAMAR = "https://w3id.org/kg/id/kendrick-lamar"


@pytest.fixture(scope="module")
def view(seed_graph: Graph) -> nx.MultiDiGraph:
    return project(seed_graph)


def names(g: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, d in g.nodes(data=True)}


def test_projection_has_every_entity_and_every_fact_between_two(view: nx.MultiDiGraph) -> None:
    annotation = parse_annotation(DATA / "annotations" / "okayplayer-we-cry-together.yaml")
    assert set(view.nodes) == {f"https://w3id.org/kg/id/{e.id}" for e in annotation.entities}
    between = [f for f in annotation.facts if f.object is not None]
    assert view.number_of_edges() == len(between)
    assert sorted(d["relation"] for _, _, d in view.edges(data=True)) == sorted(f.relation for f in between)
    groups = nx.get_node_attributes(view, "group")
    assert sorted(set(groups.values())) == ["Article", "AwardCategory", "Event", "Organization", "Person", "Work"]
    assert {d["relation"] for d in view.get_edge_data(FILM, LAMAR).values()} == {"director", "performer", "writer"}
    assert view.nodes[FILM]["kind"] == "short film"
    literal = [f for f in annotation.facts if f.value is not None]
    text = (DATA / "articles" / "okayplayer-we-cry-together.txt").read_text(encoding="utf-8")
    outside_names = [e for e in annotation.entities if e.source and e.name not in text]  # "... is named X (not in the article)"
    assert sum(len(d["facts"]) for _, d in view.nodes(data=True)) == len(literal) + len(outside_names) == 8


def test_every_edge_carries_its_quote_and_where_it_is(view: nx.MultiDiGraph) -> None:
    text = (DATA / "articles" / "okayplayer-we-cry-together.txt").read_text(encoding="utf-8")
    for _, _, d in view.edges(data=True):
        assert d["evidence"], d["label"]
        for e in d["evidence"]:
            assert text[e["start"]:e["end"]] == e["quote"]
    (jake,) = [d for u, v, d in view.edges(data=True) if v.endswith("/jake-schreier") and u == FILM]
    assert jake["evidence"][0]["quote"] == "Directed by Lamar, Free and Jake Schreier"
    assert jake["name"] == "director" and jake["method"] == "curated"


def test_find_node_by_name_alias_or_id(view: nx.MultiDiGraph) -> None:
    assert find_node(view, "tessa  thompson").endswith("/tessa-thompson")
    assert find_node(view, "Thompson").endswith("/tessa-thompson")
    assert find_node(view, "dave-free").endswith("/dave-free")
    with pytest.raises(NotFoundError, match="Tessa Thomson") as err:
        find_node(view, "Tessa Thomson")
    assert "Tessa Thompson" in (err.value.hint or "")


def test_neighbourhood_depths(view: nx.MultiDiGraph) -> None:
    assert names(neighbourhood(view, "Tessa Thompson", depth=0)) == {"Tessa Thompson"}
    one = neighbourhood(view, "Tessa Thompson", depth=1)
    assert names(one) == {"Tessa Thompson", "Discussion on the making of We Cry Together",
                          'Kendrick Lamar Talks About the Making of "We Cry Together"'}
    two = neighbourhood(view, "Tessa Thompson", depth=2)
    assert set(one) < set(two) and "Kendrick Lamar" in names(two) and "Hype Williams" not in names(two)
    assert all(view.has_edge(u, v, k) for u, v, k in two.edges(keys=True))
    assert two.number_of_edges() == view.subgraph(two.nodes).number_of_edges()  # every fact between them


def test_a_select_draws_its_entities_and_the_facts_between_them(view: nx.MultiDiGraph, seed_graph: Graph) -> None:
    part = from_result(view, run(seed_graph, resolve("directors")))
    assert names(part) == {"We Cry Together (short film)", "Belly", "Kendrick Lamar", "Dave Free", "Jake Schreier",
                           "Hype Williams"}
    relations = {d["relation"] for _, _, d in part.edges(data=True)}
    assert relations == {"director", "performer", "writer", "influencedBy", "inspiredBy"}


def test_a_construct_draws_the_facts_it_states(view: nx.MultiDiGraph, seed_graph: Graph) -> None:
    query = resolve("CONSTRUCT { ?w <http://schema.org/director> ?p } WHERE { ?w <http://schema.org/director> ?p }")
    part = from_result(view, run(seed_graph, query))
    assert {d["relation"] for _, _, d in part.edges(data=True)} == {"director"}
    assert part.number_of_edges() == 4
    with pytest.raises(QueryError, match="ASK"):
        from_result(view, run(seed_graph, resolve("ASK { ?s ?p ?o }")))
    with pytest.raises(QueryError, match="no entity"):
        from_result(view, run(seed_graph, resolve('SELECT ?x WHERE { BIND("nobody" AS ?x) }')))


def test_layout_keeps_label_boxes_apart_and_is_stable(view: nx.MultiDiGraph) -> None:
    boxes = {n: label_box([d["label"]], size=15, font=14) for n, d in view.nodes(data=True)}
    first, second = layout(view, boxes), layout(view, boxes)
    assert first == second
    placed = [(x + b[0], y + b[1], x + b[2], y + b[3]) for n, (x, y) in first.items() for b in [boxes[n]]]
    assert not [(a, b) for i, a in enumerate(placed) for b in placed[i + 1:]
                if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])]


def test_large_layouts_spread_nodes_out() -> None:
    g = nx.MultiDiGraph()
    for i in range(1200):
        g.add_edge(f"w{i}", f"p{i % 400}", key=f"a{i}")
        g.add_edge(f"w{i}", f"p{(i * 7) % 400}", key=f"b{i}")
    pos = layout(g)
    assert len(pos) == g.number_of_nodes() and pos == layout(g)
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_page_data_cannot_close_its_script_tag() -> None:
    text = safe_json({"name": "</script><script>alert(1)</script>", "amp": "a & b", "sep": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_render_returns_a_network_with_fixed_positions(seed_graph: Graph) -> None:
    net = render(seed_graph)
    assert len(net.nodes) == len(net.node_ids) == len(net.node_map)
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in net.nodes)
    assert net.options["physics"]["enabled"] is False
    assert pipeline.render_page(seed_graph).html == pipeline.render_page(seed_graph).html


def test_kg_render_writes_a_focused_page(tmp_path: Path) -> None:
    out = tmp_path / "tessa.html"
    result = CliRunner().invoke(main, ["render", "--focus", "Tessa Thompson", "--depth", "2", "-o", str(out),
                                       "--graph", str(OUT / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert "9 entities" in result.output and out.is_file()
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', out.read_text(encoding="utf-8")).group(1))
    assert len(data["nodes"]) == 9


def test_kg_render_query_and_bad_input(tmp_path: Path) -> None:
    graph = ["--graph", str(OUT / "graph.ttl")]
    ok = CliRunner().invoke(main, ["render", "--query", "roles", "-p", "person=Dave Free",
                                   "-o", str(tmp_path / "r.html"), *graph])
    assert ok.exit_code == 0 and "4 entities" in ok.output
    for args in (["--focus", "Nobody"], ["--query", "nope"], ["--focus", "x", "--query", "directors"],
                 ["--query", "ASK { ?s ?p ?o }"]):
        bad = CliRunner().invoke(main, ["render", *args, "-o", str(tmp_path / "bad.html"), *graph])
        assert bad.exit_code == 2 and "Traceback" not in bad.output, args
        assert not (tmp_path / "bad.html").exists()


def test_pyvis_is_imported_only_when_a_page_is_drawn() -> None:
    import subprocess
    import sys

    code = ("import sys, kg.cli, kg.pipeline, kg.render, kg.projection, kg.subgraph, kg.layout, kg.screenshot; "
            "print(sorted(m for m in ('pyvis', 'jinja2', 'playwright') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_readme_shows_a_screenshot_of_the_page() -> None:
    import struct

    from kg.screenshot import VIEWPORT
    from tests.conftest import ROOT

    data = (OUT / "graph.png").read_bytes()  # made by `make screenshot`, not compared with a fresh build
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert "](out/graph.png)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "graph.png" not in pipeline.OUTPUTS  # so the freshness test leaves it alone
