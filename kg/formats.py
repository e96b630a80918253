"""Every export format by name and file extension; the text of each made before anything is written.

=========  ============  ===========================================================================
format     extension     what it holds
=========  ============  ===========================================================================
turtle     .ttl          the whole graph (as ``out/graph.ttl``)
ntriples   .nt           the whole graph, one triple a line, lines sorted
jsonld     .jsonld       the whole graph, compacted with the packaged context (as ``out/graph.jsonld``)
trig       .trig         one named graph per article, entity descriptions in the default graph (:mod:`kg.trig`)
graphml    .graphml      entities and facts with their attributes (:mod:`kg.network`)
gexf       .gexf         the same, for Gephi
csv        a folder      ``nodes.csv`` and ``edges.csv`` in the folder ``-o`` names
=========  ============  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError

EXTENSIONS: dict[str, str] = {".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".jsonld": "jsonld",
                              ".trig": "trig", ".graphml": "graphml", ".gexf": "gexf"}
FORMATS = ("turtle", "ntriples", "jsonld", "trig", "graphml", "gexf", "csv")


def to_ntriples(graph: Graph) -> str:
    """N-Triples with the lines sorted, so the same graph always gives the same text."""
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def _texts(fmt: str) -> Callable[[Graph], dict[str, str]]:
    from kg import export, network, trig

    single: dict[str, Callable[[Graph], str]] = {
        "turtle": export.to_turtle, "ntriples": to_ntriples, "jsonld": export.to_jsonld, "trig": trig.to_trig,
        "graphml": network.to_graphml, "gexf": network.to_gexf}
    if fmt == "csv":
        return network.to_csv
    return lambda graph: {"": single[fmt](graph)}


def _is_folder(path: str | Path) -> bool:
    return Path(path).is_dir() or str(path).endswith(("/", "\\"))


def _extension(fmt: str) -> str:
    return next(ext for ext, name in EXTENSIONS.items() if name == fmt)


def guess_format(path: str | Path) -> str:
    """The format for ``path``: by its extension; a folder (existing, or written with a final ``/``) is CSV.

    Raises:
        InputError: an extension no format has.
    """
    if _is_folder(path):
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix == ".csv":
        raise InputError("CSV export is two files, nodes.csv and edges.csv: give a folder, not a .csv file",
                         path=path, hint="e.g. kg export --format csv -o out/csv")
    raise InputError(f"cannot tell the format from the name {Path(path).name!r}", path=path,
                     hint="use --format, or one of the extensions " + ", ".join(sorted(set(EXTENSIONS))))


def targets(path: str | Path, fmt: str | None = None) -> tuple[str, list[Path]]:
    """The format and the files an export to ``path`` writes.

    Raises:
        InputError: an unknown format, a name that does not fit it (see :func:`guess_format`).
    """
    fmt = (fmt or guess_format(path)).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    folder, path = _is_folder(path), Path(path)
    if fmt != "csv" and folder:
        raise InputError(f"{fmt} export is one file, and -o names a folder", path=path,
                         hint=f"name the file, e.g. -o {path / ('graph' + _extension(fmt))}")
    if fmt == "csv":
        if path.suffix.lower() == ".csv" or path.is_file():
            raise InputError("CSV export is two files, nodes.csv and edges.csv: -o names their folder",
                             path=path, hint="e.g. kg export --format csv -o out/csv")
        return fmt, [path / "nodes.csv", path / "edges.csv"]
    return fmt, [path]


def render(graph: Graph, path: str | Path, fmt: str | None = None) -> dict[Path, str]:
    """The text of every file an export of ``graph`` to ``path`` writes, by file.

    Raises:
        InputError: see :func:`targets`.
    """
    fmt, files = targets(path, fmt)
    texts = _texts(fmt)(graph)
    if fmt == "csv":
        return {file: texts[file.name] for file in files}
    return {files[0]: texts[""]}
