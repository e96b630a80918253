"""The typing step: each name spaCy or the proper-noun run took for a person or an organisation is weighed
again with every cue it has in the article, and may become an organisation, a work or an event.

Cues, each a weighted vote (the words and weights are data: ``kind_cues:`` in ``kg/extract/rules.yaml``):

* the NER label and the vote of :mod:`kg.extract.naming` (the kind the entity has now);
* the name itself: a word such as Museum, Records, Pictures, TV, Magazine, Festival (``org_words``); a short
  ALL-CAPS acronym (HBO, UTA);
* the words around every mention: "the" before a name (people take no article: "The Big Issue"); "told",
  "according to", "on" (a publication, a channel); a year in brackets after it ("Titanic (1997)"), "2018's"
  before it, a kind of work before it ("the series Veep"), "starred in", "known for"; "said", "who",
  an occupation (a person);
* the role it plays in a list: an item of "A, B and C" whose neighbours are works is a work;
* the same name elsewhere in the article (every mention votes).

Only entities found by NER or proper-noun runs are weighed; names from quotation marks, italics, credit
lines and the headline keep the kind their recogniser gave.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from kg.extract.names import Mention, domain_of
from kg.extract.resolve import Entity, Resolution
from kg.extract.rules import RuleTable
from kg.extract.source import Source

#: Mention sources whose kind is only a guess (spaCy's label, a run of proper nouns).
WEAK = ("ner", "propn")
#: Mentions that only repeat an entity's name elsewhere (:func:`kg.extract.occurrences.claim`): they take the
#: kind the entity already has, so they neither make it sure nor keep it from being weighed.
ECHO = ("gazetteer",)


def retype(source: Source, res: Resolution, table: RuleTable) -> None:
    """Weigh every cue of each weakly typed person or organisation; change its kind (and its mentions'
    kind and class) where the cues say it is something else. Changes ``res`` in place; raises nothing."""
    cues = table.mapping("kind_cues")
    if not cues:
        return
    text = source.text
    compiled = _compile(cues)
    default_work = _domain(text, table)
    work_nouns = table.mapping("work_nouns")
    works = sorted((m for m in res.mentions if m.entity >= 0 and not m.ref and res.entities[m.entity].kind == "work"),
                   key=lambda m: m.start)
    starts = [m.start for m in works]
    # organisations a recogniser was sure of, or whose name says so ("Acme Studios")
    orgs_weak = sorted((m for m in res.mentions if m.entity >= 0 and not m.ref and res.entities[m.entity].kind == "org"),
                       key=lambda m: m.start)
    org_names = [p for kind, _, p, _ in compiled["name"] if kind == "org"]
    orgs = [m for m in orgs_weak if m.source not in WEAK or any(p.search(res.entities[m.entity].name) for p in org_names)]
    org_starts = [m.start for m in orgs]
    # people a recogniser was sure of, or whom the article calls by the surname alone too ("Ana Ruiz" ... "Ruiz")
    people = sorted((m for m in res.mentions if m.entity >= 0 and not m.ref and res.entities[m.entity].kind == "person"
                     and m.source not in ECHO and (m.source not in WEAK or _surname_alone(res, m.entity))),
                    key=lambda m: m.start)
    people_starts = [m.start for m in people]
    for e, entity in enumerate(res.entities):
        if entity.kind not in ("person", "org"):
            continue
        mentions = [res.mentions[i] for i in entity.mentions]
        named = [m for m in mentions if not m.ref]
        if not named or any(m.source not in WEAK + ECHO for m in named) or all(m.source in ECHO for m in named):
            continue
        votes = {"person": 0.0, "org": 0.0, "work": 0.0, "event": 0.0}
        votes[entity.kind] += float(cues.get("current", 1.0))
        noun_type: str | None = None
        for kind, weight, pattern, _ in compiled["name"]:
            if pattern.search(entity.name):
                votes[kind] += weight
        for m in named:
            before, after = text[max(0, m.start - 50):m.start], text[m.end:m.end + 40]
            for kind, weight, pattern, _ in compiled["before"]:
                found = pattern.search(before)
                if found:
                    votes[kind] += weight
                    noun = found.groupdict().get("noun")
                    if kind == "work" and noun:
                        noun_type = work_nouns.get(noun.lower()) or work_nouns.get(noun.lower().rstrip("s")) or noun_type
            listed = bool(re.search(r"(?:\band|&|,)\s*$", before))  # "Ana and Bea have": the verb is the pair's
            for kind, weight, pattern, alone in compiled["after"]:
                if pattern.match(after) and not (alone and listed):
                    votes[kind] += weight
            votes["work"] += float(cues.get("work_list", 2.0)) * _listed_with_works(m, works, starts, text)
            votes["org"] += float(cues.get("org_list", 0.0)) * _listed_with_works(m, orgs, org_starts, text, strict=True)
            votes["person"] += float(cues.get("person_list", 0.0)) * _listed_with_works(m, people, people_starts, text,
                                                                                         strict=True)
        best = max(votes, key=lambda k: (votes[k], k == entity.kind))
        if best == entity.kind or votes[best] <= votes[entity.kind]:
            continue
        _set_kind(entity, mentions, best, noun_type or default_work)


def _surname_alone(res: Resolution, e: int) -> bool:
    """Whether the person ``e`` of two or more words is also named by the last word alone ("Ruiz")."""
    words = res.entities[e].name.split()
    return len(words) >= 2 and any(res.mentions[i].name == words[-1] for i in res.entities[e].mentions)


def _compile(cues: dict[str, Any]) -> dict[str, list[tuple[str, float, re.Pattern[str], bool]]]:
    """The cues by place: (kind, weight, pattern, alone); an ``alone`` cue does not count for a name that
    follows "and", "&" or a comma."""
    out: dict[str, list[tuple[str, float, re.Pattern[str], bool]]] = {"name": [], "before": [], "after": []}
    for where in out:
        for item in cues.get(where) or []:
            out[where].append((str(item["kind"]), float(item["weight"]), re.compile(str(item["pattern"])),
                               bool(item.get("alone", False))))
    return out


def _listed_with_works(m: Mention, works: list[Mention], starts: list[int], text: str, *, strict: bool = False) -> int:
    """How many neighbours of ``m`` in a list "A, B and C" are among ``works`` (0, 1 or 2): named mentions of
    one kind sorted by start (works, organisations or people), ``starts`` their starts. ``strict``: one neighbour
    counts only across "and", "&" or "or" (a comma alone may close a phrase: "In a talk with Acme, Ruiz ...")."""
    count, joined = 0, False
    if text[m.end:m.end + 2] in ("'s", "’s"):
        return 0  # "Title, Ana Ruiz's Title": the maker of the next item, not an item
    at = bisect_left(starts, m.start)
    for other in works[max(0, at - 2):at + 2]:
        if other is m:
            continue
        between = text[other.end:m.start] if other.end <= m.start else text[m.end:other.start]
        if other.start > m.start and "," in between and not re.search(r"\b(?:and|or)\b|&", between) and \
                _CLAUSE_GOES_ON.match(text, other.end):
            continue  # "Written by Ana Ruiz, Title tells ...": the title is the subject of what follows, not an item
        if len(between) <= 8 and _LIST_GAP.fullmatch(between) and _quoted(other, text) == _quoted(m, text):
            count += 1  # a quoted title beside an unquoted name is a credit ('Ana Ruiz, "Title"'), not a list
            joined = joined or bool(re.search(r"\b(?:and|or)\b|&", between))
    if strict and count == 1 and not joined:
        return 0
    return min(count, 2)


def _quoted(m: Mention, text: str) -> bool:
    return text[m.start:m.start + 1] in _QUOTES or text[m.start - 1:m.start] in _QUOTES if m.start else False


_QUOTES = "\"“‘'"
_CLAUSE_GOES_ON = re.compile(r"[\"”’']?\s+[a-z]{2,}\b(?<!\band)(?<!\bor)")
_LIST_GAP = re.compile(r"\s*[\"”’']?\s*(?:,|,? and|,? &|,? or)\s*[\"“‘']?\s*")


def _domain(text: str, table: RuleTable) -> str:
    return domain_of(text, table)


def _set_kind(entity: Entity, mentions: list[Mention], kind: str, work_type: str) -> None:
    entity.kind = kind
    entity.type = {"person": "Person", "org": "Organization", "event": "Event"}.get(kind, work_type)
    for m in mentions:
        m.kind = kind
        if not m.ref:
            m.type = entity.type
