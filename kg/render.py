"""Projection -> pyvis Network -> one self-contained HTML page.

:func:`render` turns the projection (:mod:`kg.projection`) into a pyvis ``Network``: nodes coloured and
shaped by class, placed once by :mod:`kg.layout` (the page runs no physics, so it looks the same on every
load), edges labelled with their role or relation and curved apart when two facts join the same pair,
and every node and edge carrying the quotes that support it. :func:`to_html` writes the page through
our own template (``kg/templates/graph.html``) with vis-network inlined from pyvis's package: nothing is
loaded from the network, and every piece of text reaches the page as JSON and is shown as text.
pyvis is imported only inside these functions.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import Graph

from kg.export import write_atomic
from kg.layout import label_box, layout
from kg.projection import GROUPS, project
from kg.resources import TEMPLATES_DIR

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["GROUPS", "LARGE", "STYLE", "project", "render", "safe_json", "to_html", "write_html"]

#: colour, shape and legend name of each class
STYLE: dict[str, dict[str, str]] = {
    "Person": {"color": "#4e79a7", "shape": "dot", "name": "Person"},
    "Work": {"color": "#e15759", "shape": "diamond", "name": "Work"},
    "Organization": {"color": "#59a14f", "shape": "square", "name": "Organisation"},
    "Event": {"color": "#f28e2b", "shape": "triangle", "name": "Event"},
    "AwardCategory": {"color": "#b07aa1", "shape": "star", "name": "Award"},
    "Article": {"color": "#9c755f", "shape": "hexagon", "name": "Article"},
}
#: from this many nodes on, a graph is drawn for speed: straight edges, no edge labels until zoomed in,
#: edges hidden while dragging or zooming, and a note on the page says how to focus
LARGE = 2000
FONT = 14
EDGE_FONT = 11
WRAP = 20


def _darker(color: str, factor: float = 0.72) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def _where(e: dict[str, Any]) -> str:
    span = f", characters {e['start']}–{e['end']}" if "start" in e else ""  # noqa: RUF001 (an en dash for a range)
    return f"in {e['article']}{span}"


def _quotes(evidence: list[dict[str, Any]], indent: str = "") -> list[str]:
    return [line for e in evidence for line in (f"{indent}“{e['quote']}”", f"{indent}  {_where(e)}")]


def _how(fact: dict[str, Any]) -> str:
    parts = [fact["method"]]
    if "confidence" in fact:
        parts.append(f"confidence {fact['confidence']:g}")
    if "how" in fact:
        parts.append(f"how: {fact['how']}")
    if "source" in fact:
        parts.append(f"source: {fact['source']}")
    return " · ".join(parts)


def node_title(g: nx.MultiDiGraph, node: str, *, limit: int = 6) -> str:
    """The hover text of a node: name, class, aliases, its facts with their quotes, its relations."""
    data = g.nodes[node]
    lines = [data["label"], data["kind"] + (f" · also called {', '.join(data['aliases'])}" if data["aliases"] else "")]
    if data.get("description"):
        lines.insert(1, data["description"])
    lines.extend(_quotes(data["evidence"][:1]))
    for fact in data["facts"]:
        lines.append(f"• {fact['label']} ({fact['method']})")
        lines.extend(_quotes(fact["evidence"], "  "))
    related = [d["label"] for _, _, d in g.out_edges(node, data=True)]
    related += [d["label"] for _, _, d in g.in_edges(node, data=True)]
    lines.extend(f"• {label}" for label in related[:limit])
    if len(related) > limit:
        lines.append(f"… and {len(related) - limit} more: click for all, with their quotes")
    return "\n".join(lines)


def edge_title(data: dict[str, Any]) -> str:
    """The hover text of an edge: the fact as a sentence, its role or relation, the quotes and where they are."""
    return "\n".join([data["label"], f"{data['name']} · {_how(data)}", *_quotes(data["evidence"])])


def _smooth(g: nx.MultiDiGraph, large: bool) -> dict[str, Any]:
    """Curves per edge: one edge between a pair is straight; several are bent apart by different roundness."""
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, key in g.edges(keys=True):
        pairs[(min(u, v), max(u, v))].append((u, v, key))
    out: dict[str, Any] = {}
    for (a, _), members in pairs.items():
        for i, (u, _v, key) in enumerate(members):
            offset = (i - (len(members) - 1) / 2) * 0.4 if not large else 0.0
            if u != a:
                offset = -offset  # bend relative to one direction of the pair
            if abs(offset) < 1e-9:
                out[key] = {"enabled": False}
            else:
                out[key] = {"enabled": True, "type": "curvedCW" if offset > 0 else "curvedCCW",
                            "roundness": round(abs(offset), 2)}
    return out


def options(*, large: bool) -> dict[str, Any]:
    """vis-network options: no physics (positions are fixed), hover tooltips, lighter drawing for large graphs."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"borderWidth": 0 if large else 2,
                  "font": {"size": FONT, "face": "DejaVu Sans, Arial, sans-serif", "color": "#1f2328",
                                             "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 9 if large else 5}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1.2, "selectionWidth": 1.5,
                  "color": {"color": "#a3a9b0", "highlight": "#30363d", "hover": "#57606a"},
                  "scaling": {"label": {"drawThreshold": 9 if large else 5}},
                  "font": {"size": EDGE_FONT, "face": "DejaVu Sans, Arial, sans-serif", "color": "#57606a",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "horizontal"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "keyboard": False},
    }


