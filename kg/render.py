"""Graph -> networkx projection -> pyvis Network -> a self-contained HTML page.

The projection keeps the things the article is about (people, works, organisations, events, award
categories, articles) as nodes and each fact between two of them as an edge, with its relation and
the quote that supports it. The page inlines vis-network (shipped inside pyvis) and loads nothing
from the network. pyvis is imported only here, and only when a page is drawn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.export import write_atomic
from kg.namespaces import KG, OA, SCHEMA
from kg.resources import TEMPLATES_DIR

if TYPE_CHECKING:
    from pyvis.network import Network

#: display group of each schema.org class, most specific first; colour and shape per group
GROUPS: list[tuple[URIRef, str]] = [
    (SCHEMA.NewsArticle, "Article"), (SCHEMA.Person, "Person"), (SCHEMA.Organization, "Organization"),
    (SCHEMA.Event, "Event"), (KG.AwardCategory, "AwardCategory"), (SCHEMA.CreativeWork, "Work"),
]
STYLE: dict[str, dict[str, str]] = {
    "Person": {"color": "#4e79a7", "shape": "dot"},
    "Work": {"color": "#e15759", "shape": "diamond"},
    "Organization": {"color": "#59a14f", "shape": "square"},
    "Event": {"color": "#f28e2b", "shape": "triangle"},
    "AwardCategory": {"color": "#b07aa1", "shape": "star"},
    "Article": {"color": "#9c755f", "shape": "box"},
}


def _group(graph: Graph, node: URIRef) -> str | None:
    types = set(graph.objects(node, RDF.type))
    for cls, group in GROUPS:
        if cls in types:
            return group
    return None


def _evidence(graph: Graph, statement: URIRef) -> list[dict[str, Any]]:
    out = []
    for anno in sorted(graph.subjects(OA.hasBody, statement)):
        for target in graph.objects(anno, OA.hasTarget):
            source = graph.value(target, OA.hasSource)
            item: dict[str, Any] = {"article": str(graph.value(source, SCHEMA.headline) or source)}
            for sel in graph.objects(target, OA.hasSelector):
                if (sel, RDF.type, OA.TextQuoteSelector) in graph:
                    item["quote"] = str(graph.value(sel, OA.exact))
                else:
                    item["start"] = int(graph.value(sel, OA.start))  # type: ignore[arg-type]
                    item["end"] = int(graph.value(sel, OA.end))  # type: ignore[arg-type]
            out.append(item)
    return sorted(out, key=lambda e: (e.get("start", 0), e["article"]))


def project(graph: Graph) -> nx.MultiDiGraph:
    """The entities and the facts between them as a networkx multigraph (deterministic order).

    Node attributes: ``label``, ``group``, ``aliases``, ``facts`` (literal facts with evidence).
    Edge attributes: ``relation``, ``label``, ``evidence`` (quotes with offsets). Keys are statement IRIs.
    """
    g = nx.MultiDiGraph()
    for node in sorted(set(graph.subjects(SCHEMA.name, None))):
        group = _group(graph, node)
        if group is None or not isinstance(node, URIRef):
            continue
        aliases = sorted(str(a) for a in graph.objects(node, SCHEMA.alternateName))
        g.add_node(str(node), label=str(graph.value(node, SCHEMA.name)), group=group, aliases=aliases, facts=[])
    for stmt in sorted(graph.subjects(RDF.type, KG.Statement)):
        subject, obj = graph.value(stmt, RDF.subject), graph.value(stmt, RDF.object)
        relation = str(graph.value(stmt, KG.relation))
        if str(subject) not in g or relation == "type":
            continue
        evidence = _evidence(graph, stmt)
        label = str(graph.value(stmt, RDFS.label))
        if isinstance(obj, Literal):
            g.nodes[str(subject)]["facts"].append({"relation": relation, "value": str(obj), "label": label,
                                                   "evidence": evidence})
        elif str(obj) in g:
            g.add_edge(str(subject), str(obj), key=str(stmt), relation=relation, label=label, evidence=evidence)
    return g


def layout(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Fixed positions (same on every build): a seeded spring layout, fewer iterations for large graphs."""
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected())
    iterations = 200 if g.number_of_nodes() <= 300 else 30
    pos = nx.spring_layout(simple, seed=7, iterations=iterations)
    scale = 120 * max(6.0, g.number_of_nodes() ** 0.5)
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def _tooltip(lines: list[str]) -> str:
    return "\n".join(lines)


def render(graph: Graph) -> "Network":
    """A pyvis Network of the graph's projection, styled by class, with tooltips carrying evidence."""
    from pyvis.network import Network

    g = project(graph)
    pos = layout(g)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    for node, data in g.nodes(data=True):
        lines = [f"{data['label']} ({data['group']})"]
        if data["aliases"]:
            lines.append("also: " + ", ".join(data["aliases"]))
        for fact in data["facts"]:
            lines.append(f"• {fact['label']}")
            lines.extend(f"  “{e['quote']}” ({e['article']}, chars {e['start']}–{e['end']})" for e in fact["evidence"])
        x, y = pos[node]
        net.add_node(node, label=data["label"], title=_tooltip(lines), group=data["group"], x=x, y=y,
                     aliases=data["aliases"], **STYLE[data["group"]])
    for u, v, key, data in g.edges(keys=True, data=True):
        lines = [data["label"]]
        lines.extend(f"“{e['quote']}” ({e['article']}, chars {e['start']}–{e['end']})" for e in data["evidence"])
        net.add_edge(u, v, id=key, label=data["relation"], title=_tooltip(lines), relation=data["relation"],
                     arrows="to")
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "edges": {"smooth": {"type": "curvedCW", "roundness": 0.15}, "font": {"size": 10, "align": "middle"}},
        "nodes": {"font": {"size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 100},
    }))
    return net


def to_html(net: "Network", *, title: str = "kg graph") -> str:
    """The page for ``net``: our own template with vis-network inlined; no remote script or style.

    Node and edge data go into the page as JSON inside a script tag, with ``<``, ``>`` and ``&``
    escaped so no article text can close the tag or run.
    """
    import pyvis
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html"]))
    data = {"nodes": net.nodes, "edges": net.edges, "options": json.loads(net.options.to_json())
            if hasattr(net.options, "to_json") else net.options, "styles": STYLE}
    return env.get_template("graph.html").render(
        title=title,
        vis_js=(lib / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(lib / "vis-network.css").read_text(encoding="utf-8"),
        data_json=safe_json(data),
        styles=STYLE,
    )


def safe_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def write_html(net: "Network", path: Path, *, title: str = "kg graph") -> None:
    """Write the page for ``net`` to ``path`` atomically.

    Raises:
        OSError: the folder cannot be written.
    """
    write_atomic(path, to_html(net, title=title))
