"""Benchmark of `kg extract` on long articles: seconds, seconds per KB and peak memory at 10 KB, 100 KB, 1 MB.

Targets (issue 14): 1 MB in under 10 s on one core; time per KB flat within 2x across the sizes; peak memory
under 1 GB. Also the same text twice over, which once cost 7x the time of the text once (every quote then
occurs twice and needed a prefix found by scanning the whole text again and again).

The articles are made from the project's own texts (the seed article and tests/eval/articles), taken in
turn; each copy after the first gets its names changed (a suffix on every capitalised word that is not a
common word), so a long article names more and more people and works, as a long real page would, instead
of the same few again. Each size runs in a fresh process, after the spaCy model is loaded: the time is the
CPU time of extraction (the draft and its YAML, what `kg extract article.txt` prints), so other work on the
machine does not count; the wall time is shown beside it, and the CPU time of spaCy alone parsing the same
lines (the raw engine, measured in the same process after the extraction). Run by `make bench`, or:
.venv/bin/python benchmarks/extract_size.py [--sizes 10,100,1000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SUFFIXES = ("", "ley", "ova", "stein", "ard", "ini", "sen", "ow", "ez", "berg", "ton", "ski")
_KEEP = frozenset("""The A An I It He She His Her They We This That In On At For By With And Of To From As But
Best Outstanding Festival Awards Award Film Films Director Producer Studios Pictures Records Music Photo Credit
Starring Written Produced Directed Screenplay Cast Editor Composer Cinematographer January February March April
May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday
Sunday""".split())


def _renamed(text: str, copy: int) -> str:
    if copy == 0:
        return text
    n = len(_SUFFIXES)
    suffix = _SUFFIXES[copy % n] + (_SUFFIXES[(copy // n) % n] if copy >= n else "") + (str(copy // (n * n)) if copy >= n * n else "")
    return re.sub(r"\b([A-Z][a-z]{2,})\b", lambda m: m.group(1) if m.group(1) in _KEEP else m.group(1) + suffix, text)


def make_article(size: int) -> str:
    """About ``size`` bytes of article text (cut at a line end), from the project's own texts, renamed per copy."""
    sources = [ROOT / "data" / "articles" / "okayplayer-we-cry-together.txt",
               *sorted((ROOT / "tests" / "eval" / "articles").glob("*.txt"))]
    texts = [s.read_text(encoding="utf-8") for s in sources]
    parts: list[str] = []
    total, copy = 0, 0
    while total < size:
        part = _renamed(texts[copy % len(texts)], copy) + "\n\n"
        parts.append(part)
        total += len(part.encode("utf-8"))
        copy += 1
    text = "".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    return text.rsplit("\n", 1)[0] + "\n"


_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from kg import pipeline
from kg.extract import nlp
nlp.load()
pipeline.extract([Path(sys.argv[2])])  # warm: rule table, ontology, imports
wall, cpu = time.perf_counter(), time.process_time()
drafts = pipeline.extract([Path(sys.argv[1])])
text = pipeline.draft_yaml(drafts[0])
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
src = drafts[0].source  # the raw engine alone on the same lines: spaCy's parse, the floor of the time
lines = [src.text[a:b] for a, b in src.lines()]
spacy_cpu = time.process_time()
for _ in nlp.parse_many(lines):
    pass
spacy_cpu = time.process_time() - spacy_cpu
print(json.dumps({"cpu": cpu, "wall": wall, "rss_kb": rss, "spacy": spacy_cpu,
                  "entities": len(drafts[0].annotation.entities), "facts": len(drafts[0].annotation.facts)}))
"""


def measure(path: Path, warm: Path) -> dict[str, float]:
    """CPU and wall seconds of extracting ``path`` in a fresh process, its peak RSS, entities and facts."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(warm)], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "KG_PROGRESS": "0"})
    if out.returncode != 0:
        raise SystemExit(f"extraction of {path.name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="article sizes in KB, comma-separated")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args, _ = parser.parse_known_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text(make_article(2000), encoding="utf-8")
        for kb in sizes:
            path = Path(tmp) / f"article-{kb}kb.txt"
            path.write_text(make_article(kb * 1000), encoding="utf-8")
            rows.append({"kb": kb, **measure(path, warm)})
        once, twice = Path(tmp) / "once.txt", Path(tmp) / "twice.txt"
        once.write_text(make_article(17_000), encoding="utf-8")
        twice.write_text(once.read_text(encoding="utf-8") * 2, encoding="utf-8")
        doubled = (measure(once, warm), measure(twice, warm))
        once_kb = once.stat().st_size / 1000
    print("kg extract on long articles (CPU seconds of extraction after the model is loaded; one process)")
    print(f"  {'size':>8}  {'seconds':>8}  {'wall':>7}  {'ms/KB':>7}  {'spaCy alone':>11}  {'peak RSS':>9}  "
          f"{'entities':>8}  {'facts':>6}")
    for r in rows:
        print(f"  {r['kb']:>5} KB  {r['cpu']:8.2f}  {r['wall']:7.2f}  {1000 * r['cpu'] / r['kb']:7.1f}  "
              f"{r['spacy']:9.2f} s  {r['rss_kb'] / 1024:6.0f} MB  {r['entities']:8}  {r['facts']:6}")
    per_kb = [r["cpu"] / r["kb"] for r in rows]
    spread = max(per_kb) / min(per_kb)
    biggest = rows[-1]
    peak = max(r["rss_kb"] for r in rows) / 1024
    ok_time = biggest["kb"] < 1000 or biggest["cpu"] < 10
    print(f"  {biggest['kb']} KB in {biggest['cpu']:.1f} s   (target 1 MB < 10 s)   {'ok' if ok_time else 'MISSED'}")
    print(f"  time per KB, largest / smallest: {spread:.2f}x   (target <= 2x)   {'ok' if spread <= 2 else 'MISSED'}")
    print(f"  peak memory {peak:.0f} MB   (target < 1024 MB)   {'ok' if peak < 1024 else 'MISSED'}")
    ratio = doubled[1]["cpu"] / max(doubled[0]["cpu"], 1e-9)
    print(f"  the same {once_kb:.0f} KB text twice: {doubled[1]['cpu']:.2f} s, once: "
          f"{doubled[0]['cpu']:.2f} s ({ratio:.1f}x; linear is 2x)")
    if args.json:
        print(json.dumps({"rows": rows, "twice": doubled}))
    return 0 if ok_time and spread <= 2 and peak < 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
