"""The draft annotation: entities and facts in the curated format, every fact automatic with its
confidence, rule and quote; and its YAML text.

Each candidate's relation is chosen among those its rule allows by the classes of its subject and object
(the relation table ``ontology/relations.yaml``); a fact found by several rules is kept once, with the
highest confidence. Quotes are the article's own words; where they occur more than once, a ``prefix``
(or ``suffix``) of adjacent words makes them unique, as :func:`kg.quotes.locate` requires.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from kg.annotations import Annotation, Entity, Fact
from kg.quotes import quote_index
from kg.extract.masking import ARTICLE, Candidate
from kg.extract.resolve import Resolution
from kg.extract.source import Source, slug
from kg.fit import ancestors, fits

WEAK_SOURCES = ("event-noun", "rule")
#: Text that libyaml's emitter writes exactly as PyYAML's own does (no line break, tab or other control character,
#: line or paragraph separator, byte-order mark or character beyond the Basic Multilingual Plane, which the two
#: escape or fold differently); tests/test_extract_nlp.py compares the writers on generated text.
_SAME_IN_LIBYAML = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


def choose(spec: Any, subject_type: str, object_type: str | None) -> str | None:
    """The relation a rule's ``relation:`` gives for these classes, or None when none fits."""
    if isinstance(spec, str):
        options = [spec]
    elif isinstance(spec, list):
        options = list(spec)
    else:
        options = []
        for side, table in spec.items():
            own = subject_type if side == "by_subject" else (object_type or "")
            have = ancestors(own) if own else frozenset()
            ranked = sorted(table.items(), key=lambda kv: (kv[0] != own, -len(ancestors(kv[0]))))
            options.extend(rel for cls, rel in ranked if cls in have)
    return next((r for r in options if fits(r, subject_type, object_type)), None)


