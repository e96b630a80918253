"""Wikidata alignment from a reviewed local table: ``owl:sameAs`` links, each a fact with its source.

``data/wikidata.csv`` has the columns ``id`` (our entity id), ``wikidata`` (a Q-id), ``label`` (the
entity's name, as a check that the row was written for the right entity) and ``source`` (where the
reviewer confirmed the id). Only ids in this table become links; nothing is looked up at run time.

Each link is stated twice, like every other fact (see :mod:`kg.build`): the direct triple
``entity owl:sameAs wd:Q…`` and a statement node carrying ``kg:externalSource`` (the row's source)
and ``prov:wasGeneratedBy`` the review activity. It never gets an ``oa:Annotation``: the link is not
in any article, and no quote is pretended.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from kg.errors import InputError
from kg.namespaces import KG, KGR, PROV, SCHEMA, WD
from kg.provenance import digest

COLUMNS = ("id", "wikidata", "label", "source")
#: the curation that produced the links: a person reviewed each row of the table
ACTIVITY = KGR["activity/wikidata-table/curated"]


@dataclass(frozen=True)
class Link:
    """One reviewed row: our entity ``id`` is Wikidata's ``wikidata``, confirmed at ``source``."""

    id: str
    wikidata: str
    label: str
    source: str
    line: int


def read_table(path: Path) -> list[Link]:
    """The rows of the reviewed table at ``path``, in file order. A missing file means no links.

    Raises:
        InputError: a missing column, a row without an id, label or source, a malformed Wikidata id,
            or an id listed twice (each naming the file and line).
    """
    path = Path(path)
    if not path.exists():
        return []
    links: list[Link] = []
    seen: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"the table has no column {', '.join(missing)}", path=path, line=1,
                                 hint="the first line must be: " + ",".join(COLUMNS))
            for line, row in enumerate(reader, start=2):
                cells = {c: (row.get(c) or "").strip() for c in COLUMNS}
                if not cells["id"] or not cells["label"] or not cells["source"]:
                    raise InputError("each row needs an entity id, its label and the source that confirms it",
                                     path=path, line=line, hint="fill in the columns id, wikidata, label, source")
                if not re.fullmatch(r"Q[1-9]\d*", cells["wikidata"]):
                    raise InputError(f"{cells['wikidata']!r} is not a Wikidata item id", path=path, line=line,
                                     hint="write the item id alone, like Q130798")
                if cells["id"] in seen:
                    raise InputError(f"entity {cells['id']!r} is listed twice (first at line {seen[cells['id']]})",
                                     path=path, line=line, hint="keep one reviewed row per entity")
                seen[cells["id"]] = line
                links.append(Link(line=line, **cells))
    except UnicodeDecodeError:
        raise InputError("the table is not UTF-8 text", path=path, hint="save it as UTF-8 CSV") from None
    return links


def add_links(graph: Graph, links: list[Link], *, path: Path) -> Graph:
    """Add each reviewed link to ``graph`` (built from the annotations) and return ``graph``.

    Raises:
        InputError: a row whose id is no entity of the graph, or whose label is not that entity's
            name (the row was probably written for another entity).
    """
    for link in links:
        entity = KGR[link.id]
        name = graph.value(entity, SCHEMA.name)
        if name is None:
            raise InputError(f"entity {link.id!r} is in no annotation", path=path, line=link.line,
                             hint="use the id of an entity of data/annotations/, or remove the row")
        if str(name) != link.label:
            raise InputError(f"the row's label {link.label!r} is not the name of {link.id!r} ({str(name)!r})",
                             path=path, line=link.line,
                             hint="check that the Wikidata id is for this entity, then copy its name as label")
        add_link(graph, entity, WD[link.wikidata], name=str(name), source=link.source)
    return graph


def add_link(graph: Graph, entity: URIRef, item: URIRef, *, name: str, source: str) -> URIRef:
    """Add ``entity owl:sameAs item`` and its statement node with ``kg:externalSource``; return the statement."""
    graph.add((entity, OWL.sameAs, item))
    stmt = KGR[f"statement/{digest(str(entity), str(OWL.sameAs), str(item))}"]
    for cls in (RDF.Statement, KG.Statement):
        graph.add((stmt, RDF.type, cls))
    graph.add((stmt, RDF.subject, entity))
    graph.add((stmt, RDF.predicate, OWL.sameAs))
    graph.add((stmt, RDF.object, item))
    graph.add((stmt, KG.relation, Literal("sameAs")))
    graph.add((stmt, RDFS.label, Literal(f"{name} is Wikidata {str(item).rsplit('/', 1)[-1]}")))
    graph.add((stmt, KG.externalSource, Literal(source)))
    graph.add((stmt, PROV.wasGeneratedBy, ACTIVITY))
    graph.add((ACTIVITY, RDF.type, PROV.Activity))
    graph.add((ACTIVITY, RDF.type, KG.Extraction))
    graph.add((ACTIVITY, KG.method, KG.curated))
    graph.add((ACTIVITY, RDFS.label, Literal("reviewed Wikidata ids of data/wikidata.csv")))
    return stmt


@dataclass(frozen=True)
class LinkStatus:
    """An entity of the graph and its Wikidata id (``None``: not in the reviewed table)."""

    id: str
    name: str
    group: str
    wikidata: str | None
    source: str | None


def link_status(graph: Graph) -> list[LinkStatus]:
    """Every entity of the graph (as :func:`kg.render.project` keeps them) with its link, by group and name."""
    from kg.render import project

    out = []
    for node, data in project(graph).nodes(data=True):
        iri = URIRef(node)
        items = sorted(str(o) for o in graph.objects(iri, OWL.sameAs) if str(o).startswith(str(WD)))
        source = None
        for stmt in graph.subjects(RDF.subject, iri):
            if graph.value(stmt, RDF.predicate) == OWL.sameAs:
                source = str(graph.value(stmt, KG.externalSource) or "") or None
        out.append(LinkStatus(id=node.removeprefix(str(KGR)), name=data["label"], group=data["group"],
                              wikidata=items[0].rsplit("/", 1)[-1] if items else None, source=source))
    return sorted(out, key=lambda s: (s.group, s.name.casefold(), s.id))
