"""Naming and typing the entities an article names: the last steps of resolution, and :func:`resolve`, the
whole stage (:mod:`kg.extract.resolve` groups the names, :mod:`kg.extract.occurrences` finds them again,
:mod:`kg.extract.refs` links what points back).

Events without a name get one from what they are of ("private screening of We Cry Together"); a person or
an organisation is decided by spaCy's votes, the name's form and the words around it; a work's class by the
nouns around its mentions, else by the kind of article (film or music); each entity gets its fullest name
and every other form as an alias.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from typing import Any

from kg.extract import occurrences, positions, refs, singles
from kg.extract.names import Mention, bracket_opener, domain_of, norm
from kg.extract.resolve import Entity, Resolution, Resolver
from kg.extract.rules import RuleTable
from kg.extract.source import Source, slug


#: The vote of a mention whose recogniser gave it a class (a credit label of companies, a photo caption).
DECLARED = 3


def events(r: Resolver) -> None:
    single: dict[str, int] = {}
    for i, m in enumerate(r.mentions):
        if m.source != "event-noun" or m.entity >= 0:
            continue
        name = m.name
        nxt = [r.mentions[j] for j in positions.between(r, m.end, m.end + 120) if r.mentions[j].entity >= 0]
        if m.type == "Screening":
            if not (nxt and re.match(r"\s+of\s+$", r.text[m.end:nxt[0].start])):
                continue
            name = f"{name} of {r.entities[nxt[0].entity].name}"
            if len(nxt) > 1 and r.entities[nxt[1].entity].kind == "event" and re.match(
                    r"\s+at\s+(?:the\s+)?$", r.text[nxt[0].end:nxt[1].start]):
                name += f" at the {r.entities[nxt[1].entity].name}"
        elif m.type == "Recording" and re.match(r"filming|shoot", m.name) and r.topic is not None:
            name = f"{m.name} of {r.entities[r.topic].name}"
        elif m.type == "Recording" and nxt and re.match(r"\s+at\s+$", r.text[m.end:nxt[0].start]):
            name = f"{m.name} at {r.entities[nxt[0].entity].name}"
            before = re.search(r"\b(?:an?|one|two|three|four) (week|day|month)s? of $", r.text[m.start - 20:m.start])
            if before:
                name = f"{before.group(1)} of {name}"
        m.name = name
        if m.type in ("Discussion", "Recording") and m.type in single:
            r.attach(i, single[m.type])
            continue
        key = r.key(m)
        entity = r.keys[key] if key in r.keys else r.new_from(m)
        r.entities[entity].type = m.type
        r.attach(i, entity)
        single.setdefault(m.type or "", entity)

def adapted_sources(r: Resolver) -> None:
    """The work another is adapted from when it shares its title: "Adapted from the radio serial of the
    same name", "X, from the book by Ana Ruiz" give a second entity (a book, a play) named like the work named
    last before it in the paragraph (else the one right after: "Adapted from ..., X follows"), whose mention is the noun ("the radio serial"). A description there
    ("the book") points to it, not to the adaptation. The nouns and classes are ``adapted_nouns``."""
    nouns = r.table.mapping("adapted_nouns")
    if not nouns:
        return
    noun_re = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:adapted from|based on|an adaptation of|from)\s+(?P<np>(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}?"
                         rf"(?P<noun>{noun_re})(?:\s+series)?)\s+(?:of the same (?:name|title)|by\b)", re.IGNORECASE)
    for line_start, line_end in r.source.lines():
        for m in pattern.finditer(r.text, line_start, line_end):
            start, end = m.start("np"), m.end("np")
            inside = [j for j in positions.between(r, start - 1, end + 1) if r.mentions[j].start < end and start < r.mentions[j].end]
            if any(not r.mentions[j].ref for j in inside):
                continue
            works = [x for x in r.mentions if x.kind == "work" and not x.ref and x.entity >= 0
                     and line_start <= x.start and x.end <= line_end and not (start <= x.start < end)]
            before = [x for x in works if x.end <= start]
            after = [x for x in works if x.start >= end and x.start - end < 120]  # "Adapted from ..., Title follows"
            if not before and not after:
                continue
            adapted = r.entities[(max(before, key=lambda x: x.start) if before else min(after, key=lambda x: x.start)).entity]
            cls = nouns[next(k for k in nouns if k.lower() == m.group("noun").lower())]
            for j in inside:  # "the book" there is the source, not the adaptation
                old = r.mentions[j]
                if old.entity >= 0 and j in r.entities[old.entity].mentions:
                    r.entities[old.entity].mentions.remove(j)
                old.entity = -1
            mention = Mention(start, end, adapted.name, "work", cls, "adapted-source")
            r.mentions.append(mention)
            entity = len(r.entities)
            r.entities.append(Entity(kind="work", name=adapted.name, type=cls))
            r.attach(len(r.mentions) - 1, entity)
            for j in inside:
                r.attach(j, entity)


def heading_people(r: Resolver) -> None:
    """A person named alone on a heading line is the person the line below introduces by a longer or legal
    name with the same surname ("Phil Spector" over "On ..., Harvey Phillip Spector died"; an obituary list):
    one entity, named as the heading writes it. Changes ``r`` in place; raises nothing."""
    lines = r.source.lines()
    starts = [s for s, _ in lines]
    people = sorted((m.start, i) for i, m in enumerate(r.mentions) if m.kind == "person" and m.entity >= 0 and not m.ref)
    for at, i in people:
        m = r.mentions[i]
        k = bisect_right(starts, at) - 1
        if k < 0 or k + 1 >= len(lines) or r.text[lines[k][0]:lines[k][1]].strip() != m.name or len(m.name.split()) < 2:
            continue
        below_start, below_end = lines[k + 1]
        surname = m.name.split()[-1]
        for at2, j in people:
            other = r.mentions[j]
            if not below_start <= at2 < min(below_end, below_start + 120):
                continue
            if other.name.split()[-1] != surname or len(other.name.split()) < 2 or other.name == m.name:
                continue
            if other.entity == m.entity:  # already one person ("Mira Anne Solberg" under "Mira Solberg")
                r.entities[m.entity].heading = m.name
                break
            keep, gone = r.entities[m.entity], r.entities[other.entity]
            for x in gone.mentions:  # every mention linked to it, pronouns included (Resolver.attach)
                r.mentions[x].entity = m.entity
            keep.mentions.extend(gone.mentions)
            gone.mentions.clear()
            keep.heading = m.name
            break


def finish(r: Resolver) -> None:
    default = domain(r)
    used: set[str] = set()
    for entity in r.entities:
        mentions = [r.mentions[i] for i in sorted(entity.mentions, key=lambda i: r.mentions[i].start)]
        if entity.kind in ("person", "org"):
            person = entity.labels["person"] + (2 if r.person_like(entity.name) else 0) + context(r, mentions, "person")
            org = entity.labels["org"] + context(r, mentions, "org")
            # a recogniser that read the class off the text ("Distributed by: X", "A X PRODUCTION") outweighs a guess
            org += sum(DECLARED for m in mentions if not m.ref and m.type == "Organization")
            person += sum(DECLARED for m in mentions if not m.ref and m.type == "Person")
            entity.kind = "org" if r.suffix_org(entity.name) or org > person else "person"
            for m in mentions:
                m.kind = entity.kind
        if entity.kind == "work" and entity.type in (None, "Film"):
            votes = Counter(m.type for m in mentions if m.type)
            entity.type = entity.type or (votes.most_common(1)[0][0] if votes else default)
            if entity.type == "Film" and votes.get("ShortFilm"):
                entity.type = "ShortFilm"
        entity.type = entity.type or {"person": "Person", "org": "Organization", "event": "Event",
                                      "award": "AwardCategory"}.get(entity.kind, "CreativeWork")
        named = [m.name for m in mentions if not m.ref and m.source != "gazetteer"]
        if entity.heading:
            entity.name = entity.heading
        elif named:
            entity.name = max(named, key=lambda n: (len(n.split()), not n.islower(), not n.isupper(), -named.index(n)))
        forms = []
        for m in mentions:
            for form in (m.name, r.source.text[m.start:m.end].strip(" \"“”'‘’,.")):
                if m.source == "collection" and form != m.name:
                    continue
                if form and form != entity.name and form not in forms and not m.ref and m.source != "speaker":
                    if m.source != "event-noun" or form != m.name:
                        forms.append(form)
        owner = re.match(r"^(.+?)['’]s ", entity.name) if entity.kind == "work" else None
        forms = [f for f in forms if not (owner and f == owner.group(1))]  # "Meek" is not "Meek's Cutoff"
        entity.aliases = [f for f in forms if norm(f) != norm(entity.name) or f != entity.name][:12]
        base = slug(entity.name) or entity.kind
        entity.id = base if base not in used else f"{base}-{slug(entity.type)}"
        n = 2
        while entity.id in used:
            entity.id, n = f"{base}-{n}", n + 1
        used.add(entity.id)

def context(r: Resolver, mentions: list[Mention], kind: str) -> int:
    """Votes from the words around the mentions (``person_context`` / ``org_context`` of the lexicon)."""
    cues = r.table.mapping(f"{kind}_context")
    votes = 0
    for m in mentions:
        after, before = r.text[m.end:m.end + 60], r.text[max(0, m.start - 60):m.start]
        votes += 2 * sum(1 for p in cues.get("after", []) if re.match(p, after))
        votes += 2 * sum(1 for p in cues.get("before", []) if re.search(p, before))
    return votes

def provisional_types(r: Resolver) -> None:
    """Type each work from the nouns around its own mentions, else by the article's kind (film or music)."""
    default = domain(r)
    for entity in r.entities:
        if entity.kind == "work" and entity.type is None:
            votes = Counter(r.mentions[i].type for i in entity.mentions
                            if r.mentions[i].type and not r.mentions[i].ref)
            entity.type = votes.most_common(1)[0][0] if votes else default

