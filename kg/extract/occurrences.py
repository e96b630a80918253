"""Every other occurrence of a name the article already gave (the last step of grouping names, after
:class:`kg.extract.resolve.Resolver` has keyed the named entities): full names, name parts (a surname or
first name alone), an organisation without its suffix, nicknames ('known to nearly everyone as "Ken"'), names
in lower-case captions ("taylour paige", "jane holloway" when Holloway is named elsewhere). Each occurrence
goes to the entity named most recently before it; spaCy's label of a name it covers counts as a vote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from kg.extract.names import Mention, find_names, norm, person_parts, title_case
from kg.extract.resolve import Resolver



def find_occurrences(r: Resolver) -> None:
    """Find every other occurrence of known names, name parts and nicknames."""
    names: dict[str, list[int]] = {}
    for e, entity in enumerate(r.entities):
        forms = {r.mentions[i].name for i in entity.mentions}
        if entity.kind == "person" or entity.kind == "org" and r.person_like(entity.name):
            for form in list(forms):
                forms.update(person_parts(form))
        if entity.kind == "org":
            for form in list(forms):
                words = form.split()
                while len(words) > 1 and words[-1].strip(".,") in r.suffixes:
                    words = words[:-1]
                    forms.add(" ".join(words))
        if entity.kind == "event":
            forms.update(re.sub(r"^\d+(?:st|nd|rd|th) ", "", f) for f in list(forms))
        for form in forms:
            names.setdefault(form, []).append(e)
    people = sorted((m.start, i, m.entity) for i, m in enumerate(r.mentions)
                    if m.kind == "person" and m.entity >= 0)
    for at, nickname in r.nicknames:
        person = person_before(at, people)
        if person is not None:
            names.setdefault(nickname, []).append(person)
    # one pass: names of several words in any case ("taylour paige"), single words as written
    lookup: dict[str, tuple[str, list[int]]] = {}
    for form in names:
        key = form.lower() if " " in form else form
        known = lookup.get(key)
        lookup[key] = (known[0], sorted({*known[1], *names[form]})) if known else (form, names[form])
    r.spans = sorted((m.start, i) for i, m in enumerate(r.mentions))
    r.longest = max((m.end - m.start for m in r.mentions), default=0)
    for start, end in find_names(r.text, list(names)):
        found = r.text[start:end]
        form, candidates = lookup.get(found.lower() if " " in found else found, (found, []))
        if not candidates:
            continue
        if not found[0].isupper() and not in_lower_line(r, start) and not form[0].islower():
            continue
        claim(r, start, end, form, candidates)
    caption_names(r)


def in_lower_line(r: Resolver, at: int) -> bool:
    k = bisect_right(r.lower_lines, (at, len(r.text) + 1)) - 1
    return k >= 0 and r.lower_lines[k][0] <= at < r.lower_lines[k][1]


def overlapping(r: Resolver, start: int, end: int) -> int | None:
    """The first mention (in list order) that overlaps ``start:end``, looked up in :attr:`spans`."""
    found = None
    for k in range(bisect_left(r.spans, (start - r.longest, -1)), len(r.spans)):
        at, i = r.spans[k]
        if at >= end:
            break
        m = r.mentions[i]
        if m.start < end and start < m.end and (found is None or i < found):
            found = i
    return found


def claim(r: Resolver, start: int, end: int, form: str, candidates: list[int]) -> None:
    """Link the text ``start:end`` to the entity among ``candidates`` named most recently before it."""
    i = overlapping(r, start, end)
    if i is not None:
        m = r.mentions[i]
        if m.entity >= 0 or m.ref or (m.start, m.end) != (start, end) and not (len(m.name.split()) == 1):
            return
        entity = pick(r, candidates, start)
        if m.source == "ner":
            labels = r.entities[entity].labels
            labels[m.kind] = labels.get(m.kind, 0.0) + 0.5
        m.kind = r.entities[entity].kind
        if m.source == "ner" and start <= m.start and m.end <= end and end - start > m.end - m.start:
            m.start, m.end, m.name = start, end, form  # NER took a part ("Salt" of "Salt and Cinder"): the whole
        r.attach(i, entity)
        return
    entity = pick(r, candidates, start)
    kind = r.entities[entity].kind
    r.mentions.append(Mention(start, end, form, kind, None, "gazetteer"))
    insort(r.spans, (start, len(r.mentions) - 1))
    r.longest = max(r.longest, end - start)
    r.attach(len(r.mentions) - 1, entity)


def pick(r: Resolver, candidates: list[int], at: int) -> int:
    if len(candidates) == 1:
        return candidates[0]
    best, best_at = candidates[0], -1
    for e in candidates:
        before = [r.mentions[i].start for i in r.entities[e].mentions if r.mentions[i].start < at]
        if before and max(before) > best_at:
            best, best_at = e, max(before)
    return best


def person_before(at: int, people: list[tuple[int, int, int]]) -> int | None:
    """The person of the last ``(start, index, entity)`` in ``people`` at or before ``at`` (the first of
    several at the same start)."""
    k = bisect_right(people, (at, float("inf"))) - 1
    if k < 0:
        return None
    return people[bisect_left(people, (people[k][0], -1))][2]


def caption_names(r: Resolver) -> None:
    """In lower-case captions, "jane holloway" is Jane Holloway when "Holloway" names a person elsewhere."""
    surnames = {}
    for e, entity in enumerate(r.entities):
        if entity.kind == "person":
            for i in entity.mentions:
                parts = r.mentions[i].name.split()
                surnames[parts[-1].lower()] = e
    for m in r.mentions:
        if m.kind == "person" and len(m.name.split()) == 1 and m.entity < 0:
            surnames.setdefault(m.name.lower(), -1)
    stops = set(r.table.words("name_stop_words"))  # "but his" is no name
    for start, end in r.lower_lines:
        for pair in re.finditer(r"\b([a-z][a-z'’-]+) ([A-Za-z][a-z'’-]+)\b", r.text[start:end]):
            if pair.group(2).lower() in surnames and pair.group(1) not in ("and", "the", "of", "in", "with", "director") \
                    and not any(w in stops for w in title_case(pair.group()).split()):
                a, b = start + pair.start(), start + pair.end()
                if any(x.start < b and a < x.end for x in r.mentions if x.entity >= 0):
                    continue
                name = title_case(pair.group())
                mention = Mention(a, b, name, "person", "Person", "caption")
                r.mentions.append(mention)
                existing = r.keys.get(("person", norm(name)))
                r.attach(len(r.mentions) - 1, existing if existing is not None else r.new_from(mention))
