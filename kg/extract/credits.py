"""Credits, each a recogniser of the :class:`kg.extract.finder.Finder`: credit and infobox lines ("Director: A,
B, C", "Produced by A and B", "| Music by | A |", "Actor as Character"), whose cells may hold names run together
when a page lost its line breaks ("Ana Ruiz Tomas Kelleher"); the name a credit was glued to ("Ana RuizDirected
by ..." on a listing); credits in capitals ("A TIDEMARK FILMS PRODUCTION", "a film by ISOLDE BRANNIGAN").
"""

from __future__ import annotations

import re

from kg.extract.finder import NAME, Finder, key_in
from kg.extract.names import Mention, capitalised_words, looks_like_title, split_list, strip_title, title_case


def credit_lines(f: Finder) -> None:
    labels = f.table.mapping("credit_labels")
    label_re = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    for at, line in f.line_texts():
        m = re.match(rf"^({label_re})(\s*[:|]\s*|\s+)(.+?)\s*$", line, re.IGNORECASE)
        if m and (len(line.split()) <= 16 or m.group(2).strip() in (":", "|") and len(line.split()) <= 60):
            # a labelled cast list may be long ("Cast: A, B, ..." of ten names); an unlabelled run is a sentence
            f.add(Mention(at, at + m.end(1), m.group(1), "label", None, "label"))
            kind = labels[key_in(m.group(1), labels)]
            rest, offset = m.group(3), at + m.start(3)
            if kind == "work":
                by = re.match(r"^(.+?) by (.+)$", rest)
                if by and looks_like_title(by.group(1)):
                    f.add(Mention(offset, offset + len(by.group(1)), strip_title(by.group(1)), "work", None, "credit"))
                    rest, offset, kind = by.group(2), offset + by.start(2), "person"
                else:
                    continue
            items = [(s, e) for s, e in split_list(rest)]
            if m.group(2).strip() not in (":", "|") and not all(capitalised_words(rest[s:e]) for s, e in items):
                continue
            for s, e in items:
                for a, b in _run_together(rest[s:e], f) if kind in ("person", "agent") else [(0, e - s)]:
                    f.credit_item(rest[s + a:s + b], offset + s + a, kind)
        cast = re.match(rf"^({NAME}) as ({NAME})$", line)
        if cast and len(line.split()) <= 8:
            f.credit_item(cast.group(1), at, "person")


def _run_together(item: str, f: Finder) -> list[tuple[int, int]]:
    """The names of a credit cell whose line breaks were lost ("Ana Ruiz Tomas Kelleher" for two people):
    a run of four to nine capitalised words is cut into names of two or three words, preferring names the
    article gives elsewhere (spaCy's people, short credit items); an even run with no such evidence is cut
    in pairs, an odd one is left whole. Returns ``(start, end)`` pieces of ``item``."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", item)]
    if not 4 <= len(words) <= 9 or not all(re.fullmatch(r"[A-Z][\w'’.-]*[^\W\d_]", item[a:b]) for a, b in words) \
            or any(item[a:b] in _PARTICLES or item[a:b].strip(".,") in f.org_suffixes for a, b in words):
        return [(0, len(item))]
    known = f.known_people()
    best: dict[int, tuple[int, list[tuple[int, int]]]] = {len(words): (0, [])}  # from word i: (score, pieces)
    for i in range(len(words) - 2, -1, -1):
        options = []
        for size in (2, 3):
            if i + size in best:
                a, b = words[i][0], words[i + size - 1][1]
                score, rest = best[i + size]
                options.append((score + (10 if item[a:b] in known else 0) - (size == 3), [(a, b), *rest]))
        if options:
            best[i] = max(options, key=lambda o: o[0])
    score, pieces = best.get(0, (0, []))
    if not pieces or score < 0 and len(words) % 2:
        return [(0, len(item))]
    return pieces


_PARTICLES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "de", "van", "von", "da", "di", "del", "la", "le", "De", "Van", "Von",
              "Da", "Di", "Del", "La", "Le", "St.", "Dr.", "Mr.", "Mrs.", "Ms."}


def glued_names(f: Finder) -> None:
    """The name a glued credit followed ("Ana RuizDirected by ..." on a listing): the line cut before the
    credit (:func:`kg.extract.source.glued_credits`), when it is two to four capitalised words, is a person
    credited with the work above (its author)."""
    breaks = set(f.source.breaks)
    for at, line in f.line_texts():
        if at + len(line) in breaks and re.fullmatch(rf"{NAME}", line) and 2 <= len(line.split()) <= 4:
            f.add(Mention(at, at + len(line), line, "person", None, "credit"))


def caps_credits(f: Finder) -> None:
    caps = r"[A-Z][A-Z'’.&-]+(?: [A-Z][A-Z'’.&-]+)*"
    for at, line in f.line_texts():
        for m in re.finditer(rf"^(?:A|AN) ({caps}) (?:PRODUCTION|PRESENTATION|RELEASE)$", line, re.IGNORECASE):
            f.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "org", None, "caps"))
        for m in re.finditer(rf"\bin association with ({caps})\b", line, re.IGNORECASE):
            if m.group(1).isupper():
                f.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "org", None, "caps"))
        for m in re.finditer(rf"\ban? (?:film|picture|video) by ({caps})\b", line, re.IGNORECASE):
            if m.group(1).isupper():
                f.add(Mention(at + m.start(1), at + m.end(1), title_case(m.group(1)), "person", None, "caps"))