def domain(r: Resolver) -> str:
    return domain_of(r.text, r.table)


def find_topic(r: Resolver) -> int | None:
    """The work the article is about: the one its headline names, else (a body with no headline) the work
    named far more often than any other; None when no work stands out."""
    found = r.source.headline
    title = r.source.text[found.work[0]:found.work[1]] if found and found.work else found.text if found else ""
    for m in sorted(r.mentions, key=lambda m: m.start):
        if title and m.entity >= 0 and m.kind == "work" and not m.ref and norm(m.name) in norm(title):
            return m.entity
    credits = _bracket_credits(r)
    counts = Counter(m.entity for k, m in enumerate(r.mentions)
                     if m.entity >= 0 and m.kind == "work" and k not in credits).most_common(2)
    if not counts:
        return None
    if found is None and (counts[0][1] < 2 or len(counts) > 1 and counts[0][1] < 2 * counts[1][1]):
        return None
    return counts[0][0]


def _bracket_credits(r: Resolver) -> set[int]:
    """The mentions of works in brackets opened just after a person's or a company's name ('Ana Ruiz (Salt
    Lines)'): her earlier credits, which say nothing of what the article is about."""
    ends_at = {m.end for m in r.mentions if m.entity >= 0 and m.kind in ("person", "org")}
    out = set()
    for k, m in enumerate(r.mentions):
        if m.kind != "work" or m.entity < 0:
            continue
        if bracket_opener(r.text, r.text.rfind("\n", 0, m.start) + 1, m.start) in ends_at:
            out.add(k)
    return out


def resolve(source: Source, mentions: list[Mention], nicknames: list[tuple[int, str]], table: RuleTable,
            docs: list[tuple[int, Any]]) -> Resolution:
    """Group ``mentions`` into entities; link descriptions, pronouns and speakers; name and type everything."""
    r = Resolver(source, mentions, nicknames, table)
    r.index(docs)
    r.named()
    occurrences.find_occurrences(r)
    singles.leftovers(r)
    r.topic = find_topic(r)
    provisional_types(r)
    speakers = refs.speakers(r)
    refs.references(r, speakers)
    events(r)
    adapted_sources(r)
    heading_people(r)
    finish(r)
    return Resolution(entities=r.entities, mentions=r.mentions, topic=r.topic, speakers=speakers)
