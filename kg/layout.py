"""Fixed node positions for the graph page, computed once at build time (the page runs no physics).

* Small graphs (up to :data:`SMALL` nodes): stress majorization (as graphviz's neato) from networkx's seeded
  spring layout, scaled to pixels and turned to landscape; then nodes are pushed apart until no two name
  labels overlap (each node's box holds its shape and its label) and off the edges' labels. Graphs of up to
  :data:`MULTI` nodes are laid out from several seeds, keeping the least cluttered result.
* Larger graphs: :func:`kg.mesh.mesh_layout`, a force-directed layout whose repulsion is computed on a grid
  with FFTs, so it costs O(n + G² log G) per step instead of O(n²): 5,000 nodes take about a second.

Everything is seeded, so the same graph always gets the same positions.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

from kg.mesh import mesh_layout, near_pairs

#: largest graph laid out by networkx's spring layout (it needs scipy from 500 nodes on)
SMALL = 300
#: largest graph whose label boxes are separated (pairwise, O(n²) memory per pass)
SEPARATE = 1000
#: largest graph laid out several times (from :data:`TRIES` seeds), keeping the least cluttered result
MULTI = 60
TRIES = 6
#: wanted length of a typical edge, in pixels at zoom 1
EDGE_PX = 190.0
#: wanted distance from a node to its nearest neighbour in large graphs, in pixels at zoom 1
SPACING_PX = 60.0

Box = tuple[float, float, float, float]  # left, top, right, bottom, relative to the node's centre


def label_box(lines: Sequence[str], *, size: float, font: float, below: bool = True) -> Box:
    """The box a node covers: its shape (radius ``size``) and its label's ``lines`` (font size ``font``), with
    a margin. Widths are estimated at 0.6 em a character, a little wider than most sans-serif fonts."""
    width = max((len(line) for line in lines), default=0) * font * 0.6
    height = len(lines) * (font + 2)
    pad = 6.0
    if not below:  # label inside the shape (box, ellipse)
        return (-width / 2 - pad - 5, -height / 2 - pad - 5, width / 2 + pad + 5, height / 2 + pad + 5)
    half = max(size, width / 2)
    return (-half - pad, -size - pad, half + pad, size + 5 + height + pad)


def via_point(a: np.ndarray, b: np.ndarray, bend: np.ndarray) -> np.ndarray:
    """Where vis-network puts an edge's label: the middle of the curve from ``a`` to ``b`` (rows of points).

    ``bend`` is the signed roundness: 0 straight, > 0 ``curvedCW``, < 0 ``curvedCCW`` (as vis-network 9 draws them).
    """
    o, r = b[:, 0] - a[:, 0], a[:, 1] - b[:, 1]
    length = np.hypot(o, r)
    k = np.abs(bend)
    angle = np.arctan2(r, o) + np.where(bend >= 0, 0.5 * k + 0.5, -0.5 * k + 0.5) * np.pi
    via = a + ((0.5 * k + 0.5) * length)[:, None] * np.stack([np.sin(angle), np.cos(angle)], axis=1)
    curved = (k > 0)[:, None]
    return np.where(curved, 0.25 * a + 0.5 * via + 0.25 * b, (a + b) / 2)


def layout(g: nx.Graph, boxes: Mapping[Hashable, Box] | None = None, *, seed: int = 7,
           edge_labels: Sequence[tuple[Hashable, Hashable, float, float, float]] = (),
           ) -> dict[Hashable, tuple[float, float]]:
    """Positions in whole pixels for every node of ``g``, the same on every call.

    ``boxes`` (see :func:`label_box`) are separated so that no two overlap, for graphs up to :data:`SEPARATE`
    nodes; for graphs up to :data:`SMALL` nodes, ``edge_labels`` (from, to, width, height, bend: see
    :func:`via_point`) are kept off the node boxes and off each other too, as far as the passes allow.
    """
    nodes = list(g.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    simple = nx.Graph()
    simple.add_nodes_from(range(len(nodes)))
    simple.add_edges_from((index[u], index[v]) for u, v in g.edges() if u != v)
    node_boxes = np.array([boxes[n] for n in nodes], dtype=float) if boxes is not None else None
    labels = [(index[u], index[v], w, h, bend) for u, v, w, h, bend in edge_labels if u != v]
    tries = range(seed, seed + TRIES) if node_boxes is not None and len(nodes) <= MULTI else [seed]
    placed = [_place(simple, node_boxes, labels, seed=s) for s in tries]
    xy = min(placed, key=lambda xy: clutter(xy, node_boxes, labels)) if len(placed) > 1 else placed[0]
    xy -= (xy.min(axis=0) + xy.max(axis=0)) / 2
    return {n: (float(round(x)) + 0.0, float(round(y)) + 0.0) for n, (x, y) in zip(nodes, xy, strict=True)}


def _place(simple: nx.Graph, node_boxes: np.ndarray | None, labels: list[tuple[int, int, float, float, float]],
           *, seed: int) -> np.ndarray:
    n = simple.number_of_nodes()
    if n <= SMALL:
        xy = stress_layout(simple, seed=seed)
    else:
        edges = np.array(sorted(simple.edges()), dtype=np.int64).reshape(-1, 2)
        xy = mesh_layout(edges, n, seed=seed, grid=max(64, int(2 * n ** 0.5)))
    xy = _steady(_landscape(_steady(_to_pixels(xy, simple))))
    if node_boxes is not None and n <= SEPARATE:
        if labels and n <= SMALL:
            xy = separate(xy, node_boxes, labels=labels, degree=np.array([simple.degree(i) for i in range(n)]))
        xy = _steady(separate(xy, node_boxes))
    return xy


def clutter(xy: np.ndarray, node_boxes: np.ndarray | None,
            labels: Sequence[tuple[int, int, float, float, float]]) -> int:
    """How cluttered a small layout looks: edge labels on other nodes' boxes (count three times), edges through
    other nodes' boxes (twice), edge labels on each other, and crossings of edges (as straight lines).
    Lower is better."""
    if not labels or node_boxes is None:
        return 0
    ends = np.array([(a, b) for a, b, *_ in labels], dtype=np.int64)
    half = np.array([(w / 2, h / 2) for _, _, w, h, _ in labels])
    mid = via_point(xy[ends[:, 0]], xy[ends[:, 1]], np.array([b for *_, b in labels]))
    lo = np.concatenate([xy + node_boxes[:, :2], mid - half])
    hi = np.concatenate([xy + node_boxes[:, 2:], mid + half])
    over = ((np.minimum(hi[:, None], hi[None, :]) - np.maximum(lo[:, None], lo[None, :])) > 0).all(axis=2)
    n = len(xy)
    on_nodes = over[n:, :n].copy()
    on_nodes[np.arange(len(ends)), ends[:, 0]] = on_nodes[np.arange(len(ends)), ends[:, 1]] = False
    on_labels = np.triu(over[n:, n:], 1).sum()
    segments = np.unique(np.sort(ends, axis=1), axis=0)
    p, q = xy[segments[:, 0]], xy[segments[:, 1]]

    def side(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        return np.sign((b[..., 0] - a[..., 0]) * (c[..., 1] - a[..., 1])
                       - (b[..., 1] - a[..., 1]) * (c[..., 0] - a[..., 0]))

    P, Q, R, S = p[:, None], q[:, None], p[None, :], q[None, :]
    crossing = (side(P, Q, R) * side(P, Q, S) < 0) & (side(R, S, P) * side(R, S, Q) < 0)
    # edges drawn through other nodes' boxes (name labels): points along each edge, inside a box not its own
    t = np.linspace(0.1, 0.9, 9)[None, :, None]
    points = p[:, None, :] * (1 - t) + q[:, None, :] * t  # segments x 9 x 2
    inside = ((points[:, :, None, :] > lo[None, None, :n]) & (points[:, :, None, :] < hi[None, None, :n])).all(axis=3)
    through = np.asarray(np.asarray(inside, dtype=bool).any(axis=1), dtype=bool)
    through[np.arange(len(segments)), segments[:, 0]] = through[np.arange(len(segments)), segments[:, 1]] = False
    return int(3 * on_nodes.sum() + on_labels + np.triu(crossing, 1).sum() + 2 * through.sum())


def _steady(xy: np.ndarray) -> np.ndarray:
    """Positions rounded to 0.01 px between steps, so that the last bits in which two machines' floating point
    may differ do not reach the page (the committed out/graph.html must equal a build anywhere)."""
    return np.round(xy, 2) + 0.0


def _landscape(xy: np.ndarray) -> np.ndarray:
    """Turn the layout so that its longer extent runs across (screens are wider than tall); a fixed choice of sign."""
    if len(xy) < 3:
        return xy
    centred = xy - xy.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(centred.T))
    turned = centred @ np.round(vectors[:, ::-1], 9)  # main axis first
    for axis in (0, 1):  # the heavier tail to the right and the bottom, so the sign is not arbitrary
        if (turned[:, axis] ** 3).sum() < 0:
            turned[:, axis] = -turned[:, axis]
    return turned


def stress_layout(simple: nx.Graph, *, seed: int = 7, iterations: int = 300) -> np.ndarray:
    """Stress majorization (as graphviz's neato): each pair of nodes is placed about as far apart as the
    shortest path between them, an edge at a hub counting longer (so its many neighbours find room
    around it). Starts from networkx's seeded spring layout. Positions (n x 2), one unit per plain edge."""
    n = simple.number_of_nodes()
    if n < 2:
        return np.zeros((n, 2))
    degree = dict(simple.degree())
    for u, v in simple.edges():
        simple.edges[u, v]["length"] = max(1.0, 0.09 * max(degree[u], degree[v]))
    dist = np.full((n, n), np.inf)
    for u, lengths in nx.all_pairs_dijkstra_path_length(simple, weight="length"):
        for v, d in lengths.items():
            dist[u, v] = d
    finite = np.isfinite(dist)
    far = (dist[finite].max() if finite.any() else 1.0) + 1.0
    weight = np.where(finite, 1.0, 0.05) / np.where(finite, np.maximum(dist, 1e-9), far) ** 2
    dist = np.where(finite, dist, far)
    np.fill_diagonal(weight, 0.0)
    pos = nx.spring_layout(simple, seed=seed, iterations=100)
    xy = np.round(np.array([pos[i] for i in range(n)], dtype=float), 9)
    xy *= (dist[finite & (dist > 0)].mean() if (finite & (dist > 0)).any() else 1.0) / (np.abs(xy).max() or 1.0)
    total = weight.sum(axis=1)[:, None]
    for _ in range(iterations):
        delta = xy[:, None, :] - xy[None, :, :]
        norm = np.linalg.norm(delta, axis=2)
        np.fill_diagonal(norm, 1.0)
        target = xy[None, :, :] + dist[:, :, None] * delta / np.maximum(norm, 1e-9)[:, :, None]
        xy = (weight[:, :, None] * target).sum(axis=1) / total
    return xy


def _to_pixels(xy: np.ndarray, simple: nx.Graph) -> np.ndarray:
    """Scale a small graph so that its median edge is :data:`EDGE_PX` long, a large one so that its median
    distance between nearest neighbours is :data:`SPACING_PX` (their edges are long whatever the layout)."""
    if len(xy) == 1:
        return np.zeros((1, 2))
    xy = xy - xy.mean(axis=0)
    if len(xy) > SMALL:
        i, j = near_pairs(xy, 2.0)
        nearest = np.full(len(xy), np.inf)
        dist = np.linalg.norm(xy[i] - xy[j], axis=1)
        np.minimum.at(nearest, i, dist)
        np.minimum.at(nearest, j, dist)
        finite = nearest[np.isfinite(nearest)]
        typical = float(np.median(finite)) if len(finite) else 1.0
        return xy * (SPACING_PX / (typical or 1.0))
    if simple.number_of_edges():
        e = np.array(list(simple.edges()))
        lengths = np.linalg.norm(xy[e[:, 0]] - xy[e[:, 1]], axis=1)
    else:
        lengths = np.linalg.norm(xy, axis=1)
    return xy * (EDGE_PX / (float(np.median(lengths)) or 1.0))


def separate(xy: np.ndarray, boxes: np.ndarray, *, labels: Sequence[tuple[int, int, float, float, float]] = (),
             degree: np.ndarray | None = None, passes: int = 400) -> np.ndarray:
    """Push boxes apart, along the axis of least overlap, until no two overlap (or ``passes`` run out).

    ``boxes`` holds each node's (left, top, right, bottom) relative to its centre. Each of ``labels``
    (from, to, width, height, bend) is an edge label's box at the middle of its edge: a push on it moves
    the edge's two ends, the end with fewer edges the more.
    """
    xy = xy.copy()
    n, m = len(xy), len(labels)
    if n + m < 2:
        return xy
    ends = np.array([(a, b) for a, b, *_ in labels], dtype=np.int64).reshape(-1, 2)
    half = np.array([(w / 2 + 3, h / 2 + 2) for _, _, w, h, _ in labels], dtype=float).reshape(-1, 2)
    bend = np.array([b for *_, b in labels], dtype=float)
    deg = degree if degree is not None else np.ones(n)
    upper = np.triu(np.ones((n + m, n + m), dtype=bool), 1)
    upper[n:, n:] = False  # edge labels may overlap each other; nodes move out of their way
    for _ in range(passes):
        mid = via_point(xy[ends[:, 0]], xy[ends[:, 1]], bend) if m else np.zeros((0, 2))
        lo = np.concatenate([xy + boxes[:, :2], mid - half])
        hi = np.concatenate([xy + boxes[:, 2:], mid + half])
        ox = np.minimum(hi[:, None, 0], hi[None, :, 0]) - np.maximum(lo[:, None, 0], lo[None, :, 0])
        oy = np.minimum(hi[:, None, 1], hi[None, :, 1]) - np.maximum(lo[:, None, 1], lo[None, :, 1])
        hit = (ox > 0) & (oy > 0) & upper
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        along_x = ox[i, j] <= oy[i, j]
        amount = np.where(along_x, ox[i, j], oy[i, j]) / 2 + 0.5
        centre = (lo + hi) / 2
        axis = np.where(along_x, 0, 1)
        diff = centre[j, axis] - centre[i, axis]
        sign = np.where(diff > 0, 1.0, np.where(diff < 0, -1.0, np.where((i + j) % 2 == 0, 1.0, -1.0)))
        push = np.zeros((n + m, 2))
        np.add.at(push, (j, axis), sign * amount)
        np.add.at(push, (i, axis), -sign * amount)
        if m:  # a node meeting an edge label moves the whole way itself; if it is one of the edge's ends, the
            # edge is too short for its label: its other end moves away, taking the label along
            label = j >= n
            e = j[label] - n
            other = np.where(ends[e, 0] == i[label], ends[e, 1], np.where(ends[e, 1] == i[label], ends[e, 0], -1))
            own = other >= 0
            np.add.at(push, (i[label][~own], axis[label][~own]), -sign[label][~own] * amount[label][~own])
            node = i[label][own]
            np.add.at(push, (node, axis[label][own]), sign[label][own] * amount[label][own])
            a, b = ends[e[own], 0], ends[e[own], 1]
            far = np.where(deg[a] < deg[b], a, b)  # the end with fewer edges moves
            near = np.where(far == a, b, a)
            away = xy[far] - xy[near]
            away /= np.maximum(np.linalg.norm(away, axis=1), 1e-9)[:, None]
            np.add.at(push, far, away * (2 * amount[label][own])[:, None])
        xy += push[:n]
    return xy
