"""Names that the form of an awards line gives: a list of winners ("Best Folk Album: Title by Artist"), a
category line ("BEST LEAD ACTOR, DRAMA: Ana Ruiz, "Title""), and a prize named with its category ("the Silver
Bear for Best Screenplay"). Each recogniser takes the :class:`kg.extract.mentions.Finder` of the article, as
those of :mod:`kg.extract.lineforms` do, which runs them in its steps.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from kg.extract.names import SMALL, Mention, list_heading, looks_like_title, split_list, strip_title, title_case


_AWARD_LINE = re.compile(r"^(?P<c>(?:Best|Outstanding) [^:]{2,60}?|[A-Z][^:]{2,40}? [Oo]f [Tt]he [Yy]ear)\s*:\s*"
                         r"(?P<t>[\"“‘]?[A-Z0-9][^:]{0,80}?[\"”’]?)\s+by\s+(?P<a>[A-Z].{1,120}?)\s*$")
#: Words inside a name that make it a band's rather than a person's ("High On Fire", "Chubby and the Gang").
_BAND_WORDS = frozenset({"On", "Of", "The", "And", "and", "the", "of", "In", "At", "For", "&"})
_FEATURING = re.compile(r"\s+(?:[Ff]eaturing|[Ff]eat\.?|[Ff]t\.)\s+")


def award_lines(f: Any) -> None:
    """The lines of a list of winners that give each category its work and artist ("Best Folk Album:
    Paper Lanterns by Ines Okoro", "Song of the Year: Title by A and B"): the category, the work (an album in
    an album category, else a recording) and the artists, featured ones included."""
    for at, line in f.line_texts():
        m = _AWARD_LINE.match(line)
        if not m or len(m.group("t").split()) > 10:
            continue
        category = m.group("c")
        f.add(Mention(at, at + len(category), category, "award", "AwardCategory", "award"))
        title = strip_title(m.group("t").strip("\"“”‘’"))
        start = at + m.start("t") + m.group("t").find(title)
        kind = "Album" if re.search(r"(?i)\balbum\b", category) else (
            "Song" if re.search(r"(?i)\b(?:song|record|recording|performance)\b", category) else None)
        f.add(Mention(start, start + len(title), title, "work", kind, "award-line"))
        agents, offset = m.group("a"), at + m.start("a")
        pos = 0
        for part in [*_FEATURING.split(agents)]:
            here = agents.find(part, pos)
            pos = here + len(part)
            for s, e in split_list(part):
                item = part[s:e].strip()
                if not item or not item[0].isupper() or len(item.split()) > 5:
                    continue
                words = item.split()
                band = any(w in _BAND_WORDS for w in words[1:]) or any(w.strip(".") in f.org_suffixes for w in words)
                start = offset + here + s
                f.add(Mention(start, start + len(item), item, "org" if band else "person", None, "credit"))


#: The winner part of such a line: a name, then (after a comma) the work ('Ana Ruiz, "Salt Lines"').
_NAME_THEN_WORK = re.compile(r"^(?P<p>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}),\s+(?P<w>[\"“‘]?[A-Z0-9].{0,80}?[\"”’]?)\s*$")


def category_lines(f: Any) -> None:
    """The lines of a list of awards that open with a category and a colon ("OUTSTANDING DRAMA SERIES:
    "Title"", "BEST LEAD ACTOR, DRAMA: Ana Ruiz, "Title"", "Best Director: Ana Ruiz, Title"): the whole
    category (a qualifier after a comma included), and the winner named before a comma, a person, with the
    work after it. The words that open a category are data (``category_line_words``); raises nothing."""
    opening = "|".join(re.escape(str(w)) for w in f.table.words("category_line_words"))
    if not opening:
        return
    category_line = re.compile(rf"^(?P<c>(?i:{opening})\s[^:\"“”]{{2,70}}?)\s*:\s*(?P<rest>\S.*)$")
    for at, line in f.line_texts():
        m = category_line.match(line)
        if not m or len(m.group("c").split()) > 10 or m.group("c").rstrip().endswith(","):
            continue
        category = m.group("c").rstrip()
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", category) if w.lower() not in SMALL]
        if not all(w[0].isupper() for w in words):
            continue  # "Best of all: ...": a sentence, not a category
        name = title_case(category) if category.isupper() else category
        f.add(Mention(at, at + len(category), name, "award", "AwardCategory", "award"))
        rest, offset = m.group("rest"), at + m.start("rest")
        pair = _NAME_THEN_WORK.match(rest)
        if pair:
            _person_and_work(f, pair, offset)


def _person_and_work(f: Any, pair: re.Match[str], at: int) -> None:
    """The winner (group ``p``, a person) and the work after it (group ``w``) of a match at ``at``."""
    f.credit_item(pair.group("p"), at + pair.start("p"), "person")
    title = strip_title(pair.group("w").strip("\"“”‘’"))
    if looks_like_title(title):
        start = at + pair.start("w") + pair.group("w").find(title)
        f.add(Mention(start, start + len(title), title, "work", None, "award-line"))


_PRIZE_FOR = re.compile(r"\b(?:(?:Golden|Silver|Bronze|Crystal) [A-Z][\w'-]+|(?:[A-Z][\w'-]+ ){1,3}(?:Award|Prize|Medal))"
                        r" for (?:the )?Best(?: [A-Z][\w'/-]*)+")


def prize_categories(f: Any) -> None:
    """A prize named with its category ("the Silver Bear for Best Screenplay", "the Ovation Award for Best
    Actress") is one award category, not a prize and a category apart; a lower-case noun that ends the
    category is part of it ("the Acme Award for Best New Irish feature", "an Acme Award for documentary
    screenplay"; the nouns are data, ``award_category_nouns``). Raises nothing."""
    nouns = "|".join(re.escape(str(n)) for n in sorted(f.table.words("award_category_nouns"), key=len, reverse=True))
    tail = re.compile(rf" (?:{nouns})\b") if nouns else None
    lower = re.compile(rf"\b(?:[A-Z][\w'-]+ ){{1,3}}(?:Award|Prize|Medal) for (?:[a-z][\w-]* ){{0,2}}(?:{nouns})\b") if nouns else None
    for at, line in f.line_texts():
        for m in _PRIZE_FOR.finditer(line):
            end = m.end()
            more = tail.match(line, end) if tail else None
            if more:
                end = more.end()
            f.add(Mention(at + m.start(), at + end, line[m.start():end], "award", "AwardCategory", "award"))
        for m in lower.finditer(line) if lower else ():
            if not m.group().startswith(("The ", "A ", "An ")):
                f.add(Mention(at + m.start(), at + m.end(), m.group(), "award", "AwardCategory", "award"))


def category_heading_lines(f: Any) -> None:
    """A category alone on its line in capitals, over the line of its winner ("BEST DIRECTOR" then "Ana Ruiz,
    "Title""; "JOHN CASSAVETES AWARD"): one award category, named in title case. (In title case, "Best
    Director Ana Ruiz" holds the winner too: :func:`category_lines` and the rules read those.) The words that
    open a category are data (``category_line_words``); raises nothing."""
    opening = "|".join(re.escape(str(w)) for w in f.table.words("category_line_words"))
    if not opening:
        return
    heading = re.compile(rf"^(?:(?i:{opening})\s[A-Za-z][\w'’&/ ,-]{{2,70}}|(?:[A-Z][\w'’.-]+ ){{1,4}}(?i:award|prize|medal))$")
    lines = list(f.line_texts())
    for k, (at, line) in enumerate(lines[:-1]):
        line = line.rstrip()
        if not line.isupper() or not heading.match(line) or len(line.split()) > 10 or line.endswith(","):
            continue
        following = lines[k + 1][1].strip()
        if not following or following[0] not in "\"“‘" and not following[0].isupper():
            continue  # a category heads the line of its winner
        f.add(Mention(at, at + len(line), title_case(line), "award", "AwardCategory", "award"))


_COLON_CATEGORY = re.compile(r"^(?P<c>[A-Z][\w'’&/-]*(?: [\w'’&/-]+){0,7}):\s*$")
#: a tally over a list, not a category ("Films with two or more wins:")
_TALLY = re.compile(r"(?i)\b(?:wins|winners|nominations|nominees|most|more|total)\b")
_WINNER_LINE = re.compile(r"^(?:[-–•*]\s*)?[\"“‘A-Z0-9]")


def _in_lists(lines: list[tuple[int, str]]) -> Iterator[tuple[int, int, str]]:
    """``(index, start, line)`` of the lines of ``lines`` that stand in a list of winners or nominees: at most
    60 lines under a line that says one follows (:func:`kg.extract.names.list_heading`), that line itself left out."""
    heading = -100
    for k, (at, line) in enumerate(lines):
        if list_heading(line, singular=False):
            heading = k
        elif k - heading <= 60:
            yield k, at, line


def colon_categories(f: Any) -> None:
    """In a list of winners or nominees (under a line that says so, at most 60 lines above), a short line
    that ends with a colon over the line of its winner ("Leading actress:" then "- Ana Ruiz, "Title"") is an
    award category, however it is worded. Raises nothing."""
    lines = list(f.line_texts())
    for k, at, line in _in_lists(lines[:-1]):
        text = line.strip()
        m = _COLON_CATEGORY.match(text)
        if m is None or not _WINNER_LINE.match(lines[k + 1][1].strip()) or _TALLY.search(text):
            continue
        name = m.group("c")
        start = at + line.index(name)
        f.add(Mention(start, start + len(name), title_case(name) if name.isupper() else name, "award",
                      "AwardCategory", "award-list"))
        below, winner = lines[k + 1]
        bullet = re.match(r"^\s*(?:[-–•*]\s*)?", winner)
        pair = _NAME_THEN_WORK.match(winner[bullet.end():]) if bullet else None
        if pair and pair.group("w")[:1] in "\"“‘":  # '- Ana Ruiz, "Title"': the winner, then the work
            f.credit_item(pair.group("p"), below + bullet.end() + pair.start("p"), "person")


#: a category and its winner on one line of a list ("Leading actor: Ana Ruiz – Title", "Documentary – Title")
_INLINE = re.compile(r"^(?P<c>[A-Z][^:–—\"“]{2,70}?)(?:\s*:\s+|\s+[–—-]\s+)(?P<rest>[\"“‘A-Z0-9].*?)\s*$")
#: two or more people's names ("Ana Ruiz and Bea Lane"), not a title with an "and" in it ("Pride and Prejudice")
_PEOPLE_LIST = re.compile(r"^[A-Z][a-z]+ [A-Z][\w'’-]+(?:, [A-Z][a-z]+ [A-Z][\w'’-]+)*,? (?:and|&) [A-Z][a-z]+ [A-Z][\w'’-]+$")
#: words of a category whose winner is a person ("Leading actor", "Director", "Rising Star Award")
_PERSON_CATEGORY = re.compile(r"(?i)\b(?:actor|actress|director|performer|star|newcomer|artist|singer)\b")


def inline_categories(f: Any) -> None:
    """In a list of winners or nominees (under a line that says so, at most 60 lines above), a line that
    gives a category and its winner ("Leading actor: Ana Ruiz – Title", "Documentary – Title", "Best Film:
    Title"): the category (without a bracketed note), the winner (a person where the category names one, else
    a work) and the work after a person. Raises nothing."""
    for _, at, line in _in_lists(list(f.line_texts())):
        m = _INLINE.match(line)
        if m is None or "; " in line or _TALLY.search(m.group("c")) or len(m.group("c").split()) > 9 or \
                not re.search(r"[A-Za-z]", m.group("rest")):
            continue  # "HBO: 23" in a tally: a count, not a winner
        category = re.sub(r"\s*\([^)]*\)\s*$", "", m.group("c")).rstrip(" ,")
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", category) if w.lower() not in SMALL]
        if not words or not words[0][0].isupper() or len(category) < 3:
            continue
        f.add(Mention(at, at + len(category), title_case(category) if category.isupper() else category, "award",
                      "AwardCategory", "award-list"))
        rest, offset = m.group("rest"), at + m.start("rest")
        parts = re.split(r"\s+[–—-]\s+", rest)
        if len(parts) >= 2 and _PERSON_CATEGORY.search(category):
            f.credit_item(parts[0], offset, "person")
            work = parts[1].strip(" \"“”‘’")
            start = offset + rest.index(parts[1]) + parts[1].find(work)
            if looks_like_title(work):
                f.add(Mention(start, start + len(work), strip_title(work), "work", None, "award-line"))
        elif len(parts) == 1 and (_PERSON_CATEGORY.search(category) or _PEOPLE_LIST.match(rest)):
            for s, e in split_list(rest):  # "Ana Ruiz and Bea Lane": the winners are people
                f.credit_item(rest[s:e], offset + s, "person")
        elif len(parts) == 1:
            work = rest.strip(" \"“”‘’")
            start = offset + rest.find(work)
            if looks_like_title(work) and len(work.split()) <= 10:
                f.add(Mention(start, start + len(work), strip_title(work), "work", None, "award-line"))



#: the winner line under a title-case category: a work, with its director after a comma or not ("Salt Lines",
#: "Salt Lines, directed by Ana Ruiz")
_WORK_THEN_CREDIT = re.compile(r"^(?P<w>[\"“‘]?[A-Z0-9][^,]{0,80}?[\"”’]?)(?:,\s+(?:directed|written|produced) by\s+.+)?$")
#: a nominee in a category of people with the work after a dash ("Ana Ruiz – Salt Lines")
_NAME_DASH_WORK = re.compile(r"^(?P<p>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3})\s+[–—-]\s+(?P<w>[\"“‘]?[A-Z0-9].{0,80}?[\"”’]?)\s*$")


def title_case_headings(f: Any) -> None:
    """In a list of winners or nominees (under a line that says so, at most 60 lines above), a paragraph of
    two lines (or two paragraphs of a line each): a category in title case ("Breakthrough Director", "Best
    Feature, Best Ensemble Performance", several after commas) over its winner or its nominees after
    semicolons; each a person and the work after a comma or a dash in a category of people ("Ana Ruiz, Salt
    Lines", "Ana Ruiz – Salt Lines"), else a work ("Salt Lines, directed by Ana Ruiz"). A category line opens
    with a word of ``category_line_words`` or holds one of ``category_heading_words``. Raises nothing."""
    opening = {str(w) for w in f.table.words("category_line_words")}
    heading_words = {str(w) for w in f.table.words("category_heading_words")}
    lines = list(f.line_texts())
    for k, at, line in _in_lists(lines[:-1]):
        text, (below, winner) = line.strip(), lines[k + 1]
        between = f.text[at + len(line):below]
        after = f.text[below + len(winner):below + len(winner) + 2]
        before = f.text[max(0, at - 2):at]
        if between.count("\n") not in (1, 2) or not (after in ("", "\n") or after.startswith("\n\n")) or \
                not (at == 0 or before == "\n\n") or re.search(r"[.!?:;]\W*$", text) or len(text.split()) > 12:
            continue  # a paragraph of its own: the category line and the winner line, blank lines around
        parts = [p.strip() for p in text.split(",")]
        if not all(p and looks_like_title(p) and (p.split()[0] in opening or heading_words & set(p.split()))
                   for p in parts) or winner.split()[0] in opening:
            continue  # (a line of categories, each with its winner, is read by the rules: "Best Actor Ana Ruiz")
        for p in parts:
            start = at + line.index(p)
            f.add(Mention(start, start + len(p), p, "award", "AwardCategory", "award-list"))
        for item in re.finditer(r"[^;\s][^;]*", winner):  # one winner, or nominees after semicolons
            _winner(f, text, item.group().rstrip(), below + item.start())


def _winner(f: Any, category: str, item: str, at: int) -> None:
    """The names of one winner or nominee ``item`` (at ``at``) under the title-case ``category``."""
    if _PERSON_CATEGORY.search(category):
        pair = _NAME_THEN_WORK.match(item) or _NAME_DASH_WORK.match(item)
        if pair:
            _person_and_work(f, pair, at)
        return
    m = _WORK_THEN_CREDIT.match(item)
    work = strip_title(m.group("w").strip("\"“”‘’")) if m else ""
    if m and work and (looks_like_title(work) or work[0].isdigit()):
        start = at + item.index(work)
        f.add(Mention(start, start + len(work), work, "work", None, "award-line"))
