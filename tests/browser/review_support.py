"""What the `kg review` tests share: a fictional article, its draft made by the real `kg extract` in a temporary
folder, the real app started as `kg review` in a subprocess (stopped with Ctrl-C, i.e. SIGINT), and headless
Debian Chromium through Playwright."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

#: a fictional article (no real film, person or page): the extractor finds six facts in it, and takes
#: "Sunny Holt" for another person than "Sunniva Holt"
ARTICLE = """Night Ferry to Lantern Quay Opens the Harbour Festival

"Night Ferry to Lantern Quay" was directed by Odile Marchetti. The film stars Rafe Okonkwo and Sunniva Holt. \
It was shot by Bram Kessler, and the score was composed by Lio Tanaka.

Sunny Holt, as the crew calls the lead actress, spent a winter learning to steer a ferry for the part.
"""


def kg(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real `kg` command line."""
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def make_draft(folder: Path, text: str = ARTICLE, name: str = "lantern-quay") -> Path:
    """``folder/data/annotations/<name>.yaml``, the draft `kg extract` writes for ``text``."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / f"{name}.txt"
    article.write_text(text, encoding="utf-8")
    kg("extract", str(article), "--data", str(folder / "data"), "-q")
    return folder / "data" / "annotations" / f"{name}.yaml"


def copy_data(pristine: Path, target: Path) -> Path:
    """A copy of a data folder made by :func:`make_draft`, for a test to change."""
    shutil.copytree(pristine, target)
    return target


@dataclass
class App:
    """`kg review` running in a subprocess."""

    process: subprocess.Popen[str]
    url: str
    port: int

    def _interrupt(self) -> tuple[str, str]:
        """Ctrl-C (SIGINT), as a person stops it; returns (stdout, stderr). Raises if it does not stop cleanly."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=20)
        assert self.process.returncode == 0, f"kg review exited {self.process.returncode}: {err}"
        return out, err

    def stop(self) -> str:
        """Stop with Ctrl-C; returns what it printed on stdout."""
        return self._interrupt()[0]

    def stop_and_log(self) -> str:
        """Stop with Ctrl-C; returns what it printed on stderr."""
        return self._interrupt()[1]

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                ) -> tuple[int, Any]:
        """A real HTTP request to the app; (status, JSON answer)."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.url.rstrip("/") + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")


def start(*files: Path, cwd: Path | None = None, extra: tuple[str, ...] = ()) -> App:
    """Start `kg review FILES --port 0` and wait for it to print its address."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "review", *map(str, files), "--port", "0", *extra],
                               cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"review page: (http://127\.0\.0\.1:(\d+)/)", line)
        if found:
            return App(process=process, url=found.group(1), port=int(found.group(2)))
    process.kill()
    raise AssertionError(f"kg review did not start: {process.stderr.read() if process.stderr else ''}")


def launch(chromium: Any) -> Any:
    """Headless Debian Chromium (never a downloaded browser); ``chromium`` is Playwright's ``pw.chromium``."""
    return chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)


def open_review(browser: Any, app: App, *, doc: int = 0, viewport: dict[str, int] | None = None) -> Any:
    """A new page on the app, with every request to any other host refused and recorded on ``page.outside``,
    console errors on ``page.errors``, dialogs accepted and recorded on ``page.dialogs``."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
    page = context.new_page()
    page.outside, page.errors, page.dialogs = [], [], []

    def route(r: Any) -> None:
        if r.request.url.startswith(app.url):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.accept()))
    page.goto(app.url + (f"?doc={doc}" if doc else ""))
    page.wait_for_function("() => window.kg && window.kg.ready")
    return page


def select_text(page: Any, start: int, end: int) -> None:
    """Select the article's characters ``start..end`` (code points) with the DOM Selection API, as a mouse would."""
    page.evaluate("""([start, end]) => {
        const article = document.getElementById('article');
        const point = (at) => {
          for (const seg of article.querySelectorAll('[data-start]')) {
            const a = Number(seg.dataset.start), b = Number(seg.dataset.end);
            if (a <= at && at <= b) {
              const node = seg.firstChild, chars = Array.from(node.data);
              return [node, chars.slice(0, at - a).join('').length];
            }
          }
        };
        const [n1, o1] = point(start), [n2, o2] = point(end);
        const range = document.createRange();
        range.setStart(n1, o1); range.setEnd(n2, o2);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", [start, end])
    page.wait_for_selector("#selection:not([hidden])")
