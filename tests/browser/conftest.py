"""One headless Chromium for the whole session (Debian's, through Playwright: never a downloaded browser),
and a helper that opens a page from disk while recording console errors, dialogs and every request
that tries to leave ``file://`` (those are refused)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import pytest

from kg.screenshot import chromium
from tests.conftest import need

VIEWPORT = {"width": 1400, "height": 900}


@dataclass
class Opened:
    """A page opened from disk, with what it did."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("Playwright (pip install -e '.[test]')", False)
        raise
    path = chromium()
    need("Chromium (apt-get install -y chromium)", path is not None)
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(path))
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Opened]]:
    contexts: list[Any] = []

    def _open(path: Path, *, viewport: dict[str, int] = VIEWPORT, timeout: float = 30_000) -> Opened:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        tab = context.new_page()
        opened = Opened(tab)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                opened.outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        tab.on("request", lambda r: None if r.url.startswith(("file://", "data:")) or r.url in opened.outside
               else opened.outside.append(r.url))
        tab.on("websocket", lambda ws: opened.outside.append(ws.url))
        tab.on("console", lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None)
        tab.on("pageerror", lambda e: opened.errors.append(str(e)))
        tab.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        tab.goto(Path(path).resolve().as_uri())
        tab.wait_for_function("window.kg && window.kg.ready", timeout=timeout)
        return opened

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def review_browser(browser: Any) -> Iterator[Any]:
    """Debian Chromium with the flags of the review tests, from the session's Playwright (one per process)."""
    from tests.browser.review_support import launch

    launched = launch(browser.browser_type)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the draft that `kg extract` writes for the fictional article (do not change it)."""
    from tests.browser.review_support import make_draft

    folder = tmp_path_factory.mktemp("draft")
    make_draft(folder)
    return folder / "data"
