"""Read and check a curated (or draft) annotation file, and find each quote's span in its article.

The format is described in ``data/README.md``. Every problem raises :class:`AnnotationError` or
:class:`InputError` naming the file and the line.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import AnnotationError, InputError
from kg.yamlfile import LineMap as _Map
from kg.yamlfile import load_yaml

__all__ = ["Annotation", "Entity", "Fact", "annotation_of", "load_yaml", "locate", "parse_annotation",
           "quote_pattern"]

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


def locate(text: str, quote: str, *, prefix: str | None = None, suffix: str | None = None,
           path: Path | None = None, line: int | None = None) -> tuple[int, int]:
    """The ``(start, end)`` of the one occurrence of ``quote`` in ``text`` (end excluded).

    ``prefix`` and ``suffix``, when given, must stand immediately before and after the quote. White space
    and quotation marks are matched as :func:`quote_pattern` says. The text is indexed once (see
    :class:`QuoteIndex`), so locating every quote of a long article takes time in proportion to the article.

    Raises:
        AnnotationError: the quote is empty, absent, or occurs more than once with no prefix or suffix
            that singles one out.
    """
    if not quote or not quote.strip():
        raise AnnotationError("empty quote", path=path, line=line, hint="quote the words of the article")
    index = quote_index(text)
    found = index.occurrences(quote)
    spans = index.narrow(found, prefix=prefix, suffix=suffix)
    if not spans:
        if found:
            raise AnnotationError(f"quote {quote!r} is in the article but not with that prefix/suffix", path=path,
                                  line=line, hint="`prefix:`/`suffix:` must be the words just before/after the quote")
        raise AnnotationError(f"quote not found in the article: {quote!r}", path=path, line=line,
                              hint="copy the words exactly from the article text")
    if len(spans) > 1:
        raise AnnotationError(f"quote occurs {len(spans)} times in the article: {quote!r}", path=path, line=line,
                              hint="add `prefix:` or `suffix:` with the words just before or after the one you mean")
    return index.span(spans[0])


_SPACES = re.compile(r"\s+")
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_GRAM = 3


def canonical(text: str) -> str:
    """``text`` as :func:`quote_pattern` compares it: every run of white space one space, quotation marks straight."""
    return _SPACES.sub(" ", text).translate(_STRAIGHT)


_SCANS = 64  # lookups answered by scanning the text before the index of pieces is built


class QuoteIndex:
    """One article's text, canonical (:func:`canonical`) and indexed by its 3-character pieces, to find every
    occurrence of a quote (overlapping ones too, as a regular expression with a lookahead would) without
    reading the whole text for each quote. Occurrences are ``(start, end)`` in the canonical text."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        back = array("q")  # back[i]: offset in ``text`` of canonical character i
        at = 0
        for run in _SPACES.finditer(text):
            pieces.append(text[at:run.start()])
            back.extend(range(at, run.start()))
            pieces.append(" ")
            back.append(run.start())
            at = run.end()
        pieces.append(text[at:])
        back.extend(range(at, len(text)))
        self.text = "".join(pieces).translate(_STRAIGHT)
        self.back = back
        self._grams: dict[str, list[int]] | None = None
        self._lookups = 0

    @property
    def grams(self) -> dict[str, list[int]]:
        """The positions of every 3-character piece, built on first use (a few lookups scan the text instead)."""
        if self._grams is None:
            grams: dict[str, list[int]] = defaultdict(list)
            canon = self.text
            for i in range(len(canon) - _GRAM + 1):
                grams[canon[i:i + _GRAM]].append(i)
            self._grams = dict(grams)
        return self._grams

    def occurrences(self, quote: str) -> list[tuple[int, int]]:
        """Every ``(start, end)`` of ``quote`` (stripped), in order."""
        q = canonical(quote.strip())
        if not q:
            return []
        canon = self.text
        self._lookups += 1
        if len(q) < _GRAM or (self._grams is None and self._lookups <= _SCANS):
            # overlapping occurrences too, as the index finds them
            out, at = [], canon.find(q)
            while at >= 0:
                out.append((at, at + len(q)))
                at = canon.find(q, at + 1)
            return out
        last = len(q) - _GRAM
        probes = {*range(0, last + 1, max(1, last // 12 + 1)), last}
        offset = min(probes, key=lambda o: len(self.grams.get(q[o:o + _GRAM], ())))
        return [(p - offset, p - offset + len(q)) for p in self.grams.get(q[offset:offset + _GRAM], ())
                if p >= offset and canon.startswith(q, p - offset)]

    def narrow(self, spans: list[tuple[int, int]], *, prefix: str | None = None,
               suffix: str | None = None) -> list[tuple[int, int]]:
        """The ``spans`` that ``prefix`` stands right before and ``suffix`` right after (each when given)."""
        if prefix:
            before = canonical(prefix)
            spans = [(s, e) for s, e in spans if self.text.endswith(before, 0, s)]
        if suffix:
            after = canonical(suffix)
            spans = [(s, e) for s, e in spans if self.text.startswith(after, e)]
        return spans

    def span(self, found: tuple[int, int]) -> tuple[int, int]:
        """``(start, end)`` in the original text of an occurrence (its first and last characters are not white space)."""
        return self.back[found[0]], self.back[found[1] - 1] + 1


@lru_cache(maxsize=2)
def quote_index(text: str) -> QuoteIndex:
    """The :class:`QuoteIndex` of ``text``, made once for the last texts asked about."""
    return QuoteIndex(text)


_EQUIVALENT = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def quote_pattern(quote: str) -> str:
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
