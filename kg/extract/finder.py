"""The finder: what the recognisers of names share while they read one article. Its mentions (first come,
first served: a stretch of text taken by one recogniser is not taken again), the article's lines, the words it
uses and the rule table's lists; and the name patterns the recognisers write their expressions with.

The recognisers are plain functions of a :class:`Finder`: :mod:`kg.extract.lineforms` (line forms),
:mod:`kg.extract.titles` (titles), :mod:`kg.extract.mentions` (credits, awards, events, spaCy's names, and
``find_names``, which runs them all in order of trust), :mod:`kg.extract.pointers` (mentions without a name).
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from kg.extract.names import PLAIN, Mention, capitalised_words, title_case
from kg.extract.rules import RuleTable
from kg.extract.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


NAME = r"[A-Z][\w'’.-]*(?: (?:de |van |von |da |di |del |la |le )?[A-Z][\w'’.-]*)*"
_TITLE_WORD = r"(?:(?:Mrs|Mr|Ms|Dr|St|Jr|Sr)\.|[A-Z0-9][\w'’&-]*)"  # "Mrs. Davis": an abbreviation does not end a title
#: A title's capitalised words, with one small word between two of them or a preposition and an article
#: ("Lanterns in the Fog", "Keepers of the Northern Light").
TITLE_WORDS = (rf"{_TITLE_WORD}(?: (?:(?:of|in|and|that) (?:the|a|an) |"
               rf"(?:of|the|and|&|in|a|an|on|to|for|at|with) )?{_TITLE_WORD})*")


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
        self._docs_at: dict[int, Doc] | None = None
        self._people: set[str] | None = None
        self._places: set[str] | None = None
        self.company_suffixes = set(table.words("company_suffixes"))
        self.generic_words = {w.lower() for w in [*table.words("generic_words"), *table.words("event_suffixes"),
                                                  *table.words("org_suffixes"), *self.company_suffixes,
                                                  *table.words("institution_words"), *table.mapping("work_nouns")]}
        self.name_stop_words = set(table.words("name_stop_words"))
        self.headline_verbs = "|".join(re.escape(w) for w in table.words("headline_verbs"))
        self.headline_kind_nouns = "|".join(re.escape(w) for w in table.words("headline_kind_nouns"))
        self.heading_words = {w.lower() for w in [*table.words("occupations"), *table.words("heading_words")]} | {
            w for label in table.mapping("credit_labels") for w in label.lower().split()}
        self.occupations = "|".join(re.escape(w) for w in sorted(table.words("occupations"), key=len, reverse=True))
        #: words that name nothing on their own: articles, determiners, pronouns (``unresolved_names``)
        self.unnamed = {w.lower() for w in table.words("unresolved_names")}

    def add(self, mention: Mention) -> bool:
        if mention.end <= mention.start or not mention.name.strip():
            return False
        if any(self.taken[mention.start:mention.end]):
            return False
        if not mention.ref and mention.kind != "award" and mention.name.lower() in self.not_names:
            return False
        if mention.kind == "work" and _not_a_title(mention.name, self.text, mention.start, mention.end):
            return False
        if mention.kind in ("person", "org") and not mention.ref and mention.source not in ("title", "italic", "meta") \
                and any(w.strip(".,;:'’") in self.name_stop_words for w in mention.name.split()):
            return False  # "Ana's Generally", "During His": a word no name holds
        if mention.source in _GUESSED and all(w.lower().strip(".,") in self.generic_words for w in mention.name.split()):
            return False  # only words that name a kind of thing ("Film Festival", "World Premiere", "LP")
        if mention.kind == "work" and mention.source not in ("title", "italic") and \
                mention.name.split()[-1] in self.company_suffixes:
            mention.kind, mention.type = "org", "Organization"  # "Acme Productions" on a headline-like line
        self.mentions.append(mention)
        insort(self.starts, mention.start)
        self.taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        return True

    def line_texts(self) -> Iterable[tuple[int, str]]:
        for start, end in self.lines:
            yield start, self.text[start:end]

    def credit_item(self, item: str, start: int, kind: str) -> None:
        """Add one name of a credit line; ``kind`` is what the line's label lists (person, org, or agent: a
        person or an organisation, told apart by the name's form). A label that lists organisations
        ("Distributed by", "Production company") types the name as one."""
        if not item or not (item[0].isupper() or item[0].isdigit() or kind != "person") or len(item.split()) > 5:
            return
        note = re.search(r"\s*\([a-z][^()]*\)$", item)  # "Ana Ruiz (characters)": a note, not the name
        if note:
            item = item[:note.start()]
        dash = re.search(r"\s+[–—-]\s+", item) if kind in ("person", "agent") else None
        if dash:
            item = item[:dash.start()]  # "Director: Ana Ruiz – Title": the name, then the work it is for
        declared = kind == "org"
        if kind == "agent":
            words = item.split()
            org = (any(w.strip(".,") in self.org_suffixes for w in words) or words[0] in ("The", "THE")
                   or len(words) == 1 or not capitalised_words(item))
            kind = "org" if org else "person"
        name = title_case(item) if item.isupper() and len(item) > 3 else item
        self.add(Mention(start, start + len(item), name, kind, "Organization" if declared else None, "credit"))

    def person_starts(self, at: int) -> list[int]:
        """Where spaCy's named people start (article offsets) on the line parsed at ``at``; none when that
        line was not parsed on its own."""
        if self._docs_at is None:
            self._docs_at = {start: doc for start, doc in self.docs}
        doc = self._docs_at.get(at)
        return [at + ent.start_char for ent in doc.ents if ent.label_ == "PERSON"] if doc is not None else []

    def known_people(self) -> set[str]:
        """Names of two or three words that spaCy's NER takes for people anywhere in the article, found once."""
        if self._people is None:
            self._people = {ent.text for _, doc in self.docs for ent in doc.ents
                            if ent.label_ == "PERSON" and 2 <= len(ent.text.split()) <= 3}
        return self._people

    def places(self) -> set[str]:
        """Names that spaCy's NER takes for places or peoples (GPE, LOC, NORP) anywhere in the article, found once."""
        if self._places is None:
            self._places = {ent.text for _, doc in self.docs for ent in doc.ents if ent.label_ in ("GPE", "LOC", "NORP")}
        return self._places

    def line_of(self, at: int) -> tuple[int, int]:
        k = bisect_right(self.lines, (at, len(self.text) + 1)) - 1
        if k >= 0 and self.lines[k][0] <= at < self.lines[k][1]:
            return self.lines[k]
        return at, at

    def verbless(self, start: int) -> bool:
        for at, doc in self.docs:
            if at == start:
                return not any(t.pos_ in ("VERB", "AUX") for t in doc)
        return True


def key_in(found: str, mapping: dict[str, object]) -> str:
    low = found.lower()
    for key in mapping:
        if key.lower() == low:
            return key
    return found


#: Recognisers that guess a name from its form (spaCy, runs of proper nouns, event and prize words), not from
#: quotation marks, a credit or a headline: a title may be one generic word ("Museum"), their finds may not.
_GUESSED = ("ner", "propn", "event", "award")

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
#: Dates and spans of years ("1859-1912", "4 May 1931-9 June 2011"): a life or a period, never a title.
_DATES = re.compile(rf"(?:(?:\d{{1,2}} )?{_MONTHS}? ?\d{{1,4}}(?:\s*[-–—]\s*(?:\d{{1,2}} )?{_MONTHS}? ?\d{{2,4}})?|c\. ?\d{{4}})")


def _not_a_title(name: str, text: str, start: int, end: int) -> bool:
    """A name taken for a work that is only a date or a span of years; a year alone counts when it stands in
    brackets ("A Salt Market (1885)": the year of the work before it)."""
    if not _DATES.fullmatch(name.strip()):
        return False
    return not re.fullmatch(r"\d{4}", name.strip()) or text[start - 1:start] == "(" and text[end:end + 1] == ")"
