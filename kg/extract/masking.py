"""What the fact rules work on: an article's sentences *masked*, the article's context, and candidate facts.

A sentence is masked: every mention linked to an entity becomes a placeholder ``⟦<kind><n>⟧`` (kind
P person, O organisation, W work, E event, A award), so that a rule reads the same whatever the names.
Offsets map back to the article, so each fact's quote is exact. :mod:`kg.extract.frames` and
:mod:`kg.extract.relations` both read sentences through a :class:`Masked` and a :class:`Context` and
return :class:`Candidate` facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from kg.extract.names import PLAIN, Mention, bracket_opener, list_heading
from kg.extract.leads import lead_work
from kg.extract.resolve import Resolution
from kg.extract.rules import KINDS, PLACEHOLDER_RE, RuleTable
from kg.extract.source import Source

ARTICLE = -2  #: the article itself as a subject
NEW = -3  #: the entity a rule creates
UNNAMED = -4  #: a work a heading names that was not found as a name: facts about it are left out


@dataclass
class Candidate:
    """A fact some rule found, before the relation is chosen and duplicates are merged."""

    rule: str
    relation: Any
    subject: int
    object: int | None
    value: str | None
    start: int
    end: int
    confidence: float
    new: dict[str, str] | None = None


@dataclass
class Masked:
    """A stretch of the article with its mentions replaced by placeholders, and the way back."""

    text: str
    start: int
    back: list[int]  # back[i]: article offset of masked character i (one more entry for the end)
    mentions: dict[int, Mention]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.back[start], self.back[end]


def mask(text: str, start: int, end: int, mentions: list[tuple[int, Mention]]) -> Masked:
    """Mask ``text[start:end]``; ``mentions`` are ``(number, mention)`` pairs inside it, sorted, disjoint.
    Brackets that look like placeholders in the article itself are made plain first."""
    out: list[str] = []
    back: list[int] = []
    ends: list[tuple[int, int]] = []  # (masked offset just after a placeholder, the mention's end)
    at = start
    inside: dict[int, Mention] = {}
    length = 0
    for n, m in mentions:
        if m.start < at or m.end > end:
            continue
        out.append(text[at:m.start].translate(_BRACKETS))
        back.extend(range(at, m.start))
        length += m.start - at
        token = f"⟦{KINDS[m.kind]}{n}⟧"
        out.append(token)
        back.extend([m.start] * len(token))
        length += len(token)
        ends.append((length, m.end))
        inside[n] = m
        at = m.end
    out.append(text[at:end].translate(_BRACKETS))
    back.extend(range(at, end))
    back.append(end)
    for offset, mention_end in ends:  # a span that ends with a placeholder ends where its mention ends
        back[offset] = mention_end if offset < len(back) - 1 else max(back[offset], mention_end)
    return Masked(text="".join(out), start=start, back=back, mentions=inside)


_BRACKETS = str.maketrans({"⟦": "[", "⟧": "]"})


_CREDIT_AFTER_NAME = re.compile(r"⟦[PO]\d+⟧,? ?\(\s*[\"“]?$")
#: a line "Label: text" of a listing's entry ("Premiere Date: September 14", "Description: When ...")
_LABEL_LINE = re.compile(r"^[A-Z][\w’'-]*(?: [\w’'-]+){0,2}:\s")
#: a paragraph of prose: at least a dozen words, and a sentence ends in it
_PROSE = re.compile(r"^(?=(?:\S+\s+){12,}).*[a-z][.!?][\"”’)]*(?:\s|$)")
#: a short line of two to eight capitalised words without digits or end punctuation: a heading that is a title
_TITLE_HEADING = re.compile(r"^(?:[A-Z][\w’'&-]*)(?: (?:[A-Z][\w’'&-]*|of|a|an|the|and|in|on|at|to|for|with)){1,7}$")


class Context:
    """What the rules need of one article: its text, mentions, entities, topic, speakers, lines."""

    def __init__(self, source: Source, res: Resolution, table: RuleTable) -> None:
        self.source, self.res, self.table = source, res, table
        self.text = source.text.translate(PLAIN)
        self.linked = sorted(((i, m) for i, m in enumerate(res.mentions) if m.entity >= 0), key=lambda p: p[1].start)
        self.starts = [m.start for _, m in self.linked]  # sorted: mentions in a stretch by bisection
        self.lines = source.lines()
        self.line_starts = [s for s, _ in self.lines]
        self.line_index = {s: k for k, s in enumerate(self.line_starts)}
        self.years = sorted({int(y) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", self.text)})
        #: nouns of people (the occupations of the lexicon, and ``person_nouns``: actor, star, alum...)
        self.person_nouns = {w.lower() for w in (*table.words("occupations"), *table.words("person_nouns"))}
        labels = "|".join(re.escape(k) for k in sorted(table.mapping("credit_labels"), key=len, reverse=True))
        # a credit line starts with a label and is a label line ("Director: A"), not a sentence ("Directed by
        # A, the film is ..." / "Director A and composer B have worked together.")
        self.credit_lines = {s for s, e in self.lines if (found := re.match(rf"(?i)^\s*(?:{labels})\b", self.text[s:e]))
                             and (re.match(r"\s*[:|]", self.text[s + found.end():e])
                                  or e - s <= 90 and not re.search(r"[.!?]\W*$", self.text[s:e]))}
        headline = source.headline
        self.headline_topic = bool(headline and res.topic is not None and any(
            headline.start <= m.start < headline.end for m in res.mentions if m.entity == res.topic))
        #: the work the article is about: the resolution's topic, else the work a body without a headline
        #: defines in its first lines (""Night Ferry" is a new comedy by ...")
        self.topic: int | None = res.topic if res.topic is not None else lead_work(source, [m for _, m in self.linked])
        #: (line start, work) of each sub-headline below the headline that names a work (a page of reviews)
        after = headline.end if headline else -1
        self.sections = sorted({(m.start, m.entity) for _, m in self.linked
                                if m.source == "headline" and m.kind == "work" and m.start > after and not m.ref})

    def section_topic(self, at: int) -> int | None:
        """The work of the sub-headline that the text at ``at`` stands under (a page of several reviews:
        "Title: Movie Review" over each), else the article's topic."""
        k = bisect_left(self.sections, (at + 1, -1)) - 1
        return self.sections[k][1] if k >= 0 else self.topic

    def mentions_in(self, start: int, end: int) -> list[tuple[int, Mention]]:
        """The linked mentions inside ``start:end``, in order, found without reading the others."""
        out = []
        for k in range(bisect_left(self.starts, start), len(self.linked)):
            i, m = self.linked[k]
            if m.start > end:
                break
            if m.end <= end:
                out.append((i, m))
        return out

    def entity(self, mention_number: int) -> int:
        return self.res.mentions[mention_number].entity

    def kind(self, entity: int) -> str:
        return self.res.entities[entity].kind

    def nearest(self, kind: str, masked: Masked, at: int, *, types: tuple[str, ...] = ()) -> int | None:
        """The entity of ``kind`` mentioned nearest ``at`` in ``masked`` (before it preferred), else None."""
        best: tuple[int, int] | None = None
        for match in PLACEHOLDER_RE.finditer(masked.text):
            entity = self.entity(int(match.group(2)))
            if self.kind(entity) != kind or types and self.res.entities[entity].type not in types:
                continue
            if kind == "work" and (_CREDIT_AFTER_NAME.search(masked.text[:match.start()])
                                   or self.credit_of_name(masked.mentions[int(match.group(2))])):
                continue  # 'David Fynn ("Undateable")': the person's earlier credit, not the sentence's work
            distance = at - match.end() if match.end() <= at else 1000 + match.start() - at
            if best is None or distance < best[0]:
                best = (distance, entity)
        return best[1] if best else None

    def title_above(self, line_start: int) -> int | None:
        """The work named alone on the line just above (the headline too), when the line just below is a credit
        line (a title block "Title" / "By Ana Ruiz" / "Directed by Bea Lane"), else None."""
        index = self.line_index.get(line_start)
        if not index or index + 1 >= len(self.lines) or self.lines[index + 1][0] not in self.credit_lines:
            return None
        s, e = self.lines[index - 1]
        inside = self.mentions_in(s, e)
        if len(inside) != 1:
            return None
        mention = inside[0][1]
        alone = self.text[s:mention.start].strip(' "“”') in ("", "The", "A", "An") and \
            not self.text[mention.end:e].strip(' "“”★☆½')  # "The Copper Saints" where NER found "Copper Saints"
        return mention.entity if mention.kind == "work" and alone else None

    def block_work(self, line_start: int) -> int | None:
        """The work named alone on a line just above (a song title in a credits block), else None."""
        index = self.line_index.get(line_start)
        if index is None:
            return None
        for s, e in reversed(self.lines[max(0, index - 4):index]):
            inside = self.mentions_in(s, e)
            if len(inside) == 1 and inside[0][1].kind == "work" and self.text[s:e].strip(' "') == \
                    self.text[inside[0][1].start:inside[0][1].end].strip(' "'):
                return inside[0][1].entity
            if inside and inside[0][1].source == "listing-head" and inside[0][1].kind == "work":
                return inside[0][1].entity  # "Title, Venue": the head of a listing's entry
        # else the heading the block stands under: the first line above that is neither a credit line nor a
        # short line without a name ("PG-13, 94 min."), if it is a short line, not a sentence, naming a work
        for s, e in reversed(self.lines[max(0, index - 12):index]):
            inside = self.mentions_in(s, e)
            line = self.text[s:e].strip()
            if not inside and _TITLE_HEADING.match(line) and s not in self.credit_lines:
                return UNNAMED  # "Hell Of A Cruise" over its entry's lines: a title that was not found as a name
            headed = [m for _, m in inside if m.kind == "work" and m.source == "headline"]
            if headed and s not in self.credit_lines:
                return headed[-1].entity  # a sub-headline of a page of reviews ("Title: Movie Review")
            if s in self.credit_lines or not inside and e - s <= 40 or _LABEL_LINE.match(line):
                continue  # credits, "PG-13, 94 min.", "Premiere Date: ...", "Description: ..." of the same entry
            works = [m for _, m in inside if m.kind == "work" and not m.ref]
            heading = e - s <= 150 and not re.search(r"[.!?:]\W*$", self.text[s:e])
            if works and heading:
                return works[-1].entity
            if heading and re.search(r"\((?:1[89]|20)\d\d\)", self.text[s:e]):
                return UNNAMED  # "Some Title (1986)" that was not found as a name: not the article's work
            if not heading and _PROSE.search(self.text[s:e]):
                continue  # a page of reviews: the review's paragraphs between its heading and its credits
            return None
        return None

    def award_list(self, line_start: int) -> str | None:
        """The kind of list of awards this line is in: ``winners`` under a heading of winners ("The winners
        are:"), ``nominations`` under one of nominations or nominees; the heading is a short line (or one
        ending with a colon) at most 60 lines above. None outside such a list."""
        index = self.line_index.get(line_start)
        for s, e in reversed(self.lines[max(0, (index or 0) - 60):index or 0]):
            found = list_heading(self.text[s:e])
            if found:
                return found
        return None

    def awards_above(self, line_start: int) -> list[int]:
        """The award categories named alone on the line just above ("Best Play" over the winner's line; "Best
        Film, Best Ensemble" names two), else none."""
        index = self.line_index.get(line_start)
        if not index:
            return []
        s, e = self.lines[index - 1]
        inside = self.mentions_in(s, e)
        if not inside or any(m.kind != "award" for _, m in inside):
            return []
        rest, at = [], s
        for _, m in inside:
            rest.append(self.text[at:m.start])
            at = m.end
        rest.append(self.text[at:e])
        if not all(re.fullmatch(r'[\s"“”:,&]*(?:and\s*)?', piece) for piece in rest):
            return []
        return list(dict.fromkeys(m.entity for _, m in inside if m.entity is not None))

    def intro_work(self, line_start: int) -> int | None:
        """The work named (or pointed to: "the album") in the line that opens the list this line is in: the
        nearest line above ending with a colon."""
        index = next((k for k, (s, _) in enumerate(self.lines) if s == line_start), None)
        if index is None:
            return None
        for s, e in reversed(self.lines[max(0, index - 40):index]):
            if self.text[s:e].rstrip().endswith(":"):
                works = [m for _, m in self.linked if s <= m.start and m.end <= e and m.kind == "work"]
                return works[-1].entity if works else None
        return None

    def previous_work(self, at: int) -> int | None:
        """The work last named before ``at`` in the same paragraph (line), else None."""
        line_start, _ = self.line_of(at)
        if not hasattr(self, "_linked_starts"):
            self._linked_starts = [m.start for _, m in self.linked]
        k = bisect_left(self._linked_starts, at)
        while k > 0:
            k -= 1
            m = self.linked[k][1]
            if m.start < line_start:
                return None
            if m.kind == "work" and m.end <= at and not self.credit_of_name(m):
                return m.entity
        return None

    def credit_of_name(self, m: Mention) -> bool:
        """Whether ``m`` is inside brackets opened just after a person's or a company's name, on its line:
        'Ana Ruiz (Harbour of Reeds, Salt Lines)' lists her earlier credits, never the work at hand."""
        end = bracket_opener(self.text, self.line_of(m.start)[0], m.start)
        if end is None:
            return False
        k = bisect_right(self.starts, end) - 1
        while k >= 0 and self.linked[k][1].start >= end - 120:
            other = self.linked[k][1]
            if other.end == end:
                return other.kind in ("person", "org")
            k -= 1
        return False

    def line_of(self, at: int) -> tuple[int, int]:
        k = bisect_right(self.line_starts, at) - 1
        return self.lines[k] if k >= 0 and self.lines[k][0] <= at < self.lines[k][1] else (at, at)