def anchor(text: str, start: int, end: int) -> tuple[str, str | None, str | None]:
    """The quote ``text[start:end]`` and, if it occurs more than once, the shortest prefix or suffix that
    makes it unique."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1  # whole words only
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    quote = text[start:end]
    lead = len(quote) - len(quote.lstrip())
    quote = quote.strip()
    start += lead
    end = start + len(quote)
    index = quote_index(text)  # the text indexed once: each quote costs what its few occurrences cost
    spans = index.occurrences(quote)
    if len(spans) == 1:
        return quote, None, None  # unique even to locate(), which ignores spacing and the kind of quotation marks
    # one word more each time: the occurrences a longer prefix (suffix) fits are among those the shorter fits
    before, after = _words(text[max(0, start - 200):start], r"\S+\s*"), _words(text[end:end + 200], r"\s*\S+")
    by_prefix, by_suffix = spans, spans
    prefix = suffix = None
    for width in range(1, 80):
        if width <= len(before) or width == 1:
            prefix = "".join(before[-width:]) if before else text[max(0, start - 200):start]
            by_prefix = index.narrow(by_prefix, prefix=prefix)
            if len(by_prefix) == 1 and prefix:
                return quote, prefix, None
        if width <= len(after) or width == 1:
            suffix = "".join(after[:width])
            by_suffix = index.narrow(by_suffix, suffix=suffix)
            if len(by_suffix) == 1 and suffix:
                return quote, None, suffix
    return quote, text[max(0, start - 80):start], None


def _words(chunk: str, word: str) -> list[str]:
    return re.findall(word, chunk)


def make_annotation(source: Source, res: Resolution, candidates: list[Candidate], *, path: Path | None = None) -> Annotation:
    """The draft annotation of ``source``."""
    types = {e: (entity.type or "Thing") for e, entity in enumerate(res.entities)}
    types[ARTICLE] = "Article"
    best: dict[tuple[int, str, Any], tuple[Candidate, str]] = {}
    for cand in candidates:
        object_type = types[cand.object] if cand.value is None and cand.object is not None else None
        relation = choose(cand.relation, types[cand.subject], object_type)
        if relation is None:
            continue
        key = (cand.subject, relation, cand.value if cand.value is not None else cand.object)
        kept = best.get(key)
        if kept is None or (cand.confidence, -cand.start) > (kept[0].confidence, -kept[0].start):
            best[key] = (cand, relation)
    texts: dict[tuple[int, str], list[str]] = {}  # (subject, relation) -> its values that are text
    for (s, relation, value) in best:
        if isinstance(value, str):
            texts.setdefault((s, relation), []).append(value)
    for (s, relation, value) in list(best):  # "2021" says less than "2021-10-14" of the same work: keep the full date
        if isinstance(value, str) and re.fullmatch(r"\d{4}(?:-\d\d)?", value) and any(
                v2.startswith(value + "-") for v2 in texts[(s, relation)]):
            del best[(s, relation, value)]  # a longer date dropped here has a longer one still, with the same start
    used = {e for (s, _, o), _ in best.items() for e in (s, o) if isinstance(e, int)}
    keep = [e for e, entity in enumerate(res.entities)
            if e in used or any(res.mentions[i].source not in WEAK_SOURCES for i in entity.mentions)]
    ids = _ids(source, res, keep)
    entities = [_entity(source, res, e, ids[e]) for e in sorted(keep, key=lambda e: _first(res, e))]
    if ARTICLE in used:
        entities.insert(0, _article_entity(source))
    facts = []
    for (s, relation, o), (cand, _) in sorted(best.items(), key=lambda kv: (kv[1][0].start, kv[1][1], str(kv[0]))):
        quote, prefix, suffix = anchor(source.text, cand.start, cand.end)
        is_value = cand.value is not None
        facts.append(Fact(subject=ids[s], relation=relation, object=None if is_value else ids[o],
                          value=cand.value if is_value else None, quote=quote, prefix=prefix, suffix=suffix,
                          method="automatic", confidence=round(cand.confidence, 2), rule=cand.rule))
    return Annotation(article=source.id, method="automatic", entities=tuple(entities), facts=tuple(facts),
                      path=path or Path(f"{source.id}.yaml"))


def _first(res: Resolution, e: int) -> int:
    return min((res.mentions[i].start for i in res.entities[e].mentions), default=0)


def _ids(source: Source, res: Resolution, keep: list[int]) -> dict[int, str]:
    ids: dict[int, str] = {ARTICLE: source.id}
    used = {source.id}
    for e in sorted(keep, key=lambda e: _first(res, e)):
        entity = res.entities[e]
        base = slug(entity.name) or entity.kind
        candidate = base if base not in used else f"{base}-{slug(entity.type or entity.kind)}"
        n = 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        ids[e] = candidate
        used.add(candidate)
    return ids


def _entity(source: Source, res: Resolution, e: int, eid: str) -> Entity:
    entity = res.entities[e]
    named = sorted((res.mentions[i] for i in entity.mentions if not res.mentions[i].ref), key=lambda m: m.start)
    first = named[0] if named else min((res.mentions[i] for i in entity.mentions), key=lambda m: m.start)
    quote, prefix, suffix = anchor(source.text, first.start, first.end)
    aliases = tuple(a for a in entity.aliases if a != entity.name)
    return Entity(id=eid, type=entity.type or "CreativeWork", name=entity.name, aliases=aliases, quote=quote,
                  prefix=prefix, suffix=suffix)


def _article_entity(source: Source) -> Entity:
    at = source.text.find(source.title)
    if at < 0:
        return Entity(id=source.id, type="Article", name=source.title, source=f"the article file {source.path.name}")
    quote, prefix, suffix = anchor(source.text, at, at + len(source.title))
    return Entity(id=source.id, type="Article", name=source.title, quote=quote, prefix=prefix, suffix=suffix)


def fact_key(fact: Fact) -> tuple[str, str, str | None, str | None]:
    """What makes two facts the same statement: subject, relation, object or value."""
    return fact.subject, fact.relation, fact.object, fact.value


def held_by(facts: Iterable[Fact]) -> Callable[[Fact], bool]:
    """Whether a proposal is one of ``facts``: the same statement (:func:`fact_key`), or the same relation
    with the same quote (prefix and suffix included)."""
    held = list(facts)
    keys = {fact_key(f) for f in held}
    quoted = {(f.relation, f.quote, f.prefix, f.suffix) for f in held}
    return lambda f: fact_key(f) in keys or (f.relation, f.quote, f.prefix, f.suffix) in quoted


def keep_review(fresh: Annotation, reviewed: Annotation) -> Annotation:
    """A new draft of an article whose earlier draft is under review: the reviewed file's entities, its facts
    (accepted ones stay accepted) and its ``rejected:`` list stay; of the new proposals, only those it holds
    neither as a fact nor as a rejected fact (same statement, or same relation and quote) are added, automatic,
    with the entities they need."""
    known = held_by((*reviewed.facts, *reviewed.rejected))
    ids = {e.id for e in reviewed.entities}
    fresh_entities = {e.id: e for e in fresh.entities}
    added: list[Fact] = []
    entities = list(reviewed.entities)
    for fact in fresh.facts:
        if known(fact):
            continue
        for ref in (fact.subject, fact.object):
            if ref is not None and ref not in ids:
                entities.append(fresh_entities[ref])
                ids.add(ref)
        added.append(fact)
    return Annotation(article=reviewed.article, method="automatic" if added or reviewed.method == "automatic"
                      else reviewed.method, entities=tuple(entities), facts=(*reviewed.facts, *added),
                      path=reviewed.path, rejected=reviewed.rejected)


def _fact_item(f: Fact, *, automatic: bool) -> dict[str, Any]:
    item: dict[str, Any] = {"subject": f.subject, "relation": f.relation}
    item["object" if f.object is not None else "value"] = f.object if f.object is not None else f.value
    for key in ("quote", "prefix", "suffix", "source"):
        if getattr(f, key) is not None:
            item[key] = getattr(f, key)
    if not automatic:
        item["method"] = f.method
        if f.how is not None:
            item["how"] = f.how
    for key in ("confidence", "rule"):
        if getattr(f, key) is not None:
            item[key] = getattr(f, key)
    return item


def to_yaml(annotation: Annotation, source: Source) -> str:
    """The draft as YAML in the curated format (data/README.md), with a header saying where it came from."""
    header = (f"# Draft annotation written by `kg extract` from {source.path.name} ({source.format}).\n"
              "# Every fact is automatic: check each one against its quote, correct or delete it, then set\n"
              "# `method: curated`. Format: data/README.md; relations: ontology/relations.yaml;\n"
              "# rules: kg/extract/rules.yaml.\n")
    doc: dict[str, Any] = {"article": annotation.article, "method": annotation.method, "entities": [], "facts": []}
    for e in annotation.entities:
        item: dict[str, Any] = {"id": e.id, "type": e.type, "name": e.name}
        if e.aliases:
            item["aliases"] = list(e.aliases)
        for key in ("quote", "prefix", "suffix", "source"):
            if getattr(e, key) is not None:
                item[key] = getattr(e, key)
        doc["entities"].append(item)
    for f in annotation.facts:
        doc["facts"].append(_fact_item(f, automatic=f.method == "automatic"))
    if annotation.rejected:  # kept by a review (kg review): never proposed again
        doc["rejected"] = [_fact_item(f, automatic=True) for f in annotation.rejected]
    return header + dump_yaml(doc)


def dump_yaml(doc: dict[str, Any]) -> str:
    """``yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)``, the
    same text, faster: each top-level key, and each run of list items, is written by libyaml's emitter (about
    ten times as fast as PyYAML's own) when every string in it is text libyaml writes as PyYAML does, else by
    PyYAML's own. A list under a key is written without indent, so an item alone is written as in the whole."""
    parts: list[str] = []
    for key, value in doc.items():
        if not isinstance(value, list) or not value:
            parts.append(_dump({key: value}, _plain({key: value})))
            continue
        parts.append(_dump({key: None}, _plain(key))[:-len(" null\n")] + "\n")
        run: list[Any] = []
        for item in value:
            if run and _plain(item) != _plain(run[-1]):
                parts.append(_dump(run, _plain(run[-1])))
                run = []
            run.append(item)
        parts.append(_dump(run, _plain(run[-1])))
    return "".join(parts)


def _dump(item: Any, plain: bool) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper) if plain else yaml.SafeDumper
    return yaml.dump(item, Dumper=dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def _plain(item: Any) -> bool:
    """Whether every string in ``item`` is text libyaml's emitter writes exactly as PyYAML's own does."""
    if isinstance(item, str):
        return _SAME_IN_LIBYAML.fullmatch(item) is not None
    if isinstance(item, dict):
        return all(_plain(k) and _plain(v) for k, v in item.items())
    if isinstance(item, (list, tuple)):
        return all(_plain(v) for v in item)
    return True
