"""One benchmark measurement in a fresh process: ``python benchmarks/store_task.py SYSTEM TASK CORPUS [--runs N]``.

SYSTEM is ``kg-memory``, ``kg-oxigraph`` (``kg --store oxigraph``), ``kg-oxdir`` (``kg --store
oxigraph:DIR``), ``raw-pyoxigraph`` or ``raw-rdflib``; TASK is ``load``, ``directors``, ``top10``,
``chain`` or ``export``. Prints one JSON object: the seconds of each timed run and the peak memory
(maximum resident set size) of the whole process in MB. Queries are timed after one untimed run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("KG_PROGRESS", "0")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def raw_queries(work: str) -> dict[str, str]:
    """The named queries' work, written out for the raw engines (the benchmark's own trusted constant)."""
    name = json.dumps(work)
    return {
        "directors": PREFIXES + f"""SELECT DISTINCT ?work ?director WHERE {{
  ?w schema:name|schema:alternateName|rdfs:label {name} .
  ?w schema:director ?d ; rdfs:label ?work .
  ?d schema:name ?director .
}} ORDER BY ?work ?director""",
        "top10": PREFIXES + """SELECT ?person ?works WHERE {
  { SELECT ?p (COUNT(DISTINCT ?w) AS ?works) WHERE {
      ?s a kg:RoleStatement ; rdf:subject ?w ; rdf:object ?p .
      FILTER EXISTS { ?w a schema:CreativeWork }
    } GROUP BY ?p }
  ?p a schema:Person ; schema:name ?person .
} ORDER BY DESC(?works) ?person LIMIT 10""",
        "chain": PREFIXES + f"""SELECT DISTINCT ?work ?influence WHERE {{
  ?w schema:name|schema:alternateName|rdfs:label {name} .
  ?w wdt:P941+ ?i .
  ?w rdfs:label ?work .
  ?i rdfs:label ?influence .
}} ORDER BY ?work ?influence""",
    }


KG_QUERIES = {"directors": ("directors", True), "top10": ("top-people", False), "chain": ("influence-chain", True)}


def system(name: str, corpus: Path, scratch: Path, work: str) -> dict[str, Callable[..., Any]]:
    """For one system: load() -> graph, query(graph, task) -> rows, export(graph, path)."""
    if name.startswith("kg-"):
        import oxrdflib  # noqa: F401 - imported before the clock starts, as pyoxigraph and rdflib are for the raw runs

        from kg import build, progress, store  # noqa: F401
        from kg.query import resolve, run

        spec = {"kg-memory": store.StoreSpec("memory"), "kg-oxigraph": store.StoreSpec("oxigraph"),
                "kg-oxdir": store.StoreSpec("oxigraph", scratch / "db")}[name]

        def load() -> Any:
            if spec.path is not None:
                return store.fill(spec, corpus)
            return store.load_file(store.new_graph(spec), corpus)

        def query(graph: Any, task: str) -> int:
            named, with_work = KG_QUERIES[task]
            return len(run(graph, resolve(named), {"work_name": work} if with_work else None))

        return {"load": load, "query": query, "export": lambda graph, path: store.write_turtle(graph, path)}
    if name == "raw-pyoxigraph":
        import pyoxigraph as ox

        from benchmarks.generate import PREFIXES as NS

        queries = raw_queries(work)
        return {
            "load": lambda: (s := ox.Store(), s.load(path=str(corpus), format=ox.RdfFormat.TURTLE))[0],
            "query": lambda store, task: len(list(store.query(queries[task]))),
            "export": lambda store, path: store.dump(str(path), format=ox.RdfFormat.TURTLE,
                                                     from_graph=ox.DefaultGraph(), prefixes=NS),
        }
    if name == "raw-rdflib":
        from rdflib import Graph

        queries = raw_queries(work)
        return {
            "load": lambda: (g := Graph(), g.parse(str(corpus), format="turtle"))[0],
            "query": lambda graph, task: len(list(graph.query(queries[task]))),
            "export": lambda graph, path: graph.serialize(str(path), format="turtle"),
        }
    raise SystemExit(f"unknown system {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("system")
    parser.add_argument("task", choices=["load", "directors", "top10", "chain", "export"])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--work", required=True, help="the name of the work the point queries ask for")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        impl = system(args.system, args.corpus, scratch, args.work)
        times, rows = [], None
        if args.task == "load":
            started = time.perf_counter()
            graph = impl["load"]()
            times.append(time.perf_counter() - started)
        else:
            graph = impl["load"]()
            if args.system == "kg-oxdir":  # queries and export read the store as kg query/serve do: reopened
                from kg import store

                store.close(graph)
                graph = store.new_graph(store.StoreSpec("oxigraph", scratch / "db"), read_only=True)
            if args.task == "export":
                started = time.perf_counter()
                impl["export"](graph, scratch / "out.ttl")
                times.append(time.perf_counter() - started)
            else:
                rows = impl["query"](graph, args.task)  # untimed warm-up
                for _ in range(args.runs):
                    started = time.perf_counter()
                    rows = impl["query"](graph, args.task)
                    times.append(time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"system": args.system, "task": args.task, "seconds": times,
                          "median": statistics.median(times), "peak_mb": round(peak_mb, 1), "rows": rows}))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
