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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.extract.names import PLAIN, Mention, is_lower_line, norm, person_parts, title_case
from kg.extract.rules import RuleTable
from kg.extract.source import Source, slug

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
    labels: Counter[str] = field(default_factory=Counter)  # votes for person / org
    id: str = ""


@dataclass
class Resolution:
    """The entities of an article, its mentions linked to them, its topic work and its speakers by line."""

    entities: list[Entity]
    mentions: list[Mention]
    topic: int | None
    speakers: dict[int, int]


class Resolver:
    def __init__(self, source: Source, mentions: list[Mention], nicknames: list[tuple[int, str]],
                 table: RuleTable) -> None:
        self.source, self.table, self.text = source, table, source.text.translate(PLAIN)
        self.mentions = [m for m in mentions if m.kind not in ("character", "label")]
        self.characters = [m for m in mentions if m.kind == "character"]
        self.nicknames = nicknames
        self.entities: list[Entity] = []
        self.keys: dict[tuple[str, str], int] = {}
        self.suffixes = set(table.words("org_suffixes"))
        self.lower_lines = [(s, e) for s, e in source.lines() if is_lower_line(self.text[s:e])]
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
        self.keys[self.key(mention)] = len(self.entities) - 1
        self.attach(index, len(self.entities) - 1)
        return len(self.entities) - 1

    def named(self) -> None:
        full = {m.name for m in self.mentions if m.kind == "person" and len(m.name.split()) >= 2}
        for m in self.mentions:
            words = m.name.split()
            if m.kind == "person" and m.source == "ner" and len(words) >= 3 and " ".join(words[:-1]) in full:
                m.name = " ".join(words[:-1])
                m.end = m.start + len(m.name)
        order = sorted(range(len(self.mentions)), key=lambda i: (self.mentions[i].source in ("ner", "propn"), i))
        for i in order:
            m = self.mentions[i]
            if m.source == "video-for":
                title = [x for x in self.mentions if x.start >= m.end and x.kind == "work" and x.source == "title"]
                if not title or title[0].start - m.end > 6:
                    continue
                m.name = min(title, key=lambda x: x.start).name
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
            self.entities[m.entity].labels[m.kind] += 2 if m.source == "ner" else 1

    def person_like(self, name: str) -> bool:
        words = name.split()
        return 2 <= len(words) <= 3 and words[0] != "The" and not self.suffix_org(name) and all(
            w[0].isupper() and not w.isupper() for w in words)

    def suffix_org(self, name: str) -> bool:
        return name.split()[-1].strip(".,") in self.suffixes

    def same_name(self, mention: Mention) -> int | None:
        """An entity of any kind already named so (a title NER took for a person), or an organisation
        this is the short form of ("Harbour Lane" for Harbour Lane Studios)."""
        name = norm(mention.name)
        for (kind, key), e in self.keys.items():
            if key == name and kind != mention.kind:
                return e
            if kind == "org":
                words = self.entities[e].name.split()
                while len(words) > 1 and words[-1].strip(".,") in self.suffixes:
                    words = words[:-1]
                    if norm(" ".join(words)) == name:
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
        for at, nickname in self.nicknames:
            person = self.person_before(at)
            if person is not None:
                names.setdefault(nickname, []).append(person)
        # one pass: names of several words in any case ("taylour paige"), single words as written
        lookup: dict[str, tuple[str, list[int]]] = {}
        for form in names:
            key = form.lower() if " " in form else form
            known = lookup.get(key)
            lookup[key] = (known[0], sorted({*known[1], *names[form]})) if known else (form, names[form])
        alternatives = [f"(?i:{re.escape(f)})" if " " in f else re.escape(f) for f in sorted(names, key=len, reverse=True)]
        if alternatives:
            pattern = re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)})(?![\w-]|['’]\w\w)")
            for m in pattern.finditer(self.text):
                found = m.group()
                form, candidates = lookup.get(found.lower() if " " in found else found, (found, []))
                if not candidates:
                    continue
                if not found[0].isupper() and not self.in_lower_line(m.start()) and not form[0].islower():
                    continue
                self.claim(m.start(), m.end(), form, candidates)
        self.caption_names()

    def in_lower_line(self, at: int) -> bool:
        return any(s <= at < e for s, e in self.lower_lines)

    def claim(self, start: int, end: int, form: str, candidates: list[int]) -> None:
        """Link the text ``start:end`` to the entity among ``candidates`` named most recently before it."""
        for i, m in enumerate(self.mentions):
            if m.start < end and start < m.end:
                if m.entity >= 0 or m.ref or (m.start, m.end) != (start, end) and not (len(m.name.split()) == 1):
                    return
                entity = self.pick(candidates, start)
                if m.source == "ner":
                    self.entities[entity].labels[m.kind] += 0.5
                m.kind = self.entities[entity].kind
                self.attach(i, entity)
                return
        entity = self.pick(candidates, start)
        kind = self.entities[entity].kind
        self.mentions.append(Mention(start, end, form, kind, None, "gazetteer"))
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

    def person_before(self, at: int) -> int | None:
        best, best_at = None, -1
        for m in self.mentions:
            if m.kind == "person" and m.entity >= 0 and m.start <= at and m.start > best_at:
                best, best_at = m.entity, m.start
        return best

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
            for m in re.finditer(r"\b([a-z][a-z'’-]+) ([A-Za-z][a-z'’-]+)\b", self.text[start:end]):
                if m.group(2).lower() in surnames and m.group(1) not in ("and", "the", "of", "in", "with", "director"):
                    if any(x.start < start + m.end() and start + m.start() < x.end for x in self.mentions if x.entity >= 0):
                        continue
                    name = title_case(m.group())
                    mention = Mention(start + m.start(), start + m.end(), name, "person", "Person", "caption")
                    self.mentions.append(mention)
                    existing = self.keys.get(("person", norm(name)))
                    self.attach(len(self.mentions) - 1, existing if existing is not None else self.new_from(mention))

    def new_from(self, mention: Mention) -> int:
        self.entities.append(Entity(kind=mention.kind, name=mention.name))
        self.keys[self.key(mention)] = len(self.entities) - 1
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
        self.starts = {id(doc): at for at, doc in docs}
        self.sentences = [(at + sent.start_char, at + sent.end_char, sent) for at, doc in docs for sent in doc.sents]

    def tokens_in(self, start: int, end: int) -> list[Any]:
        return [tok for at, tok in self.tokens.items() if start <= at < end]

    def token_start(self, tok: Any) -> int:
        return self.starts.get(id(tok.doc), 0) + tok.idx

    def speakers(self) -> dict[int, int]:
        """For each line (by start offset), the person whose quoted words it holds ("…," Lamar said)."""
        speech = "|".join(self.table.words("speech_verbs"))
        out: dict[int, int] = {}
        order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
        for start, end in self.source.lines():
            line = self.text[start:end]
            for i in order:
                m = self.mentions[i]
                if not (start <= m.start < end) or m.kind != "person" or m.source == "speaker":
                    continue
                after, before = self.text[m.end:m.end + 14], self.text[max(start, m.start - 14):m.start]
                if re.match(rf"\s+(?:{speech})\b", after) or re.search(rf"\b(?:{speech})\s+$", before):
                    if m.entity < 0 and m.ref:
                        self.resolve_ref(i)
                    if m.entity >= 0:
                        out[start] = m.entity
                        break
            if start not in out and '"' in line and self.interviewee() is not None and not line.rstrip().endswith("?"):
                out[start] = self.interviewee()  # type: ignore[assignment]
        return out

    def interviewee(self) -> int | None:
        title = self.source.title
        if not re.match(r"(?i)(q&a|interview)\b", title):
            return None
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.kind == "person" and m.entity >= 0 and self.text[m.start:m.end] in title:
                return m.entity
        return None

    def owners(self) -> dict[int, int]:
        """Person -> the work named right after their possessive ("John Ford's "The Searchers"")."""
        out: dict[int, int] = {}
        ordered = sorted((m for m in self.mentions if m.entity >= 0), key=lambda m: m.start)
        for a, b in zip(ordered, ordered[1:]):
            if a.kind == "person" and b.kind == "work" and not b.ref and re.match(
                    r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,3}$", self.text[a.end:b.start]):
                out.setdefault(a.entity, b.entity)
        return out

    def resolve_ref(self, index: int) -> None:
        m = self.mentions[index]
        if m.source == "speaker":
            return
        if m.source == "possessive":
            owner = next((x.entity for x in self.mentions if x.kind == "person" and x.entity >= 0 and
                          re.fullmatch(r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,2}", self.text[x.end:m.start])), None)
            work = self.owners().get(owner) if owner is not None else None
            if work is not None:
                self.attach(index, work)
            return
        if m.kind == "work" and m.source == "pronoun":
            entity = self.antecedent_subject(m)
            if entity is not None:
                self.attach(index, entity)
            return
        family = FAMILIES.get(m.type or "", None) if m.kind == "work" else None
        if m.kind == "work" and self.topic is not None and m.source == "description":
            topic_family = FAMILIES.get(self.entities[self.topic].type or "", None)
            if topic_family in (None, family or "film") and not (m.type == "MusicVideo") ^ (
                    self.entities[self.topic].type == "MusicVideo"):
                self.attach(index, self.topic)  # "the film" of a review is the film it reviews
                return
        best = None
        for other in self.mentions:
            if other.entity < 0 or other.start >= m.start or other.ref and other.source != "description":
                continue
            entity = self.entities[other.entity]
            if entity.kind != m.kind:
                continue
            if m.kind == "work" and family and FAMILIES.get(entity.type or "", None) not in (None, family):
                continue
            if m.kind == "work" and m.type == "MusicVideo" and entity.type != "MusicVideo":
                continue
            if best is None or other.start > best.start:
                best = other
        if best is not None:
            self.attach(index, best.entity)
        elif m.kind == "work" and self.topic is not None and family in (None, "film"):
            self.attach(index, self.topic)

    def references(self, speakers: dict[int, int]) -> None:
        for i in sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start):
            m = self.mentions[i]
            if m.entity >= 0 or not m.ref:
                continue
            if m.source == "speaker":
                line = next(((s, e) for s, e in self.source.lines() if s <= m.start < e), None)
                if line and line[0] in speakers and self.in_quotes(m.start, line):
                    self.attach(i, speakers[line[0]])
                continue
            self.resolve_ref(i)

    def antecedent_subject(self, m: Mention) -> int | None:
        """What "it" means: a work named before it in its sentence, else the work that is the subject of the
        nearest sentence before (following a chain of "it"); nothing when "it" is not a subject."""
        token = self.tokens.get(m.start)
        if token is None or (m.name == "it" and token.dep_ not in ("nsubj", "nsubjpass")):
            return None
        sentences = [(s, e, sent) for s, e, sent in self.sentences]
        k = next((i for i, (s, e, _) in enumerate(sentences) if s <= m.start < e), None)
        if k is None:
            return None
        before = [x for x in self.mentions if sentences[k][0] <= x.start < m.start and x.kind == "work" and x.entity >= 0
                  and any(t.dep_ in ("nsubj", "nsubjpass", "dobj") for t in self.tokens_in(x.start, x.end))]
        if before:
            return max(before, key=lambda x: x.start).entity
        for s, e, sent in reversed(sentences[max(0, k - 3):k]):
            for tok in sent:
                if tok.dep_ in ("nsubj", "nsubjpass"):
                    at = self.token_start(tok)
                    hit = next((x for x in self.mentions if x.start <= at < x.end and x.kind == "work" and x.entity >= 0), None)
                    if hit is not None:
                        return hit.entity
        return None

    def in_quotes(self, at: int, line: tuple[int, int]) -> bool:
        before = self.text[line[0]:at]
        return before.count('"') % 2 == 1 or self.interviewee() is not None

    # --- events without a name, types, names, ids -----------------------------------------------------------

    def events(self) -> None:
        single: dict[str, int] = {}
        for i, m in enumerate(self.mentions):
            if m.source != "event-noun" or m.entity >= 0:
                continue
            name = m.name
            after = self.text[m.end:m.end + 160]
            nxt = [x for x in self.mentions if x.start >= m.end and x.entity >= 0 and x.start - m.end < 120]
            nxt.sort(key=lambda x: x.start)
            if m.type == "Screening":
                if not (nxt and re.match(r"\s+of\s+$", self.text[m.end:nxt[0].start])):
                    continue
                name = f"{name} of {self.entities[nxt[0].entity].name}"
                if len(nxt) > 1 and self.entities[nxt[1].entity].kind == "event" and re.match(
                        r"\s+at\s+(?:the\s+)?$", self.text[nxt[0].end:nxt[1].start]):
                    name += f" at the {self.entities[nxt[1].entity].name}"
            elif m.type == "Recording" and re.match(r"filming|shoot", m.name) and self.topic is not None:
                name = f"{m.name} of {self.entities[self.topic].name}"
            elif m.type == "Recording" and nxt and re.match(r"\s+at\s+$", self.text[m.end:nxt[0].start]):
                name = f"{m.name} at {self.entities[nxt[0].entity].name}"
                before = re.search(r"\b(?:an?|one|two|three|four) (week|day|month)s? of $", self.text[m.start - 20:m.start])
                if before:
                    name = f"{before.group(1)} of {name}"
            m.name = name
            if m.type in ("Discussion", "Recording") and m.type in single:
                self.attach(i, single[m.type])
                continue
            key = self.key(m)
            entity = self.keys[key] if key in self.keys else self.new_from(m)
            self.entities[entity].type = m.type
            self.attach(i, entity)
            single.setdefault(m.type or "", entity)

    def finish(self) -> None:
        domain = self.domain()
        used: set[str] = set()
        for entity in self.entities:
            mentions = [self.mentions[i] for i in sorted(entity.mentions, key=lambda i: self.mentions[i].start)]
            if entity.kind in ("person", "org"):
                person = entity.labels["person"] + (2 if self.person_like(entity.name) else 0) + self.context(mentions, "person")
                org = entity.labels["org"] + self.context(mentions, "org")
                entity.kind = "org" if self.suffix_org(entity.name) or org > person else "person"
                for m in mentions:
                    m.kind = entity.kind
            if entity.kind == "work" and entity.type in (None, "Film"):
                votes = Counter(m.type for m in mentions if m.type)
                entity.type = entity.type or (votes.most_common(1)[0][0] if votes else domain)
                if entity.type == "Film" and votes.get("ShortFilm"):
                    entity.type = "ShortFilm"
            entity.type = entity.type or {"person": "Person", "org": "Organization", "event": "Event",
                                          "award": "AwardCategory"}.get(entity.kind, "CreativeWork")
            named = [m.name for m in mentions if not m.ref and m.source != "gazetteer"]
            if named:
                entity.name = max(named, key=lambda n: (len(n.split()), not n.islower(), not n.isupper(), -named.index(n)))
            forms = []
            for m in mentions:
                for form in (m.name, self.source.text[m.start:m.end].strip(" \"“”'‘’,.")):
                    if m.source == "collection" and form != m.name:
                        continue
                    if form and form != entity.name and form not in forms and not m.ref and m.source != "speaker":
                        if m.source != "event-noun" or form != m.name:
                            forms.append(form)
            entity.aliases = [f for f in forms if norm(f) != norm(entity.name) or f != entity.name][:12]
            base = slug(entity.name) or entity.kind
            entity.id = base if base not in used else f"{base}-{slug(entity.type)}"
            n = 2
            while entity.id in used:
                entity.id, n = f"{base}-{n}", n + 1
            used.add(entity.id)

    def context(self, mentions: list[Mention], kind: str) -> int:
        """Votes from the words around the mentions (``person_context`` / ``org_context`` of the lexicon)."""
        cues = self.table.mapping(f"{kind}_context")
        votes = 0
        for m in mentions:
            after, before = self.text[m.end:m.end + 60], self.text[max(0, m.start - 60):m.start]
            votes += 2 * sum(1 for p in cues.get("after", []) if re.match(p, after))
            votes += 2 * sum(1 for p in cues.get("before", []) if re.search(p, before))
        return votes

    def provisional_types(self) -> None:
        """Type each work from the nouns around its own mentions, else by the article's kind (film or music)."""
        domain = self.domain()
        for entity in self.entities:
            if entity.kind == "work" and entity.type is None:
                votes = Counter(self.mentions[i].type for i in entity.mentions
                                if self.mentions[i].type and not self.mentions[i].ref)
                entity.type = votes.most_common(1)[0][0] if votes else domain

    def domain(self) -> str:
        words = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", self.text))
        film = sum(words[w.lower()] for w in self.table.words("film_words"))
        music = sum(words[w.lower()] for w in self.table.words("music_words"))
        return "Song" if music > film else "Film"

    def find_topic(self) -> int | None:
        title = self.source.title
        for m in sorted(self.mentions, key=lambda m: m.start):
            if m.entity >= 0 and m.kind == "work" and not m.ref and norm(m.name) in norm(title):
                return m.entity
        counts = Counter(m.entity for m in self.mentions if m.entity >= 0 and m.kind == "work")
        return counts.most_common(1)[0][0] if counts else None


def resolve(source: Source, mentions: list[Mention], nicknames: list[tuple[int, str]], table: RuleTable,
            docs: list[tuple[int, Any]]) -> Resolution:
    """Group ``mentions`` into entities; link descriptions, pronouns and speakers; name and type everything."""
    r = Resolver(source, mentions, nicknames, table)
    r.index(docs)
    r.named()
    r.gazetteer()
    r.leftovers()
    r.topic = r.find_topic()
    r.provisional_types()
    speakers = r.speakers()
    r.references(speakers)
    r.events()
    r.finish()
    return Resolution(entities=r.entities, mentions=r.mentions, topic=r.topic, speakers=speakers)
