"""Facts from the rule table: surface patterns over masked sentences, and verb frames (:mod:`kg.extract.frames`).

The last step before the draft. Over each sentence masked by :mod:`kg.extract.masking`, a rule such as
``directed by {PEOPLE:o}, {WORK:s}`` reads "Directed by Lamar, Free and Jake Schreier, "We Cry
Together"" whatever the names; :func:`find_candidates` runs every pattern and frame of the table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kg.extract.frames import apply_frames
from kg.extract.masking import ARTICLE, NEW, Candidate, Context, Masked, mask
from kg.extract.names import Mention
from kg.extract.resolve import Entity, Resolution
from kg.extract.rules import LIST_SEP, PLACEHOLDER_RE, FactSpec, Pattern, RuleTable
from kg.extract.source import Source
from kg.extract.values import value_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

FALLBACKS = ("topic", "nearest-work", "block-work", "topic-or-nearest")
NEGATION = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)


def apply_pattern(rule: Pattern, masked: Masked, ctx: Context, line_start: int) -> list[Candidate]:
    """Every fact ``rule`` states in ``masked``."""
    out: list[Candidate] = []
    if rule.not_on_credit_lines and line_start in ctx.credit_lines:
        return out
    for match in rule.regex.finditer(masked.text):
        start, end = masked.span(match.start(), match.end())
        if rule.not_before and re.search(rule.not_before, ctx.text[max(0, start - 40):start]):
            continue
        if NEGATION.search(match.group()):
            continue  # "isn't based on", "did not earn": a negated statement states nothing
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        new = _create(rule, groups, ctx, (start, end)) if rule.new else None
        for spec in rule.facts:
            for fact in _facts(rule, spec, groups, match, masked, ctx, (start, end), line_start):
                if new is not None:
                    fact.subject = new if fact.subject == NEW else fact.subject
                    fact.object = new if fact.object == NEW else fact.object
                if NEW not in (fact.subject, fact.object):
                    out.append(fact)
    return out


def _create(rule: Pattern, groups: dict[str, str], ctx: Context, span: tuple[int, int]) -> int | None:
    """The entity a rule makes (a premiere named from its film and festival), linked to the matched words."""
    assert rule.new is not None
    names = {}
    for key, text in groups.items():
        found = PLACEHOLDER_RE.findall(text)
        names[key] = ctx.res.entities[ctx.entity(int(found[0][1]))].name if found else text
    try:
        name = rule.new["name"].format(**names)
    except KeyError:
        return None
    for e, entity in enumerate(ctx.res.entities):
        if entity.name == name and entity.type == rule.new["type"]:
            return e
    mention = Mention(span[0], span[1], name, "event", rule.new["type"], "rule", entity=len(ctx.res.entities))
    ctx.res.mentions.append(mention)
    ctx.res.entities.append(Entity(kind="event", name=name, type=rule.new["type"], mentions=[len(ctx.res.mentions) - 1]))
    return len(ctx.res.entities) - 1


def _ends(name: str | None, groups: dict[str, str], match: re.Match[str], masked: Masked, ctx: Context,
          line_start: int, rule: Pattern) -> list[int] | None:
    if name is None:
        return None
    if name == "topic":
        return [ctx.res.topic] if ctx.res.topic is not None else []
    if name == "article":
        return [ARTICLE]
    if name == "new":
        return [NEW]
    if name == "speaker":
        speaker = ctx.res.speakers.get(line_start)
        return [speaker] if speaker is not None else []
    if name == "intro-work":  # the album whose track list this line is in
        found = ctx.intro_work(line_start)
        return [found] if found is not None else []
    if name == "topic-or-nearest":  # a cast line of a review: the reviewed work when the headline names it
        name = "topic" if ctx.headline_topic else "nearest-work"
        if name == "topic":
            return [ctx.res.topic] if ctx.res.topic is not None else []
    if name in ("nearest-work", "block-work", "nearest-event"):
        found = None
        if name == "block-work":
            found = ctx.block_work(line_start)
        elif name == "nearest-event":
            found = ctx.nearest("event", masked, match.start())
        else:
            found = ctx.nearest("work", masked, match.start())
            if found is None and not ctx.headline_topic:  # a round-up: the work the sentences before named
                found = ctx.previous_work(masked.start)
        if found is None and name != "nearest-event":
            found = ctx.res.topic
        return [found] if found is not None else []
    text = groups.get(name)
    if text is None:
        return []
    allowed = rule.where.get(name)
    # in a list "A, B and longtime collaborator C" each item names one thing: its last name (not "her" in
    # "her sister Giulia", nor "Marsh" in "Marsh by critic Graham Pell")
    numbers = []
    for item in re.split(LIST_SEP, text):
        placeholders = PLACEHOLDER_RE.findall(item)
        if placeholders:
            numbers.append(int(placeholders[-1][1]))
    if allowed and "named" in allowed:  # names only, not pronouns
        numbers = [n for n in numbers if ctx.res.mentions[n].source != "pronoun"]
        allowed = [a for a in allowed if a != "named"]
    entities = [ctx.entity(n) for n in numbers]
    if allowed:  # classes (Song, Recording) or kinds (work, person)
        entities = [e for e in entities if ctx.res.entities[e].type in allowed or ctx.res.entities[e].kind in allowed]
    return list(dict.fromkeys(entities))


def _facts(rule: Pattern, spec: FactSpec, groups: dict[str, str], match: re.Match[str], masked: Masked, ctx: Context,
           span: tuple[int, int], line_start: int) -> list[Candidate]:
    # a rule whose subject is "topic", "nearest-work" or "block-work" but whose pattern captured a work as
    # `s` means that work: the special name is the fallback when the pattern's optional `s` is absent
    subject = "s" if spec.subject in FALLBACKS and groups.get("s") else spec.subject
    subjects = _typed(rule, "subject", _ends(subject, groups, match, masked, ctx, line_start, rule) or [], ctx)
    out = []
    if spec.value is not None:
        raw = groups.get(spec.value)
        value = value_of(raw, spec.format, ctx.years) if raw else None
        if value is None:
            return []
        for s in subjects:
            out.append(Candidate(rule.id, spec.relation, s, None, value, *span, rule.confidence, rule.new))
        return out
    objects = _typed(rule, "object", _ends(spec.object, groups, match, masked, ctx, line_start, rule) or [], ctx)
    for s in subjects:
        for o in objects:
            if s != o:
                out.append(Candidate(rule.id, spec.relation, s, o, None, *span, rule.confidence, rule.new))
    return out


def _typed(rule: Pattern, side: str, ends: list[int], ctx: Context) -> list[int]:
    """``ends`` without the entities whose class or kind the rule's ``where: {subject: [...]}`` (or
    ``object``) does not list: a rule whose subject is the topic may hold only for some kinds of work
    (a character's actor is a film's or a show's cast, never a song's)."""
    allowed = rule.where.get(side)
    if not allowed:
        return ends
    return [e for e in ends if e in (ARTICLE, NEW) or ctx.res.entities[e].type in allowed
            or ctx.res.entities[e].kind in allowed]


def metadata_facts(ctx: Context) -> list[Candidate]:
    """The article's publisher, when its metadata (``<id>.meta.yaml``) names one that the text shows."""
    out = []
    for m in ctx.res.mentions:
        if m.source == "meta" and m.entity >= 0:
            out.append(Candidate("article-metadata-publisher", "publisher", ARTICLE, m.entity, None, m.start, m.end, 0.9))
    return out


