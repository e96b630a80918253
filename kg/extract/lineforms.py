"""Names that the form of a line gives: the songs of a track list, the works and directors of a line-up
("Title, dir: A & B"), the speakers of a transcript ("Name: ..."), and the works of headline-like lines
inside the body (a page of several reviews); the lines of awards lists are read by :mod:`kg.extract.awardlines`,
which its steps run. Each recogniser takes the :class:`kg.extract.mentions.Finder`
of the article (its lines, its rule table, and ``add``, which keeps the first mention of a stretch of text).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from kg.extract.awardlines import (award_lines, category_heading_lines, category_lines, colon_categories,
                                   inline_categories, title_case_headings, prize_categories)
from kg.extract.headline import subheadlines
from kg.extract.tracklists import tracklists
from kg.extract.names import Mention, domain_of, looks_like_title, split_list, strip_title, title_case


_NOT_SPEAKER = re.compile(r"(?i)q|a|update|note|photo|watch|listen|interview|review|source|credit")


def steps(f: Any) -> tuple[Callable[[], None], ...]:
    """The recognisers of this module bound to the finder ``f``, in the order they run."""
    return (lambda: tracklists(f), lambda: listings(f), lambda: labelled_listings(f), lambda: speaker_labels(f),
            lambda: award_lines(f), lambda: category_lines(f), lambda: category_heading_lines(f),
            lambda: colon_categories(f), lambda: inline_categories(f), lambda: title_case_headings(f))


def late_steps(f: Any) -> tuple[Callable[[], None], ...]:
    """Recognisers that run after the article's own headline is read."""
    return (lambda: subheadline_titles(f), lambda: caps_titles(f), lambda: possessive_titles(f),
            lambda: prize_categories(f))


def early_steps(f: Any) -> tuple[Callable[[], None], ...]:
    """Recognisers that run before the characters of a cast list are claimed."""
    return (lambda: credit_pairs(f), lambda: earlier_credits(f))


#: A paragraph that opens with its work and director ("Title, Directed By Ana Ruiz. The story ..."), as pages of
#: nominees write each entry.
_LISTING_LEAD = re.compile(r"^(?P<t>[\"“]?[A-Z0-9][^:.,]{0,80}?[\"”]?), (?i:directed by) "
                           r"(?P<p>[A-Z][\w'’-]+(?: [A-Z][\w'’.-]+){1,2})(?=\.\s|\.?$)")


def listings(f: Any) -> None:
    """Lines of a line-up or a listing: "Title, dir: A & B", "Title (dir. A)", "Title – directed by A", and a
    paragraph that opens "Title, Directed By Ana Ruiz." (its first sentence)."""
    for at, line in f.line_texts():
        m = re.match(r"^(?P<t>[\"“]?[A-Z0-9][^:]{0,80}?[\"”]?)(?:,| –| -| \() ?(?:dir\.?|directed by|director)\s*:?\s*"
                     r"(?P<p>[A-Z][^()*]{1,80}?)\s*(?:\*|\)|\(.*\))*\s*$", line) or _LISTING_LEAD.match(line)
        if not m or len(m.group("t").split()) > 10:
            continue
        title = strip_title(m.group("t").strip("\"“”"))
        start = at + m.start("t") + m.group("t").find(title)
        f.add(Mention(start, start + len(title), title, "work", None, "listing"))
        people, offset = m.group("p"), at + m.start("p")
        for s, e in split_list(people):
            f.credit_item(people[s:e], offset + s, "person")


#: A segment "Label: ..." of a listing line, the label of one to four words ("Director", "Director/Producer").
_SEGMENT = re.compile(r"(?:^|,\s+)(?P<l>[A-Z][\w/&' -]{1,40}?)\s*:\s*")


