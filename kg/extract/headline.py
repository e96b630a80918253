"""The headline of an article: whether its first line is one, and what the usual headline forms name.

A body often starts straight with its lead paragraph; such a line is not a headline, and nothing is hung
on it. A headline is short, does not end like a sentence, and is mostly capitalised or has a headline form.
The forms are data (``headline_forms:`` in ``kg/extract/rules.yaml``): regular expressions over the
headline whose named groups say what each part is:

* ``work``   the title of the work the article is about ("Review: Title", "Artist: Title", "Watch Title by X");
* ``agent``  a person or company named beside it ("Artist: Title", "Watch Title by Artist");
* ``event``  the event it belongs to ("Festival 2020 – Title");
* ``rest``   a part that is parsed again with the same forms ("Interview: Director X talks about new film Y").

Pure functions over strings; the offsets returned are in the article's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.names import looks_like_title
from kg.extract.rules import RuleTable

#: Lines that open many pages without being their headline (a section label, a byline, a date).
_NOT_HEADLINE = re.compile(r"(?i)^(?:by\s|photo|credit|image|picture|features?$|news$|reviews?$|music$|film$|posts tagged\b|"
                           r"(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d{1,2} \w+ \d{4}$|\w+ \d{1,2},? \d{4}$)")
_SENTENCE_END = re.compile(r"[.!][\"”’'»)]*\s*$")


@dataclass(frozen=True)
class Headline:
    """The headline line and the parts its form names, as ``(start, end)`` offsets in the article."""

    start: int
    end: int
    text: str
    work: tuple[int, int] | None = None
    agents: tuple[tuple[int, int], ...] = ()
    events: tuple[tuple[int, int], ...] = ()


def looks_like_headline(line: str) -> bool:
    """Whether one line reads as a headline rather than the lead paragraph of a body.

    >>> looks_like_headline("Review: The Quiet Meridian")
    True
    >>> looks_like_headline("The band's singer directed the new video himself, the label said on Monday.")
    False
    """
    text = line.strip()
    words = re.findall(r"[^\W_][\w'’&.-]*", text)
    if not words or len(words) > 18 or _SENTENCE_END.search(text) and not re.search(r"\b(?:Mr|Mrs|Ms|Dr|Jr|St|Vol|No)\.$", text):
        return False
    if _NOT_HEADLINE.match(text):
        return False
    if re.search(r"\s[:–—|]\s|^[^:]{2,60}:\s", text):
        return True  # a headline form: "Artist: Title", "Festival 2020 – Title"
    letters = [w for w in words if w[0].isalpha()]
    upper = sum(1 for w in letters if w[0].isupper())
    return len(words) >= 2 and bool(letters) and upper / len(letters) >= 0.6 or len(words) <= 8 and text[0].isupper()


def find_headline(text: str, lines: list[tuple[int, int]], table: RuleTable) -> Headline | None:
    """The headline among the first lines of ``text`` (a section label or byline before it is passed over),
    or None when the body starts with its lead paragraph."""
    for start, end in lines[:3]:
        line = text[start:end]
        stripped = line.strip()
        if _NOT_HEADLINE.match(stripped):
            continue
        if not looks_like_headline(stripped):
            return None
        lead = len(line) - len(line.lstrip())
        found = parse(text, start + lead, start + lead + len(stripped), table)
        if found.work is None and not found.agents and _names_a_person(text, stripped, start + lead + len(stripped), table):
            return Headline(start=found.start, end=found.end, text=found.text, agents=((found.start, found.end),))
        return found
    return None


def _names_a_person(text: str, line: str, after: int, table: RuleTable) -> bool:
    """Whether a headline that is only a name ("Mara Quill Hendry") is the person the body then
    introduces: the name again with dates in brackets, or "<name> was a painter" (a profile, not a
    title; "<Title> is a fine thriller" keeps it a title)."""
    if not re.fullmatch(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}", line):
        return False
    name = re.escape(line)
    jobs = "|".join(re.escape(w) for w in sorted(table.words("occupations"), key=len, reverse=True)) or "artist"
    return bool(re.search(rf"(?<!\w){name}(?: [A-Z][\w.]*)?,? \([^)]*\b(?:1[5-9]|20)\d\d\b|"
                          rf"(?<!\w){name},? (?:is|was) (?:a|an|the) (?:[\w-]+ ){{0,3}}(?:{jobs})\b", text[after:after + 600]))


@lru_cache(maxsize=8)
def _forms(raw: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in raw)


def parse(text: str, start: int, end: int, table: RuleTable) -> Headline:
    """The parts of the headline ``text[start:end]`` by the first form of the rule table that matches."""
    forms = _forms(tuple(str(p) for p in table.words("headline_forms")))
    agents: list[tuple[int, int]] = []
    events: list[tuple[int, int]] = []
    work: tuple[int, int] | None = None
    lo, hi = start, end
    for _ in range(3):  # a "rest" is parsed again ("Interview: X talks about new film Y")
        piece = text[lo:hi]
        match = next((m for m in (f.match(piece) for f in forms) if m), None)
        if match is None:
            break
        groups = match.groupdict()
        for name, value in groups.items():
            if value is None:
                continue
            span = _trim(text, lo + match.start(name), lo + match.end(name))
            if name == "work":
                work = span
            elif name.startswith("agent"):
                agents.append(span)
            elif name == "event":
                events.append(span)
        if groups.get("rest") is None:
            break
        lo, hi = _trim(text, lo + match.start("rest"), lo + match.end("rest"))
        rest = text[lo:hi]
        if not any(f.match(rest) for f in forms):
            if looks_like_title(rest) and _named_again(text, rest, hi):
                work = (lo, hi)  # "Artist: Title", "Festival 2020 – Title": what is left is the title
            break
    events = [_no_year(text, s, e) for s, e in events]
    return Headline(start=start, end=end, text=text[start:end], work=work, agents=tuple(agents), events=tuple(events))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without spaces, quotation marks or closing punctuation around the part."""
    while start < end and text[start] in " \t\"“‘'":
        start += 1
    while end > start and text[end - 1] in " \t\"”’'.,;:!?":
        end -= 1
    return start, end


