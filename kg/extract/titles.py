"""Titles of works, each a recogniser of the :class:`kg.extract.finder.Finder`: titles in quotation marks or
italics (their class from a noun beside them: "her album "X""), the work a headline names ("Review: Title"),
collections ("Ana Ruiz films", "the Meridian trilogy") and titles written without quotes ("cult
classic Harbour Lights", "appeared in Iron Sky, Paper Moons and Salt Road", "Glass Harbour is the third studio album by ...",
"Ana Ruiz's Mirror Lake"). A title found without quotes is cut before any name already found inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract.finder import NAME, TITLE_WORDS, Finder, key_in
from kg.extract.names import Mention, looks_like_title, split_list, strip_title, title_case


_NOT_TITLE = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
              "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


def quoted_titles(f: Finder) -> None:
    for at, line in f.line_texts():
        for start, end in _quote_pairs(f.source.text[at:at + len(line)]):
            inner = line[start + 1:end - 1]
            before = line[:start]
            if not looks_like_title(inner) or re.search(r"(?:\bas|\bcalls?|\bcalled|known as|nicknamed|dubbed)\s*$", before):
                continue
            if re.search(r"[A-Z][\w'’-]+ $", before) and re.match(r" [A-Z]", line[end:]):
                continue  # a nickname inside a name
            name = strip_title(inner)
            if name in _NOT_TITLE:
                continue
            f.add(Mention(at + start, at + end, name, "work", work_type(f, line, start, end), "title"))


def listing_heads(f: Finder) -> None:
    """The head line of an entry in a listing of shows: "Title, Venue" alone on a line, the venue ending in a
    word of ``venue_words`` ("The Lantern Keeper, Quayside Playhouse", "Pell Street, Corner House Theatre"): the title is
    a work, the venue an organisation."""
    venues = "|".join(re.escape(w) for w in sorted(f.table.words("venue_words"), key=len, reverse=True))
    if not venues:
        return
    head = re.compile(rf"^(?P<t>[\"“]?[A-Z0-9][^,:;\"“”]{{0,60}}?[\"”]?), (?P<v>(?:[A-Z][\w'’.&-]* (?:of )?){{0,4}}(?:{venues}))$")
    for at, line in f.line_texts():
        m = head.match(line)
        if m and looks_like_title(m.group("t").strip("\"“”")):
            name = strip_title(m.group("t").strip("\"“”"))
            start = at + line.index(name)
            f.add(Mention(start, start + len(name), name, "work", None, "listing-head"))
            f.add(Mention(at + m.start("v"), at + m.end("v"), m.group("v"), "org", "Organization", "listing-head"))


def work_type(f: Finder, line: str, start: int, end: int) -> str | None:
    """The class a noun just before or after a title gives it ("her album", ', the closing track')."""
    before = re.search(rf"\b({f.noun_re})(?:['’]s)?,? *$", line[:start], re.IGNORECASE)
    if before:
        return f.work_nouns[key_in(before.group(1), f.work_nouns)]
    after = re.match(rf"[,)]?\s*(?:the|a|an|his|her|their|its|{NAME}['’]s)\s+(?:[\w-]+\s+){{0,3}}?({f.noun_re})\b",
                     line[end:], re.IGNORECASE)
    if after:
        return f.work_nouns[key_in(after.group(1), f.work_nouns)]
    return None


def italic_titles(f: Finder) -> None:
    for start, end in f.source.italics:
        name = f.text[start:end]
        if looks_like_title(name):
            line = f.line_of(start)
            kind = work_type(f, f.text[line[0]:line[1]], start - line[0], end - line[0])
            f.add(Mention(start, end, strip_title(name), "work", kind, "italic"))


def headline_title(f: Finder) -> None:
    """The work the headline names: the title part of a headline form ("Review: Title", "Artist: Title"),
    else a short verbless headline as a whole; and the event of "Festival 2020 – Title"."""
    found = f.source.headline
    if found is None:
        return
    for s, e in found.events:
        f.add(Mention(s, e, f.text[s:e], "event", "Event", "headline"))
    if found.work is not None:
        start, end = found.work
        line = f.text[start:end]
    elif found.agents or found.events:
        return
    else:
        start, end = found.start, found.end
        line = f.text[start:end]
        if not (1 <= len(line.split()) <= 7 and not re.search(r"[\"“”:?!]", line) and f.verbless(start)):
            return
        if not line.isupper() and line.casefold() not in f.text[end:].casefold():
            return  # a title recurs in the body; a headline that describes ("August Film Preview") does not
    if looks_like_title(line) or line.isupper():
        name = title_case(line) if line.isupper() else strip_title(line)
        f.add(Mention(start, start + len(name), name, "work", None, "headline"))


def collections(f: Finder) -> None:
    nouns = "|".join(f.table.words("collection_nouns"))
    for at, line in f.line_texts():
        for m in re.finditer(r"\b([A-Z][\w'’-]+ [A-Z][\w'’-]+) (films|movies|songs|records)\b", line):
            person = Mention(at + m.start(1), at + m.end(1), m.group(1), "person", "Person", "collection")
            if not any(f.taken[person.start:person.end]) and f.add(person):  # overlaps no mention
                f.add(Mention(at + m.start(2), at + m.end(2), m.group(), "work", "WorkCollection", "collection"))
        for m in re.finditer(rf"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*) ({nouns})\b", line):
            if m.group(1).lower() in f.unnamed or re.search(r"['’]s?$", m.group(1)):
                continue  # "The series stars ...", "Ana Ruiz's series": a description, not a collection's name
            if m.start() > 0 and m.group(2) not in ("films", "movies"):
                f.add(Mention(at + m.start(), at + m.end(), m.group(), "work", "WorkCollection", "collection"))


def year_titles(f: Finder) -> None:
    """Titles written without quotes but followed by their year in brackets: "Harbour of Glass (1965)",
    "Ana Ruiz's Still Life (2012)" (a possessor of two words or more is the maker, not the title), "the
    French-language Title (1995)" (a leading compound adjective is not the title). A run after "a", "an", "the"
    or "of" is the end of a longer title with lower-case words and is left alone."""
    for at, line in f.line_texts():
        for m in re.finditer(rf"(?<![\w'’-])({TITLE_WORDS}) \((?:19|20)\d\d\)", line):
            start, name = m.start(1), m.group(1)
            if re.search(r"\b(?:a|an|the|of|is|are)\s+$", line[:start]):
                continue
            owner = re.match(r"^(?:[A-Z][\w.-]* ){1,3}?[A-Z][\w.-]*['’]s ", name)
            if owner and len(owner.group().split()) >= 2:
                start, name = start + owner.end(), name[owner.end():]
            lead = re.match(r"^(?:[A-Z][\w]*-[a-z][\w-]* |(?:In|At|On|From|For|With|By|And|But|As|After|Before|Since|Like) )+", name)
            if lead:
                start, name = start + lead.end(), name[lead.end():]
            if name and _title_ok(f, name):
                f.add(Mention(at + start, at + start + len(name), name, "work", work_type(f, line, start, start + len(name)),
                              "year-title"))


def unquoted_titles(f: Finder) -> None:
    genres = "|".join(re.escape(g) for g in sorted(f.table.words("genres"), key=len, reverse=True))
    nouns = "|".join(re.escape(g) for g in sorted(f.table.words("title_nouns"), key=len, reverse=True)) or "(?!)"
    for at, line in f.line_texts():
        for m in re.finditer(rf"\b(?:{genres}|{f.noun_re}|{nouns}),? ({TITLE_WORDS})", line):
            if m.group()[0].islower():
                unquoted(f, line, at, m.start(1), m.end(1))
        # "a reboot of Title", "the sequel to Title", "1959's Title"
        for m in re.finditer(rf"\b(?:(?:reboot|remake|adaptation|sequel|prequel|spinoff|spin-off|production|revival|staging) (?:of|to)|(?:19|20)\d\d['’]s) ({TITLE_WORDS})", line):
            if not re.search(r"['’]s\b", line[m.start(1):m.end(1) + 2]):  # "a remake of Ana Ruiz's 1980 hit": a maker
                unquoted(f, line, at, m.start(1), m.end(1))
        # a list of titles after a cue that says they are works: "appeared in Iron Sky, Paper Moons, and Salt Road"
        cues = "|".join(re.escape(c) for c in sorted(f.table.words("title_list_cues"), key=len, reverse=True))
        if cues:
            item = r"[A-Z0-9][\w'’!?.-]*(?:(?: (?:of|the|in|a|an|on|to|for|at|with|&|vs\.?|from|by|and))*(?: [A-Z0-9][\w'’!?-]*))*(?: (?:series|franchise|films|movies|trilogy))?"
            for m in re.finditer(rf"\b(?:{cues}) ((?:{item})(?:(?: ?,|,? and|,? &) (?:the (?:[a-z]+ )?)?(?:{item}))*)", line):
                for s, e in split_list(m.group(1), _TITLE_SEP):  # "Law & Order": "&" joins a title's words
                    piece = m.group(1)[s:e]
                    lead = re.match(r"^the (?:[a-z]+ )?", piece)
                    if lead:
                        s, piece = s + lead.end(), piece[lead.end():]
                    piece = re.sub(r" (?:series|franchise|films|movies|trilogy)$", "", piece.rstrip("."))  # "the Acme series"
                    if piece and piece[0].isupper() or piece[:1].isdigit():
                        unquoted(f, line, at, m.start(1) + s, m.start(1) + s + len(piece))
        # a definitional lead: "Glass Harbour is the third studio album by ...", "Salt Lines is the debut ..."
        for m in re.finditer(rf"(?:^|(?<=[.!?] ))({TITLE_WORDS})(?: \([^)]*\))? (?:is|was) (?:an?|the) "
                             rf"(?:[\w'’-]+ ){{0,6}}?({f.noun_re}|series|sitcom|opera)s?\b", line):
            if m.group(1).split()[0] not in ("The", "It", "This", "That", "He", "She", "They", "There") or len(m.group(1).split()) > 1:
                noun = f.work_nouns.get(key_in(m.group(2), f.work_nouns))
                if unquoted(f, line, at, m.start(1), m.end(1)) and noun:
                    f.mentions[-1].type = noun
        # a list of "Maker's Title" ("Ana Ruiz's The Orchestra, Ben Ode's Life Cycles and ..."): each a title
        owners = list(re.finditer(r"\b[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}['’]s ", line))
        run: list[tuple[int, int]] = []
        for k, owner in enumerate(owners):
            nxt = owners[k + 1].start() if k + 1 < len(owners) else None
            between = re.fullmatch(rf"({TITLE_WORDS})(?:,? and |, |,? & )", line[owner.end():nxt]) if nxt else None
            last = re.match(TITLE_WORDS, line[owner.end():]) if run and not between else None
            if between or last:
                item = between or last
                run.append((owner.end(), owner.end() + item.end(1 if between else 0)))
            if not between:
                if len(run) >= 2:
                    for start, end in run:
                        unquoted(f, line, at, start, end, sure=True)
                run = []
        for m in re.finditer(rf"\b({NAME})['’]s (?P<year>(?:19|20)\d\d )?((?:[a-z][\w-]* ){{0,2}})({TITLE_WORDS})", line):
            owner = m.group(1).split()[-1].rstrip(".")
            # "Ana Ruiz's Mirror Lake": the owner is someone the article names again; "Schindler's List",
            # "Mrs Warren's Profession" are one title, whose first word names no one else here; "Ana Ruiz's 1952
            # Title": a year between says the owner made it
            if re.match(r" (?:award|prize|winner|nominee|premiere|debut|entry|selection|darling|favou?rite)s?\b", line[m.end(4):]):
                continue  # "Ana Ruiz's Sundance award winner": a festival that qualifies the work, not its title
            if not m.group(3) and (f.words[owner] >= 2 or m.group("year") and len(m.group(1).split()) >= 2):
                unquoted(f, line, at, m.start(4), m.end(4))


def unquoted(f: Finder, line: str, at: int, start: int, end: int, *, sure: bool = False) -> bool:
    """Add a title found without quotation marks, cut before any name already found inside it and after a
    leading compound adjective ("the Sundance-premiering Title")."""
    lead = re.match(r"(?:[A-Z][\w]*-[a-z][\w-]* )+", line[start:end])
    if lead:
        start += lead.end()
    k = bisect_left(f.starts, at + start)  # the first name that starts inside it
    if k < len(f.starts) and f.starts[k] < at + end:
        end = f.starts[k] - at
    name = re.sub(r" (?:in|on|since|until|from|by) (?:early |late )?(?:January|February|March|April|May|June|July|August|"
                  r"September|October|November|December|(?:19|20)\d\d)\b.*$", "", line[start:end].rstrip())  # "X in May 2014"
    name = re.sub(r"(?: (?:of|the|and|in|a|an|on|to|for|at|with))+$", "", name)
    two = re.search(r" (?:and|&) (?=The )", name)  # "Title One and The Title Two": two titles
    if two and name[:two.start()] and _title_ok(f, name[:two.start()]):
        added = unquoted(f, line, at, start, start + two.start())
        return unquoted(f, line, at, start + two.end(), start + len(name)) or added
    if name and _title_ok(f, name, sure=sure):
        kind = work_type(f, line, start, start + len(name))
        return f.add(Mention(at + start, at + start + len(name), name, "work", kind, "unquoted"))
    return False


def _title_ok(f: Finder, name: str, *, sure: bool = False) -> bool:
    """Whether an unquoted run may be a title; ``sure``: its place says it is one (a company word may end it)."""
    words = name.split()
    return (name not in _NOT_TITLE and (sure or not any(w.strip(",.") in f.org_suffixes for w in words)) and len(words) <= 6
            and not name[0].isdigit()
            and words[0] not in ("I", "He", "She", "It", "We", "They", "This")
            and not (len(words) == 1 and words[0].lower() in ("the", "a", "an")))  # "comedy The plays": no title


def _quote_pairs(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quoted stretch, quotation marks included: curly quotes pair open with close,
    straight double quotes pair in order, single quotes only around a short run with no apostrophe inside."""
    pairs = [(m.start(), m.end()) for m in re.finditer(r"“[^“”\n]{1,200}?”", line)]
    inside = [(s, e) for s, e in pairs]
    straight = [m.start() for m in re.finditer(r'"', line) if not any(s < m.start() < e for s, e in inside)]
    pairs += [(straight[i], straight[i + 1] + 1) for i in range(0, len(straight) - 1, 2)]
    pairs += [(m.start(), m.end()) for m in re.finditer(r"(?<![\w])['‘][A-Z][^'‘’\n]{0,60}?['’](?![\w])", line)]
    return sorted(pairs)


