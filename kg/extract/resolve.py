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

This module groups the names (:class:`Resolver`); :mod:`kg.extract.occurrences` finds their other occurrences
(name parts, nicknames, captions); :mod:`kg.extract.refs` links descriptions, pronouns and speakers;
:mod:`kg.extract.naming` names and types the entities and holds the stage's entry, ``resolve``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from kg.extract.names import PLAIN, Mention, domain_of, is_lower_line, norm
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
    #: the name a heading gives it, which is how the world writes it ("Phil Spector" over "Harvey Phillip Spector")
    heading: str | None = None


@dataclass
class Resolution:
    """The entities of an article, its mentions linked to them, its topic work and its speakers by line."""

    entities: list[Entity]
    mentions: list[Mention]
    topic: int | None
    speakers: dict[int, int]


_VIDEO_GAP = re.compile(r"^\s*(?:for\s+)?(?:(?:the|their|her|his|its|[A-Z][\w'’]*['’]s) )?(?:(?:new|latest|brand new|debut|lead|"
                        r"first|next|recent|hit|smash|current|second|third|latest hit) )*(?:(?:single|song|track),? )?[\"“‘']?$")


#: The lower-case noun that ends a prize's category ("the Acme Award for Best Observational piece").
_PRIZE_NOUN = re.compile(r"(\b(?:Award|Prize|Medal) for (?:the )?Best(?: [A-Z][\w'/-]*)+) [a-z][\w-]*$")


def middle_names(people: set[str]) -> dict[str, str]:
    """The full names in ``people`` that another name of ``people`` gives without its middle names or initials
    ("Mara Quill Hendry" and "Mara Hendry", "Tom J. Arlo" and "Tom Arlo"): normal form of the longer -> the
    shorter's, so that both key one person. Raises nothing.

    >>> middle_names({"Mara Quill Hendry", "Mara Hendry", "Ana Ruiz"})
    {'mara quill hendry': 'mara hendry'}
    """
    short = {norm(n) for n in people if len(n.split()) == 2}
    out = {}
    for name in sorted(people):
        words = name.split()
        if 3 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            base = norm(f"{words[0]} {words[-1]}")
            if base in short and base != norm(name):
                out[norm(name)] = base
    return out


class Resolver:
    def __init__(self, source: Source, mentions: list[Mention], nicknames: list[tuple[int, str]],
                 table: RuleTable) -> None:
        self.source, self.table, self.text = source, table, source.text.translate(PLAIN)
        self.mentions = [m for m in mentions if m.kind not in ("character", "label")]
        self.characters = [m for m in mentions if m.kind == "character"]
        self.nicknames = nicknames
        self.entities: list[Entity] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.events: list[tuple[str, int]] = []  # (key name, entity) of every named event, for same_event
        self.names: dict[str, list[tuple[str, int, bool]]] = {}  # normal name -> (kind, entity, short form?)
        self.middle: dict[str, str] = {}  # normal full name with a middle name -> the name without it
        self.suffixes = set(table.words("org_suffixes"))
        self.lower_lines = [(s, e) for s, e in source.lines() if is_lower_line(self.text[s:e])]
        self.spans: list[tuple[int, int]] = []  # (start, index) of every mention, sorted: see kg.extract.occurrences.claim
        self.longest = 0
        self.topic: int | None = None
        self._surnames: set[str] | None = None
        self.music = domain_of(self.text, table) in ("Song", "Album")  # one-word stage names abound there

    # --- named entities ---------------------------------------------------------------------------------------

    def key(self, mention: Mention) -> tuple[str, str]:
        if mention.kind == "work" and mention.type == "MusicVideo":
            return ("video", norm(mention.name))
        if mention.kind == "event":
            return ("event", re.sub(r"^\d+(?:st|nd|rd|th) ", "", norm(mention.name)))
        if mention.kind == "org":
            return ("org", re.sub(r" (?:ltd|inc|llc|plc|co)\.?$", "", norm(mention.name)))
        if mention.kind == "award":  # "Acme Award for Best Observational piece" and "... film": one category
            return ("award", norm(_PRIZE_NOUN.sub(r"\1", mention.name)))
        if mention.kind == "person":
            name = norm(mention.name)
            return ("person", self.middle.get(name, name))
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
        if kind == "event":
            self.events.append((name, entity))
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
        self.middle = middle_names(full)
        order = sorted(range(len(self.mentions)), key=lambda i: (self.mentions[i].source in ("ner", "propn"), i))
        self.whole_titles()
        starts = [m.start for m in self.mentions]  # sorted, as the mentions are here
        for i in order:
            m = self.mentions[i]
            if m.source == "video-for":
                # "the video for "X"", "the clip for her latest single X": the video of that song
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
                continue  # a name part: decided after its other occurrences (kg.extract.occurrences)
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
            elif m.kind == "event" and self.same_event(m) is not None:
                self.attach(i, self.same_event(m))  # type: ignore[arg-type]
            else:
                self.new(i)
            labels = self.entities[m.entity].labels
            labels[m.kind] = labels.get(m.kind, 0.0) + (2 if m.source == "ner" else 1)

    def whole_titles(self) -> None:
        """A name NER or a proper-noun run took at the start of a longer title found elsewhere ("Salt Lines"
        of "Salt Lines: Homecoming", which a heading names) becomes that title, a work. Changes the mentions
        in place; raises nothing."""
        titles = sorted({m.name for m in self.mentions if m.kind == "work" and not m.ref and " " in m.name
                         and m.source not in ("ner", "propn")}, key=len, reverse=True)
        if not titles:
            return
        taken = sorted((m.start, m.end) for m in self.mentions)
        for m in self.mentions:
            if m.source not in ("ner", "propn") or m.kind not in ("person", "org"):
                continue
            for title in titles:
                end = m.start + len(title)
                if len(title) > len(m.name) and self.text.startswith(title, m.start) and \
                        not any(m.end <= s < end for s, _ in taken):
                    m.end, m.name, m.kind, m.type = end, title, "work", None
                    break

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

    def same_event(self, mention: Mention) -> int | None:
        """A named event this one is the end of, or that is the end of this one ("Harbour Film Festival" and
        "Acme Harbour Film Festival"), the shorter name being two words or more."""
        name = self.key(mention)[1]
        for other, e in self.events:
            if self.entities[e].type not in (None, "Event"):
                continue
            short, long = sorted((name, other), key=len)
            if short != long and len(short.split()) >= 2 and long.endswith(" " + short):
                return e
        return None

    def cross_kind(self, mention: Mention) -> int | None:
        other = "org" if mention.kind == "person" else "person"
        return self.keys.get((other, norm(mention.name)))

    def new_from(self, mention: Mention) -> int:
        self.entities.append(Entity(kind=mention.kind, name=mention.name))
        self.remember(self.key(mention), len(self.entities) - 1)
        return len(self.entities) - 1

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
