"""Where the package finds its data files: the ontology, the relation table, named queries, templates.

``ontology/`` lives at the top of the project (beside ``kg/``) and the project is installed in
editable mode by ``make``; queries, templates and the JSON-LD context ship inside ``kg/``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ONTOLOGY_DIR = PROJECT_DIR / "ontology"
QUERIES_DIR = PACKAGE_DIR / "queries"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"


@lru_cache(maxsize=None)
def relation_table() -> dict[str, dict[str, Any]]:
    """The relation table ``ontology/relations.yaml``, parsed once.

    Raises:
        OSError, yaml.YAMLError: the packaged table is missing or broken (a packaging bug).
    """
    with open(ONTOLOGY_DIR / "relations.yaml", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@lru_cache(maxsize=None)
def _ontology_graph():  # type: ignore[no-untyped-def]
    from rdflib import Graph

    graph = Graph()
    for name in ("kg.ttl", "roles.ttl"):
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


def ontology():  # type: ignore[no-untyped-def]
    """The ontology and the role scheme as one rdflib Graph, parsed once per process (read-only: do not add to it).

    Raises:
        OSError, rdflib parser errors: the packaged ontology is missing or broken (a packaging bug).
    """
    return _ontology_graph()
