"""Network analysis of the graph with networkx: counts, centrality, communities, and chains of facts.

Everything works on :func:`kg.render.project` (entities as nodes, facts between them as edges with
their evidence), so the analysis sees exactly what the browser shows.

* Centrality is computed over the **people–work projection**: people and works as nodes, an edge
  between two of them when at least one fact joins them (director, performer, writer, inspired by,
  influenced by, ...), weighted by the number of such facts. Degree counts the distinct people and
  works a node is joined to, ``facts`` the facts joining it to them; PageRank uses the weights.
* Communities are found by Louvain (:func:`networkx.community.louvain_communities`, fixed seed) over
  every entity and fact (articles left out: an article joins whatever it mentions).
* A chain is a shortest path between two entities in the undirected view of the projection; each
  step lists every fact that joins its two ends, with the quote that states it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.errors import NotFoundError
from kg.namespaces import KGR
from kg.render import project

SEED = 7
PEOPLE, WORKS, ARTICLE = "Person", "Work", "Article"


@dataclass(frozen=True)
class Central:
    """A person or work with its degree, its number of facts and its PageRank in the people–work projection."""

    id: str
    name: str
    degree: int
    facts: int
    pagerank: float


@dataclass(frozen=True)
class Stats:
    """What ``kg stats`` reports."""

    classes: list[tuple[str, int]]
    relations: list[tuple[str, int]]
    people: list[Central]
    works: list[Central]
    communities: list[list[str]]
    entities: int
    facts: int


def counts(graph: Graph, query_name: str) -> list[tuple[str, int]]:
    """The rows of a named counting query (``counts``, ``relations``) as (name, count) pairs."""
    from kg.query import resolve, select_values

    rows = select_values(graph, resolve(query_name))
    return [(str(next(iter(r.values()))), int(r["count"])) for r in rows]


def people_work(g: nx.MultiDiGraph) -> nx.Graph:
    """The people–work projection of ``g``: people and works, joined when facts join two of them
    (edge attribute ``weight``: how many facts)."""
    pw = nx.Graph()
    pw.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d["group"] in (PEOPLE, WORKS))
    for u, v in g.edges():
        if u in pw and v in pw and u != v:
            weight = pw.edges[u, v]["weight"] + 1 if pw.has_edge(u, v) else 1
            pw.add_edge(u, v, weight=weight)
    return pw


def centrality(pw: nx.Graph, group: str, *, top: int) -> list[Central]:
    """The ``top`` members of ``group`` in ``pw`` by PageRank, then degree, then name."""
    rank = nx.pagerank(pw, weight="weight") if pw.number_of_edges() else {n: 1 / max(1, len(pw)) for n in pw}
    members = [Central(id=n, name=d["label"], degree=pw.degree(n), facts=pw.degree(n, weight="weight"),
                       pagerank=rank[n])
               for n, d in pw.nodes(data=True) if d["group"] == group]
    members.sort(key=lambda c: (-round(c.pagerank, 9), -c.degree, c.name.casefold(), c.id))
    return members[:top]


def communities(g: nx.MultiDiGraph) -> list[list[str]]:
    """Louvain communities (seed fixed) of the entities, articles left out; each a sorted list of names,
    largest first."""
    simple = nx.Graph()
    simple.add_nodes_from(n for n, d in g.nodes(data=True) if d["group"] != ARTICLE)
    simple.add_edges_from((u, v) for u, v in g.edges() if u in simple and v in simple and u != v)
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(simple, seed=SEED)
    named = [sorted((g.nodes[n]["label"] for n in c), key=str.casefold) for c in found]
    return sorted(named, key=lambda c: (-len(c), c[0].casefold()))


def stats(graph: Graph, *, top: int = 5) -> Stats:
    """Counts by class and relation, the most central people and works, and the communities.

    Raises:
        QueryError: a packaged counting query is broken (a packaging bug).
    """
    g = project(graph)
    pw = people_work(g)
    return Stats(classes=counts(graph, "counts"), relations=counts(graph, "relations"),
                 people=centrality(pw, PEOPLE, top=top), works=centrality(pw, WORKS, top=top),
                 communities=communities(g), entities=g.number_of_nodes(), facts=g.number_of_edges())


def _table(header: list[str], rows: list[list[str]]) -> str:
    from kg.query import table

    return table(header, rows)


def format_stats(s: Stats) -> str:
    """The report ``kg stats`` prints: plain-text tables, one section each."""
    parts = [f"{s.entities} entities, {s.facts} facts between them", "",
             "By class", _table(["class", "count"], [[c, str(n)] for c, n in s.classes]), "",
             "By relation", _table(["relation", "facts"], [[r, str(n)] for r, n in s.relations])]
    for title, items in (("Most central people", s.people), ("Most central works", s.works)):
        parts += ["", f"{title} (people–work projection)",
                  _table(["name", "degree", "facts", "pagerank"],
                         [[c.name, str(c.degree), str(c.facts), f"{c.pagerank:.3f}"] for c in items])]
    parts += ["", f"Communities (Louvain, seed {SEED}; articles left out)"]
    parts += [f"{i}. " + ", ".join(members) for i, members in enumerate(s.communities, start=1)]
    return "\n".join(parts)


# --- chains of facts between two entities -------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One fact of a step, as stored: ``subject relation object`` with its sentence and evidence."""

    subject: str
    relation: str
    object: str
    label: str
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """From one entity to the next, by every fact that joins them."""

    source: str
    target: str
    facts: list[Fact]