def labelled_listings(f: Any) -> None:
    """Lines that give a work and then its credits, each after its label ("WINNER: Title, Director: A,
    Producer: B", "Title, Director/Producer: A"): the title before the first credit (after a short label in
    capitals, which is claimed and names nothing), and the names of each credit, typed as the label's list
    says (``credit_labels``). Raises nothing."""
    labels = {str(k).lower(): str(v) for k, v in f.table.mapping("credit_labels").items()}
    for at, line in f.line_texts():
        segments = [m for m in _SEGMENT.finditer(line)
                    if all(part.strip().lower() in labels for part in m.group("l").split("/"))]
        if not segments or segments[0].start() == 0:
            continue
        first = segments[0]
        head_start = 0
        lead = re.match(r"^(?P<l>[A-Z][A-Z '-]{1,30}):\s+", line[:first.start()])
        if lead:
            f.add(Mention(at, at + len(lead.group("l")), lead.group("l"), "label", None, "label"))
            head_start = lead.end()
        head = line[head_start:first.start()]
        title = strip_title(head.strip("\"“”‘’ "))
        if not title or not looks_like_title(title) or len(title.split()) > 10 or ":" in title:
            continue
        start = at + head_start + head.find(title)
        f.add(Mention(start, start + len(title), title, "work", None, "listing"))
        for k, seg in enumerate(segments):
            end = segments[k + 1].start() if k + 1 < len(segments) else len(line)
            names, offset = line[seg.end():end], at + seg.end()
            kinds = {labels[part.strip().lower()] for part in seg.group("l").split("/")}
            kind = "person" if kinds == {"person"} else "agent" if "agent" in kinds or len(kinds) > 1 else kinds.pop()
            if kind == "work":
                continue
            for s, e in split_list(names.rstrip(" .")):
                f.credit_item(names[s:e], offset + s, kind)


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


#: A run of ALL-CAPS words ("THE LANTERNS OF VELL", "SALT LINES: A RETROSPECTIVE 1990-2010").
_CAPS_RUN = re.compile(r"(?<![\w'’])[A-Z0-9][A-Z0-9'’&.!?-]*(?:(?::? |-)[A-Z0-9][A-Z0-9'’&.!?-]*)*(?![\w'’])")


def caps_titles(f: Any) -> None:
    """Titles written in capitals inside ordinary text ("the television series THE WIRE", "his film
    ACTRESS"), the usual way of press notes and festival pages. A line mostly in capitals is a headline or a
    label, not a title, unless it stands alone and its words recur in the body ("THE ANTENNA"); a single
    short word is an acronym (HBO, TIFF); a single longer word counts only beside a kind of work ("the
    documentary ACTRESS") or in a list with another such title; a run that holds an organisation's suffix
    ("DARK STAR PICTURES") is an organisation."""
    nouns = sorted((str(k) for k in f.table.mapping("work_nouns")), key=len, reverse=True)
    noun_re = re.compile(r"(?i)\b(" + "|".join(re.escape(n) for n in nouns) + r")s?\b,?"
                         r"(?:\s+(?!(?:by|from|with|of|for|and|to)\b)[\w’'-]+){0,3}[\s,]*$")
    stop = {w.upper() for w in f.table.words("caps_not_titles")}
    labels = {k.lower() for k in f.table.mapping("credit_labels")} | f.not_names
    suffixes = {s.upper().rstrip(".") for s in f.table.words("org_suffixes")}
    found: list[tuple[int, int, str]] = []
    for at, line in f.line_texts():
        letters = [c for c in line if c.isalpha()]
        if not letters:
            continue
        caps_line = sum(c.isupper() for c in letters) / len(letters) > 0.6
        for m in _CAPS_RUN.finditer(line):
            run = m.group().rstrip(".,:;!?’'-")
            words = run.split()
            if not run or not run[0].isalpha() or run.lower() in labels or any(w in stop for w in words):
                continue
            if caps_line and not (m.start() == 0 and len(run) == len(line.strip()) and len(words) <= 6
                                  and f.text.casefold().count(run.casefold()) >= 2):
                continue
            if m.start() == 0 and not caps_line and ":" in line[m.end():m.end() + 30]:
                continue  # "VIRTUAL THEATERS (October 2)-Including: ...": a section label
            if m.start() == 0 and (line[m.end():m.end() + 2].startswith(":")
                                   or re.match(r"[^.!?]{0,25}?\s[—–-]\s|,", line[m.end():])):
                continue  # "CAST: ...", a dateline ("LOS ANGELES — ", "LOS ANGELES, Jan 9 — ")
            if len(words) == 1:
                alpha = sum(c.isalpha() for c in run)
                listed = any(0 < at + m.start() - e <= 4 and re.fullmatch(r",? (?:and |& )?|, ", f.text[e:at + m.start()])
                             for _, e, _ in found[-2:]) or bool(re.match(r"[,]? (?:and|&) [A-Z]{3,}", line[m.end():]))
                if alpha < 5 or not (noun_re.search(line[max(0, m.start() - 60):m.start()]) or listed):
                    continue
            start = at + m.start()
            name = title_case(run)
            if any(w.strip("’'.,") in suffixes for w in words):
                f.add(Mention(start, start + len(run), name, "org", "Organization", "caps"))
                continue
            noun = noun_re.search(line[max(0, m.start() - 60):m.start()])
            kind = f.table.mapping("work_nouns").get(noun.group(1).lower()) if noun else None
            if f.add(Mention(start, start + len(run), name, "work", kind, "caps")):
                found.append((start, start + len(run), name))


