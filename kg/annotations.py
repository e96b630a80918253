"""Read and check a curated (or draft) annotation file, and find each quote's span in its article.

The format is described in ``data/README.md``. Every problem raises :class:`AnnotationError` or
:class:`InputError` naming the file and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import AnnotationError, InputError

METHODS = ("curated", "automatic", "inferred")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Map(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers its line."""

    line: int = 0


@dataclass(frozen=True)
class Entity:
    """One real thing the article names."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    source: str | None = None
    line: int = 0


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


def _construct(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = _Map()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            out[_construct(key_node)] = _construct(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(n) for n in node.value]
    return yaml.SafeLoader.construct_scalar(yaml.SafeLoader(""), node) if node.tag.endswith(":str") else yaml.safe_load(
        yaml.serialize(node)
    )


def load_yaml(path: Path) -> Any:
    """Parse YAML keeping the line of each mapping (``.line`` on the dicts).

    Raises:
        InputError: the file is missing, not UTF-8, or not valid YAML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path, hint="check the path") from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8", path=path, hint="save the file as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"malformed YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax there (indentation, a missing colon or quote); see data/README.md",
        ) from None
    return None if node is None else _construct(node)


def _text(item: _Map, key: str, path: Path, *, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            raise AnnotationError(f"missing `{key}`", path=path, line=item.line, hint=f"add `{key}:` (see data/README.md)")
        return None
    if isinstance(value, (dict, list)):
        raise AnnotationError(f"`{key}` must be text", path=path, line=item.line, hint=f"write `{key}:` as one string")
    return str(value)


def parse_annotation(path: Path) -> Annotation:
    """Read ``path`` and check its structure and ids (not yet the quotes or the types).

    Raises:
        InputError: unreadable or malformed YAML.
        AnnotationError: a missing field, a duplicate or unknown id, a bad method.
    """
    path = Path(path)
    doc = load_yaml(path)
    if not isinstance(doc, _Map):
        raise InputError("an annotation must be a mapping with `article`, `entities` and `facts`", path=path, line=1,
                         hint="see data/README.md for the format")
    article = _text(doc, "article", path, required=True) or ""
    method = _text(doc, "method", path) or "curated"
    if method not in ("curated", "automatic"):
        raise AnnotationError(f"unknown method {method!r}", path=path, line=doc.line, hint="use `curated` or `automatic`")
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    for item in doc.get("entities") or []:
        if not isinstance(item, _Map):
            raise AnnotationError("each entity must be a mapping", path=path, line=doc.line, hint="write `- id: ...`")
        eid = _text(item, "id", path, required=True) or ""
        if not ID_RE.match(eid):
            raise AnnotationError(f"bad entity id {eid!r}", path=path, line=item.line,
                                  hint="use lower-case letters, digits and hyphens, e.g. `kendrick-lamar`")
        if eid in seen:
            raise AnnotationError(f"duplicate entity id {eid!r} (first at line {seen[eid]})", path=path, line=item.line,
                                  hint="give each entity its own id, or merge the two entries")
        seen[eid] = item.line
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            aliases = [aliases]
        entities.append(Entity(
            id=eid, type=_text(item, "type", path, required=True) or "", name=_text(item, "name", path, required=True) or "",
            aliases=tuple(str(a) for a in aliases), quote=_text(item, "quote", path), prefix=_text(item, "prefix", path),
            suffix=_text(item, "suffix", path), source=_text(item, "source", path), line=item.line,
        ))
    facts: list[Fact] = []
    for item in doc.get("facts") or []:
        if not isinstance(item, _Map):
            raise AnnotationError("each fact must be a mapping", path=path, line=doc.line, hint="write `- subject: ...`")
        fact = _parse_fact(item, path, method)
        for role, ref in (("subject", fact.subject), ("object", fact.object)):
            if ref is not None and ref not in seen:
                raise AnnotationError(f"unknown entity id {ref!r} as {role}", path=path, line=item.line,
                                      hint="declare it under `entities:` or correct the spelling")
        facts.append(fact)
    return Annotation(article=article, method=method, entities=tuple(entities), facts=tuple(facts), path=path)


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
    confidence = item.get("confidence")
    if confidence is not None:
        try:
            confidence = float(confidence)
        except (TypeError, ValueError):
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            raise AnnotationError("`confidence` must be a number from 0 to 1", path=path, line=item.line)
    return Fact(subject=subject, relation=relation, object=obj, value=value, quote=quote,
                prefix=_text(item, "prefix", path), suffix=_text(item, "suffix", path), method=method, how=how,
                source=source, confidence=confidence, rule=_text(item, "rule", path), line=item.line)


def locate(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
           path: Path | None = None, line: int | None = None) -> tuple[int, int]:
    """The ``(start, end)`` of the one occurrence of ``quote`` in ``text`` (end excluded).

    ``prefix`` and ``suffix``, when given, must stand immediately before and after the quote.

    Raises:
        AnnotationError: the quote is empty, absent, or occurs more than once with no prefix or suffix
            that singles one out.
    """
    if not quote:
        raise AnnotationError("empty quote", path=path, line=line, hint="quote the words of the article")
    spans = [(m.start(), m.end()) for m in re.finditer(_pattern(quote.strip()), text)]
    if prefix:
        before = re.compile(_pattern(prefix) + r"\Z")
        spans = [(s, e) for s, e in spans if before.search(text[:s])]
    if suffix:
        after = re.compile(_pattern(suffix))
        spans = [(s, e) for s, e in spans if after.match(text, e)]
    starts = [s for s, _ in spans]
    if not starts:
        found = re.search(_pattern(quote), text) is not None
        raise AnnotationError(f"quote {quote!r} is in the article but not with that prefix/suffix" if found
                              else f"quote not found in the article: {quote!r}",
                              path=path, line=line, hint="copy the words exactly from the article text")
    if len(starts) > 1:
        raise AnnotationError(f"quote occurs {len(starts)} times in the article: {quote!r}", path=path, line=line,
                              hint="add `prefix:` or `suffix:` with the words just before or after the one you mean")
    return spans[0]


_EQUIVALENT = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def _pattern(quote: str) -> str:
    """A regex for ``quote`` that tolerates what a person cannot see or type: any run of white space
    (the article may hold non-breaking spaces) and straight versus curly quotation marks."""
    out: list[str] = []
    for chunk in re.split(r"(\s+)", quote):
        if not chunk:
            continue
        if chunk.isspace():
            out.append(r"\s+")
        else:
            out.append("".join(_EQUIVALENT.get(ch, re.escape(ch)) for ch in chunk))
    return "".join(out)
