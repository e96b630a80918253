"""Facts from the rule table: surface patterns over masked sentences, and verb frames (:mod:`kg.extract.frames`).

The last step before the draft. Over each sentence masked by :mod:`kg.extract.masking`, a rule such as
``directed by {PEOPLE:o}, {WORK:s}`` reads "Directed by Lamar, Free and Jake Schreier, "We Cry
Together"" whatever the names; :func:`find_candidates` runs every pattern and frame of the table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from kg.extract.frames import apply_frames
from kg.extract.masking import ARTICLE, NEW, UNNAMED, Candidate, Context, Masked, mask
from kg.extract.names import Mention
from kg.extract.refs import late_pronouns
from kg.extract.resolve import Entity, Resolution
from kg.extract.roles import apply_noun_frames
from kg.extract.rules import LIST_SEP, PLACEHOLDER_RE, WORK_SEP, FactSpec, Pattern, RuleTable
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
        if rule.after and not rule.after.search(masked.text, 0, match.start()):
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
        topic = ctx.section_topic(line_start)
        return [topic] if topic is not None else []
    if name == "article":
        return [ARTICLE]
    if name == "new":
        return [NEW]
    if name == "speaker":
        speaker = ctx.res.speakers.get(line_start)
        return [speaker] if speaker is not None else []
    if name == "title-above":  # a title block: the title on the line above, credit lines below
        found = ctx.title_above(line_start)
        return [found] if found is not None else []
    if name == "award-above":  # a list of winners: the category on the line above
        return ctx.awards_above(line_start)
    if name == "intro-work":  # the album whose track list this line is in
        found = ctx.intro_work(line_start)
        return [found] if found is not None else []
    if name == "topic-or-nearest":  # a cast line of a review: the reviewed work when the headline names it
        name = "topic" if ctx.headline_topic else "nearest-work"
        if name == "topic":
            topic = ctx.section_topic(line_start)
            return [topic] if topic is not None else []
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
        if found is None and name != "nearest-event" and (name == "block-work" or ctx.source.headline is None or ctx.headline_topic):
            # a credit line of a body without a headline: its lead work; a review: the work its headline names
            found = ctx.topic
        return [found] if found is not None and found != UNNAMED else []
    text = groups.get(name)
    if text is None:
        return []
    allowed = rule.where.get(name)
    # in a list "A, B and longtime collaborator C" each item names one thing: its last name (not "her" in
    # "her sister Giulia", nor "Marsh" in "Marsh by critic Graham Pell")
    numbers = []
    for item in re.split(WORK_SEP, text):  # a space before a title also separates
        placeholders = PLACEHOLDER_RE.findall(item)
        if placeholders:
            numbers.append(int(placeholders[-1][1]))
    if allowed and "named" in allowed:  # names only, not pronouns
        numbers = [n for n in numbers if ctx.res.mentions[n].source != "pronoun"]
        allowed = [a for a in allowed if a != "named"]
    if allowed and "titled" in allowed:  # a work named by its title, not "the film" pointing back
        numbers = [n for n in numbers if not ctx.res.mentions[n].ref]
        allowed = [a for a in allowed if a != "titled"]
    if allowed and "pronoun" in allowed:  # pronouns only ("his film X", not "the Fox comedy X")
        numbers = [n for n in numbers if ctx.res.mentions[n].source == "pronoun"]
        allowed = [a for a in allowed if a != "pronoun"]
    entities = [ctx.entity(n) for n in numbers]
    if allowed:  # classes (Song, Recording) or kinds (work, person)
        entities = [e for e in entities if ctx.res.entities[e].type in allowed or ctx.res.entities[e].kind in allowed]
    return list(dict.fromkeys(entities))


def _facts(rule: Pattern, spec: FactSpec, groups: dict[str, str], match: re.Match[str], masked: Masked, ctx: Context,
           span: tuple[int, int], line_start: int) -> list[Candidate]:
    # a rule whose subject is "topic", "nearest-work" or "block-work" but whose pattern captured a work as
    # `s` means that work: the special name is the fallback when the pattern's optional `s` is absent
    if isinstance(spec.relation, dict) and "by_list" in spec.relation:  # won or nominated, as the list's heading says
        relation = spec.relation["by_list"].get(ctx.award_list(line_start) or "")
        if relation is None:
            return []
        spec = FactSpec(relation, spec.subject, spec.object, spec.value, spec.format)
    subject = "s" if spec.subject in FALLBACKS and groups.get("s") else spec.subject
    subjects = _typed(rule, "subject", _ends(subject, groups, match, masked, ctx, line_start, rule) or [], ctx)
    out = []
    if spec.value is not None:
        raw = groups.get(spec.value)
        if not raw:
            return []
        # "lower-list": each item of "writer, actor and director" is a value of its own
        if spec.format == "lower-list":
            raw = re.sub(r"\s*\([^()]*\)", "", raw)  # "musician (guitar, piano)": the job, not the instruments
        items = re.split(LIST_SEP, raw) if spec.format == "lower-list" else [raw]
        for item in items:
            value = value_of(item, "lower" if spec.format == "lower-list" else spec.format, ctx.years)
            for s in subjects if value is not None else []:
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


def sentences(docs: list[tuple[int, "Doc"]], names: list[tuple[int, int]] | None = None) -> list[tuple[int, int, int, Any]]:
    """``(line start, sentence start, sentence end, spaCy span)`` of every sentence, in article offsets. Two
    sentences spaCy cut inside one of ``names`` (``(start, end)`` of the linked names: a title with a colon,
    "Anthem: Homunculus features ...") are one."""
    ends = sorted(names or [])
    out = []
    for at, doc in docs:
        first = None
        for sent in doc.sents:
            first = sent if first is None else doc[first.start:sent.end]
            cut = at + first.end_char
            k = bisect_right(ends, (cut, cut)) - 1  # the names that start before the cut
            inside = any(s < cut < e for s, e in ends[max(0, k - 3):k + 1])
            if inside and sent.end < len(doc):
                continue
            out.append((at, at + first.start_char, at + first.end_char, first))
            first = None
    return out


#: a line that holds only names ("Fabio Carpi" under "Written by Peter Barnes" in an infobox)
NAMES_ONLY = re.compile(r"^(?:⟦[PO]\d+⟧(?:,? and |, |,? & )?)+\.?$")


def continued(credits: list[Candidate], line: Masked, ctx: Context) -> list[Candidate]:
    """The facts a line of names states when it continues the credit line above it (an infobox whose
    values are one a line): the same rule, relation and work, with each of its names. Only names of the
    kind the credit line named (people after "Starring", companies after "Distributed by")."""
    kinds = {ctx.kind(c.object) for c in credits if c.object is not None and c.object >= 0}
    heads = list(dict.fromkeys((c.rule, repr(c.relation), c.subject) for c in credits))
    out = []
    for found in PLACEHOLDER_RE.finditer(line.text):
        entity = ctx.entity(int(found.group(2)))
        if ctx.kind(entity) not in kinds:
            continue
        for rule, _, subject in heads:
            first = next(c for c in credits if c.rule == rule and c.subject == subject)
            # the quote runs from the credit line down to this one ("Written by A\nB")
            out.append(Candidate(rule, first.relation, subject, entity, None, first.start, line.back[-1], first.confidence))
    return out


def unresolved(res: Resolution, table: RuleTable) -> set[int]:
    """The entities named only by an article, a pronoun or a bare kind noun (``unresolved_names`` of the
    lexicon): "The" cut from "the comedy The plays", "EP" from "his latest EP X". They name nothing a fact
    can be about."""
    words = {w.lower() for w in table.words("unresolved_names")}
    return {e for e, entity in enumerate(res.entities)
            if re.sub(r"[^\w\s'’-]", "", entity.name).strip().lower() in words}


def find_candidates(source: Source, docs: list[tuple[int, "Doc"]], res: Resolution, table: RuleTable) -> list[Candidate]:
    """Every fact the rule table's patterns and frames find in the article; none about an entity that
    resolves to nothing (:func:`unresolved`)."""
    late_pronouns(res, source.lines())
    ctx = Context(source, res, table)
    out: list[Candidate] = metadata_facts(ctx)
    headline = next(((s, e) for s, e in ctx.lines if source.text[s:e].strip() == source.title), None)
    credits: list[Candidate] = []  # the facts of the credit line just above, for the lines that continue it
    for at, doc in docs:
        end = at + len(doc.text)
        lead = at + len(doc.text) - len(doc.text.lstrip())  # an indented line ("    Directed by A") reads from its text
        line = mask(ctx.text, lead, end, ctx.mentions_in(lead, end))
        found = []
        for rule in table.patterns:
            if rule.scope == "line" or rule.scope == "headline" and headline and at == headline[0]:
                found.extend(apply_pattern(rule, line, ctx, at))
        if not found and credits and NAMES_ONLY.match(line.text):
            found = continued(credits, line, ctx)
        credits = [c for c in found if c.rule.startswith("credit-") and c.object is not None]
        out.extend(found)
    for at, start, end, sent in sentences(docs, [(m.start, m.end) for _, m in ctx.linked if not m.ref]):
        masked = mask(ctx.text, start, end, ctx.mentions_in(start, end))
        for rule in table.patterns:
            if rule.scope == "sentence":
                out.extend(apply_pattern(rule, masked, ctx, at))
        out.extend(apply_frames(table.frames, sent, at, masked, ctx))
        out.extend(apply_noun_frames(table.noun_frames, sent, at, masked, ctx))
    nothing = unresolved(res, table)
    return videos_of_songs([c for c in out if c.subject not in nothing and c.object not in nothing], ctx)


def videos_of_songs(candidates: list[Candidate], ctx: Context) -> list[Candidate]:
    """A song is not directed: "the song's clip, directed by A" and "Song, directed by A" credit the song's music
    video, the article's entity of that type and name (made, at the fact's words, when the article has none)."""
    videos: dict[str, int] = {}
    for e, entity in enumerate(ctx.res.entities):
        if entity.type == "MusicVideo":
            videos.setdefault(entity.name.casefold(), e)
    for cand in candidates:
        if cand.relation != "director" or cand.subject < 0 or ctx.res.entities[cand.subject].type != "Song":
            continue
        name = ctx.res.entities[cand.subject].name
        if re.search(r"(?i)\b(?:video|clip|visuals?)\b", name):  # "the accompanying video" typed a song: the video
            ctx.res.entities[cand.subject].type = "MusicVideo"
            continue
        if name.casefold() not in videos:
            ctx.res.mentions.append(Mention(cand.start, cand.end, name, "work", "MusicVideo", "rule",
                                            entity=len(ctx.res.entities)))
            ctx.res.entities.append(Entity(kind="work", name=name, type="MusicVideo", mentions=[len(ctx.res.mentions) - 1]))
            videos[name.casefold()] = len(ctx.res.entities) - 1
        cand.subject = videos[name.casefold()]
    return candidates
