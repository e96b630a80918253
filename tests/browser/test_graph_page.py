"""The graph page in headless Chromium: what a person sees, hovers, clicks, finds and filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable

import networkx as nx
import pytest
from rdflib import Graph

from kg import pipeline
from kg.projection import project
from tests.browser.conftest import Opened

pytestmark = pytest.mark.browser

CENTRE = "(() => { const r = document.getElementById('graph').getBoundingClientRect(); " \
         "return [r.left + r.width / 2, r.top + r.height / 2]; })()"
FILM, JAKE, LAMAR = "We Cry Together (short film)", "Jake Schreier", "Kendrick Lamar"

#: centre of a node, or of an edge's label (the middle of its curve), in page coordinates
WHERE = """([kind, id]) => {
  const net = kg.network, box = document.getElementById("graph").getBoundingClientRect();
  const p = kind === "node" ? net.getPositions([id])[id] : net.body.edges[id].edgeType.getPoint(0.5);
  const d = net.canvasToDOM(p);
  return [d.x + box.left, d.y + box.top];
}"""


@pytest.fixture(scope="session")
def seed_view(seed_graph: Graph) -> nx.MultiDiGraph:
    return project(seed_graph)


@pytest.fixture(scope="session")
def seed_page(seed_outputs: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("page") / "graph.html"
    path.write_text(seed_outputs["graph.html"], encoding="utf-8")
    return path


@pytest.fixture
def seed(open_page: Callable[..., Opened], seed_page: Path) -> Opened:
    return open_page(seed_page)


def node_id(opened: Opened, name: str) -> str:
    return opened.js("(name) => kg.nodes.get({filter: (n) => n.name === name})[0].id", name)


def edge_ids(opened: Opened, source: str, target: str) -> list[dict[str, Any]]:
    return opened.js("""([a, b]) => kg.edges.get({filter: (e) => kg.nodes.get(e.from).name === a &&
                                                              kg.nodes.get(e.to).name === b})""", [source, target])


def hover(opened: Opened, kind: str, item: str) -> str:
    """Move the mouse onto a node or an edge's label and return the tooltip's text."""
    opened.page.mouse.move(5, 5)
    x, y = opened.js(WHERE, [kind, item])
    opened.page.mouse.move(x, y, steps=4)
    tooltip = opened.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()


def test_the_seed_page_opens_offline_without_errors(seed: Opened) -> None:
    seed.page.mouse.move(700, 450)
    seed.page.wait_for_timeout(200)
    assert seed.errors == []
    assert seed.outside == []
    assert seed.dialogs == []
    assert seed.js("document.querySelectorAll('script[src], link[href], img, iframe').length") == 0


def test_the_page_shows_every_entity_and_fact_of_the_graph(seed: Opened, seed_view: nx.MultiDiGraph) -> None:
    shown = seed.js("""() => ({nodes: kg.network.body.nodeIndices.slice(), edges: kg.network.body.edgeIndices.slice(),
                              hidden: kg.nodes.get({filter: (n) => n.hidden}).length})""")
    assert sorted(shown["nodes"]) == sorted(seed_view.nodes)
    assert sorted(shown["edges"]) == sorted(key for _, _, key in seed_view.edges(keys=True))
    assert shown["hidden"] == 0
    assert seed.page.locator("#counts").inner_text() == \
        f"{seed_view.number_of_nodes()} of {seed_view.number_of_nodes()} entities, " \
        f"{seed_view.number_of_edges()} of {seed_view.number_of_edges()} facts shown"
    legend = seed.page.locator("#classes label").all_inner_texts()
    assert [t.split()[0] for t in legend] == ["Person", "Work", "Organisation", "Event", "Award", "Article"]


def test_labels_do_not_overlap_and_all_fit_at_the_first_zoom(seed: Opened) -> None:
    boxes = seed.js("""() => kg.nodes.getIds().map((id) => {
        const b = kg.network.getBoundingBox(id), a = kg.network.canvasToDOM({x: b.left, y: b.top}),
              z = kg.network.canvasToDOM({x: b.right, y: b.bottom});
        return [id, a.x, a.y, z.x, z.y]; })""")
    width, height = seed.js("(() => { const g = document.getElementById('graph'); "
                            "return [g.clientWidth, g.clientHeight]; })()")
    overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if min(a[3], b[3]) > max(a[1], b[1]) and min(a[4], b[4]) > max(a[2], b[2])]
    assert overlaps == []
    assert all(0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height for _, x0, y0, x1, y1 in boxes)
    assert seed.js("kg.network.getScale()") >= 0.75  # 14 px labels drawn at 10.5 px or more


def test_two_facts_between_the_same_pair_are_two_visible_curves(seed: Opened) -> None:
    edges = {e["relation"]: e for e in edge_ids(seed, FILM, LAMAR)}
    assert {"director", "performer"} <= set(edges)
    assert {e["label"] for e in edges.values()} >= {"director", "performer"}
    points = [seed.js(WHERE, ["edge", e["id"]]) for e in edges.values()]
    apart = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(points) for b in points[i + 1:])
    assert apart > 15  # their labels sit on different curves
    assert len({(e["smooth"].get("type"), e["smooth"].get("roundness")) for e in edges.values()}) == len(edges)


def test_the_layout_is_the_same_on_every_load(open_page: Callable[..., Opened], seed_page: Path) -> None:
    first, second = open_page(seed_page), open_page(seed_page)
    positions = first.js("kg.network.getPositions()")
    assert positions == second.js("kg.network.getPositions()")
    assert first.js("kg.network.physics.options.enabled") is False
    assert positions == first.js("Object.fromEntries(kg.nodes.get().map((n) => [n.id, {x: n.x, y: n.y}]))")


def test_hovering_the_edge_from_jake_schreier_to_the_film_shows_its_quote(seed: Opened) -> None:
    (edge,) = edge_ids(seed, FILM, JAKE)
    text = hover(seed, "edge", edge["id"])
    assert "Directed by Lamar, Free and Jake Schreier" in text
    assert "We Cry Together (short film) directed by Jake Schreier" in text
    assert "characters 1162–1203" in text  # noqa: RUF001 and "Kendrick Lamar Talks About the Making" in text


def test_hovering_a_node_shows_its_type_facts_and_quotes(seed: Opened) -> None:
    text = hover(seed, "node", node_id(seed, "Tessa Thompson"))
    assert text.splitlines()[:2] == ["Tessa Thompson", "person · also called Thompson"]
    assert "Tessa Thompson works as actress" in text and "“actress Tessa Thompson”" in text
    assert "moderated by Tessa Thompson" in text


def test_clicking_a_node_lights_up_its_neighbourhood_and_keeps_its_details(seed: Opened) -> None:
    tessa = node_id(seed, "Tessa Thompson")
    x, y = seed.js(WHERE, ["node", tessa])
    seed.page.mouse.click(x, y)
    colours = seed.js("() => Object.fromEntries(kg.nodes.get().map((n) => [n.name, n.color.background]))")
    near = {"Tessa Thompson", "Discussion on the making of We Cry Together",
            'Kendrick Lamar Talks About the Making of "We Cry Together"'}
    assert {name for name, colour in colours.items() if colour != "#eceef1"} == near
    info = seed.page.locator("#info").inner_text()
    assert info.startswith("Tessa Thompson") and "“In a conversation moderated by actress Tessa Thompson”" in info
    seed.page.mouse.click(*seed.js("[document.getElementById('graph').getBoundingClientRect().right - 5, 5]"))
    assert seed.js("kg.nodes.get({filter: (n) => n.color.background === '#eceef1'}).length") == 0


def test_search_finds_a_name_or_an_alias_and_centres_it(seed: Opened) -> None:
    search = seed.page.locator("#search")
    for query, name in [("Thompson", "Tessa Thompson"), ("free", "Dave Free"), ("the short film", FILM)]:
        search.fill(query)
        search.press("Enter")
        seed.page.wait_for_timeout(600)  # the camera glides there
        kind = "person" if name != FILM else "short film"
        assert seed.page.locator("#search-result").inner_text() == f"Found {name} ({kind})."
        target = node_id(seed, name)
        assert seed.js("kg.network.getSelectedNodes()") == [target]
        x, y = seed.js(WHERE, ["node", target])
        box = seed.js(CENTRE)
        assert abs(x - box[0]) < 3 and abs(y - box[1]) < 3
    search.fill("Nobody at all")
    search.press("Enter")
    assert "Nothing is called" in seed.page.locator("#search-result").inner_text()


def test_filters_by_class_and_by_relation_change_what_is_shown(seed: Opened, seed_view: nx.MultiDiGraph) -> None:
    people = {n for n, d in seed_view.nodes(data=True) if d["group"] == "Person"}
    hidden = "Object.keys(kg.network.body.nodes).filter((id) => kg.network.body.nodes[id].options.hidden)"
    seed.page.locator("#classes input[value=Person]").uncheck()
    assert set(seed.js(hidden)) == people
    touching = {k for u, v, k in seed_view.edges(keys=True) if u in people or v in people}
    assert set(seed.js("kg.edges.get({filter: (e) => e.hidden}).map((e) => e.id)")) == touching
    shown = f"{len(seed_view) - len(people)} of {len(seed_view)} entities"
    assert seed.page.locator("#counts").inner_text().startswith(shown)
    seed.page.locator("#classes input[value=Person]").check()
    assert seed.js(hidden) == []
    seed.page.locator("#relations-box summary").click()
    seed.page.locator("#relations input[value=director]").uncheck()
    directed = {k for _, _, k, d in seed_view.edges(keys=True, data=True) if d["relation"] == "director"}
    assert set(seed.js("kg.edges.get({filter: (e) => e.hidden}).map((e) => e.id)")) == directed
    assert seed.js(hidden) == []


def test_a_focused_page_draws_the_neighbourhood(open_page: Callable[..., Opened], seed_graph: Graph,
                                                seed_view: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = pipeline.render_page(seed_graph, focus="Tessa Thompson", depth=1)
    (tmp_path / "tessa.html").write_text(page.html, encoding="utf-8")
    opened = open_page(tmp_path / "tessa.html")
    assert opened.errors == [] and opened.outside == []
    names = set(opened.js("kg.nodes.get().map((n) => n.name)"))
    assert names == {"Tessa Thompson", "Discussion on the making of We Cry Together",
                     'Kendrick Lamar Talks About the Making of "We Cry Together"'}
    assert opened.page.locator("h1").inner_text() == "Tessa Thompson and everything within 1 fact"
    assert opened.js("kg.network.getSelectedNodes()") == [node_id(opened, "Tessa Thompson")]
    assert opened.page.locator("#info h2").inner_text() == "Tessa Thompson"