def _no_year(text: str, start: int, end: int) -> tuple[int, int]:
    """An event's name without the year a headline adds to it ("Sundance 2020" -> "Sundance")."""
    part = text[start:end]
    m = re.match(r"^(?:(?:19|20)\d\d\s+)?(.+?)(?:\s+(?:19|20)\d\d)?$", part)
    return (start + m.start(1), start + m.end(1)) if m else (start, end)


def _named_again(text: str, name: str, after: int) -> bool:
    """Whether the body names ``name`` again (a title recurs; a descriptive headline does not)."""
    return name.casefold() in text[after:].casefold()


def subheadlines(text: str, lines: list[tuple[int, int]], table: RuleTable) -> list[tuple[int, int]]:
    """The works named by headline-like lines inside the body (a page of several reviews: "Title, Venue
    review - ..."), from forms that name the work outright (not from what is left after "Artist:"). The forms
    of ``subheadline_forms`` come first: those of a list's items ("Ana Ruiz's Title: Part One"), which would
    misread a page's own headline ("Ana Ruiz's New Film Opens Friday")."""
    forms = _forms(tuple(str(p) for p in (*table.words("subheadline_forms"), *table.words("headline_forms"))))
    out = []
    for start, end in lines[1:]:
        line = text[start:end]
        if not looks_like_headline(line):
            continue
        for form in forms:
            m = form.match(line)
            if m and m.groupdict().get("work") is not None and m.groupdict().get("rest") is None:
                out.append(_trim(text, start + m.start("work"), start + m.end("work")))
                break
    return out
