"""``kg review`` in the composer: which drafts to review, and the review app served on 127.0.0.1 (the stage
is :mod:`kg.review`)."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from kg.errors import InputError, StoreError
from kg.pipeline.core import annotation_files

HOST = "127.0.0.1"


def review_files(paths: list[Path], *, data_dir: Path) -> list[Path]:
    """The annotation files to review: ``paths``, else every draft (``method: automatic``) of
    ``data_dir/annotations``, sorted.

    Raises:
        InputError: a named file does not exist, or the data folder holds no draft.
    """
    if paths:
        for path in paths:
            if not Path(path).is_file():
                raise InputError("annotation file not found", path=path, hint="name a draft written by `kg extract`")
        return [Path(p) for p in paths]
    drafts = [p for p in annotation_files(data_dir)
              if re.search(r"^method:\s*automatic\s*$", p.read_text(encoding="utf-8"), re.MULTILINE)]
    if not drafts:
        raise InputError("no draft to review (every annotation is curated)", path=Path(data_dir) / "annotations",
                         hint="run `kg extract ARTICLE --data DIR` first, or name a file: kg review FILE.yaml")
    return drafts


@dataclass
class ReviewServer:
    """The review app bound to its socket; :meth:`run` serves until Ctrl-C (or :meth:`stop`)."""

    url: str
    files: list[Path]
    server: Any
    sock: socket.socket

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM; uvicorn finishes the request in hand, then stops (every change
        was saved when it was made)."""
        import signal

        def interrupt(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        # uvicorn handles the signal, shuts down, then raises it again with the handler it found: this one
        signal.signal(signal.SIGTERM, interrupt)
        signal.signal(signal.SIGINT, interrupt)
        try:
            self.server.run(sockets=[self.sock])
        except KeyboardInterrupt:
            pass
        finally:
            self.sock.close()

    def stop(self) -> None:
        """Ask the server to stop (from another thread)."""
        self.server.should_exit = True


def review(paths: list[Path], *, data_dir: Path, port: int = 0,
           on_refuse: Callable[[str], None] | None = None) -> ReviewServer:
    """The review app for ``paths`` (see :func:`review_files`) bound to ``127.0.0.1:port`` (0: a free port);
    ``on_refuse`` is told of each request refused (another Host or Origin).

    Raises:
        InputError, AnnotationError: no draft, or a draft that cannot be read or does not check.
        StoreError: the port cannot be bound.
    """
    import uvicorn

    from kg.review.app import create_app

    files = review_files(paths, data_dir=data_dir)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
        sock.listen(128)  # connections wait in the backlog until uvicorn has started: the printed address works at once
    except OSError as exc:
        sock.close()
        raise StoreError(f"cannot listen on {HOST}:{port}: {exc.strerror}", hint="choose another --port, or 0") from None
    bound = sock.getsockname()[1]
    try:
        app = create_app(files, port=bound, on_refuse=on_refuse)
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return ReviewServer(url=f"http://{HOST}:{bound}/", files=files, server=uvicorn.Server(config), sock=sock)
