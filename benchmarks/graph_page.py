"""Benchmark: writing and opening the graph page at 100, 1,000, 5,000 and 20,000 entities.

For each size it reports the time to lay the graph out and write the page (projection excluded: it
depends on the store, not on the page), the file size, the time from navigation to the first fitted
drawing in headless Chromium (Debian's, through Playwright), and frames per second while zooming in and
out with the mouse wheel for two seconds (each frame is one redraw vis-network reports). The graphs are generated film
articles (``tests/browser/corpus.py``) built by the real builder.

    .venv/bin/python benchmarks/graph_page.py [SIZE ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.layout import layout  # noqa: E402
from kg.projection import project  # noqa: E402
from kg.render import render, to_html  # noqa: E402
from kg.screenshot import VIEWPORT, chromium  # noqa: E402
from tests.browser.corpus import corpus  # noqa: E402

SIZES = (100, 1_000, 5_000, 20_000)
#: entities per generated article, about (people recur across articles)
PER_ARTICLE = 8.8

ZOOM = """(seconds) => new Promise((done) => {
  const canvas = document.querySelector("#graph canvas"), box = canvas.getBoundingClientRect();
  let frames = 0, step = 0;
  kg.network.on("afterDrawing", () => { frames += 1; });
  const t0 = performance.now();
  function tick(now) {
    // one wheel notch per frame, as a person zooming; ten in, ten out
    canvas.dispatchEvent(new WheelEvent("wheel", {deltaY: (Math.floor(step / 10) % 2) ? 100 : -100, bubbles: true,
      cancelable: true, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
    step += 1;
    if (now - t0 < seconds * 1000) { requestAnimationFrame(tick); } else { done(frames / ((now - t0) / 1000)); }
  }
  requestAnimationFrame(tick);
})"""


def zoom_fps(tab, seconds: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    """Frames drawn per second while the mouse wheel zooms in and out, one notch a frame."""
    return float(tab.evaluate(ZOOM, seconds))


def measure(size: int, folder: Path, browser) -> dict[str, float]:  # type: ignore[no-untyped-def]
    view = project(corpus(max(1, round(size / PER_ARTICLE))))
    started = time.perf_counter()
    layout(view)
    laid_out = time.perf_counter() - started
    started = time.perf_counter()
    html = to_html(render(view))
    written = time.perf_counter() - started
    page = folder / f"graph-{size}.html"
    page.write_text(html, encoding="utf-8")
    tab = browser.new_page(viewport=VIEWPORT)
    started = time.perf_counter()
    tab.goto(page.as_uri())
    tab.wait_for_function("window.kg && window.kg.ready", timeout=600_000)
    drawn = time.perf_counter() - started
    tab.mouse.move(VIEWPORT["width"] - 400, VIEWPORT["height"] / 2)
    fps = zoom_fps(tab)
    tab.close()
    return {"entities": view.number_of_nodes(), "facts": view.number_of_edges(), "layout_s": laid_out,
            "page_s": written, "mb": len(html.encode("utf-8")) / 1e6, "first_draw_s": drawn, "zoom_fps": fps}


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    sizes = [int(a) for a in argv] or list(SIZES)
    path = chromium()
    if path is None:
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    print("entities  facts   layout s  page s (incl. layout)  MB     first draw s  zoom fps")
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=str(path))
        for size in sizes:
            r = measure(size, Path(tmp), browser)
            print(f"{r['entities']:>8,}  {r['facts']:>6,}  {r['layout_s']:>8.2f}  {r['page_s']:>21.2f}  "
                  f"{r['mb']:>5.1f}  {r['first_draw_s']:>12.2f}  {r['zoom_fps']:>8.1f}", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
