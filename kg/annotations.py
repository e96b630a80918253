"""Read and check a curated (or draft) annotation file (finding a quote's span in its article: :mod:`kg.quotes`).

The format is described in ``data/README.md``. Every problem raises :class:`AnnotationError` or
:class:`InputError` naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import AnnotationError, InputError
from kg.yamlfile import LineMap as _Map
from kg.yamlfile import load_yaml

__all__ = ["Annotation", "Entity", "Fact", "annotation_of", "load_yaml", "parse_annotation"]

METHODS = ("curated", "automatic", "inferred")
#: fields that, when given, must say something (an empty quote would be a fact without evidence)
NON_EMPTY = {"quote": "words of the article that state it", "source": "source outside the article",
             "how": "reasoning", "type": "class", "subject": "entity id", "relation": "relation",
             "object": "entity id", "article": "article id", "id": "entity id", "rule": "rule id",
             "label": "display label", "description": "short description"}
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch: `$` would let a final newline in
#: article ids are file stems and become part of IRIs: no spaces, slashes or other IRI-breaking characters
ARTICLE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Entity:
    """One real thing the article names."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    quote: str | None = None
    label: str | None = None        # display label (rdfs:label) when the name alone does not tell it apart
    description: str | None = None  # a short description (schema:disambiguatingDescription), e.g. "2022 short film"
    prefix: str | None = None
    suffix: str | None = None
    source: str | None = None
    line: int = 0
    confidence: float | None = None  # of an automatically found entity's type, if the extractor gives one
    rule: str | None = None


@dataclass(frozen=True)
class Fact:
    """One statement: ``subject relation object`` or ``subject relation value``, with its evidence."""

    subject: str
    relation: str
    object: str | None = None
    value: str | None = None
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    method: str = "curated"
    how: str | None = None
    source: str | None = None
    confidence: float | None = None
    rule: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Annotation:
    """A whole annotation file."""

    article: str
    method: str
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    path: Path = field(default=Path("-"))
    #: facts a person rejected in review (``rejected:``): never built, never proposed again by ``kg extract``
    rejected: tuple[Fact, ...] = ()