_POSSESSIVE = re.compile(r"\b((?:The )?[A-Z][\w-]+)['’]s ((?!(?:The|A|An)\b)[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)(?![\w'’])")


def possessive_titles(f: Any) -> None:
    """Titles that hold a possessive ("Meek’s Cutoff", "Milton's Secret"): "A's B" written at least twice,
    whose B never stands without "A's" before it, is one name, not a person and a thing of theirs."""
    seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for m in _POSSESSIVE.finditer(f.text):
        seen.setdefault((m.group(1), m.group(2)), []).append((m.start(), m.end()))
    for (owner, thing), starts in seen.items():
        if len(starts) < 2:
            continue
        alone = len(re.findall(rf"(?<![\w'’]){re.escape(thing)}(?![\w'’])", f.text))
        if alone > len(starts):
            continue  # "Leigh's Peterloo" ... "Peterloo": the thing is named on its own too
        for start, end in starts:
            f.add(Mention(start, end, f.text[start:end], "work", None, "possessive-title"))


_PAIR = re.compile(r"(?P<a>[A-Z][\w'’.-]*(?: (?:[“\"][^”\"]{1,20}[”\"] )?[A-Z][\w'’.-]*){0,3}) \((?P<b>[A-Z][^()]{0,40}?)\)")
_PAIR_GAP = re.compile(r",? (?:and |& )?|, ")


def credit_pairs(f: Any) -> None:
    """A list of three or more "Name (Name)" after a credit word ("productions from A (Artist), B (Artist)
    and C (Artist)", "songwriters X (Y), ..."): every name in it is a person or a company (the typing step
    decides). A cast list "Character (Actor)" has no such word before it and is left to the cast rules."""
    cues = [str(c) for c in f.table.words("credit_pair_cues")]
    if not cues:
        return
    cue_re = re.compile(r"(?i)\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b")
    for at, line in f.line_texts():
        pairs = list(_PAIR.finditer(line))
        runs: list[list[re.Match[str]]] = []
        for m in pairs:
            if runs and _PAIR_GAP.fullmatch(line[runs[-1][-1].end():m.start()]):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            if len(run) < 3:
                continue
            sentence_start = max(line.rfind(". ", 0, run[0].start()) + 1, 0)
            if not cue_re.search(line[sentence_start:run[0].start()]):
                continue
            for m in run:
                for group in ("a", "b"):
                    name = m.group(group).strip()
                    start = at + m.start(group)
                    f.add(Mention(start, start + len(name), name, "person", None, "propn"))


_PERSON = r"[A-Z](?:[\w'’-]+|\.)(?: [A-Z](?:[\w'’-]+|\.)){1,2}"
_EARLIER = re.compile(rf"(?<![\w'’])(?P<p>{_PERSON}) \((?P<w>[A-Z0-9][^()]{{1,60}}?)\)")
_SMALL_INSIDE = re.compile(r" (?:of|the|to|a|an|in|on|at|for|with|and|from|is|may|can|my|your|our|me|you|it) ", re.I)


