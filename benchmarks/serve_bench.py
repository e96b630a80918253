"""``make bench``: ``kg serve`` against raw ``oxigraph serve-read-only``, side by side in one run, with ApacheBench.

Both serve the same store (a generated graph, 100,000 triples by default) on 127.0.0.1, free ports,
one after the other. For each: a point query from 8 clients (``ab -n 5000 -c 8``); 64 and 256 clients
(``-n 20000``), counting failed and unanswered requests and the memory (RSS of the server's process tree)
before and after; and point queries from 8 clients while a heavy query runs for 30 s (the servers' time
limit is 30 s). Every server is stopped by its pid; the run ends by itself.

    .venv/bin/python benchmarks/serve_bench.py [--triples N] [--json results-serve.json]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: exit {process.returncode}")
        try:
            url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": "ASK {}"})
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    import psutil

    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.NoSuchProcess:
        return 0


def ab(url: str, n: int, c: int) -> dict[str, float]:
    """One ApacheBench run (no keep-alive): requests/s, failures, and latency percentiles in ms."""
    command = ["ab", "-q", "-r", "-s", "60", "-n", str(n), "-c", str(c), "-H", "Accept: application/sparql-results+json",
               url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=600).stdout

    def number(pattern: str) -> float:
        m = re.search(pattern, out, re.M)
        return float(m.group(1)) if m else float("nan")

    return {"rps": number(r"^Requests per second:\s+([\d.]+)"), "complete": number(r"^Complete requests:\s+(\d+)"),
            "failed": number(r"^Failed requests:\s+(\d+)"), "non2xx": number(r"^Non-2xx responses:\s+(\d+)") if
            "Non-2xx" in out else 0.0, "p50": number(r"^\s+50%\s+(\d+)"), "p99": number(r"^\s+99%\s+(\d+)"),
            "max": number(r"^\s+100%\s+(\d+)"), "n": n, "c": c}


def heavy_in_background(base: str) -> tuple[threading.Thread, dict[str, object]]:
    seen: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        request = urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode({"query": HEAVY}),
                                         headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                seen["status"] = response.status
        except urllib.error.HTTPError as exc:
            seen["status"] = exc.code
        except OSError as exc:
            seen["status"] = str(exc)
        seen["seconds"] = round(time.monotonic() - started, 1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, seen


class Server:
    """A server started by its command, its stderr kept; restarted if it dies between runs (noted)."""

    def __init__(self, command: list[str], port: int, log: Path) -> None:
        self.command, self.port, self.log, self.deaths = command, port, log, []  # type: ignore[var-annotated]
        self.start()

    def start(self) -> None:
        with open(self.log, "ab") as err:
            self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        wait_for(self.port, self.process)

    def check(self, run: str) -> bool:
        """Whether the server lived through ``run``; if not, it is noted and started again."""
        if self.process.poll() is None:
            return True
        self.deaths.append(f"exited with {self.process.returncode} during {run}")
        self.start()
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def measure(name: str, command: list[str], port: int, point: str, log: Path) -> dict[str, object]:
    print(f"-- {name}: {' '.join(command)}", flush=True)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/query?" + urllib.parse.urlencode({"query": point})
    out: dict[str, object] = {"name": name}
    server = Server(command, port, log)
    try:
        ab(url, 500, 8)  # warm up
        out["c8"] = ab(url, 5000, 8)
        out["c8"]["alive"] = server.check("8 clients")  # type: ignore[index]
        print(f"   8 clients: {out['c8']}", flush=True)
        for c in (64, 256):
            before = tree_rss(server.process.pid)
            run = ab(url, 20000, c)
            run["rss_before_mb"], run["rss_after_mb"] = before / 2**20, tree_rss(server.process.pid) / 2**20
            run["alive"] = server.check(f"{c} clients")
            out[f"c{c}"] = run
            print(f"   {c} clients: {run}", flush=True)
        thread, seen = heavy_in_background(base)
        time.sleep(1)
        during = ab(url, 3000, 8)
        thread.join(120)
        during["heavy"] = dict(seen)
        during["alive"] = server.check("the heavy query")
        out["heavy"] = during
        print(f"   during a heavy query: {during}", flush=True)
    finally:
        server.stop()
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    out["deaths"] = server.deaths
    out["thread_spawn_errors"] = text.count("thread spawn error")
    return out


def table(results: list[dict[str, object]], triples: int, load_before: float) -> str:
    kg, raw = results
    def cell(r: dict, key: str, field: str) -> str:  # type: ignore[type-arg]
        value = r[key][field]
        return f"{value:,.0f}" if isinstance(value, float) else str(value)
    lines = [f"{datetime.date.today()}, {triples:,} triples, point query, ab without keep-alive, "
             f"{os.cpu_count()} cores shared with other jobs (1-minute load average {load_before:.1f} before, "
             f"{os.getloadavg()[0]:.1f} after).", "",
             "| run | server | req/s | p50 ms | p99 ms | max ms | failed | non-2xx | RSS before → after MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for key, label in (("c8", "8 clients, 5,000"), ("c64", "64 clients, 20,000"), ("c256", "256 clients, 20,000"),
                       ("heavy", "8 clients, 3,000, during a 30-s query")):
        for r in (kg, raw):
            run = r[key]
            rss = (f"{run['rss_before_mb']:.0f} → {run['rss_after_mb']:.0f}" if "rss_before_mb" in run else
                   f"heavy query: HTTP {run['heavy'].get('status')} after {run['heavy'].get('seconds')} s"
                   if "heavy" in run else "")
            rss += "" if run.get("alive", True) else " (the server died)"
            failed = run["failed"] + (run["n"] - run["complete"])
            lines.append(f"| {label} | {r['name']} | {cell(r, key, 'rps')} | {cell(r, key, 'p50')} | "
                         f"{cell(r, key, 'p99')} | {cell(r, key, 'max')} | {failed:.0f} | {run['non2xx']:.0f} | {rss} |")
    ratio = kg["c8"]["rps"] / raw["c8"]["rps"]
    lines += ["", f"kg serve / raw oxigraph at 8 clients: {ratio:.2f} of the requests/s."]
    for r in (kg, raw):
        if r["deaths"] or r["thread_spawn_errors"]:
            lines.append(f"{r['name']}: {'; '.join(r['deaths']) or 'stayed up'}; "
                         f"{r['thread_spawn_errors']} 'thread spawn error' lines on its stderr.")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if not shutil.which("ab"):
        print("ab (Debian apache2-utils) is not installed: skipped")
        return 0
    import generate
    import pyoxigraph as ox

    from kg import store
    from kg.serve import executable

    load_before = os.getloadavg()[0]
    print(f"1-minute load average before the run: {load_before:.2f}", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-serve-"))
    try:
        ttl = scratch / "graph.ttl"
        generate.write(args.triples, ttl)
        db = scratch / "db"
        graph = store.fill(store.StoreSpec("oxigraph", db), ttl)
        subject = next(iter(store.ox_store(graph).query(
            "SELECT ?s WHERE { GRAPH ?g { ?s <http://schema.org/name> ?n } } ORDER BY ?s LIMIT 1")))[0]  # type: ignore[index]
        store.close(graph)
        point = f"SELECT ?name WHERE {{ {subject} <http://schema.org/name> ?name }}"
        del ox
        kg_port, raw_port = free_port(), free_port()
        kg_cmd = [sys.executable, "-m", "kg.cli", "serve", "--port", str(kg_port), "--store", f"oxigraph:{db}",
                  "--timeout", "30"]
        raw_cmd = [executable(), "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{raw_port}",
                   "--union-default-graph", "--timeout-s", "30"]
        results = [measure("kg serve", kg_cmd, kg_port, point, scratch / "kg.log"),
                   measure("raw oxigraph", raw_cmd, raw_port, point, scratch / "raw.log")]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print()
    print(table(results, args.triples, load_before))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