def _text(item: _Map, key: str, path: Path, *, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            raise AnnotationError(f"missing `{key}`", path=path, line=item.line, hint=f"add `{key}:` (see data/README.md)")
        return None
    if isinstance(value, (dict, list)):
        raise AnnotationError(f"`{key}` must be text", path=path, line=item.line, hint=f"write `{key}:` as one string")
    text = str(value)
    if key in NON_EMPTY and not text.strip():
        raise AnnotationError(f"empty `{key}`", path=path, line=item.line,
                              hint=f"write the {NON_EMPTY[key]}, or leave `{key}:` out")
    return text


def _items(doc: _Map, key: str, path: Path) -> list[Any]:
    items = doc.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise AnnotationError(f"`{key}` must be a list", path=path, line=doc.line,
                              hint=f"write each entry of `{key}:` on its own line starting with `- `")
    return items


def _name(item: _Map, path: Path) -> str:
    name = _text(item, "name", path, required=True) or ""
    if not name.strip():
        raise AnnotationError("empty `name`", path=path, line=item.line, hint="write the full name, as the article gives it")
    return name


def _aliases(item: _Map, path: Path) -> tuple[str, ...]:
    aliases = item.get("aliases")
    if aliases is None:
        return ()
    if not isinstance(aliases, list):
        aliases = [aliases]
    if any(isinstance(a, (dict, list)) for a in aliases):
        raise AnnotationError("`aliases` must be a list of names", path=path, line=item.line,
                              hint="write `aliases: [Lamar, Kendrick]`")
    return tuple(str(a) for a in aliases if a is not None and str(a).strip())


def parse_annotation(path: Path) -> Annotation:
    """Read ``path`` and check its structure and ids (not yet the quotes or the types).

    Raises:
        InputError: unreadable or malformed YAML.
        AnnotationError: a missing field, a duplicate or unknown id, a bad method.
    """
    path = Path(path)
    return annotation_of(load_yaml(path), path)


def annotation_of(doc: Any, path: Path) -> Annotation:
    """The annotation of ``doc``, a parsed annotation file (mappings as :class:`kg.yamlfile.LineMap`), with
    the checks of :func:`parse_annotation`; ``path`` names the file in errors.

    Raises:
        InputError: ``doc`` is not a mapping.
        AnnotationError: a missing field, a duplicate or unknown id, a bad method.
    """
    if not isinstance(doc, _Map):
        raise InputError("an annotation must be a mapping with `article`, `entities` and `facts`", path=path, line=1,
                         hint="see data/README.md for the format")
    article = _text(doc, "article", path, required=True) or ""
    if not ARTICLE_ID_RE.fullmatch(article):
        raise AnnotationError(f"bad article id {article!r}", path=path, line=doc.line,
                              hint="name the article file with letters, digits, '-', '_' or '.', no spaces "
                                   "(e.g. `okayplayer-we-cry-together`), and write that name as `article:`")
    method = _text(doc, "method", path) or "curated"
    if method not in ("curated", "automatic"):
        raise AnnotationError(f"unknown method {method!r}", path=path, line=doc.line, hint="use `curated` or `automatic`")
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    for item in _items(doc, "entities", path):
        if not isinstance(item, _Map):
            raise AnnotationError("each entity must be a mapping", path=path, line=doc.line, hint="write `- id: ...`")
        eid = _text(item, "id", path, required=True) or ""
        if not ID_RE.fullmatch(eid):
            raise AnnotationError(f"bad entity id {eid!r}", path=path, line=item.line,
                                  hint="use lower-case letters, digits and hyphens, e.g. `kendrick-lamar`")
        if eid in seen:
            raise AnnotationError(f"duplicate entity id {eid!r} (first at line {seen[eid]})", path=path, line=item.line,
                                  hint="give each entity its own id, or merge the two entries")
        seen[eid] = item.line
        entities.append(Entity(
            id=eid, type=_text(item, "type", path, required=True) or "", name=_name(item, path),
            aliases=tuple(a for a in _aliases(item, path) if a != item.get("name")), quote=_text(item, "quote", path), prefix=_text(item, "prefix", path),
            label=_text(item, "label", path), description=_text(item, "description", path),
            suffix=_text(item, "suffix", path), source=_text(item, "source", path), line=item.line,
            confidence=_confidence(item, path), rule=_text(item, "rule", path),
        ))
    facts: list[Fact] = []
    for item in _items(doc, "facts", path):
        if not isinstance(item, _Map):
            raise AnnotationError("each fact must be a mapping", path=path, line=doc.line, hint="write `- subject: ...`")
        fact = _parse_fact(item, path, method)
        for role, ref in (("subject", fact.subject), ("object", fact.object)):
            if ref is not None and ref not in seen:
                raise AnnotationError(f"unknown entity id {ref!r} as {role}", path=path, line=item.line,
                                      hint="declare it under `entities:` or correct the spelling")
        facts.append(fact)
    rejected = []
    for item in _items(doc, "rejected", path):
        if not isinstance(item, _Map):
            raise AnnotationError("each rejected fact must be a mapping", path=path, line=doc.line,
                                  hint="write `- subject: ...` as for `facts:`")
        rejected.append(_parse_fact(item, path, "curated"))  # its ids are not checked: it is never built
    return Annotation(article=article, method=method, entities=tuple(entities), facts=tuple(facts), path=path,
                      rejected=tuple(rejected))


def _confidence(item: _Map, path: Path) -> float | None:
    value = item.get("confidence")
    if value is None:
        return None
    try:
        confidence = float(value)
    except (TypeError, ValueError):
        confidence = -1.0
    if not 0.0 <= confidence <= 1.0:
        raise AnnotationError("`confidence` must be a number from 0 to 1", path=path, line=item.line,
                              hint="write e.g. `confidence: 0.8`")
    return confidence


def _parse_fact(item: _Map, path: Path, default_method: str) -> Fact:
    subject = _text(item, "subject", path, required=True) or ""
    relation = _text(item, "relation", path, required=True) or ""
    obj, value = _text(item, "object", path), _text(item, "value", path)
    if (obj is None) == (value is None):
        raise AnnotationError("a fact needs exactly one of `object` (an entity id) or `value` (a literal)",
                              path=path, line=item.line, hint="keep one of the two")
    method = _text(item, "method", path) or default_method
    if method not in METHODS:
        raise AnnotationError(f"unknown method {method!r}", path=path, line=item.line, hint=f"use one of {', '.join(METHODS)}")
    quote, source, how = _text(item, "quote", path), _text(item, "source", path), _text(item, "how", path)
    if method == "inferred" and not how:
        raise AnnotationError("an inferred fact must say `how` it was inferred", path=path, line=item.line,
                              hint="add `how:` with the reasoning")
    if quote is None and source is None:
        raise AnnotationError("a fact needs a `quote` from the article (or a `source` outside it)", path=path,
                              line=item.line, hint="add the words of the article that state it as `quote:`")
    if quote is not None and source is not None:
        raise AnnotationError("a fact has both a `quote` (the article states it) and a `source` (it comes from "
                              "outside the article)", path=path, line=item.line,
                              hint="keep `quote:` if the article states it, else `source:`; a name from outside "
                                   "belongs in the entity's `source:`")
    confidence = _confidence(item, path)
    if method == "automatic" and confidence is None:
        raise AnnotationError("an automatic fact must carry its `confidence`", path=path, line=item.line,
                              hint="add `confidence:` (0 to 1), or `method: curated` if a person checked it")
    return Fact(subject=subject, relation=relation, object=obj, value=value, quote=quote,
                prefix=_text(item, "prefix", path), suffix=_text(item, "suffix", path), method=method, how=how,
                source=source, confidence=confidence, rule=_text(item, "rule", path), line=item.line)
