"""Where the graph lives: rdflib's memory store, or Oxigraph (in memory or in a folder) through oxrdflib.

Every backend is an rdflib :class:`~rdflib.Graph`, so the rest of ``kg`` uses one API. Choose with
``--store``:

* ``memory``: rdflib's in-memory store, the default for the seed and small graphs;
* ``oxigraph``: an in-memory Oxigraph store (fast loading, querying and Turtle export);
* ``oxigraph:DIR``: a persistent Oxigraph store in the folder ``DIR``, opened again without reloading;
* ``auto`` (the default): ``memory``, or ``oxigraph`` for a file of more than about 100,000 triples,
  where rdflib's store takes seconds to load (2.6 s here, Oxigraph 0.23 s; see ``benchmarks/README.md``).

In an Oxigraph store ``kg``'s triples sit in the named graph :data:`KG_GRAPH` (the graph ``kg push``
writes on a server), which the queries use as their default graph. Files are read and written with
Oxigraph's own parsers and writers (oxrdflib's ``ox-turtle`` etc.): rdflib's would be 10 to 50 times slower.

The spec and the safety checks of a persistent store are in :mod:`kg.storespec` (re-exported here).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Graph, URIRef

from kg.errors import InputError, StoreError
from kg.namespaces import PREFIXES, bind_prefixes
from kg.storespec import (AUTO_TRIPLES, KG_GRAPH, SERVED_MARK, TURTLE_BYTES_PER_TRIPLE, StoreSpec,  # noqa: F401
                          check_readable, check_writable, choose, estimate_triples, mark_served, parse_spec,
                          served_by)

#: file extension -> Oxigraph format name (``ox-<name>`` in rdflib) and rdflib's own format
FORMATS = {".ttl": ("turtle", "turtle"), ".nt": ("ntriples", "nt"), ".nq": ("nquads", "nquads"),
           ".trig": ("trig", "trig"), ".jsonld": ("json-ld", "json-ld"), ".json": ("json-ld", "json-ld"),
           ".rdf": ("xml", "xml"), ".xml": ("xml", "xml"), ".owl": ("xml", "xml"), ".n3": ("n3", "n3")}

from kg.engine import is_oxigraph  # noqa: E402 - one test for both modules


def ox_store(graph: Graph) -> Any:
    """The ``pyoxigraph.Store`` behind an Oxigraph-backed graph (oxrdflib's ``_inner``)."""
    return graph.store._inner  # type: ignore[attr-defined]


def _wrap(store: Any) -> Graph:
    from oxrdflib import OxigraphStore

    graph = Graph(store=OxigraphStore(store=store), identifier=URIRef(KG_GRAPH))
    bind_prefixes(graph)
    return graph


def new_graph(spec: StoreSpec = StoreSpec("memory"), *, read_only: bool = False) -> Graph:
    """An empty graph (or, for ``oxigraph:DIR``, the graph already in that folder) with our prefixes.

    Raises:
        StoreError: the folder cannot be opened (in use by another process, not an Oxigraph store).
    """
    if spec.kind in ("memory", "auto"):
        from kg.build import new_graph as memory_graph

        return memory_graph()
    import pyoxigraph as ox

    if spec.path is None:
        return _wrap(ox.Store())
    try:
        if read_only:
            return _wrap(ox.Store.read_only(str(spec.path)))
        check_writable(spec)
        spec.path.mkdir(parents=True, exist_ok=True)
        return _wrap(ox.Store(str(spec.path)))
    except OSError as exc:
        raise StoreError(f"cannot open the Oxigraph store: {exc}", path=spec.path,
                         hint="another kg or oxigraph process may be writing it; stop it, or use another folder"
                         ) from None


def holds_graph(spec: StoreSpec) -> bool:
    """Whether the persistent store ``spec`` exists and holds kg's graph."""
    if spec.path is None or not (spec.path / "CURRENT").is_file():
        return False
    import pyoxigraph as ox

    graph = new_graph(spec, read_only=True)
    return bool(ox_store(graph).contains_named_graph(ox.NamedNode(KG_GRAPH)))


def file_format(path: Path) -> tuple[str, str]:
    """(Oxigraph format name, rdflib format name) of a graph file, from its extension (Turtle if unknown)."""
    return FORMATS.get(Path(path).suffix.lower(), ("turtle", "turtle"))


def load_file(graph: Graph, path: Path) -> Graph:
    """Add the triples of the file ``path`` to ``graph``, with a progress bar on a terminal.

    Raises:
        InputError: the file is missing or cannot be parsed.
    """
    from kg.progress import reading, working

    path = Path(path)
    if not path.is_file():
        raise InputError("graph file not found", path=path, hint="run `kg build` first, or name an existing file")
    ox_name, rdflib_name = file_format(path)
    try:
        if is_oxigraph(graph):
            with reading(path, f"loading {path.name}") as source:
                _ox_load(graph, source, ox_name, path)
        else:
            with working(f"parsing {path.name} with rdflib",
                         size=path.stat().st_size):
                graph.parse(source=path, format=rdflib_name, publicID=path.resolve().as_uri())
    except Exception as exc:  # both engines' parsers raise many types; all mean a file we cannot read
        raise InputError(f"cannot parse the graph: {exc}", path=path, hint="check that the file is valid RDF") from None
    return graph


def _ox_load(graph: Graph, source: BinaryIO | Path, ox_name: str, path: Path) -> None:
    import pyoxigraph as ox

    fmt = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
           "n3": ox.RdfFormat.N3}[ox_name]
    store = ox_store(graph)
    args: dict[str, Any] = {"format": fmt, "base_iri": path.resolve().as_uri(), "to_graph": ox.NamedNode(KG_GRAPH)}
    if isinstance(source, Path):
        args["path"] = str(source)
    else:
        args["input"] = source
    store.load(**args)


