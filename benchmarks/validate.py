"""How long SHACL validation takes (pySHACL over ontology/shapes.ttl), for the seed graph and for the
eval articles' graphs; not a test. Run: `.venv/bin/python benchmarks/validate.py` (or `make bench`).

Prints the triples, the first (cold: pySHACL and the shapes loaded) and the median warm time of each.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(func, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:] or times)


def main(repeats: int = 7) -> None:
    from kg import pipeline
    from kg.annotations import parse_annotation
    from kg.articles import read_article
    from kg.build import add_annotation, new_graph
    from kg.validate import validate

    seed = pipeline.build_graph(ROOT / "data")
    eval_graph = new_graph()
    for gold in sorted((ROOT / "tests" / "eval" / "gold").glob("*.yaml")):
        annotation = parse_annotation(gold)
        add_annotation(eval_graph, annotation, read_article(ROOT / "tests" / "eval" / "articles" / f"{annotation.article}.txt"))
    print(f"{'graph':28} {'triples':>8} {'cold s':>8} {'warm s':>8}  conforms")
    for name, graph in (("seed (data/)", seed), ("11 eval articles together", eval_graph)):
        cold, warm = timed(lambda g=graph: validate(g), repeats)
        print(f"{name:28} {len(graph):>8} {cold:>8.3f} {warm:>8.3f}  {validate(graph).conforms}")


if __name__ == "__main__":
    main()