def sentences(docs: list[tuple[int, "Doc"]]) -> list[tuple[int, int, int, Any]]:
    """``(line start, sentence start, sentence end, spaCy span)`` of every sentence, in article offsets."""
    out = []
    for at, doc in docs:
        for sent in doc.sents:
            out.append((at, at + sent.start_char, at + sent.end_char, sent))
    return out


def find_candidates(source: Source, docs: list[tuple[int, "Doc"]], res: Resolution, table: RuleTable) -> list[Candidate]:
    """Every fact the rule table's patterns and frames find in the article."""
    ctx = Context(source, res, table)
    out: list[Candidate] = metadata_facts(ctx)
    headline = next(((s, e) for s, e in ctx.lines if source.text[s:e].strip() == source.title), None)
    for at, doc in docs:
        end = at + len(doc.text)
        line = mask(ctx.text, at, end, ctx.mentions_in(at, end))
        for rule in table.patterns:
            if rule.scope == "line" or rule.scope == "headline" and headline and at == headline[0]:
                out.extend(apply_pattern(rule, line, ctx, at))
    for at, start, end, sent in sentences(docs):
        masked = mask(ctx.text, start, end, ctx.mentions_in(start, end))
        for rule in table.patterns:
            if rule.scope == "sentence":
                out.extend(apply_pattern(rule, masked, ctx, at))
        out.extend(apply_frames(table.frames, sent, at, masked, ctx))
    return out