def media_type(path: Path) -> str:
    """The media type of a graph file, from its extension (Turtle if unknown)."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".").lower()) or ox.RdfFormat.TURTLE
    return str(fmt.media_type)


def copy(graph: Graph, spec: StoreSpec) -> Graph:
    """``graph`` (in rdflib's store) copied into a new in-memory Oxigraph store."""
    import pyoxigraph as ox

    target = new_graph(spec)
    ox_store(target).load(turtle_bytes(graph), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(KG_GRAPH))
    return target


def turtle_bytes(graph: Graph) -> bytes:
    """The graph as Turtle with our prefixes: Oxigraph's writer for an Oxigraph store, else :func:`kg.export.to_turtle`."""
    if is_oxigraph(graph):
        import pyoxigraph as ox

        out = io.BytesIO()
        ox_store(graph).dump(out, format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(KG_GRAPH), prefixes=PREFIXES)
        return out.getvalue()
    from kg.export import to_turtle

    return to_turtle(graph).encode("utf-8")


def write_turtle(graph: Graph, path: Path) -> Path:
    """Write the graph as Turtle to ``path`` atomically (see :func:`turtle_bytes`).

    Raises:
        OSError: the folder cannot be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if is_oxigraph(graph):
            import pyoxigraph as ox

            ox_store(graph).dump(str(tmp), format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(KG_GRAPH),
                                 prefixes=PREFIXES)
        else:  # the same text as kg.export.to_turtle, streamed to the file
            bind_prefixes(graph)
            graph.serialize(destination=str(tmp), format="turtle")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def fill(spec: StoreSpec, turtle: Path) -> Graph:
    """Replace kg's graph in the persistent store ``spec`` with the triples of the file ``turtle`` (bulk load).

    Raises:
        StoreError: the folder cannot be opened. InputError: the file cannot be parsed.
    """
    import pyoxigraph as ox

    from kg.progress import reading

    graph = new_graph(spec)
    store = ox_store(graph)
    if store.contains_named_graph(ox.NamedNode(KG_GRAPH)):
        store.remove_graph(ox.NamedNode(KG_GRAPH))
    ox_name = file_format(turtle)[0]
    try:
        with reading(Path(turtle), f"loading {Path(turtle).name}") as source:
            fmt = ox.RdfFormat.from_extension(Path(turtle).suffix.lstrip(".")) or ox.RdfFormat.TURTLE
            args: dict[str, Any] = {"format": fmt, "to_graph": ox.NamedNode(KG_GRAPH)}
            args.update({"path": str(source)} if isinstance(source, Path) else {"input": source})
            store.bulk_load(**args)
        store.flush()
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"cannot load the graph ({ox_name}): {exc}", path=turtle,
                         hint="check that the file is valid RDF") from None
    return graph


def fill_graph(spec: StoreSpec, graph: Graph) -> Graph:
    """Replace kg's graph in the persistent store ``spec`` with the triples of ``graph``, handed over term by
    term: no text is parsed, so no literal is too long for Oxigraph's parser (whose buffer stops at 16 MiB;
    a long article's ``schema:text`` can be longer).

    Raises:
        StoreError: the folder cannot be opened, or the store cannot take the triples.
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    target = new_graph(spec)
    store = ox_store(target)
    name = ox.NamedNode(KG_GRAPH)

    def term(node: Any) -> Any:
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        return ox.NamedNode(str(node))

    try:
        if store.contains_named_graph(name):
            store.remove_graph(name)
        store.bulk_extend(ox.Quad(term(s), term(p), term(o), name) for s, p, o in graph)
        store.flush()
    except (OSError, ValueError, MemoryError) as exc:
        raise StoreError(f"cannot put the graph in the Oxigraph store: {exc}", path=spec.path,
                         hint="check the folder's free space and permissions, or use another folder") from None
    return target


def close(graph: Graph) -> None:
    """Let go of an Oxigraph store's files (a persistent store can then be opened by another process)."""
    if is_oxigraph(graph):
        graph.store._store = None  # type: ignore[attr-defined]
        import gc

        gc.collect()
