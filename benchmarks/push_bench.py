"""``make bench``: ``kg push`` of a generated 1,000,000-triple graph to Virtuoso and to ``oxigraph serve``, beside
``curl --data-binary`` of the same Turtle file (``--digest`` for Virtuoso), and curl sending the same triples
in kg push's chunks (N-Triples of 50,000 lines, converted and split untimed), in one run.

Each server is a fresh one on 127.0.0.1 (Virtuoso from ``.ci/virtuoso.sh``, or ``$KG_VIRTUOSO_URL``; Oxigraph
from the PyPI ``oxigraph`` program), stopped by its pid at the end. Every run starts from an absent graph
(each run pushes to a graph IRI of its own), so curl's one ``PUT`` and kg's chunks do the same work; the
order alternates (curl, kg, kg, curl, ...), and each run sends a copy of the corpus with IRIs of its own (the
same triples under another ``kgr:`` namespace), so no run finds its terms already stored by an earlier one; an
untimed small ``PUT`` comes first. After each run, curl's as well as kg's, the server's count is
checked: only a run that left every triple counts. Prints a Markdown
table; ``--readme`` writes it into ``benchmarks/README.md`` between its push markers. Target (issue 13):
kg completes, the count matches, and it takes at most 1.5 times curl's time.

    .venv/bin/python benchmarks/push_bench.py [--triples N] [--repeat R] [--readme]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import write  # noqa: E402
from tests import servers  # noqa: E402

BEGIN, END = "<!-- push:begin -->", "<!-- push:end -->"
#: curl's whole-file PUT is given up after this long: Virtuoso has been seen to wait on its own locks with it
#: for more than nine minutes here (its log: "Many lock waits"), and the run counts as failed
CURL_SECONDS = 300


def count(server: servers.Server, graph_iri: str) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                    "default-graph-uri": graph_iri})
    request = urllib.request.Request(f"{server.query_url}?{query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=600) as response:
        return int(response.read().decode().split()[1].strip('"'))


def by_curl(server: servers.Server, path: Path, graph_iri: str) -> float:
    url = server.store_url + "?" + urllib.parse.urlencode({"graph": graph_iri})
    command = ["curl", "-sS", "-f", "--max-time", str(CURL_SECONDS), "-o", "/dev/null", "-X", "PUT",
               "-H", "Content-Type: text/turtle",
               "--data-binary", f"@{path}", url]
    if server.user:
        command[1:1] = ["--digest", "-u", f"{server.user}:{server.password}"]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def chunked(path: Path, size: int = 50_000) -> list[Path]:
    """``path`` as N-Triples in files of ``size`` lines (kg push's default chunk), written untimed: the work kg
    push does before it sends is left out of this baseline, so it is the stricter one for kg."""
    from kg import ntriples

    whole = path.with_suffix(".nt")
    ntriples.convert(path, whole)
    files: list[Path] = []
    with whole.open("rb") as lines:
        for chunk in ntriples.chunks(lines, size=size):  # the very chunks kg push sends, blank nodes kept together
            files.append(path.with_name(f"{path.stem}-{len(files):03d}.nt"))
            files[-1].write_bytes(b"".join(chunk))
    whole.unlink()
    return files


def by_curl_chunks(server: servers.Server, path: Path, graph_iri: str) -> float:
    """curl sending the same triples in kg push's chunks (PUT the first, POST the rest), one request each."""
    files = chunked(path)
    url = server.store_url + "?" + urllib.parse.urlencode({"graph": graph_iri})
    auth = ["--digest", "-u", f"{server.user}:{server.password}"] if server.user else []
    started = time.perf_counter()
    try:
        for i, part in enumerate(files):
            subprocess.run(["curl", "-sS", "-f", *auth, "--max-time", str(CURL_SECONDS), "-o", "/dev/null",
                            "-X", "PUT" if i == 0 else "POST", "-H", "Content-Type: application/n-triples",
                            "--data-binary", f"@{part}", url], check=True)
        return time.perf_counter() - started
    finally:
        for part in files:
            part.unlink()


def by_kg(server: servers.Server, path: Path, graph_iri: str) -> float:
    command = [str(Path(sys.executable).with_name("kg")), "push", server.store_url, "--file", str(path),
               "--graph-iri", graph_iri, "--query-url", server.query_url]
    env = {**os.environ, "KG_PROGRESS": "0"}
    if server.user:
        command += ["--user", server.user]
        env["KG_PASSWORD"] = server.password or ""
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


KGR_PREFIX = "@prefix kgr: <https://w3id.org/kg/id/> ."


def variant(path: Path, tag: str) -> Path:
    """A copy of the corpus ``path`` whose resources are all new IRIs (``kgr:`` moved under ``tag/``), so that a
    run does not find its terms already in the server's dictionary from an earlier run (Virtuoso keeps one
    IRI table for all graphs: a second load of the same terms is about twice as fast)."""
    text = path.read_text(encoding="utf-8")
    if KGR_PREFIX not in text:
        raise SystemExit(f"{path}: no {KGR_PREFIX!r} line to move")
    copy = path.with_name(f"{path.stem}-{tag}{path.suffix}")
    copy.write_text(text.replace(KGR_PREFIX, KGR_PREFIX.replace("/id/>", f"/id/{tag}/>"), 1), encoding="utf-8")
    return copy


def warm(server: servers.Server, folder: Path) -> None:
    """One small untimed ``PUT`` by curl before the runs: a fresh Virtuoso answers its first big ``PUT`` with
    500 ("lock escalation ... fails"), which would cost curl a run and say nothing about either tool."""
    small = folder / "warm.ttl"
    small.write_text("<urn:bench:a> <urn:bench:b> <urn:bench:c> .\n", encoding="utf-8")
    by_curl(server, small, "urn:bench:warm")


class Running:
    """One server from a ``tests.servers`` generator factory, restarted on demand (stopped by its pid)."""

    def __init__(self, make: Callable[[], Iterator[servers.Server]], folder: Path) -> None:
        self.make, self.folder = make, folder
        self.generator = make()
        self.server = next(self.generator)
        warm(self.server, folder)

    def restart(self) -> None:
        """A fresh server after a failed run: Virtuoso goes on waiting on the locks of a whole-file ``PUT``
        that curl gave up on, and every later request would wait behind it."""
        self.close()
        self.generator = self.make()
        self.server = next(self.generator)
        warm(self.server, self.folder)

    def close(self) -> None:
        self.generator.close()


def bench(running: Running, path: Path, triples: int, repeat: int) -> dict[str, object]:
    """Time ``repeat`` runs of each tool and count what each run left on the server.

    A run is *complete* when the server then holds every triple: curl's whole-file ``PUT`` has been seen
    answered 201 by Virtuoso with about an eighth of the triples missing, so curl's count is checked too, and
    only complete runs of either tool are a baseline or a result.
    """
    tools = {"curl": by_curl, "kg": by_kg, "curl-chunks": by_curl_chunks}
    times: dict[str, list[float]] = {tool: [] for tool in tools}
    counts: dict[str, list[int | None]] = {tool: [] for tool in tools}
    name = running.server.name
    for i in range(repeat):
        for tool in (("curl", "kg", "curl-chunks") if i % 2 == 0 else ("curl-chunks", "kg", "curl")):
            iri = f"urn:bench:{tool}:{i}"
            source = variant(path, f"{name}-{tool}-{i}")
            try:
                times[tool].append(tools[tool](running.server, source, iri))
            except subprocess.CalledProcessError as exc:  # the row says so; the other runs go on
                print(f"  {name} {tool} run {i + 1} failed: {exc}; the server is started afresh", file=sys.stderr,
                      flush=True)
                times[tool].append(float("nan"))
                counts[tool].append(None)
                running.restart()
                continue
            finally:
                source.unlink()
            counts[tool].append(count(running.server, iri))
            print(f"  {name} {tool} run {i + 1}: {times[tool][-1]:.1f} s, {counts[tool][-1]:,} of {triples:,} "
                  "triples on the server", file=sys.stderr, flush=True)

    def median(tool: str, complete: bool) -> float:
        """The median time of the runs that answered (and, with ``complete``, left every triple); NaN if none."""
        done = [t for t, n in zip(times[tool], counts[tool])
                if n is not None and (not complete or n == triples)]
        return statistics.median(done) if done else float("nan")

    curl, kg = median("curl", True), median("kg", True)
    chunks = median("curl-chunks", True)
    return {"server": name, "curl": curl, "curl_answered": median("curl", False), "kg": kg, "ratio": kg / curl,
            "curl_chunks": chunks, "ratio_chunks": kg / chunks,
            "count_ok": all(n == triples for n in counts["kg"]),
            "complete": {tool: sum(n == triples for n in runs) for tool, runs in counts.items()},
            "runs": times, "counts": counts}


def cell(time_s: float, stored: int | None, triples: int) -> str:
    """One run for the table: its time, or why it has none, and the share of the triples it left if not all."""
    if stored is None:
        return "failed"
    return f"{time_s:.1f}" if stored == triples else f"{time_s:.1f} ({stored / triples:.1%} stored)"


def met(row: dict[str, object]) -> bool:
    """The target: every kg run complete, and (against curl's complete runs) within 1.5 times curl."""
    return bool(row["count_ok"]) and not math.isnan(row["ratio"]) and row["ratio"] <= 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--readme", action="store_true")
    args = parser.parse_args()
    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-push-bench-") as scratch:
        folder = Path(scratch)
        path = folder / "corpus.ttl"
        triples = write(args.triples, path)
        size = path.stat().st_size
        for make in (servers.virtuoso, lambda: servers.oxigraph(folder / "oxigraph")):
            running = Running(make, folder)
            try:
                rows.append(bench(running, path, triples, args.repeat))
            finally:
                running.close()
    load = os.getloadavg()[0]
    table = [f"Measured {datetime.date.today()} on the {os.cpu_count()}-core development machine (1-minute load "
             f"average {load_before:.1f} at the start, {load:.1f} at the end), {triples:,} triples ({size:,} bytes of "
             f"Turtle), median of {args.repeat} runs each (of the complete ones), from an absent graph:", "",
             "| server | curl --data-binary s (complete runs) | curl s (answered runs) | curl, kg's chunks s "
             "| kg push s | kg / curl | kg / curl chunks | kg count matches | target (<= 1.5) | runs, s |",
             "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for row in rows:
        runs = "; ".join(f"{tool} " + ", ".join(cell(t, n, triples) for t, n in zip(row["runs"][tool],
                                                                                   row["counts"][tool]))
                         for tool in ("curl", "curl-chunks", "kg"))
        ratio = "-" if math.isnan(row["ratio"]) else f"{row['ratio']:.2f}"
        curl = "-" if math.isnan(row["curl"]) else f"{row['curl']:.1f}"
        answered = "-" if math.isnan(row["curl_answered"]) else f"{row['curl_answered']:.1f}"
        chunks = "-" if math.isnan(row["curl_chunks"]) else f"{row['curl_chunks']:.1f}"
        ratio_chunks = "-" if math.isnan(row["ratio_chunks"]) else f"{row['ratio_chunks']:.2f}"
        verdict = ("met" if met(row) else "no complete curl run to compare"
                   if row["count_ok"] and math.isnan(row["curl"]) else "missed")
        table.append(f"| {row['server']} | {curl} | {answered} | {chunks} | {row['kg']:.1f} | {ratio} | "
                     f"{ratio_chunks} | "
                     f"{'yes' if row['count_ok'] else 'NO'} | {verdict} | {runs} |")
    text = "\n".join(table)
    print(text)
    (HERE / "push_results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    if args.readme:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        start, end = body.index(BEGIN) + len(BEGIN), body.index(END)
        readme.write_text(body[:start] + "\n" + text + "\n" + body[end:], encoding="utf-8")
    return 0 if all(met(r) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
