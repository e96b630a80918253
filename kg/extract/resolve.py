"""One entity per real thing within an article.

* People are keyed by their full name; a surname or first name alone ("Lamar", "Kendrick"), a nickname
  ('Jerome "J-Fresh" Whitaker', 'known to nearly everyone as "Ken"', "who records as Sunshine") and a
  lower-case caption form ("taylour paige", "director abel mercer") resolve to the full name the article
  introduces. A name part shared by two people goes to the one named most recently.
* Organisations are keyed by name; a short form without its suffix ("Harbour Lane" for Harbour Lane
  Studios, "Ironbark") is the same organisation.
* Works are keyed by title; a music video and the song it shows stay apart ("the video for "X"").
* Descriptions and pronouns ("the film", "the studio", "her", "It") take the nearest fitting entity
  before them; "I" in quoted words is the speaker.
* Events without a name are named from what they are of ("private screening of We Cry Together").

This module groups the names (:class:`Resolver`); :mod:`kg.extract.refs` links descriptions, pronouns and
speakers; :mod:`kg.extract.naming` names and types the entities and holds the stage's entry, ``resolve``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from typing import Any

from kg.extract.names import PLAIN, Mention, find_names, is_lower_line, norm, person_parts, title_case
from kg.extract.rules import RuleTable
from kg.extract.source import Source

FAMILIES = {"Film": "film", "ShortFilm": "film", "Song": "song", "Album": "album", "MusicVideo": "video",
            "Book": "book", "Artwork": "art", "CreativeWork": None, "WorkCollection": "collection"}


@dataclass
class Entity:
    """One real thing: its kind, class, name, other names and mentions (indexes into the mention list)."""

    kind: str
    name: str
    type: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[int] = field(default_factory=list)
    labels: dict[str, float] = field(default_factory=lambda: {"person": 0.0, "org": 0.0})  # votes for person / org
    id: str = ""


@dataclass
class Resolution:
    """The entities of an article, its mentions linked to them, its topic work and its speakers by line."""

    entities: list[Entity]
    mentions: list[Mention]
    topic: int | None
    speakers: dict[int, int]


_VIDEO_GAP = re.compile(r"^\s*(?:for\s+)?(?:(?:the|their|her|his|its|[A-Z][\w'’]*['’]s) )?(?:(?:new|latest|brand new|debut|lead|"
                        r"first|next|recent|hit|smash|current|second|third|latest hit) )*(?:(?:single|song|track),? )?[\"“‘']?$")


class Resolver:
    def __init__(self, source: Source, mentions: list[Mention], nicknames: list[tuple[int, str]],
                 table: RuleTable) -> None:
        self.source, self.table, self.text = source, table, source.text.translate(PLAIN)
        self.mentions = [m for m in mentions if m.kind not in ("character", "label")]
        self.characters = [m for m in mentions if m.kind == "character"]
        self.nicknames = nicknames
        self.entities: list[Entity] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.names: dict[str, list[tuple[str, int, bool]]] = {}  # normal name -> (kind, entity, short form?)
        self.suffixes = set(table.words("org_suffixes"))
        self.lower_lines = [(s, e) for s, e in source.lines() if is_lower_line(self.text[s:e])]
        self.spans: list[tuple[int, int]] = []  # (start, index) of every mention, sorted: see claim()
        self.longest = 0
        self.topic: int | None = None

    # --- named entities ---------------------------------------------------------------------------------------

    def key(self, mention: Mention) -> tuple[str, str]:
        if mention.kind == "work" and mention.type == "MusicVideo":
            return ("video", norm(mention.name))
        if mention.kind == "event":
            return ("event", re.sub(r"^\d+(?:st|nd|rd|th) ", "", norm(mention.name)))
        if mention.kind == "org":
            return ("org", re.sub(r" (?:ltd|inc|llc|plc|co)\.?$", "", norm(mention.name)))
        return (mention.kind, norm(mention.name))

    def attach(self, index: int, entity: int) -> None:
        mention = self.mentions[index]
        mention.entity = entity
        if not mention.ref and mention.kind != self.entities[entity].kind:
            mention.kind = self.entities[entity].kind  # a title NER took for a person
        self.entities[entity].mentions.append(index)
        if mention.kind == "work" and mention.type and not mention.ref and self.entities[entity].type is None:
            self.entities[entity].type = mention.type

    def new(self, index: int) -> int:
        mention = self.mentions[index]
        self.entities.append(Entity(kind=mention.kind, name=mention.name))
        self.remember(self.key(mention), len(self.entities) - 1)
        self.attach(index, len(self.entities) - 1)
        return len(self.entities) - 1

    def remember(self, key: tuple[str, str], entity: int) -> None:
        """Key a new entity, and index its name (and an organisation's short forms) for :meth:`same_name`."""
        self.keys[key] = entity
        kind, name = key
        self.names.setdefault(name, []).append((kind, entity, False))
        if kind == "org":
            words = self.entities[entity].name.split()
            while len(words) > 1 and words[-1].strip(".,") in self.suffixes:
                words = words[:-1]
                self.names.setdefault(norm(" ".join(words)), []).append((kind, entity, True))

    def named(self) -> None:
        full = {m.name for m in self.mentions if m.kind == "person" and len(m.name.split()) >= 2}
        for m in self.mentions:
            words = m.name.split()
            if m.kind == "person" and m.source == "ner" and len(words) >= 3 and " ".join(words[:-1]) in full:
                m.name = " ".join(words[:-1])
                m.end = m.start + len(m.name)
        order = sorted(range(len(self.mentions)), key=lambda i: (self.mentions[i].source in ("ner", "propn"), i))
        starts = [m.start for m in self.mentions]  # sorted, as the mentions are here
        for i in order:
            m = self.mentions[i]
            if m.source == "video-for":
                # "the video for "X"", "the music video for their new single X": the video of that song
                title = self.title_after(m.end, starts)
                if title is None:
                    continue
                m.name = title.name
            if m.source == "video-with":  # "The song was accompanied by a video ...": the song named before
                before = [x for x in self.mentions[max(0, bisect_left(starts, m.start) - 40):bisect_left(starts, m.start)]
                          if x.end <= m.start and x.kind == "work" and not x.ref
                          and x.source in ("title", "italic", "unquoted", "headline") and m.start - x.end < 600]
                songs = [x for x in before if x.type == "Song"] or before
                if not songs:
                    continue
                m.name = max(songs, key=lambda x: x.start).name
            if m.ref or m.source == "event-noun":
                continue
            if len(m.name.split()) == 1 and m.kind in ("person", "org") and m.source == "ner":
                continue  # a name part: decided after the gazetteer
            if m.kind == "person" and self.suffix_org(m.name):
                m.kind = "org"
            key = self.key(m)
            if key in self.keys:
                self.attach(i, self.keys[key])
            elif m.source in ("ner", "propn") and self.same_name(m) is not None:
                self.attach(i, self.same_name(m))  # type: ignore[arg-type]
                continue
            elif m.kind in ("person", "org") and self.cross_kind(m) is not None:
                self.attach(i, self.cross_kind(m))  # type: ignore[arg-type]
            else:
                self.new(i)
            labels = self.entities[m.entity].labels
            labels[m.kind] = labels.get(m.kind, 0.0) + (2 if m.source == "ner" else 1)

    def title_after(self, at: int, starts: list[int]) -> Mention | None:
        """The first title starting at ``at`` or after, when only words such as 'for their new single' stand
        between (``_VIDEO_GAP``)."""
        for x in self.mentions[bisect_left(starts, at):]:
            if x.start - at > 60:
                return None
            if x.kind == "work" and not x.ref and x.source in ("title", "italic", "unquoted", "headline"):
                return x if _VIDEO_GAP.match(self.text[at:x.start]) else None
        return None

    def person_like(self, name: str) -> bool:
        words = name.split()
        return 2 <= len(words) <= 3 and words[0] != "The" and not self.suffix_org(name) and all(
            w[0].isupper() and not w.isupper() for w in words)

    def suffix_org(self, name: str) -> bool:
        return name.split()[-1].strip(".,") in self.suffixes

    def same_name(self, mention: Mention) -> int | None:
        """An entity of any kind already named so (a title NER took for a person), or an organisation
        this is the short form of ("Harbour Lane" for Harbour Lane Studios)."""
        for kind, e, short in self.names.get(norm(mention.name), ()):  # in the order the entities were keyed
            if short or kind != mention.kind:
                return e
        return None

    def cross_kind(self, mention: Mention) -> int | None:
        other = "org" if mention.kind == "person" else "person"
        return self.keys.get((other, norm(mention.name)))

    def gazetteer(self) -> None:
        """Find every other occurrence of known names, name parts and nicknames."""
        names: dict[str, list[int]] = {}
        for e, entity in enumerate(self.entities):
            forms = {self.mentions[i].name for i in entity.mentions}
            if entity.kind == "person" or entity.kind == "org" and self.person_like(entity.name):
                for form in list(forms):
                    forms.update(person_parts(form))
            if entity.kind == "org":
                for form in list(forms):
                    words = form.split()
                    while len(words) > 1 and words[-1].strip(".,") in self.suffixes:
                        words = words[:-1]
                        forms.add(" ".join(words))
            if entity.kind == "event":
                forms.update(re.sub(r"^\d+(?:st|nd|rd|th) ", "", f) for f in list(forms))
            for form in forms:
                names.setdefault(form, []).append(e)
        people = sorted((m.start, i, m.entity) for i, m in enumerate(self.mentions)
                        if m.kind == "person" and m.entity >= 0)
        for at, nickname in self.nicknames:
            person = self.person_before(at, people)
            if person is not None:
                names.setdefault(nickname, []).append(person)
        # one pass: names of several words in any case ("taylour paige"), single words as written
        lookup: dict[str, tuple[str, list[int]]] = {}
        for form in names:
            key = form.lower() if " " in form else form
            known = lookup.get(key)
            lookup[key] = (known[0], sorted({*known[1], *names[form]})) if known else (form, names[form])
        self.spans = sorted((m.start, i) for i, m in enumerate(self.mentions))
        self.longest = max((m.end - m.start for m in self.mentions), default=0)
        for start, end in find_names(self.text, list(names)):
            found = self.text[start:end]
            form, candidates = lookup.get(found.lower() if " " in found else found, (found, []))
            if not candidates:
                continue
            if not found[0].isupper() and not self.in_lower_line(start) and not form[0].islower():
                continue
            self.claim(start, end, form, candidates)
        self.caption_names()

    def in_lower_line(self, at: int) -> bool:
        k = bisect_right(self.lower_lines, (at, len(self.text) + 1)) - 1
        return k >= 0 and self.lower_lines[k][0] <= at < self.lower_lines[k][1]

    def overlapping(self, start: int, end: int) -> int | None:
        """The first mention (in list order) that overlaps ``start:end``, looked up in :attr:`spans`."""
        found = None
        for k in range(bisect_left(self.spans, (start - self.longest, -1)), len(self.spans)):
            at, i = self.spans[k]
            if at >= end:
                break
            m = self.mentions[i]
            if m.start < end and start < m.end and (found is None or i < found):
                found = i
        return found

    def claim(self, start: int, end: int, form: str, candidates: list[int]) -> None:
        """Link the text ``start:end`` to the entity among ``candidates`` named most recently before it."""
        i = self.overlapping(start, end)
        if i is not None:
            m = self.mentions[i]
            if m.entity >= 0 or m.ref or (m.start, m.end) != (start, end) and not (len(m.name.split()) == 1):
                return
            entity = self.pick(candidates, start)
            if m.source == "ner":
                labels = self.entities[entity].labels
                labels[m.kind] = labels.get(m.kind, 0.0) + 0.5
            m.kind = self.entities[entity].kind
            self.attach(i, entity)
            return
        entity = self.pick(candidates, start)
        kind = self.entities[entity].kind
        self.mentions.append(Mention(start, end, form, kind, None, "gazetteer"))
        insort(self.spans, (start, len(self.mentions) - 1))
        self.longest = max(self.longest, end - start)
        self.attach(len(self.mentions) - 1, entity)

    def pick(self, candidates: list[int], at: int) -> int:
        if len(candidates) == 1:
            return candidates[0]
        best, best_at = candidates[0], -1
        for e in candidates:
            before = [self.mentions[i].start for i in self.entities[e].mentions if self.mentions[i].start < at]
            if before and max(before) > best_at:
                best, best_at = e, max(before)
        return best

    @staticmethod
    def person_before(at: int, people: list[tuple[int, int, int]]) -> int | None:
        """The person of the last ``(start, index, entity)`` in ``people`` at or before ``at`` (the first of
        several at the same start)."""
        k = bisect_right(people, (at, float("inf"))) - 1
        if k < 0:
            return None
        return people[bisect_left(people, (people[k][0], -1))][2]

    def caption_names(self) -> None:
        """In lower-case captions, "jane holloway" is Jane Holloway when "Holloway" names a person elsewhere."""
        surnames = {}
        for e, entity in enumerate(self.entities):
            if entity.kind == "person":
                for i in entity.mentions:
                    parts = self.mentions[i].name.split()
                    surnames[parts[-1].lower()] = e
        for m in self.mentions:
            if m.kind == "person" and len(m.name.split()) == 1 and m.entity < 0:
                surnames.setdefault(m.name.lower(), -1)
        for start, end in self.lower_lines:
            for pair in re.finditer(r"\b([a-z][a-z'’-]+) ([A-Za-z][a-z'’-]+)\b", self.text[start:end]):
                if pair.group(2).lower() in surnames and pair.group(1) not in ("and", "the", "of", "in", "with", "director"):
                    a, b = start + pair.start(), start + pair.end()
                    if any(x.start < b and a < x.end for x in self.mentions if x.entity >= 0):
                        continue
                    name = title_case(pair.group())
                    mention = Mention(a, b, name, "person", "Person", "caption")
                    self.mentions.append(mention)
                    existing = self.keys.get(("person", norm(name)))
                    self.attach(len(self.mentions) - 1, existing if existing is not None else self.new_from(mention))

    def new_from(self, mention: Mention) -> int:
        self.entities.append(Entity(kind=mention.kind, name=mention.name))
        self.remember(self.key(mention), len(self.entities) - 1)
        return len(self.entities) - 1

    def leftovers(self) -> None:
        """Single names no full name explains: a person or organisation of their own."""
        characters = {w for c in self.characters for w in c.name.split()}
        for i, m in enumerate(self.mentions):
            if m.entity < 0 and not m.ref and m.source == "ner" and m.kind in ("person", "org"):
                if m.name in characters:
                    continue
                before = self.text[max(0, m.start - 30):m.start]
                if len(m.name.split()) == 1 and m.kind == "person" and not re.search(
                        r"\b(?:brother|sister|wife|husband|son|daughter|partner|mother|father|friend|cousin|"
                        r"director|star|producer|singer|rapper|actor|actress)\s*,?\s+$", before):
                    continue
                key = self.key(m)
                if key in self.keys:
                    self.attach(i, self.keys[key])
                else:
                    self.new(i)

    # --- descriptions, pronouns, speakers ---------------------------------------------------------------------

    def index(self, docs: list[tuple[int, Any]]) -> None:
        """Remember the parse: each token by its article offset, and the sentences."""
        self.tokens = {at + tok.idx: tok for at, doc in docs for tok in doc}
        self.token_offsets = sorted(self.tokens)
        self.starts = {id(doc): at for at, doc in docs}
        self.sentences = [(at + sent.start_char, at + sent.end_char, sent) for at, doc in docs for sent in doc.sents]
        self.sentence_starts = [s for s, _, _ in self.sentences]

    def tokens_in(self, start: int, end: int) -> list[Any]:
        offsets = self.token_offsets
        return [self.tokens[at] for at in offsets[bisect_left(offsets, start):bisect_left(offsets, end)]]

    def token_start(self, tok: Any) -> int:
        return self.starts.get(id(tok.doc), 0) + tok.idx
