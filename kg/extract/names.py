"""Small helpers about names: what looks like a title, a person's name, an organisation; normal forms.

Pure functions over strings (and, for ``domain_of``, the rule table's word lists), used by
:mod:`kg.extract.mentions`, :mod:`kg.extract.resolve` and :mod:`kg.extract.evaluate`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.rules import RuleTable

#: Words that stay lower case inside a title ("Harbour of Glass").
SMALL = frozenset("a an the of in on at to for and or but nor with by from as is into vs via".split())
QUOTE_CHARS = "\"'“”‘’"
#: One-to-one replacements that make quotes and spaces plain without moving any offset.
PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " ", "\u2009": " ", "\u202f": " "})


@dataclass
class Mention:
    """A stretch of the article that names (or points to) one thing.

    ``kind`` is person, org, work, event or award; ``type`` the class when known (Film, Song, Screening...).
    A ``ref`` mention (a description such as "the film", or a pronoun) points to an entity found elsewhere
    and never makes one of its own.
    """

    start: int
    end: int
    name: str
    kind: str
    type: str | None = None
    source: str = ""
    ref: bool = False
    entity: int = -1
    parts: list[int] = field(default_factory=list)
    template: str | None = None

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


def norm(text: str) -> str:
    """A normal form for comparing names: no accents, quotes or leading article; case-folded; single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\"“”‘’]|(?<!\w)'|'(?!\w)", " ", text)
    text = re.sub(r"[^\w'&+-]+", " ", text).strip()
    text = re.sub(r"^(the|a|an) ", "", text)
    return re.sub(r"\s+", " ", text)


def strip_title(inner: str) -> str:
    """The title inside quotation marks, without the punctuation that English puts inside them."""
    return inner.strip().rstrip(",.;:!?").strip()


def looks_like_title(text: str) -> bool:
    """``"We Cry Together"``, ``"Salt in the Wound"``: short, starts upper case, content words capitalised."""
    text = strip_title(text)
    words = re.findall(r"[\w'’&-]+", text)
    if not words or len(words) > 10 or not (text[0].isupper() or text[0].isdigit()):
        return False
    if re.search(r"[.!?]\s+[A-Z]", text):
        return False
    content = [w for w in words if w.lower() not in SMALL and re.search(r"\w", w) and w != "&"]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return caps / len(content) >= 0.75


def title_case(text: str) -> str:
    """``"HARBOUR OF GLASS"`` -> ``"Harbour of Glass"`` (small words lower case except the first)."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in SMALL:
            out.append(low)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return " ".join(out)


def capitalised_words(text: str) -> bool:
    """Whether every word of ``text`` starts upper case (a name, not a phrase)."""
    words = text.split()
    return bool(words) and all(w[0].isupper() or w.lower() in ("de", "van", "von", "da", "di", "del", "la", "le", "bin")
                               for w in words)


def is_lower_line(text: str) -> bool:
    """A caption written in lower case ("jane holloway and tobi adeyemi in the long night")."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 8 or text.rstrip().endswith((".", "?", "!", '"', "”")):
        return False
    words = text.split()
    if len(words) > 30 or re.search(r"[.!?][\"”’)]* +[A-Z]", text):
        return False  # prose (a paragraph cut short, or sentences), not a caption
    if re.search(r"\s[A-Z][a-z'’-]+ [A-Z][a-z'’-]+\b", text):
        return False  # "pictured with Ana Ruiz": a name written with its capitals is a caption in ordinary case
    lower = sum(1 for w in words[1:] if w[0].islower())
    return lower >= max(2, int(0.8 * (len(words) - 1)))


def person_parts(name: str) -> list[str]:
    """The words of a person's name that stand alone for it: first and last (``Kendrick``, ``Lamar``)."""
    words = [w for w in re.sub(r"[\"“”][^\"“”]*[\"“”]", " ", name).split() if w]
    if len(words) < 2:
        return []
    return [words[0], words[-1]]


_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+/\s+|/")


