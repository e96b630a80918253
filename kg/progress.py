"""Progress bars (rich) for long work, shown only on a terminal: piped or redirected output stays quiet.

``KG_PROGRESS=0`` turns them off, ``KG_PROGRESS=1`` forces them on. rich is imported only when a bar is drawn.
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, TypeVar

T = TypeVar("T")
#: files smaller than this load too fast for a bar to help
MIN_BYTES = 4_000_000


def enabled() -> bool:
    """Whether to draw bars: stderr is a terminal (or ``KG_PROGRESS=1``), and not ``KG_PROGRESS=0``."""
    forced = os.environ.get("KG_PROGRESS", "")
    if forced in ("0", "1"):
        return forced == "1"
    return sys.stderr.isatty()


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=True, force_terminal=True if os.environ.get("KG_PROGRESS") == "1" else None)


def _progress() -> Any:
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), DownloadColumn(),
                    TimeRemainingColumn(), console=_console(), transient=True)


class _Reader(io.RawIOBase):
    """A binary file that moves a progress bar as it is read."""

    def __init__(self, fh: BinaryIO, advance: Any) -> None:
        self._fh, self._advance = fh, advance
        self.name = fh.name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._fh.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self._advance(n)
        return n or 0


@contextmanager
def reading(path: Path, description: str) -> Iterator[Path | BinaryIO]:
    """The file to parse: ``path`` itself when no bar is drawn (fastest), else a reader moving a bar."""
    size = Path(path).stat().st_size
    if not enabled() or size < MIN_BYTES:
        yield Path(path)
        return
    with _progress() as progress, open(path, "rb") as fh:
        task = progress.add_task(description, total=size)
        reader = io.BufferedReader(_Reader(fh, lambda n: progress.advance(task, n)), buffer_size=1 << 20)
        yield reader


@contextmanager
def working(description: str, *, size: int = MIN_BYTES) -> Iterator[None]:
    """A spinner with ``description`` while work whose progress cannot be measured runs (e.g. rdflib's parser,
    which reads a whole file before parsing it); nothing for small work (``size`` bytes) or off a terminal."""
    if not enabled() or size < MIN_BYTES:
        yield
        return
    with _console().status(description):
        yield


def track(items: Iterable[T], description: str, *, total: int | None = None, minimum: int = 5) -> Iterator[T]:
    """``items`` one by one, with a bar on a terminal when there are at least ``minimum`` of them."""
    items = list(items) if total is None else items
    count = len(items) if total is None else total  # type: ignore[arg-type]
    if not enabled() or count < minimum:
        yield from items
        return
    from rich.progress import track as rich_track

    yield from rich_track(items, description=description, total=count, console=_console(), transient=True)