def render(source: Graph | nx.MultiDiGraph) -> Network:
    """A pyvis Network of ``source`` (an rdflib graph, projected; or a projection, e.g. a focused part of one).

    Each node holds its class (``cls``), name, aliases, facts and quotes; each edge its statement IRI (``id``),
    relation, role or relation name (``label``) and quotes; ``title`` is the hover text of both.
    pyvis's ``add_node``/``add_edge`` check membership in lists (quadratic), so its lists are filled directly.
    """
    from pyvis.network import Network

    g = source if isinstance(source, nx.MultiDiGraph) else project(source)
    large = g.number_of_nodes() >= LARGE
    degree = dict(g.degree())
    wrapped = {n: textwrap.wrap(d["label"], WRAP, break_long_words=False) or [d["label"]]
               for n, d in g.nodes(data=True)}
    sizes = {n: round(11 + 3 * min(degree[n], 16) ** 0.5, 1) for n in g.nodes}
    boxes = {n: label_box(wrapped[n], size=sizes[n], font=FONT) for n in g.nodes}
    smooth = _smooth(g, large)
    bends = {k: (0.0 if not v["enabled"] else v["roundness"] * (1 if v["type"] == "curvedCW" else -1))
             for k, v in smooth.items()}
    edge_labels = [(u, v, len(d["name"]) * EDGE_FONT * 0.6, EDGE_FONT + 2.0, bends[k])
                   for u, v, k, d in g.edges(keys=True, data=True)]
    pos = layout(g, boxes, edge_labels=edge_labels)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    for n, d in g.nodes(data=True):
        style = STYLE[d["group"]]
        color = {"background": style["color"], "border": _darker(style["color"]),
                 "highlight": {"background": style["color"], "border": "#1f2328"},
                 "hover": {"background": style["color"], "border": "#1f2328"}}
        item = {"id": n, "label": "\n".join(wrapped[n]), "name": d["label"], "cls": d["group"], "kind": d["kind"],
                "aliases": ([d["name"]] if d["name"] != d["label"] else []) + d["aliases"], "evidence": d["evidence"], "facts": d["facts"], "title": node_title(g, n),
                "x": int(pos[n][0]), "y": int(pos[n][1]), "shape": style["shape"], "size": sizes[n], "color": color}
        net.nodes.append(item)
        net.node_ids.append(n)
        net.node_map[n] = item
    for u, v, key, d in g.edges(keys=True, data=True):
        net.edges.append({"id": key, "from": u, "to": v, "label": d["name"], "relation": d["relation"],
                          "fact": d["label"], "evidence": d["evidence"], "method": d["method"],
                          **{k: d[k] for k in ("how", "source", "confidence") if k in d},
                          "title": edge_title(d), "smooth": smooth[key]})
    net.options = options(large=large)  # type: ignore[assignment]
    return net


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)  # nothing for the browser to fetch
    return js, (lib / "vis-network.css").read_text(encoding="utf-8")


def to_html(net: Network, *, title: str = "kg graph", note: str | None = None, centre: str | None = None) -> str:
    """The page for ``net``: our own template with vis-network inlined; no remote script or style.

    Node and edge data go into the page as JSON inside a script tag, with ``<``, ``>`` and ``&`` escaped
    so no article text can close the tag; the page's script shows every piece of it as text. ``note``
    is shown above the graph (e.g. how to focus a graph too large to read); large graphs get one by default.
    ``centre`` is the id of a node to select when the page opens, its details shown (a focused page's entity).
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    large = len(net.nodes) >= LARGE
    if note is None and large:
        note = (f"{len(net.nodes):,} entities are too many to read at once: labels appear as you zoom in. "
                "Type a name in Find to centre it and light up its neighbours, or draw one neighbourhood "
                "with: kg render --focus \"NAME\" --depth 2 -o focus.html")
    counts: dict[str, int] = defaultdict(int)
    for node in net.nodes:
        counts[node["cls"]] += 1
    opts = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    styles = {cls: {**style, "border": _darker(style["color"])} for cls, style in STYLE.items()}
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))
    vis_js, vis_css = _vis_assets()
    data = {"nodes": net.nodes, "edges": net.edges, "options": opts, "styles": STYLE, "large": large,
            "centre": centre}
    return env.get_template("graph.html").render(
        title=title, note=note, styles=styles, counts=counts, vis_js=vis_js, vis_css=vis_css,
        page_js=(TEMPLATES_DIR / "graph.js").read_text(encoding="utf-8"),
        page_css=(TEMPLATES_DIR / "graph.css").read_text(encoding="utf-8"),
        data_json=safe_json(data),
    )


def safe_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def write_html(net: Network, path: Path, *, title: str = "kg graph", note: str | None = None) -> None:
    """Write the page for ``net`` to ``path`` atomically.

    Raises:
        OSError: the folder cannot be written.
    """
    write_atomic(path, to_html(net, title=title, note=note))
