"""Names that the form of a line gives: the songs of a track list, the works and directors of a line-up
("Title, dir: A & B"), the speakers of a transcript ("Name: ..."), and the works of headline-like lines
inside the body (a page of several reviews). Each recogniser takes the :class:`kg.extract.mentions.Finder`
of the article (its lines, its rule table, and ``add``, which keeps the first mention of a stretch of text).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from kg.extract.headline import subheadlines
from kg.extract.names import Mention, looks_like_title, split_list, strip_title


_NOT_SPEAKER = re.compile(r"(?i)q|a|update|note|photo|watch|listen|interview|review|source|credit")


def steps(f: Any) -> tuple[Callable[[], None], ...]:
    """The recognisers of this module bound to the finder ``f``, in the order they run."""
    return (lambda: tracklists(f), lambda: listings(f), lambda: speaker_labels(f))


def late_steps(f: Any) -> tuple[Callable[[], None], ...]:
    """Recognisers that run after the article's own headline is read."""
    return (lambda: subheadline_titles(f),)


def tracklists(f: Any) -> None:
    """The songs of a track list: short title lines after a line that announces them ("The track list
    of the record:"), each with its featured artists ("Night Swim (Feat. Ada Roe)")."""
    lines = list(f.line_texts())
    k = 0
    while k < len(lines):
        if not re.search(r"(?i)\b(?:track ?list(?:ing)?|track listing|tracks|songs)\b[^.]*:\s*$", lines[k][1]):
            k += 1
            continue
        k += 1
        while k < len(lines):
            at, line = lines[k]
            title = re.sub(r"^\d{1,2}[.)]?\s+", "", line)
            feat = re.search(r"\s*\((?:feat\.?|ft\.?|featuring)\s+([^)]+)\)\s*$", title, re.IGNORECASE)
            name = title[:feat.start()] if feat else title.strip()
            if len(name.split()) > 8 or not name or not (name[0].isupper() or name[0].isdigit()):
                break
            start = at + len(line) - len(title)
            f.add(Mention(start, start + len(name), name, "work", "Song", "tracklist"))
            if feat:
                for s, e in split_list(feat.group(1)):
                    item = feat.group(1)[s:e]
                    offset = start + feat.start(1) + s
                    f.add(Mention(offset, offset + len(item), item, "person", None, "credit"))
            k += 1


def listings(f: Any) -> None:
    """Lines of a line-up or a listing: "Title, dir: A & B", "Title (dir. A)", "Title – directed by A"."""
    for at, line in f.line_texts():
        m = re.match(r"^(?P<t>[\"“]?[A-Z0-9][^:]{0,80}?[\"”]?)(?:,| –| -| \() ?(?:dir\.?|directed by|director)\s*:?\s*"
                     r"(?P<p>[A-Z][^()*]{1,80}?)\s*(?:\*|\)|\(.*\))*\s*$", line)
        if not m or len(m.group("t").split()) > 10:
            continue
        title = strip_title(m.group("t").strip("\"“”"))
        start = at + m.start("t") + m.group("t").find(title)
        f.add(Mention(start, start + len(title), title, "work", None, "listing"))
        people, offset = m.group("p"), at + m.start("p")
        for s, e in split_list(people):
            f.credit_item(people[s:e], offset + s, "person")


def speaker_labels(f: Any) -> None:
    """The speakers of a transcript: a name that opens two lines or more as "Name: ..." (an interview,
    a round table). Left to the typing step, as NER's names are ("THR: ..." is the magazine)."""
    labels = {k.lower() for k in f.table.mapping("credit_labels")} | f.not_names
    found: dict[str, list[int]] = {}
    for at, line in f.line_texts():
        m = re.match(r"^([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}):\s+\S", line)
        if m and m.group(1).lower() not in labels and not _NOT_SPEAKER.fullmatch(m.group(1)):
            found.setdefault(m.group(1), []).append(at)
    for name, starts in found.items():
        if len(starts) >= 2:
            for at in starts:
                f.add(Mention(at, at + len(name), name, "person", None, "propn"))


def subheadline_titles(f: Any) -> None:
    """The works of headline-like lines inside the body ("The Deep Blue Sea, Theatre Royal review - ...")."""
    for start, end in subheadlines(f.text, f.lines, f.table):
        name = f.text[start:end]
        if looks_like_title(name):
            f.add(Mention(start, end, strip_title(name), "work", None, "headline"))
