"""Single names no full name explains (the last step of grouping names, after
:mod:`kg.extract.occurrences`): a one-word name spaCy found becomes a person or an organisation of its own
when something says it is one ("his brother Ade", a list of three or more people), and keeps spaCy's label
as its vote unless the word is a surname, stands beside a person, or the article is about music (one-word
stage names abound there).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.extract.names import Mention
from kg.extract.resolve import Resolver

#: Capitalised words that stand before a name without being a given name ("The Acme", "On Acme").
_NOT_GIVEN = {"The", "A", "An", "On", "At", "In", "For", "From", "With", "And", "By", "To", "Of", "Via", "As", "Like",
              "About", "Into", "Onto", "Over", "Under", "Its", "His", "Her", "Their", "Our", "My", "Your", "This", "That",
              "New", "Former", "Both", "Then", "Now", "While", "When", "After", "Before", "But", "Or", "If"}
_NOT_GIVEN_LOWER = {w.lower() for w in _NOT_GIVEN} | {"director", "producer", "actor", "actress", "star", "singer"}


def leftovers(r: Resolver) -> None:
    """Single names no full name explains: a person or organisation of their own."""
    characters = {w for c in r.characters for w in c.name.split()}
    for i, m in enumerate(r.mentions):
        if m.entity < 0 and not m.ref and m.source == "ner" and m.kind in ("person", "org"):
            if m.name in characters:
                continue
            before = r.text[max(0, m.start - 30):m.start]
            if len(m.name.split()) == 1 and m.kind == "person" and not re.search(
                    r"\b(?:brother|sister|wife|husband|son|daughter|partner|mother|father|friend|cousin|"
                    r"director|star|producer|singer|rapper|actor|actress)\s*,?\s+$", before) \
                    and not in_people_list(r, m):
                continue  # a first name or a surname alone, unless one of a list of three or more people
            key = r.key(m)
            if key in r.keys:
                r.attach(i, r.keys[key])
            else:
                r.new(i)
            if len(m.name.split()) > 1 or m.kind != "org" or not (surname_like(r, m.name) or beside_person(r, m)
                                                                  or r.music):
                labels = r.entities[m.entity].labels  # spaCy's label votes, as for the names above
                labels[m.kind] = labels.get(m.kind, 0.0) + 2


def in_people_list(r: Resolver, m: Mention) -> bool:
    """Whether ``m`` is an item of a list of three or more names spaCy takes for people, ended by "and"
    ("Ana, Bea, Cruz and Dee"; not "A & B", as often a title or a band)."""
    starts = [x.start for x in r.mentions]
    near = [x for x in r.mentions[bisect_left(starts, m.start - 120):bisect_left(starts, m.start + 120)]
            if x.kind == "person" and not x.ref and x.source == "ner"]
    at = next((k for k, x in enumerate(near) if x is m), None)
    if at is None:
        return False
    lo = hi = at
    while lo > 0 and re.fullmatch(r", (?:and )?| and ", r.text[near[lo - 1].end:near[lo].start]):
        lo -= 1
    while hi + 1 < len(near) and re.fullmatch(r", (?:and )?| and ", r.text[near[hi].end:near[hi + 1].start]):
        hi += 1
    return hi - lo >= 2 and " and " in r.text[near[hi - 1].end:near[hi].start + 1]


def beside_person(r: Resolver, m: Mention) -> bool:
    """Whether ``m`` stands in a pair or list with a person ("Ruiz and Okafor"): the same kind."""
    starts = [x.start for x in r.mentions]  # sorted: leftovers runs before any mention is appended
    for other in r.mentions[bisect_left(starts, m.start - 80):bisect_left(starts, m.start + 80)]:
        if other.kind == "person" and not other.ref and other is not m:
            between = r.text[other.end:m.start] if other.end <= m.start else r.text[m.end:other.start]
            if re.fullmatch(r",? (?:and|&) |, ", between):
                return True
    return False


def surname_like(r: Resolver, word: str) -> bool:
    """Whether ``word`` also stands after another name in the article ("Jane Holloway", "jane holloway" in
    a lower-case caption): a surname, whatever spaCy labels the word alone (it often says ORG)."""
    if r._surnames is None:  # every word that follows a given-name-like word, found in one pass
        r._surnames = set()
        lower_starts = [s for s, _ in r.lower_lines]
        for found in re.finditer(r"\b([A-Za-z][\w'’-]*) (?=([A-Za-z][\w'’-]*)\b)", r.text):
            before = found.group(1)
            if before[0].isupper():
                given = before not in _NOT_GIVEN
            else:
                k = bisect_right(lower_starts, found.start()) - 1
                given = k >= 0 and found.start() < r.lower_lines[k][1] and before.lower() not in _NOT_GIVEN_LOWER
            if given:
                r._surnames.add(found.group(2).lower())
    return word.lower() in r._surnames
