"""``out/`` is one unit (issue 14): a reader sees one whole build, all old or all new, whatever kills the build.

* Real ``kg build`` subprocesses are killed with SIGKILL at random instants (fixed seed): a third anywhere
  in the build, a third just after its staging folder appears, a third just after the swap; after each
  kill ``out/`` holds exactly one whole build, and the next build removes what the killed one left.
* A loop of publications (the same code ``kg build`` runs, many per second) is killed at a hundred random
  instants, to hit the swap itself.
* Two builds started together both succeed (the second waits, and says so) and ``out/`` is one of them.
* With ``--store oxigraph:DIR``, an article above Oxigraph's 16 MiB parser buffer is stored, and a store
  that cannot be opened leaves ``out/`` untouched.

The builds use a tiny data folder: what is checked does not depend on the size of the graph.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg import pipeline

ARTICLE = "Moonrise is a short film directed by Jane Doe.\n"
ANNOTATION = """article: tiny
method: curated
entities:
  - {id: jane-doe, type: Person, name: Jane Doe%s}
  - {id: moonrise, type: ShortFilm, name: Moonrise, quote: "Moonrise is a short film"}
facts:
  - {subject: moonrise, relation: director, object: jane-doe, quote: "directed by Jane Doe"}
"""
KG = [sys.executable, "-m", "kg.cli"]
CARRIED = {"graph.png": b"not built by kg build: kept across builds\n"}


def make_data(folder: Path, version: str) -> Path:
    """A tiny data folder; versions differ in an alias, so every output file differs."""
    (folder / "articles").mkdir(parents=True)
    (folder / "annotations").mkdir()
    (folder / "articles" / "tiny.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "articles" / "tiny.meta.yaml").write_text("title: A tiny article\npublisher: Nobody\n", encoding="utf-8")
    alias = ", aliases: [Doe]" if version == "b" else ""
    (folder / "annotations" / "tiny.yaml").write_text(ANNOTATION % alias, encoding="utf-8")
    return folder


def expected(data: Path) -> dict[str, bytes]:
    files = {name: text.encode("utf-8") for name, text in pipeline.outputs(pipeline.build_graph(data)).items()}
    return {**files, **CARRIED}


def contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.kg-") and
                  not p.name.endswith("kg-lock"))


@pytest.fixture()
def two_builds(tmp_path: Path) -> tuple[Path, dict[str, dict[str, bytes]], Path]:
    data = {v: make_data(tmp_path / f"data-{v}", v) for v in "ab"}
    builds = {v: expected(d) for v, d in data.items()}
    assert builds["a"]["graph.ttl"] != builds["b"]["graph.ttl"]
    assert builds["a"]["graph.html"] != builds["b"]["graph.html"]
    out = tmp_path / "work" / "out"
    out.mkdir(parents=True)
    pipeline.build(data["a"], out)
    for name, body in CARRIED.items():
        (out / name).write_bytes(body)
    assert contents(out) == builds["a"]
    return out, builds, tmp_path


def which(out: Path, builds: dict[str, dict[str, bytes]]) -> str:
    now = contents(out)
    for version, files in builds.items():
        if now == files:
            return version
    raise AssertionError(f"out/ is no whole build: {sorted(now)}")


def wait_for(condition, process: subprocess.Popen, seconds: float = 120) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Poll ``condition`` every millisecond until it holds, the process ends, or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not condition() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)


def test_kill_9_at_random_instants_of_kg_build_leaves_one_whole_build(two_builds) -> None:  # type: ignore[no-untyped-def]
    out, builds, tmp = two_builds
    rng = random.Random(14)
    started = time.monotonic()
    subprocess.run([*KG, "build", "--data", str(tmp / "data-b"), "--out", str(out), "-q"], check=True,
                   capture_output=True, cwd=tmp)
    whole = time.monotonic() - started  # how long one build takes here
    state, seen, tries = "b", set(), 9
    for attempt in range(tries):
        target = "a" if state == "b" else "b"
        process = subprocess.Popen([*KG, "build", "--data", str(tmp / f"data-{target}"), "--out", str(out), "-q"],
                                   cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        mode = attempt % 3
        if mode == 0:  # at any instant of the build
            time.sleep(rng.uniform(0.0, whole * 1.2))
        elif mode == 1:  # as it publishes: once its staging folder exists, within a few milliseconds
            wait_for(lambda: bool(leftovers(out)), process)
            time.sleep(rng.uniform(0.0, 0.02))
        else:  # just after the swap, while the old build is deleted and the lock let go
            inode = out.stat().st_ino
            wait_for(lambda: out.stat().st_ino != inode, process)
            time.sleep(rng.uniform(0.0, 0.005))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = which(out, builds)
        seen.add(state)
        assert not [p for p in out.iterdir() if p.name not in builds[state]], "stray files in out/"
    assert seen == {"a", "b"}, "no kill landed after a publication"
    (out / ".graph.ttl.k3x9q.tmp").write_text("what kg before kg.publish left when killed", encoding="utf-8")
    result = subprocess.run([*KG, "build", "--data", str(tmp / "data-a"), "--out", str(out), "-q"],
                            capture_output=True, text=True, cwd=tmp)
    assert result.returncode == 0, result.stderr
    assert which(out, builds) == "a"
    assert leftovers(out) == [], "the next build removes what the killed builds left"


PUBLISH_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kg import publish
    out, versions = Path(sys.argv[1]), [dict(zip(["graph.ttl", "graph.jsonld", "graph.html"], [v * 20000] * 3))
                                         for v in ("old\\n", "new\\n")]
    i = 1 if (out / "graph.ttl").read_text().startswith("old") else 0  # first publish the other version
    first = True
    while True:
        with publish.locked(out):
            publish.clean_leftovers(out)
            staging = publish.stage(out, versions[i % 2])
            publish.swap(out, staging)
        if first:
            print("ready", flush=True)  # one publication done: the kill comes during the next ones
            first = False
        i += 1
""")


