"""What the review page needs of the ontology: the entity types a person may choose, the classes above
each, and the relation table (which relations fit which classes), all read from the data files."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.fit import ancestors
from kg.resources import relation_table

NOT_ENTITY_TYPES = ("Thing", "Statement", "RoleStatement", "Role", "Method", "Extraction")


@lru_cache(maxsize=None)
def entity_types() -> tuple[str, ...]:
    """The classes of ``ontology/kg.ttl`` an entity may have, sorted."""
    from rdflib import OWL, RDF

    from kg.namespaces import KG
    from kg.resources import ontology

    prefix = str(KG._NS)
    names = {str(c)[len(prefix):] for c in ontology().subjects(RDF.type, OWL.Class) if str(c).startswith(prefix)}
    return tuple(sorted(n for n in names if n and "/" not in n and n not in NOT_ENTITY_TYPES))


def page_schema() -> dict[str, Any]:
    """The relation table and class ancestry as the page uses them to offer only relations that fit."""
    relations = {}
    for name, spec in relation_table().items():
        relations[name] = {"subject": list(spec["subject"]),
                           "object": "literal" if spec["object"] == "literal" else list(spec["object"]),
                           "label": spec.get("label", name)}
    types = entity_types()
    return {"relations": relations, "types": list(types), "ancestors": {t: sorted(ancestors(t)) for t in types}}
