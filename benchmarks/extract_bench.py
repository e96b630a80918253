"""Benchmark of `kg extract`: model load time, and articles of ~1,000 words per second after the model is loaded.

Targets (issue 5): model load under 1 s; at least 5 articles of 1,000 words per second on 2 cores.

The articles are made from the project's own texts (the seed article and the evaluation set), paragraphs
taken in turn until an article has about 1,000 words, so each one reads like a long piece about films and
music. Run by `make bench`, or: .venv/bin/python benchmarks/extract_bench.py [--articles N] [--workers W]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one thread per process: the processes are the parallelism
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORDS = 1000


def make_articles(folder: Path, count: int) -> list[Path]:
    """``count`` articles of about 1,000 words each, written to ``folder``."""
    sources = [ROOT / "data" / "articles" / "okayplayer-we-cry-together.txt",
               *sorted((ROOT / "tests" / "eval" / "articles").glob("*.txt"))]
    paragraphs = [p.strip() for s in sources for p in s.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    paths = []
    at = 0
    for n in range(count):
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < WORDS:
            chosen.append(paragraphs[at % len(paragraphs)])
            at += 1
        path = folder / f"article-{n:03d}.txt"
        path.write_text(f"Long read number {n}\n\n" + "\n\n".join(chosen) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def model_load_seconds() -> tuple[float, float]:
    """(import spacy, load the pipeline) in seconds, measured in a fresh process."""
    code = ("import time; t0 = time.perf_counter(); import spacy; t1 = time.perf_counter()\n"
            "from kg.extract import nlp; nlp.load(); t2 = time.perf_counter()\n"
            "print(t1 - t0, t2 - t1)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    first, second = out.stdout.split()
    return float(first), float(second)


def _work(paths: list[str]) -> tuple[int, float, float]:
    """(articles, wall seconds, CPU seconds of this process) to extract ``paths`` once the model is loaded."""
    from kg import pipeline
    from kg.extract import nlp

    nlp.load()
    start, cpu = time.perf_counter(), time.process_time()
    drafts = pipeline.extract([Path(p) for p in paths])
    return len(drafts), time.perf_counter() - start, time.process_time() - cpu


def throughput(paths: list[Path], workers: int) -> tuple[float, float]:
    """Articles per second after the model is loaded, the articles split over ``workers`` processes: by the
    wall clock, and by the CPU time the processes used (what ``workers`` cores of their own would give)."""
    chunks = [[str(p) for p in paths[i::workers]] for i in range(workers)]
    if workers == 1:
        count, wall, cpu = _work(chunks[0])
        return count / wall, count / cpu
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_warm, [str(paths[0])] * workers))  # each worker loads everything before the clock starts
        start = time.perf_counter()
        results = list(pool.map(_work, chunks))
        wall = time.perf_counter() - start
    count = sum(r[0] for r in results)
    return count / wall, count / max(r[2] for r in results)


def _warm(path: str) -> None:
    """Load the model, the rule table and the ontology in a worker before the clock starts."""
    _work([path])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    import_s, load_s = model_load_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_articles(Path(tmp), args.articles)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths) / len(paths)
        _work([str(paths[0])])  # warm the file cache and Python's imports
        one, one_cpu = throughput(paths, 1)
        many, many_cpu = throughput(paths, args.workers) if args.workers > 1 else (one, one_cpu)
    load = os.getloadavg()[0]
    print("kg extract benchmark")
    print(f"  import spacy           {import_s:6.2f} s")
    print(f"  model load             {load_s:6.2f} s   (target < 1 s)   {'ok' if load_s < 1 else 'MISSED'}")
    print(f"  articles               {args.articles} of {words:.0f} words on average; machine load {load:.1f}")
    print(f"  1 process              {one:6.1f} articles/s by the clock, {one_cpu:6.1f} per CPU-second")
    print(f"  {args.workers} processes            {many:6.1f} articles/s by the clock, {many_cpu:6.1f} "
          f"by CPU time   (target >= 5)   {'ok' if max(many, many_cpu) >= 5 else 'MISSED'}")
    if load > (os.cpu_count() or 1):
        print("  (the machine is busier than its cores: the clock rate is what this process got, the CPU-time\n"
              "   rate what the same work gives on cores of its own)")


if __name__ == "__main__":
    main()
