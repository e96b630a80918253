"""``kg review`` in the composer: which drafts to review, the review app served on 127.0.0.1 (the stage
is :mod:`kg.review`), and what a new ``kg extract`` of an article keeps of a review: the facts it rejected
are not proposed again, wherever the new draft is written."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kg.errors import InputError, StoreError
from kg.pipeline.core import annotation_files

if TYPE_CHECKING:  # pragma: no cover
    from kg.annotations import Annotation

HOST = "127.0.0.1"
#: where ``kg build`` and ``kg review`` look by default (relative to the working folder)
DEFAULT_DATA = Path("data")


def reviewed_drafts(article_id: str, places: list[Path]) -> list["Annotation"]:
    """The annotations of article ``article_id`` among the files ``places`` (those that exist, each once)
    that hold a ``rejected:`` list (a draft under review, :mod:`kg.review`).

    Raises:
        InputError, AnnotationError: such a file cannot be read or parsed.
    """
    from kg.annotations import parse_annotation

    found, seen = [], set()
    for path in map(Path, places):
        key = path.resolve()
        if key in seen or not path.is_file():
            continue
        seen.add(key)
        if not re.search(r"^rejected:", path.read_text(encoding="utf-8"), re.MULTILINE):
            continue
        annotation = parse_annotation(path)
        if annotation.article == article_id:
            found.append(annotation)
    return found


def without_rejected(fresh: "Annotation", reviewed: list["Annotation"]) -> "Annotation":
    """``fresh`` (a new draft) without the proposals a review rejected: the same statement (subject, relation,
    object or value) or the same relation and quote as a fact of a ``rejected:`` list of ``reviewed``; those
    lists go with it (``rejected:``), so they are honoured again by the next extract or review of it."""
    import dataclasses

    from kg.extract.draft import fact_key, held_by

    rejected = [f for annotation in reviewed for f in annotation.rejected]
    was_rejected = held_by(rejected)
    facts = tuple(f for f in fresh.facts if not was_rejected(f))
    kept, seen = [], set()
    for fact in (*fresh.rejected, *rejected):
        if (fact_key(fact), fact.quote) not in seen:
            seen.add((fact_key(fact), fact.quote))
            kept.append(fact)
    return dataclasses.replace(fresh, facts=facts, rejected=tuple(kept))


def review_places(article_id: str, target: Path | None) -> list[Path]:
    """Where a draft of ``article_id`` under review may be, for a new draft written to ``target`` (None:
    printed): ``<id>.yaml`` in the annotations folder of ``target``'s data folder, and in ``data/annotations``."""
    places = []
    if target is not None:
        target = Path(target)
        folder = target.parent.parent if target.parent.name == "annotations" else target.parent
        places.append(folder / "annotations" / f"{article_id}.yaml")
    places.append(DEFAULT_DATA / "annotations" / f"{article_id}.yaml")
    return [p for p in places if target is None or p.resolve() != Path(target).resolve()]


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
