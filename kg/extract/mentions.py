"""Find the names in an article: people, organisations, works, events, award categories.

Recognisers run in order of trust; a later one never takes a stretch of text an earlier one took:
nicknamed names ('Jerome "J-Fresh" Whitaker'), titles in quotation marks or italics, credit and infobox
lines ("Director: A, B, C", "Produced by A and B", "Photo Credit: A / B & C", "Actor as Character"),
ALL-CAPS credits ("A TIDEMARK FILMS PRODUCTION"), award categories ("Best Picture"), named events
("the Tidewater Film Festival"), collections ("Quentin Tarantino films", "the Meridian trilogy"),
titles without quotes ("cult classic Belly", "Andrei Tarkovsky's Mirror"), then spaCy's named entities,
then spaCy's named entities. Mentions without a name of their own (events known by what they are,
descriptions and pronouns that point back) come next, in :mod:`kg.extract.pointers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from kg.extract import lineforms
from kg.extract.names import (PLAIN, Mention, capitalised_words, is_lower_line, looks_like_title, split_list, strip_title,
                              title_case)
from kg.extract.rules import RuleTable
from kg.extract.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

NAME = r"[A-Z][\w'’.-]*(?: (?:de |van |von |da |di |del |la |le )?[A-Z][\w'’.-]*)*"
_TITLE_WORD = r"(?:(?:Mrs|Mr|Ms|Dr|St|Jr|Sr)\.|[A-Z0-9][\w'’&-]*)"  # "Mrs. Davis": an abbreviation does not end a title
TITLE_WORDS = rf"{_TITLE_WORD}(?: (?:of|the|and|in|a|an|on|to|for|at|with)?(?: ?{_TITLE_WORD}))*"
_NOT_TITLE = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
              "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


class Finder:
    """Collects mentions of one article, first come first served."""

    def __init__(self, source: Source, docs: list[tuple[int, "Doc"]], table: RuleTable) -> None:
        self.source, self.docs, self.table = source, docs, table
        self.text = source.text.translate(PLAIN)  # same length: offsets hold in the stored text
        self.mentions: list[Mention] = []
        self.starts: list[int] = []  # the mentions' starts, sorted
        self.taken = bytearray(len(self.text))  # 1 where a mention already stands
        self.words = Counter(re.findall(r"[\w-]+", self.text))
        self.nicknames: list[tuple[int, str]] = []
        self.lines = source.lines()
        nouns = table.mapping("work_nouns")
        self.work_nouns = nouns
        self.noun_re = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
        self.org_suffixes = set(table.words("org_suffixes"))
        self.not_names = {n.lower() for n in table.words("not_names")}
        self.occupations = "|".join(re.escape(w) for w in sorted(table.words("occupations"), key=len, reverse=True))

    def add(self, mention: Mention) -> bool:
        if mention.end <= mention.start or not mention.name.strip():
            return False
        if any(self.taken[mention.start:mention.end]):
            return False
        if not mention.ref and mention.name.lower() in self.not_names:
            return False
        self.mentions.append(mention)
        insort(self.starts, mention.start)
        self.taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        return True

    def line_texts(self) -> Iterable[tuple[int, str]]:
        for start, end in self.lines:
            yield start, self.text[start:end]

    # --- recognisers, in order of trust ---------------------------------------------------------------------

    def publisher(self) -> None:
        """The publisher the article's metadata names, where the text shows it ("Okayplayer News")."""
        name = str(self.source.meta.get("publisher") or "").strip()
        found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", self.text) if name else None
        if found:
            self.add(Mention(found.start(), found.end(), name, "org", "Organization", "meta"))

    def nicknamed(self) -> None:
        for at, line in self.line_texts():
            for m in re.finditer(r"\b([A-Z][\w'’-]+) [\"“]([^\"”]{1,24})[\"”] ([A-Z][\w'’-]+)", line):
                if m.group(1).isupper() or m.group(3).isupper():
                    continue  # an ALL-CAPS headline with a quoted title, not a nickname inside a name
                if self.add(Mention(at + m.start(), at + m.end(), f"{m.group(1)} {m.group(3)}", "person", "Person",
                                    "nickname")):
                    self.nicknames.append((at + m.start(), m.group(2)))
            cues = (r"known (?:to [\w ]{1,30} )?as [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)",
                    r"who (?:records|performs|raps|sings|goes|works) (?:as|by|under the name) [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)",
                    r"(?:whom|who) [A-Z]?\w+ calls? [\"“]([^\"”]{1,30}?)[,.]?[\"”]",
                    r"(?:nicknamed|dubbed|a\.k\.a\.|aka) [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)")
            for cue in cues:
                for m in re.finditer(cue, line):
                    self.nicknames.append((at + m.start(1), m.group(1).strip().rstrip(".,;:")))

    def characters(self) -> None:
        """Names of characters ("stars as Wyatt Cole", "June (Lena Farrow)"): claimed so that they make no entity."""
        for at, line in self.line_texts():
            for m in re.finditer(rf"\b(?:stars|starring|plays|played|playing|appears|cast) as ({NAME})", line):
                self.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))
            for m in re.finditer(rf"\b(?:plays|played|playing|portrays|portrayed|voices|voiced) ({NAME})(?=,| \(| in\b|$)", line):
                self.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))
            for m in re.finditer(rf"^({NAME}) as ({NAME})$", line):
                self.add(Mention(at + m.start(2), at + m.end(2), m.group(2), "character", None, "character"))
            for m in re.finditer(rf"\b({NAME}) \(({NAME})\)", line):
                if len(m.group(2).split()) >= 2:
                    self.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))

    def quoted_titles(self) -> None:
        for at, line in self.line_texts():
            for start, end in _quote_pairs(self.source.text[at:at + len(line)]):
                inner = line[start + 1:end - 1]
                before = line[:start]
                if not looks_like_title(inner) or re.search(r"(?:\bas|\bcalls?|\bcalled|known as|nicknamed|dubbed)\s*$", before):
                    continue
                if re.search(r"[A-Z][\w'’-]+ $", before) and re.match(r" [A-Z]", line[end:]):
                    continue  # a nickname inside a name
                name = strip_title(inner)
                if name in _NOT_TITLE:
                    continue
                self.add(Mention(at + start, at + end, name, "work", self.work_type(line, start, end), "title"))

    def work_type(self, line: str, start: int, end: int) -> str | None:
        """The class a noun just before or after a title gives it ("her album", ', the closing track')."""
        before = re.search(rf"\b({self.noun_re})(?:['’]s)?,? *$", line[:start], re.IGNORECASE)
        if before:
            return self.work_nouns[_key(before.group(1), self.work_nouns)]
        after = re.match(rf"[,)]?\s*(?:the|a|an|his|her|their|its|{NAME}['’]s)\s+(?:[\w-]+\s+){{0,3}}?({self.noun_re})\b",
                         line[end:], re.IGNORECASE)
        if after:
            return self.work_nouns[_key(after.group(1), self.work_nouns)]
        return None

    def italic_titles(self) -> None:
        for start, end in self.source.italics:
            name = self.text[start:end]
            if looks_like_title(name):
                line = self._line_of(start)
                kind = self.work_type(self.text[line[0]:line[1]], start - line[0], end - line[0])
                self.add(Mention(start, end, strip_title(name), "work", kind, "italic"))

    def headline_title(self) -> None:
        """The work the headline names: the title part of a headline form ("Review: Title", "Artist: Title"),
        else a short verbless headline as a whole; and the event of "Festival 2020 – Title"."""
        found = self.source.headline
        if found is None:
            return
        for s, e in found.events:
            self.add(Mention(s, e, self.text[s:e], "event", "Event", "headline"))
        if found.work is not None:
            start, end = found.work
            line = self.text[start:end]
        elif found.agents or found.events:
            return
        else:
            start, end = found.start, found.end
            line = self.text[start:end]
            if not (1 <= len(line.split()) <= 7 and not re.search(r"[\"“”:?!]", line) and self._verbless(start)):
                return
            if not line.isupper() and line.casefold() not in self.text[end:].casefold():
                return  # a title recurs in the body; a headline that describes ("August Film Preview") does not
        if looks_like_title(line) or line.isupper():
            name = title_case(line) if line.isupper() else strip_title(line)
            self.add(Mention(start, start + len(name), name, "work", None, "headline"))

    def credit_lines(self) -> None:
        labels = self.table.mapping("credit_labels")
        label_re = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
        for at, line in self.line_texts():
            m = re.match(rf"^({label_re})(\s*[:|]\s*|\s+)(.+?)\s*$", line, re.IGNORECASE)
            if m and len(line.split()) <= 16:
                self.add(Mention(at, at + m.end(1), m.group(1), "label", None, "label"))
                kind = labels[_key(m.group(1), labels)]
                rest, offset = m.group(3), at + m.start(3)
                if kind == "work":
                    by = re.match(r"^(.+?) by (.+)$", rest)
                    if by and looks_like_title(by.group(1)):
                        self.add(Mention(offset, offset + len(by.group(1)), strip_title(by.group(1)), "work", None, "credit"))
                        rest, offset, kind = by.group(2), offset + by.start(2), "person"
                    else:
                        continue
                items = [(s, e) for s, e in split_list(rest)]
                if m.group(2).strip() not in (":", "|") and not all(capitalised_words(rest[s:e]) for s, e in items):
                    continue
                for s, e in items:
                    self.credit_item(rest[s:e], offset + s, kind)
            cast = re.match(rf"^({NAME}) as ({NAME})$", line)
            if cast and len(line.split()) <= 8:
                self.credit_item(cast.group(1), at, "person")

    def credit_item(self, item: str, start: int, kind: str) -> None:
        if not item or not (item[0].isupper() or item[0].isdigit() or kind != "person") or len(item.split()) > 5:
            return
        if kind == "agent":
            words = item.split()
            org = (any(w.strip(".,") in self.org_suffixes for w in words) or words[0] in ("The", "THE")
                   or len(words) == 1 or not capitalised_words(item))
            kind = "org" if org else "person"
        name = title_case(item) if item.isupper() and len(item) > 3 else item
        self.add(Mention(start, start + len(item), name, kind, None, "credit"))

    def caps_credits(self) -> None:
        caps = r"[A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]+)*"
        for at, line in self.line_texts():
            for m in re.finditer(rf"^(?:A|AN) ({caps}) (?:PRODUCTION|PRESENTATION|RELEASE)$", line, re.IGNORECASE):
                self.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "org", None, "caps"))
            for m in re.finditer(rf"\bin association with ({caps})\b", line, re.IGNORECASE):
                if m.group(1).isupper():
                    self.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "org", None, "caps"))
            for m in re.finditer(rf"\ban? (?:film|picture|video) by ({caps})\b", line, re.IGNORECASE):
                if m.group(1).isupper():
                    self.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "person", None, "caps"))

    def awards_and_events(self) -> None:
        suffixes = "|".join(re.escape(s) for s in self.table.words("event_suffixes"))
        for at, line in self.line_texts():
            for m in re.finditer(r"\b(?:Best|Outstanding|Favou?rite)(?: [A-Z][\w'-]*)+", line):
                self.add(Mention(at + m.start(), at + m.end(), m.group(), "award", "AwardCategory", "award"))
            # award categories written in lower case, where the form says so: "the best actress award",
            # "award for best actress", and the items of a list of winners ("; best direction - X for "Y"")
            for pattern in (r"(?:^|[;:.]\s*|\bare:\s*|\band\s+)((?i:best) [a-z][\w()'-]*(?: [a-zA-Z(][\w()'-]*){0,6}?)\s*[-–]\s*(?=[\"“A-Z])",
                            r"\b(?:the|a|his|her|their) ((?i:best) [a-z][\w'-]*(?: [a-z][\w'-]*){0,3}) award\b",
                            r"\baward for ((?i:best) [a-z][\w'-]*(?: [a-z][\w'-]*){0,2}?)(?= for\b| in\b|[,.;]| at\b|$)"):
                for m in re.finditer(pattern, line):
                    name = title_case(m.group(1)) if m.group(1)[0].islower() else m.group(1)  # one spelling per category
                    self.add(Mention(at + m.start(1), at + m.end(1), name, "award", "AwardCategory", "award"))
            for m in re.finditer(r"\b(?:[A-Z][\w'-]* ){1,4}(?:Prize|Award|Medal|Trophy)\b|\b(?:Golden|Silver|Bronze|Crystal) [A-Z][\w'-]*", line):
                if not m.group().startswith(("The ", "A ")):
                    self.add(Mention(at + m.start(), at + m.end(), m.group(), "award", "AwardCategory", "award"))
            for m in re.finditer(rf"\b((?:\d+(?:st|nd|rd|th) )?(?:[A-Z][\w'&.-]* ){{0,5}}(?:{suffixes}))\b", line):
                if m.group(1).split()[0] not in ("The", "A") or len(m.group(1).split()) > 2:
                    name = re.sub(r"^(?:The|A) ", "", m.group(1))
                    start = at + m.end() - len(name)
                    self.add(Mention(start, at + m.end(), name, "event", "Event", "event"))

    def collections(self) -> None:
        nouns = "|".join(self.table.words("collection_nouns"))
        for at, line in self.line_texts():
            for m in re.finditer(r"\b([A-Z][\w'’-]+ [A-Z][\w'’-]+) (films|movies|songs|records)\b", line):
                person = Mention(at + m.start(1), at + m.end(1), m.group(1), "person", "Person", "collection")
                if not any(self.taken[person.start:person.end]) and self.add(person):  # overlaps no mention
                    self.add(Mention(at + m.start(2), at + m.end(2), m.group(), "work", "WorkCollection", "collection"))
            for m in re.finditer(rf"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) ({nouns})\b", line):
                if m.start() > 0 and m.group(2) not in ("films", "movies"):
                    self.add(Mention(at + m.start(), at + m.end(), m.group(), "work", "WorkCollection", "collection"))

    def unquoted_titles(self) -> None:
        genres = "|".join(re.escape(g) for g in sorted(self.table.words("genres"), key=len, reverse=True))
        for at, line in self.line_texts():
            for m in re.finditer(rf"\b(?:{genres}|{self.noun_re}),? ({TITLE_WORDS})", line):
                if m.group()[0].islower():
                    self.unquoted(line, at, m.start(1), m.end(1))
            # a list of titles after a cue that says they are works: "appeared in Aliens, Twister, and Titanic"
            cues = "|".join(re.escape(c) for c in sorted(self.table.words("title_list_cues"), key=len, reverse=True))
            if cues:
                item = r"[A-Z0-9][\w'’!?.-]*(?:(?: (?:of|the|in|a|an|on|to|for|at|with|&|vs\.?|from|by|and))*(?: [A-Z0-9][\w'’!?-]*))*"
                for m in re.finditer(rf"\b(?:{cues}) ((?:{item})(?:(?:,|,? and|,? &) (?:the (?:[a-z]+ )?)?(?:{item}))*)", line):
                    for s, e in split_list(m.group(1)):
                        piece = m.group(1)[s:e]
                        lead = re.match(r"^the (?:[a-z]+ )?", piece)
                        if lead:
                            s, piece = s + lead.end(), piece[lead.end():]
                        piece = piece.rstrip(".")
                        if piece and piece[0].isupper() or piece[:1].isdigit():
                            self.unquoted(line, at, m.start(1) + s, m.start(1) + s + len(piece))
            # a definitional lead: "Glass Harbour is the third studio album by ...", "Salt Lines is the debut ..."
            for m in re.finditer(rf"(?:^|(?<=[.!?] ))({TITLE_WORDS})(?: \([^)]*\))? (?:is|was) (?:an?|the) "
                                 rf"(?:[\w'’-]+ ){{0,6}}?({self.noun_re}|series|sitcom|opera)s?\b", line):
                if m.group(1).split()[0] not in ("The", "It", "This", "That", "He", "She", "They", "There") or len(m.group(1).split()) > 1:
                    noun = self.work_nouns.get(_key(m.group(2), self.work_nouns))
                    if self.unquoted(line, at, m.start(1), m.end(1)) and noun:
                        self.mentions[-1].type = noun
            for m in re.finditer(rf"\b({NAME})['’]s (?:\d{{4}} )?((?:[a-z][\w-]* ){{0,2}})({TITLE_WORDS})", line):
                owner = m.group(1).split()[-1].rstrip(".")
                # "Andrei Tarkovsky's Mirror": the owner is someone the article names again; "Schindler's List",
                # "Mrs Warren's Profession" are one title, whose first word names no one else here
                if not m.group(2) and self.words[owner] >= 2:
                    self.unquoted(line, at, m.start(3), m.end(3))

    def unquoted(self, line: str, at: int, start: int, end: int) -> bool:
        """Add a title found without quotation marks, cut before any name already found inside it."""
        k = bisect_left(self.starts, at + start)  # the first name that starts inside it
        if k < len(self.starts) and self.starts[k] < at + end:
            end = self.starts[k] - at
        name = re.sub(r"(?: (?:of|the|and|in|a|an|on|to|for|at|with))+$", "", line[start:end].rstrip())
        if name and self._title_ok(name):
            kind = self.work_type(line, start, start + len(name))
            return self.add(Mention(at + start, at + start + len(name), name, "work", kind, "unquoted"))
        return False

    def _title_ok(self, name: str) -> bool:
        words = name.split()
        return (name not in _NOT_TITLE and not any(w.strip(",.") in self.org_suffixes for w in words) and len(words) <= 6
                and not name[0].isdigit()
                and words[0] not in ("I", "He", "She", "It", "We", "They", "This"))

    def named_entities(self) -> None:
        kinds = {"PERSON": "person", "ORG": "org"}
        for at, doc in self.docs:
            line = self.text[at:at + len(doc.text)]
            if is_lower_line(line):
                continue
            for ent in doc.ents:
                kind = kinds.get(ent.label_)
                if kind is None:
                    continue
                text, start = ent.text, ent.start_char
                lead = re.match(r"^(?:the|The)\s+", text)
                if lead:
                    text, start = text[lead.end():], start + lead.end()
                text = re.sub(r"['’]s?$", "", text).rstrip(" ,.")
                job = re.match(rf"^(?:{self.occupations})\s+", text, re.IGNORECASE)
                if job:
                    text, start, kind = text[job.end():], start + job.end(), "person"
                listed = bool(re.search(r",| and | & ", text))
                for s, e in split_list(text) if listed else [(0, len(text))]:
                    item = text[s:e]
                    if not item or not item[0].isupper() or len(item.split()) > 4 or "\n" in item:
                        continue
                    if listed and kind == "org" and item.split()[-1] not in self.org_suffixes:
                        kind = "person"  # NER often takes a list of people for an organisation
                    self.add(Mention(at + start + s, at + start + e, item, kind, None, "ner"))

    def proper_names(self) -> None:
        """Runs of proper nouns spaCy's NER missed, taken as people when a cue word stands before them
        ("by", "director", "co-writer", "lost to") or their last word names someone alone elsewhere."""
        cues = "|".join(re.escape(w) for w in self.table.words("person_cues"))
        for at, doc in self.docs:
            line = self.text[at:at + len(doc.text)]
            if is_lower_line(line):
                continue
            i = 0
            while i < len(doc):
                j = i
                while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].text.isupper():
                    j += 1
                if j - i >= 2 and j - i <= 3:
                    start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
                    name = line[start:end]
                    last = name.split()[-1]
                    cue = re.search(rf"\b(?:{cues})\s*,?\s*$", line[:start], re.IGNORECASE)
                    alone = self.words[last] > 1  # the surname stands somewhere else too
                    if last in self.org_suffixes and name.split()[0] not in self.org_suffixes and i > 0 and \
                            doc[i].tag_ not in ("JJ", "JJR", "JJS") and not doc[i - 1].is_sent_start and \
                            not (self.source.headline and self.source.headline.start <= at < self.source.headline.end):
                        self.add(Mention(at + start, at + end, name, "org", None, "propn"))  # "Fjordlight Films"
                    elif (cue or alone) and last not in self.org_suffixes:
                        self.add(Mention(at + start, at + end, name, "person", None, "propn"))
                i = max(j, i + 1)

    # --- helpers --------------------------------------------------------------------------------------------

    def _line_of(self, at: int) -> tuple[int, int]:
        k = bisect_right(self.lines, (at, len(self.text) + 1)) - 1
        if k >= 0 and self.lines[k][0] <= at < self.lines[k][1]:
            return self.lines[k]
        return at, at

    def _verbless(self, start: int) -> bool:
        for at, doc in self.docs:
            if at == start:
                return not any(t.pos_ in ("VERB", "AUX") for t in doc)
        return True


