"""A graph file as N-Triples, one triple per line, read back in bounded chunks: what ``kg push`` sends.

:func:`convert` writes any RDF file as N-Triples with Oxigraph's streaming parser and writer (never the whole
graph in memory), which checks the whole file before anything is sent. :func:`chunks` reads that file
back in lists of lines. Lines are bytes and are never parsed again, so a chunk costs no Python work per
triple, except for triples with a blank node: a server reads each request's blank nodes on their own, so
the triples that share one must go in the same request. Those lines are held back and sent last, each
connected group whole.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from kg.errors import InputError

#: ``s p o .`` where ``s`` is ``_:label``, or whose last term is ``_:label`` (a literal's last token holds ``"``)
_BLANK = b"_:"


def _ox_format(path: Path) -> Any:
    import pyoxigraph as ox

    return ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) or ox.RdfFormat.TURTLE


def _bad(path: Path, exc: BaseException) -> InputError:
    return InputError(f"cannot parse the graph: {exc}", path=path, hint="check that the file is valid RDF")


def convert(path: Path, target: Path) -> int:
    """Write the triples of ``path`` (any RDF format, by its extension; the graph names of a dataset are
    dropped) to ``target`` as N-Triples; a bar on a terminal. Returns the number of lines (triples).

    A file with a term larger than Oxigraph's 16 MiB parser buffer (the text of a 17 MB article) is read
    with rdflib instead, which holds it in memory.

    Raises:
        InputError: the file is missing or not valid RDF.
    """
    import pyoxigraph as ox

    from kg.progress import reading

    path = Path(path)
    if not path.is_file():
        raise InputError("graph file not found", path=path, hint="run `kg build` first, or name an existing file")
    try:
        try:
            with reading(path, f"reading {path.name}") as source:
                args = {"path": str(source)} if isinstance(source, Path) else {"input": source}
                fmt = _ox_format(path)
                quads = ox.parse(format=fmt, base_iri=path.resolve().as_uri(), **args)
                if fmt.supports_datasets:  # drop the graph names, one triple at a time in Python
                    quads = (q.triple if isinstance(q, ox.Quad) else q for q in quads)
                # else every quad is in the default graph, which N-Triples writes as is: no Python per triple
                ox.serialize(quads, output=str(target), format=ox.RdfFormat.N_TRIPLES)
        except MemoryError as exc:
            if "buffer" not in str(exc):
                raise
            _rdflib_convert(path, target)
    except (OSError, ValueError, SyntaxError) as exc:
        raise _bad(path, exc) from None
    with open(target, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def _rdflib_convert(path: Path, target: Path) -> None:
    from rdflib import Dataset
    from rdflib.plugins.serializers.nt import _nt_row

    from kg.store import file_format

    dataset = Dataset(default_union=True)
    try:
        dataset.parse(source=str(path), format=file_format(path)[1], publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many types; all mean a file we cannot read
        raise _bad(path, exc) from None
    with open(target, "w", encoding="utf-8") as out:
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            out.write(_nt_row((s, p, o)))


def blank_labels(line: bytes) -> list[bytes]:
    """The blank node labels of one N-Triples line (its subject and object), e.g. ``[b"_:b1"]``."""
    labels = []
    if line.startswith(_BLANK):
        labels.append(line.split(b" ", 1)[0])
    last = line.rstrip().rsplit(b" ", 2)
    if len(last) == 3 and last[1].startswith(_BLANK) and b'"' not in last[1]:
        labels.append(last[1])
    return labels


def chunks(source: BinaryIO, *, size: int) -> Iterator[list[bytes]]:
    """The lines of the N-Triples file ``source`` in lists of ``size``; lines with blank nodes come last,
    grouped so that one connected group is never split (a group may make one list longer)."""
    parent: dict[bytes, bytes] = {}

    def root(label: bytes) -> bytes:
        parent.setdefault(label, label)
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    held: list[tuple[bytes, bytes]] = []
    pending: list[bytes] = []
    while lines := list(itertools.islice(source, size)):
        if not any(_BLANK in line for line in lines):  # the usual case: no line has a blank node
            pending.extend(lines)
        else:
            for line in lines:
                labels = blank_labels(line)
                if not labels:
                    pending.append(line)
                    continue
                first = root(labels[0])
                for other in labels[1:]:
                    parent[root(other)] = first
                held.append((labels[0], line))
        while len(pending) >= size:
            yield pending[:size]
            pending = pending[size:]
    groups: dict[bytes, list[bytes]] = {}
    for label, line in held:
        groups.setdefault(root(label), []).append(line)
    for group in groups.values():
        if pending and len(pending) + len(group) > size:
            yield pending
            pending = []
        pending.extend(group)
    if pending:
        yield pending


def distinct(path: Path) -> int:
    """How many distinct triples the N-Triples file ``path`` holds (a file may repeat one; a server keeps one).

    Raises:
        InputError: the file cannot be read.
    """
    import pyoxigraph as ox

    try:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        return len(store)
    except (OSError, ValueError, SyntaxError, MemoryError):
        with open(path, "rb") as fh:
            return len({hash(line.strip()) for line in fh if line.strip()})
