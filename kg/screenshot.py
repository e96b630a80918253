"""A PNG of a graph page, taken by headless Chromium (Debian's ``chromium``, driven by Playwright).

``python -m kg.screenshot out/graph.html out/graph.png`` (``make screenshot``) makes the README's picture.
No browser is ever downloaded: Playwright drives the system's Chromium, and the page is opened from disk
with every request beyond ``file://`` refused.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from kg.errors import InputError, KgError

#: where Debian and Ubuntu put Chromium; ``$PATH`` is searched after it
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1400, "height": 900}


def chromium() -> Path | None:
    """The system's Chromium, if it is installed."""
    if CHROMIUM.is_file():
        return CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def screenshot(page: Path, png: Path, *, width: int = VIEWPORT["width"], height: int = VIEWPORT["height"]) -> Path:
    """Open ``page`` in headless Chromium, wait until the graph is drawn and fitted, and save ``png``.

    Raises:
        InputError: ``page`` is missing, Chromium or Playwright is not installed, or the page does not draw
            (it logs an error, or asks for anything beyond ``file://``).
    """
    page, png = Path(page).resolve(), Path(png)
    if not page.is_file():
        raise InputError("page not found", path=page, hint="run `make run` (or kg build) first")
    browser_path = chromium()
    if browser_path is None:
        raise InputError("Chromium is not installed", hint="apt-get install -y chromium (as .ci/run does)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise InputError("Playwright is not installed", hint='pip install -e ".[test]"') from None
    problems: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(browser_path))
            try:
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)

                def only_files(route: Any) -> None:
                    if route.request.url.startswith("file://"):
                        route.continue_()
                    else:
                        problems.append(f"request to {route.request.url}")
                        route.abort()

                context.route("**/*", only_files)
                tab = context.new_page()
                tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                tab.on("pageerror", lambda e: problems.append(str(e)))
                tab.goto(page.as_uri())
                tab.wait_for_function("window.kg && window.kg.ready", timeout=60_000)
                tab.wait_for_timeout(200)
                png.parent.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(png))
            finally:
                browser.close()
    except Error as exc:
        raise InputError(f"Chromium could not draw the page: {exc.message.splitlines()[0]}", path=page,
                         hint="open the page in a browser and look at its console") from None
    if problems:
        raise InputError(f"the page reported problems: {'; '.join(problems)}", path=page,
                         hint="open the page in a browser and look at its console")
    return png


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.screenshot PAGE.html OUT.png``: 0 when written, 2 with a message when not."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m kg.screenshot PAGE.html OUT.png", file=sys.stderr)
        return 2
    try:
        out = screenshot(Path(args[0]), Path(args[1]))
    except KgError as exc:
        print(f"kg.screenshot: error: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
