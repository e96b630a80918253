"""Which store: the ``--store`` spec (``memory``, ``oxigraph``, ``oxigraph:DIR``, ``auto``), what ``auto`` picks,
and the checks that keep a persistent store safe (not written while ``kg serve`` reads it, not mistaken for
an empty one). Nothing here opens a store: :mod:`kg.store` does, and imports this module (never the reverse).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, StoreError

#: the named graph holding kg's triples in an Oxigraph store and on a server
KG_GRAPH = "https://w3id.org/kg/graph"
#: above this many triples rdflib's memory store is slow (seconds to load): ``auto`` picks Oxigraph
AUTO_TRIPLES = 100_000
#: Turtle bytes per triple, measured on the seed graph (64) and the synthetic corpora (45): for estimates
TURTLE_BYTES_PER_TRIPLE = 50
@dataclass(frozen=True)
class StoreSpec:
    """A backend: ``kind`` is ``memory``, ``oxigraph`` or ``auto``; ``path`` the folder of a persistent store."""

    kind: str = "auto"
    path: Path | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.path}" if self.path else self.kind


def parse_spec(text: str) -> StoreSpec:
    """``auto``, ``memory``, ``oxigraph`` or ``oxigraph:DIR``.

    Raises:
        InputError: anything else.
    """
    kind, sep, path = text.partition(":")
    if kind in ("auto", "memory", "oxigraph") and not sep:
        return StoreSpec(kind)
    if kind == "oxigraph" and path:
        return StoreSpec("oxigraph", Path(path))
    raise InputError(f"unknown store {text!r}", hint="use memory, oxigraph, oxigraph:DIR or auto")


def estimate_triples(path: Path) -> int:
    """Roughly how many triples the file holds, from its size."""
    return Path(path).stat().st_size // TURTLE_BYTES_PER_TRIPLE


def choose(spec: StoreSpec, *, triples: int) -> StoreSpec:
    """The backend ``auto`` means for a graph of about ``triples`` triples (other specs unchanged)."""
    if spec.kind != "auto":
        return spec
    return StoreSpec("oxigraph") if triples > AUTO_TRIPLES else StoreSpec("memory")


SERVED_MARK = ".kg-serve.pid"


def mark_served(path: Path, pid: int) -> Path:
    """Note in the store's folder that the Oxigraph server ``pid`` reads it (``kg serve`` removes the note)."""
    marker = Path(path) / SERVED_MARK
    marker.write_text(str(pid), encoding="utf-8")
    return marker


def served_by(path: Path) -> int | None:
    """The pid of the Oxigraph server ``kg serve`` runs on this store, if it still runs (a stale note is removed)."""
    marker = Path(path) / SERVED_MARK
    try:
        pid = int(marker.read_text(encoding="utf-8").strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        marker.unlink(missing_ok=True)
        return None
    return pid


def check_writable(spec: StoreSpec) -> None:
    """Refuse to write a persistent store that ``kg serve`` is serving.

    Raises:
        StoreError: the store is being served.
    """
    if spec.path is not None and os.path.lexists(spec.path) and not spec.path.is_dir():
        raise StoreError("an Oxigraph store is a folder, and this is a file", path=spec.path,
                         hint="name a folder (new or holding a store): --store oxigraph:DIR")
    if spec.path is not None and (pid := served_by(spec.path)) is not None:
        raise StoreError(f"kg serve (Oxigraph pid {pid}) is serving this store: writing it now would corrupt "
                         "what the server reads", path=spec.path, hint="stop kg serve (Ctrl-C) first")


def check_readable(spec: StoreSpec, *, loading: bool) -> None:
    """Refuse to read a persistent store that is not there: a mistyped ``oxigraph:DIR`` must not become a
    new, empty store. A folder that does not exist is made only when ``loading`` (a file was named to load
    into it); an existing folder must be empty (it is then filled) or hold an Oxigraph store.

    Raises:
        StoreError: the folder does not exist, is a file, or holds something else than an Oxigraph store.
    """
    if spec.path is None:
        return
    path = spec.path
    if not os.path.lexists(path):
        if loading:
            return
        raise StoreError("no Oxigraph store in this folder: it does not exist", path=path,
                         hint="check the path; make the store with kg build --store oxigraph:DIR, or load a file "
                              "into a new one with --graph FILE --store oxigraph:DIR")
    if not path.is_dir():
        raise StoreError("an Oxigraph store is a folder, and this is a file", path=path,
                         hint="name the folder of a store made by kg build --store oxigraph:DIR")
    entries = [p.name for p in path.iterdir() if p.name != SERVED_MARK]
    if entries and not (path / "CURRENT").is_file():
        raise StoreError("this folder holds files but no Oxigraph store", path=path,
                         hint="name the folder of a store made by kg build --store oxigraph:DIR, or a new folder")