def earlier_credits(f: Any) -> None:
    """A person with an earlier work in brackets ("Ada Brennick (The Quiet Meridian)", "Tom Arlo (Harbour
    of Glass: The Return)", "Ana Ruiz (Salt Lines)"), the way press notes credit people: the brackets hold a
    title, not the actor of a character, when it has a colon, a digit or a small word inside, or more than
    three words, or when spaCy reads the name before them as a person and nothing inside as one (nor as a
    one-word organisation or one named with a company word) and a credit word stands before the name ("created
    by", ``person_cues``) or another such credit does ("A (Title), B (Title)"); a list inside ("A Collective (Title One, Title Two, Title Three)") is a list of titles.
    The person and the titles are claimed before the cast-list characters are. Raises nothing."""
    people = {ent.text for _, doc in f.docs for ent in doc.ents if ent.label_ == "PERSON"}
    orgs = {ent.text for _, doc in f.docs for ent in doc.ents if ent.label_ == "ORG"  # "(Acme)", "(Acme Films)"
            and (" " not in ent.text or ent.text.split()[-1] in f.org_suffixes)}
    words = "|".join(re.escape(str(w)) for w in f.table.words("person_cues") if str(w) not in ("and", "to"))
    cue = re.compile(rf"(?i:\b(?:{words})|\)(?:,| and| &))\s*$" if words else r"\)(?:,| and| &)\s*$")
    places = f.places()
    music = domain_of(f.text, f.table) in ("Song", "Album")  # "a video by Ana Ruiz (Artist, Artist)": her artists
    for at, line in f.line_texts():
        for m in _EARLIER.finditer(line):
            inside = m.group("w").strip()
            items = split_list(inside, _COMMAS)
            if all(inside[a:b] in places for a, b in items):
                continue  # "Ana Ruiz (Chile)", "(France, Belgium)": where she is from, not a title
            if len(items) >= 2 and not music and all(_bracket_title(inside[a:b], people | orgs) for a, b in items):
                for a, b in items:
                    start = at + m.start("w") + a
                    f.add(Mention(start, start + b - a, inside[a:b], "work", None, "unquoted"))
                start = at + m.start("p")
                f.add(Mention(start, start + len(m.group("p")), m.group("p"), "person", None, "propn"))
                continue
            words = inside.split()
            if re.search(r"(?:^|,\s*)(?:19|20)\d\d$", inside) or not all(w[0].isupper() or w[0].isdigit() or
                                                                 w.lower() in _SMALL_WORDS for w in words):
                continue
            form = ":" in inside or re.search(r"\d", inside) or _SMALL_INSIDE.search(f" {inside} ") or len(words) > 3
            named = (m.group("p") in people and _bracket_title(inside, people | orgs) and "," not in inside
                     and bool(cue.search(line[:m.start()])))
            if not (form or named):
                continue
            start = at + m.start("p")
            f.add(Mention(start, start + len(m.group("p")), m.group("p"), "person", "Person" if named else None, "propn"))
            start = at + m.start("w")
            f.add(Mention(start, start + len(inside), inside, "work", None, "unquoted"))


_COMMAS = re.compile(r"\s*,\s*(?:and\s+|&\s+)?")


def _bracket_title(item: str, names: set[str]) -> bool:
    """Whether one item in brackets after a name may be a title: capitalised, no name spaCy reads as a
    person or an organisation, no acronym alone, no year alone."""
    words = item.split()
    return (bool(words) and len(words) <= 8 and (item[0].isupper() or item[0].isdigit()) and item not in names
            and not re.fullmatch(r"[A-Z]{2,5}|(?:19|20)\d\d", item)
            and all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS for w in words))


_SMALL_WORDS = frozenset({"of", "the", "to", "a", "an", "in", "on", "at", "for", "with", "and", "from", "is", "vs", "vs.", "&"})
