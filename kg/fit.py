"""Which relations of ``ontology/relations.yaml`` fit which classes of ``ontology/kg.ttl``.

Shared by the extractor (a drafted fact must fit) and the review app (only relations that fit are offered).
"""

from __future__ import annotations

from functools import lru_cache

from kg.resources import relation_table


@lru_cache(maxsize=None)
def ancestors(type_name: str) -> frozenset[str]:
    """``type_name`` and every kg class above it in the ontology (``Film`` -> Film, CreativeWork, Thing).

    Raises nothing for an unknown name: the set then holds only what the ontology says of it (possibly nothing).
    """
    from kg.build import superclasses
    from kg.namespaces import KG

    prefix = str(KG._NS)
    return frozenset(str(c)[len(prefix):] for c in superclasses(KG[type_name]) if str(c).startswith(prefix))


def fits(relation: str, subject_type: str, object_type: str | None) -> bool:
    """Whether the relation table allows ``relation`` between these classes (``object_type`` None: a value)."""
    spec = relation_table().get(relation)
    if spec is None or not ancestors(subject_type) & set(spec["subject"]):
        return False
    if spec["object"] == "literal":
        return object_type is None
    return object_type is not None and bool(ancestors(object_type) & set(spec["object"]))
