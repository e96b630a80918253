"""Benchmark: `kg review` on a draft of 300 drafted facts, in headless Chromium (Debian's, through Playwright).

The draft is made by the real `kg extract` from a generated fictional article (credits of 60 made-up films),
cut to its first 300 facts. The real app runs as `kg review` in a subprocess. Reported: the time from
navigation to the page drawn (article with every quote highlighted, facts listed), and for each action the
time from the key press or click until the page shows the saved result (the request, the checks of
`kg build` on the whole annotation, the atomic write, the redraw), measured inside the page with
`performance.now()`; targets: page under 1 s, each action under 100 ms. Also shown: the app's own part, the
page's redraw, and the time until the browser has laid out and painted the change (the frame after the
redraw: style, layout and paint included).

    .venv/bin/python benchmarks/review.py [--facts N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.review_support import kg, launch, open_review, select_text, start  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ren", "to", "va", "sel", "dor", "an", "bri", "cus", "el", "fen", "gar", "hol",
             "is", "jan", "ku", "lin", "mor", "nes", "ol", "pra", "quin", "ros", "sun", "tal", "ul", "ves", "wyn"]


def word(n: int, parts: int = 2) -> str:
    out = ""
    for _ in range(parts):
        out += SYLLABLES[n % len(SYLLABLES)]
        n //= len(SYLLABLES)
        n += 7
    return out.capitalize()


def article(films: int) -> str:
    """A made-up article: the credits of ``films`` made-up films, five facts each."""
    lines = ["Sixty Films of the Lantern Coast Season\n"]
    for i in range(films):
        title = f"{word(i * 3 + 1)} {word(i * 5 + 2, 3)}"
        people = [f"{word(i * 11 + k * 3 + 100)} {word(i * 13 + k * 7 + 400, 3)}" for k in range(5)]
        lines.append(f'"{title}" was directed by {people[0]}. The film stars {people[1]} and {people[2]}. '
                     f"It was shot by {people[3]}, and the score was composed by {people[4]}.\n")
    return "\n".join(lines)


def make_draft(folder: Path, facts: int) -> Path:
    text = article(max(1, facts // 4))
    source = folder / "lantern-season.txt"
    source.write_text(text, encoding="utf-8")
    kg("extract", str(source), "--data", str(folder / "data"), "-q")
    path = folder / "data" / "annotations" / "lantern-season.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if len(doc["facts"]) < facts:
        raise SystemExit(f"the draft has only {len(doc['facts'])} facts")
    doc["facts"] = doc["facts"][:facts]
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


SERVER: dict[str, list[float]] = {}  # the app's own time for each action (edit, checks, write), ms
DRAW: dict[str, list[float]] = {}  # the page's redraw after the answer, ms
PAINT: dict[str, list[float]] = {}  # from the key press or click until the frame after the redraw, ms
CURRENT = [""]


def timed(page: Any, trigger: Any) -> float:
    """Run ``trigger`` (a key press or click) and wait until the page has saved and redrawn; the in-page time."""
    before = page.evaluate("kg.actions")
    trigger()
    try:
        page.wait_for_function("(n) => window.kg.actions > n && window.kg.paintTimings.length > n", arg=before,
                               timeout=30_000)
    except Exception:
        raise SystemExit(f"the action did not finish; the page says: {page.inner_text('#notice')!r}") from None
    total, server, drawn, painted = page.evaluate(
        "[kg.timings.at(-1), kg.serverTimings.at(-1), kg.renderTimings.at(-1), kg.paintTimings.at(-1)]")
    SERVER.setdefault(CURRENT[0], []).append(float(server))
    DRAW.setdefault(CURRENT[0], []).append(float(drawn))
    PAINT.setdefault(CURRENT[0], []).append(float(painted))
    return float(total)


def bench(facts: int, repeat: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = make_draft(Path(tmp), facts)
        print(f"kg extract of the generated article: {time.perf_counter() - t0:.1f} s", flush=True)
        app = start(path, cwd=Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = launch(pw.chromium)
                page = open_review(browser, app)
                assert page.evaluate("kg.data.state.facts.length") == facts
                opens = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    page.reload()
                    page.wait_for_function("() => window.kg && window.kg.ready")
                    opens.append((time.perf_counter() - t0) * 1000)
                results["open the page (navigation to drawn)"] = opens
                marks = page.evaluate("document.querySelectorAll('#article mark').length")
                print(f"draft: {facts} facts, {page.evaluate('kg.data.state.entities.length')} entities, "
                      f"{len(page.evaluate('kg.data.text'))} characters, {marks} highlighted segments", flush=True)
                rows = page.evaluate("Array.from(document.querySelectorAll('#facts .fact')).map((r) => Number(r.dataset.fact))")
                page.locator(f'.fact[data-fact="{rows[0]}"] .rel').click()
                nexts = []
                for _ in range(repeat):
                    nexts.append(page.evaluate("""() => { const t0 = performance.now();
                        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true}));
                        return performance.now() - t0; }"""))
                results["next fact (j)"] = nexts
                # the floor, side by side: a request to the same uvicorn server that does no work (a static file)
                results["floor: a request that does nothing (GET /static/review.css)"] = [
                    page.evaluate("""async () => { const t0 = performance.now();
                        await (await fetch('/static/review.css', {cache: 'no-store'})).text();
                        return performance.now() - t0; }""") for _ in range(repeat)]
                for name, key in (("accept (a)", "a"), ("reject (r)", "r"), ("undo (u)", "u"), ("redo (Shift+U)", "U")):
                    CURRENT[0] = name
                    results[name] = [timed(page, lambda key=key: page.keyboard.press(key)) for _ in range(repeat)]
                state = page.evaluate("kg.data.state")
                people = [e["id"] for e in state["entities"] if e["type"] == "Person"]
                names = {e["id"]: e["name"] for e in state["entities"]}

                def surname(eid: str) -> str:  # a name of the article's own text, as a split needs
                    return names[eid].split()[-1]

                director = next(i for i, f in enumerate(state["facts"]) if f["relation"] == "director")
                CURRENT[0] = "correct a relation"
                results["correct a relation"] = []
                for k in range(repeat):
                    page.locator(f'.fact[data-fact="{director}"] button.correct').click()
                    page.select_option("#fix-relation", "producer" if k % 2 == 0 else "director")
                    results["correct a relation"].append(timed(page, lambda: page.click("#fix-submit")))
                text = page.evaluate("kg.data.text")
                CURRENT[0] = "add a fact by selection"
                results["add a fact by selection"] = []
                for k in range(repeat):
                    at = text.index("It was shot by", 200 * k)
                    select_text(page, at, at + len("It was shot by"))
                    page.select_option("#add-subject", people[k])
                    page.select_option("#add-kind", "value")
                    page.fill("#add-value", f"role {k}")
                    page.select_option("#add-relation", "occupation")
                    results["add a fact by selection"].append(timed(page, lambda: page.click("#add-submit")))
                for name, action in (
                        ("rename an entity", lambda k: ("rename", {"entity": people[k], "name": f"Renamed {k}"})),
                        ("add an alias", lambda k: ("alias", {"entity": people[k], "alias": f"Alias {k}"})),
                        ("merge two entities", lambda k: ("merge", {"keep": people[2 * k + 20], "other": people[2 * k + 21]})),
                        ("split an entity", lambda k: ("split", {"entity": people[k + 40], "name": surname(people[k + 40])})),
                        ("delete an entity", lambda k: ("delete", {"entity": people[-(k + 1)]}))):
                    results[name] = []
                    CURRENT[0] = name
                    for k in range(repeat):
                        verb, params = action(k)
                        results[name].append(timed(page, lambda: page.evaluate("([v, p]) => { kg.edit(v, p); }",
                                                                              [verb, params])))
                assert page.evaluate("document.getElementById('notice').hidden"), page.inner_text("#notice")
                browser.close()
        finally:
            app.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    results = bench(args.facts, args.repeat)
    print(f"\n| action ({args.facts} drafted facts) | n | median ms | max ms | the app's part, median ms | "
          "the redraw, median ms | painted, median / max ms | target | met |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|---|")
    worst = 0
    for name, values in results.items():
        target = 1000 if name.startswith("open") else 100
        if name.startswith("floor"):
            print(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {max(values):.1f} | - | - | - | - | - |")
            continue
        met = max(values) < target
        worst = worst if met else 1
        server = f"{statistics.median(SERVER[name]):.1f}" if name in SERVER else "-"
        drawn = f"{statistics.median(DRAW[name]):.1f}" if name in DRAW else "-"
        painted = f"{statistics.median(PAINT[name]):.1f} / {max(PAINT[name]):.1f}" if name in PAINT else "-"
        print(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {max(values):.1f} | {server} | {drawn} | "
              f"{painted} | {target} | "
              f"{'yes' if met else 'NO'} |")
    return worst


if __name__ == "__main__":
    sys.exit(main())