def find(g: nx.MultiDiGraph, name: str) -> str:
    """The node of ``g`` named ``name``: its display label (which tells apart things that share a name),
    else its name, else an alias, else its id, compared case-insensitively.

    Raises:
        NotFoundError: no entity has that name, or several do (the message lists the candidates).
    """
    key = name.strip().casefold()
    by_label = [n for n, d in g.nodes(data=True) if d["label"].casefold() == key]
    by_name = [n for n, d in g.nodes(data=True) if d["name"].casefold() == key]
    by_alias = [n for n, d in g.nodes(data=True) if key in (a.casefold() for a in d["aliases"])]
    by_id = [n for n in g if n.removeprefix(str(KGR)).casefold() == key]
    for found in (by_label, by_name, by_alias, by_id):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise NotFoundError(f"{name!r} names {len(found)} entities: {_listing(g, found)}",
                                hint="give the full name or the id of the one you mean")
    raise NotFoundError(f"no entity is named {name!r}" + _suggest(g, key),
                        hint="names and aliases are matched whole, ignoring case; `kg query people` lists people")


def _listing(g: nx.MultiDiGraph, nodes: list[str]) -> str:
    return "; ".join(f"{g.nodes[n]['label']} ({g.nodes[n]['group']}, id {n.removeprefix(str(KGR))})"
                     for n in sorted(nodes, key=lambda n: (g.nodes[n]["label"].casefold(), n)))


def _suggest(g: nx.MultiDiGraph, key: str) -> str:
    names: dict[str, set[str]] = {}
    for n, d in g.nodes(data=True):
        for text in (d["label"], d["name"], *d["aliases"]):
            names.setdefault(text.casefold(), set()).add(n)
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    close += [t for t in sorted(names) if key and key in t and t not in close]
    nodes = sorted({n for t in close[:5] for n in names[t]})
    return f"; did you mean: {_listing(g, nodes)}" if nodes else ""


def chains(graph: Graph, a: str, b: str, *, limit: int = 10, through_articles: bool = False) -> list[list[Step]]:
    """The shortest chains of facts from the entity named ``a`` to the one named ``b`` (at most ``limit``).

    Articles are not used as steps unless ``through_articles`` (an article "connects" everything it
    mentions). Chains are sorted by the names along them; an empty list means no chain exists.

    Raises:
        NotFoundError: ``a`` or ``b`` names no entity or several, or both name the same one.
    """
    g = project(graph)
    source, target = find(g, a), find(g, b)
    if source == target:
        raise NotFoundError(f"{a!r} and {b!r} are the same entity ({g.nodes[source]['label']})",
                            hint="name two different entities")
    keep = [n for n, d in g.nodes(data=True) if through_articles or d["group"] != ARTICLE or n in (source, target)]
    view = nx.Graph(g.subgraph(keep).to_undirected(as_view=True))
    try:
        paths = list(islice(nx.all_shortest_paths(view, source, target), 10_000))
    except nx.NetworkXNoPath:
        return []
    paths.sort(key=lambda p: [g.nodes[n]["label"].casefold() for n in p])
    return [[_step(g, u, v) for u, v in pairwise(path)] for path in paths[:limit]]


def _step(g: nx.MultiDiGraph, u: str, v: str) -> Step:
    facts = []
    for s, o in ((u, v), (v, u)):
        for _key, d in sorted(g.get_edge_data(s, o, default={}).items()):
            facts.append(Fact(subject=g.nodes[s]["label"], relation=d["relation"], object=g.nodes[o]["label"],
                              label=d["label"], evidence=d["evidence"]))
    facts.sort(key=lambda f: (f.relation, f.subject, f.object))
    return Step(source=g.nodes[u]["label"], target=g.nodes[v]["label"], facts=facts)


def format_chains(a: str, b: str, found: list[list[Step]]) -> str:
    """The text ``kg path`` prints: each chain, each step's facts with their quotes and offsets.

    When every quote comes from one article, its title is said once at the top; otherwise at each quote.
    """
    if not found:
        return f"No chain of facts connects {a} and {b}."
    first = found[0]
    articles = {e["article"] for chain in found for step in chain for f in step.facts for e in f.evidence}
    plural = "s" if len(found) > 1 else ""
    steps = f"{len(first)} step" + ("s" if len(first) > 1 else "")
    lines = [f"{len(found)} shortest chain{plural} of {steps} from {first[0].source} to {first[-1].target}"]
    if len(articles) == 1:
        lines.append(f"(quotes from the article {next(iter(articles))})")
    for i, chain in enumerate(found, start=1):
        lines += ["", f"Chain {i}: " + " → ".join([chain[0].source, *(s.target for s in chain)])]
        for j, step in enumerate(chain, start=1):
            lines.append(f"  {j}. {step.source} → {step.target}")
            for fact in step.facts:
                lines.append(f"     {fact.subject} —{fact.relation}→ {fact.object}")
                for e in fact.evidence:
                    where = [e["article"]] if len(articles) > 1 else []
                    where += [f"chars {e['start']}–{e['end']}"] if "start" in e else []
                    lines.append(f"       “{e['quote']}” ({', '.join(where)})")
                if not fact.evidence:
                    lines.append("       (no quote: the fact is not from an article)")
    return "\n".join(lines)
