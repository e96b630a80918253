"""Pages a person could not check by eye: names that are markup or script, and graphs of thousands of nodes."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

import networkx as nx
import pytest
from rdflib import Graph

from kg import pipeline
from kg.projection import project
from kg.render import LARGE, _vis_assets
from tests.browser.conftest import Opened
from tests.browser.corpus import HOSTILE, HOSTILE_ALIAS, corpus, hostile
from tests.browser.test_graph_page import WHERE, hover, node_id

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_graph() -> Graph:
    return hostile()


@pytest.fixture(scope="module")
def large_graph() -> Graph:
    return corpus(250)


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_hostile_names_show_as_text_and_run_nothing(open_page: Callable[..., Opened], hostile_graph: Graph,
                                                    tmp_path: Path) -> None:
    page = pipeline.render_page(hostile_graph, focus=HOSTILE, depth=1)
    ours = page.html.replace(_vis_assets()[0], "")  # vis-network's own code mentions <b> (its label markup, off here)
    assert "<img" not in ours and "<b>" not in ours and "</script><script>" not in ours
    opened = open_page(write(tmp_path, "hostile.html", page.html))
    bad = node_id(opened, HOSTILE)
    assert opened.js("document.title") == f"{HOSTILE} and everything within 1 fact"
    assert opened.page.locator("h1").inner_text() == f"{HOSTILE} and everything within 1 fact"
    assert opened.js("(id) => kg.nodes.get(id).label.replace(/\\n/g, ' ')", bad) == HOSTILE  # drawn as text, wrapped
    tooltip = hover(opened, "node", bad)
    assert tooltip.startswith(f"{HOSTILE}\nperson · also called {HOSTILE_ALIAS}")
    assert f"Film & <b>bold</b> \"quoted\" directed by {HOSTILE}" in tooltip
    x, y = opened.js(WHERE, ["node", bad])
    opened.page.mouse.click(x, y)
    info = opened.page.locator("#info").inner_text()
    assert info.startswith(HOSTILE) and f"also called {HOSTILE_ALIAS}" in info
    search = opened.page.locator("#search")
    search.fill(HOSTILE_ALIAS)
    search.press("Enter")
    assert opened.page.locator("#search-result").inner_text() == f"Found {HOSTILE} (person)."
    opened.page.wait_for_timeout(300)
    assert opened.dialogs == []
    assert opened.errors == [] and opened.outside == []
    # nothing the data holds became an element: no image, no bold, and only the page's own three scripts
    assert opened.js("document.querySelectorAll('img, b, [onerror]').length") == 0
    assert opened.js("document.scripts.length") == 3


def test_a_large_graph_opens_responds_and_says_how_to_focus(open_page: Callable[..., Opened], large_graph: Graph,
                                                           tmp_path: Path) -> None:
    view = project(large_graph)
    assert view.number_of_nodes() >= LARGE
    page = pipeline.render_page(large_graph)
    opened = open_page(write(tmp_path, "large.html", page.html), timeout=60_000)
    assert opened.errors == [] and opened.outside == []
    note = opened.page.locator("#note")
    assert note.is_visible() and "kg render --focus" in note.inner_text()
    assert f"{view.number_of_nodes():,} entities" in note.inner_text()
    counts = opened.js("[kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]")
    assert counts == [view.number_of_nodes(), view.number_of_edges()]
    assert opened.js("kg.network.physics.options.enabled") is False
    # it responds: a zoom lands, a search finds and centres a node, a click lights up a neighbourhood
    opened.page.mouse.move(850, 450)
    before = opened.js("kg.network.getScale()")
    for _ in range(3):
        opened.page.mouse.wheel(0, -400)
    opened.page.wait_for_function("(s) => kg.network.getScale() > s * 1.25", arg=before, timeout=10_000)
    name = "Person 7"
    target = node_id(opened, name)
    opened.page.locator("#search").fill(name)
    opened.page.locator("#search").press("Enter")
    opened.page.wait_for_function("(id) => kg.network.getSelectedNodes()[0] === id", arg=target, timeout=10_000)
    opened.page.wait_for_timeout(600)
    neighbours = set(nx.all_neighbors(view, target)) | {target}
    lit = opened.js("kg.nodes.get({filter: (n) => n.color.background !== '#eceef1'}).map((n) => n.id)")
    assert set(lit) == neighbours
    x, y = opened.js(WHERE, ["node", target])
    assert abs(x - 850) < 5 and abs(y - 450) < 5