def split_list(text: str, separator: "re.Pattern[str] | None" = None) -> list[tuple[int, int]]:
    """The items of "A, B and C" / "A / B & C" as ``(start, end)`` offsets in ``text``, stripped, empty ones
    left out; ``separator`` (default: commas, "and", "&", slashes) says where one item ends."""
    spans = []
    at = 0
    for sep in [*(separator or _LIST_SEP).finditer(text), None]:
        end = sep.start() if sep else len(text)
        piece = text[at:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((at + lead, at + lead + len(piece.strip())))
        if sep:
            at = sep.end()
    return spans


_START = re.compile(r"(?<![\w'’-])(?=\S)")
_END_OK = re.compile(r"(?![\w-]|['’]\w\w)")


def find_names(text: str, forms: list[str]) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where one of ``forms`` stands in ``text`` as a whole name, left to right and
    never overlapping, the longest form first at each place: the same as the regular expression
    ``(?<![\\w'’-])(?:form|...)(?![\\w-]|['’]\\w\\w)`` with the forms longest first, a form of several words
    matched in any case, one word as written. A word index stands in for that expression (whose cost grows
    with the number of forms times the length of the text).
    """
    single = {f for f in forms if f and " " not in f}
    by_first: dict[str, list[int]] = {}  # first character -> lengths of the one-word forms it starts, longest first
    for f in sorted(single, key=len, reverse=True):
        lengths = by_first.setdefault(f[0], [])
        if not lengths or lengths[-1] != len(f):
            lengths.append(len(f))
    several: dict[str, list[str]] = {}  # first word, lower case -> forms of several words, longest first
    for f in sorted({f for f in forms if " " in f}, key=len, reverse=True):
        several.setdefault(f.split(" ", 1)[0].lower(), []).append(f)
    compiled: dict[str, re.Pattern[str]] = {}
    out: list[tuple[int, int]] = []
    done = 0  # matches do not overlap: the search goes on where the last one ended
    size = len(text)
    for start in _START.finditer(text):
        at = start.start()
        if at < done:
            continue
        space = text.find(" ", at)
        space = space if space >= 0 else size
        tried: list[int] = []  # ends, longest first: forms of several words are longer than any one word here
        for f in several.get(text[at:space].lower(), ()):
            piece = text[at:at + len(f)]
            if piece.isascii() and f.isascii():  # then the expression's (?i) is str.lower() on both sides
                if piece.lower() == f.lower():
                    tried.append(at + len(f))
                continue
            pattern = compiled.get(f) or compiled.setdefault(f, re.compile(f"(?i:{re.escape(f)})"))
            m = pattern.match(text, at)
            if m:
                tried.append(m.end())
        # a one-word form has no space, so it ends at the next space at the latest
        tried.extend(at + n for n in by_first.get(text[at], ()) if n <= space - at and text[at:at + n] in single)
        for end in tried:
            if _END_OK.match(text, end):
                out.append((at, end))
                done = end
                break
    return out


_LIST_WORDS = re.compile(r"(?i)\b(winners?|nominations?|nominees?|honorees)\b")


def list_heading(line: str, singular: bool = True) -> str | None:
    """What list of awards a line opens, ``winners`` or ``nominations`` (the word nearest the list decides:
    "... the nominees ... the winners:"), or None: a short line or one ending with a colon that names
    them, or a paragraph whose short first sentence does ("Below: our nominations, category by category. ...");
    with ``singular`` False only the plural words count ("WINNER: Title" is an entry, not a heading).

    >>> list_heading("The winners are:")
    'winners'
    >>> list_heading("Our nominations, category by category, follow. We have marked our own favourite in each one.")
    'nominations'
    """
    text = line.strip()
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    for part in ((text,) if len(text) <= 100 or text.endswith(":") else ()) + ((first,) if len(first) <= 100 else ()):
        found = [w for w in _LIST_WORDS.findall(part) if singular or w.lower().endswith("s")]
        if found:
            return "winners" if found[-1].lower().startswith(("winner", "honoree")) else "nominations"
    return None


def bracket_opener(text: str, line_start: int, at: int) -> int | None:
    """Where the words before the bracket that ``at`` is inside end, on the line that starts at ``line_start``
    ('Ana Ruiz (Harbour of Reeds, Salt Lines': the end of "Ana Ruiz"); None when no bracket open on the line
    holds ``at``. Raises nothing."""
    before = text[line_start:at]
    opened = before.rfind("(")
    if opened < 0 or ")" in before[opened:]:
        return None
    return line_start + len(before[:opened].rstrip(" ,"))


def domain_of(text: str, table: "RuleTable") -> str:
    """The class an untyped title gets in this article: the kind of article whose words (``film_words``,
    ``music_words``, ``domain_words`` of the lexicon) are the most frequent; Film on a tie."""
    words = Counter(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", text))
    counts = {"Film": sum(words[w.lower()] for w in table.words("film_words")),
              "Song": sum(words[w.lower()] for w in table.words("music_words"))}
    for cls, listed in (table.mapping("domain_words") or {}).items():
        counts[str(cls)] = sum(words[str(w).lower()] for w in listed or [])
    return max(counts, key=lambda c: (counts[c], c == "Film"))
