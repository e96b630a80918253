"""Serialise a graph: Turtle (deterministic), JSON-LD (compacted with the packaged schema.org context).

Writers write atomically: to a temporary file in the target folder, then rename, so a failure never
leaves a half-written file and never replaces a good one.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.errors import InputError
from kg.namespaces import bind_prefixes
from kg.resources import PACKAGE_DATA_DIR


def context() -> dict:  # type: ignore[type-arg]
    """The JSON-LD context that ships with the package (``kg/data/context.jsonld``); nothing is fetched."""
    with open(PACKAGE_DATA_DIR / "context.jsonld", encoding="utf-8") as fh:
        return json.load(fh)["@context"]


def to_turtle(graph: Graph) -> str:
    """Readable, prefixed Turtle; the same graph always gives the same text (the graph has no blank nodes)."""
    bind_prefixes(graph)
    return graph.serialize(format="turtle")


def to_jsonld(graph: Graph) -> str:
    """JSON-LD compacted with :func:`context`, its nodes sorted by ``@id`` and each property's values
    sorted, so the same graph gives the same text however its triples were added."""
    data = json.loads(graph.serialize(format="json-ld", context=context(), auto_compact=True))
    nodes = data.get("@graph", [])
    if isinstance(nodes, list):
        data["@graph"] = sorted((_sorted_values(n) for n in nodes), key=lambda node: str(node.get("@id", "")))
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted_values(value: Any, key: str = "") -> Any:
    """``value`` with every array of values sorted (JSON-LD arrays are unordered), except ``@list`` arrays."""
    if isinstance(value, dict):
        return {k: _sorted_values(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_values(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    Raises:
        InputError: the folder cannot be made or written (see :func:`write_all_atomic`).
    """
    write_all_atomic({Path(path): text})


def write_all_atomic(files: dict[Path, str]) -> None:
    """Write several files all or nothing: every text goes to a temporary file beside its target
    first, and only when all are written are they renamed over their targets.

    Raises:
        InputError: a folder cannot be made or written (a parent is a file, no permission, disk full...);
            then no target has been replaced.
    """
    umask = os.umask(0)
    os.umask(umask)
    temps: list[tuple[str, Path]] = []
    target: Path | None = None
    try:
        for path, text in files.items():
            target = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; give it the usual permissions
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException as exc:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            why = exc.strerror or str(exc)
            if exc.errno in (errno.EEXIST, errno.ENOTDIR):
                why = "a folder on its path is a file" + (f" ({_blocking_file(target)})" if target else "")
            raise InputError(f"cannot write the file: {why}", path=target, hint=_write_hint(exc)) from None
        raise


def _blocking_file(path: Path) -> str:
    """The first parent of ``path`` that exists and is not a folder (what stops its folders being made)."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return str(parent)
    return "?"


def _write_hint(exc: OSError) -> str:
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "name a path whose folders are folders (or do not exist yet)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "name a path in a folder you may write to"
    if exc.errno == errno.EISDIR:
        return "the path names a folder: add a file name"
    return "name a path in a folder you can write to"