#: What ends one title of a list: commas and "and", not "&" ("Law & Order and Ed" is two titles).
_TITLE_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


#: a catalogue entry: "Title. A one-act play by Ana Ruiz, based on ..." (the title, a full stop, what it is)
_ENTRY = re.compile(r"^(?P<t>[\"“]?[A-Z0-9][^.!?\"”]{0,80}?[\"”]?)\. (?:An?|The) (?:[\w-]+ ){0,3}?"
                    r"(?:play|opera|musical|film|novel|adaptation|reading|production|ballet|opera|documentary|album|"
                    r"song cycle|collection|memoir)\b")


def entry_titles(f: Finder) -> None:
    """The titles of a catalogue's entries, one a line ("Title. A one-act play by X, based on Y. ... Directed
    by Z."): each a work that heads its entry, as a sub-headline does (the section topic of the sentences
    after it); and a title alone on a line (its bullet is not part of the line) right over a line that opens
    with one of ``entry_credit_openers`` ("• Salt Lines" / "Directed by Ana Ruiz (Chile)"), the head of a list
    entry. Raises nothing."""
    openers = "|".join(re.escape(str(w)) for w in f.table.words("entry_credit_openers"))
    opener = re.compile(rf"^\s*(?i:{openers})\s") if openers else None
    lines = list(f.line_texts())
    for (at, line), (under, below) in zip(lines, lines[1:]) if opener else ():
        end = f.text.find("\n", under)
        raw = f.text[f.text.rfind("\n", 0, at) + 1:end if end >= 0 else len(f.text)]
        if raw.count("\n") != 1 or "|" in raw:
            continue  # the entry's lines stand together, with no blank line between, and not in a table
        head = line.strip()
        if not opener.match(below) or not head or len(head.split()) > 12 or re.search(r"[.!?:]\W*$", head) \
                or opener.match(head) or re.match(r"(?i)by\s", head):
            continue
        title = strip_title(head.strip("\"“”"))
        if title[:1].isupper() or title[:1].isdigit():  # the credit line below says it is a title ("Aya de Yopougon")
            start = at + line.index(title)
            f.add(Mention(start, start + len(title), title, "work", None, "listing-head"))
    for at, line in f.line_texts():
        m = _ENTRY.match(line)
        if m is None or len(m.group("t").split()) > 12:
            continue
        title = strip_title(m.group("t").strip("\"“”"))
        if looks_like_title(title):
            start = at + m.start("t") + m.group("t").find(title)
            f.add(Mention(start, start + len(title), title, "work", None, "headline"))