def _key(found: str, mapping: dict[str, object]) -> str:
    low = found.lower()
    for key in mapping:
        if key.lower() == low:
            return key
    return found


def _quote_pairs(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quoted stretch, quotation marks included: curly quotes pair open with close,
    straight double quotes pair in order, single quotes only around a short run with no apostrophe inside."""
    pairs = [(m.start(), m.end()) for m in re.finditer(r"“[^“”\n]{1,200}?”", line)]
    inside = [(s, e) for s, e in pairs]
    straight = [m.start() for m in re.finditer(r'"', line) if not any(s < m.start() < e for s, e in inside)]
    pairs += [(straight[i], straight[i + 1] + 1) for i in range(0, len(straight) - 1, 2)]
    pairs += [(m.start(), m.end()) for m in re.finditer(r"(?<![\w])['‘][A-Z][^'‘’\n]{0,60}?['’](?![\w])", line)]
    return sorted(pairs)


def find_names(source: Source, docs: list[tuple[int, "Doc"]], table: RuleTable) -> Finder:
    """The names in ``source``, found by every recogniser in order of trust; the returned :class:`Finder`
    holds them (``mentions``, ``nicknames``) and takes the pointers of :mod:`kg.extract.pointers` next."""
    finder = Finder(source, docs, table)
    for step in (finder.publisher, finder.nicknamed, *lineforms.early_steps(finder), finder.characters, finder.quoted_titles, finder.italic_titles,
                 finder.credit_lines, finder.caps_credits, *lineforms.steps(finder), finder.headline_title, *lineforms.late_steps(finder), finder.awards_and_events,
                 finder.collections, finder.unquoted_titles, finder.named_entities, finder.proper_names):
        step()
    return finder