def test_a_hundred_kills_during_back_to_back_publications_never_mix_two_builds(tmp_path: Path) -> None:
    from kg import publish

    out = tmp_path / "out"
    old = {n: "old\n" * 20000 for n in ("graph.ttl", "graph.jsonld", "graph.html")}
    new = {n: "new\n" * 20000 for n in old}
    with publish.locked(out):
        publish.swap(out, publish.stage(out, old))
    (out / "graph.png").write_bytes(b"png")
    wholes = [{**{k: v.encode() for k, v in files.items()}, "graph.png": b"png"} for files in (old, new)]
    rng = random.Random(1414)
    kills, seen = 100, set()
    process = None
    for _ in range(kills):
        process = subprocess.Popen([sys.executable, "-c", PUBLISH_LOOP, str(out)], stdout=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.03))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = contents(out)
        assert now in wholes, f"a mixed or partial out/: {sorted((k, v[:4]) for k, v in now.items())}"
        seen.add(wholes.index(now))
    assert seen == {0, 1}
    with publish.locked(out):
        publish.clean_leftovers(out)
    assert leftovers(out) == []


def test_two_builds_at_once_both_succeed_one_after_the_other(two_builds) -> None:  # type: ignore[no-untyped-def]
    out, builds, tmp = two_builds
    runs = {}
    for version in ("b", "a"):
        runs[version] = subprocess.Popen([*KG, "build", "--data", str(tmp / f"data-{version}"), "--out", str(out), "-q"],
                                         cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.3)
    results = {v: (r.wait(timeout=180), *r.communicate()) for v, r in runs.items()}
    assert [code for code, _, _ in results.values()] == [0, 0], results
    waited = [v for v, (_, _, err) in results.items() if "another kg build is writing" in err and "waiting" in err]
    assert len(waited) == 1, results  # the two overlapped: one held the lock, the other waited for it
    assert which(out, builds) == waited[0], "the build that waited publishes last, whole"
    assert leftovers(out) == []


def test_a_store_that_cannot_be_opened_leaves_out_untouched(two_builds) -> None:  # type: ignore[no-untyped-def]
    from kg.errors import KgError

    out, builds, tmp = two_builds
    store = tmp / "store-is-a-file"
    store.write_text("not a store", encoding="utf-8")
    from kg.store import parse_spec

    with pytest.raises(KgError):
        pipeline.build(tmp / "data-b", out, store=parse_spec(f"oxigraph:{store}"))
    assert which(out, builds) == "a"
    assert leftovers(out) == []


def test_an_article_above_16_mib_goes_into_an_oxigraph_store(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", "a")
    text = ARTICLE + ("lorem ipsum dolor sit amet " * 40 + "\n") * 16_000  # 17.3 MB
    (data / "articles" / "tiny.txt").write_text(text, encoding="utf-8")
    assert len(text.encode()) > 16 * 1024 * 1024
    store, out = tmp_path / "store", tmp_path / "out"
    result = subprocess.run([*KG, "build", "--data", str(data), "--out", str(out), "--store", f"oxigraph:{store}", "-q"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    answer = subprocess.run([*KG, "query", "directors", "--store", f"oxigraph:{store}", "-f", "csv"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert answer.stdout.splitlines() == ["work,director", "Moonrise,Jane Doe"], answer.stderr
    assert sorted(os.listdir(out)) == ["graph.html", "graph.jsonld", "graph.ttl"]
