"""Organisations known by the form of their name or the place they stand in, each a recogniser of the
:class:`kg.extract.finder.Finder`: institutions "Head of Field" ("Royal Academy of Stage Arts") and
publications cited as sources ("according to the Daily Ledger", "outlets such as A, B and C").
"""

from __future__ import annotations

import re

from kg.extract.finder import Finder
from kg.extract.names import Mention, split_list

#: items of "A, B and C" cut at commas and "and" only ("Salt & Cinder" is one)
_COMMA_OR_AND = re.compile(r",? and |, ")


def publications(f: Finder) -> None:
    """Publications named where a source is cited: "according to TMZ", "via The Daily Ledger", "speaking with
    the Harbour Times", and every item of "outlets such as A, B and C". After a cue (``publication_cues``) only
    a name led by "the" or one in capitals counts (a person may be told things too); after a list cue
    (``publication_list_cues``) every capitalised item is a publication."""
    cues = "|".join(re.escape(c) for c in sorted(f.table.words("publication_cues"), key=len, reverse=True))
    lists = "|".join(re.escape(c) for c in sorted(f.table.words("publication_list_cues"), key=len, reverse=True))
    word = r"[A-Z][\w'’&.-]*"
    for at, line in f.line_texts():
        if cues:
            for m in re.finditer(rf"\b(?i:{cues})\s+((?:[Tt]he )({word}(?: {word}){{0,3}})|[A-Z]{{2,6}}\b)", line):
                name = m.group(2) or m.group(1)
                start = at + (m.start(2) if m.group(2) else m.start(1))
                if re.search(r"['’]s\b", name):
                    continue  # "via the city's Harbour Theatre": a possessive, not the name
                name = name.rstrip(".")
                f.add(Mention(start, start + len(name), name, "org", "Organization", "publication"))
        if lists:
            item = rf"(?:the )?{word}(?: (?:&|to|of|and) {word}| {word}){{0,3}}"
            for m in re.finditer(rf"\b(?i:{lists})\s+({item}(?:, {item})*(?:,? and {item})?)", line):
                for s, e in split_list(m.group(1), _COMMA_OR_AND):
                    name = re.sub(r"^the ", "", m.group(1)[s:e])
                    start = at + m.start(1) + e - len(name)
                    if name[:1].isupper():
                        f.add(Mention(start, start + len(name), name, "org", "Organization", "publication"))


def institutions(f: Finder) -> None:
    """Names of institutions written "Head of Field" ("Royal Academy of Stage Arts", "Museum of Harbour Art",
    "Central School of Mime and Song"): one organisation, where NER would cut it at "of". The heads are
    ``institution_words`` of the lexicon; the field is capitalised words, one more after "and"."""
    heads = "|".join(re.escape(w) for w in sorted(f.table.words("institution_words"), key=len, reverse=True))
    if not heads:
        return
    pattern = re.compile(rf"(?<![\w'’])((?:[A-Z][\w.&-]* ){{0,3}})((?:{heads}) of (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*){{0,3}}?"
                         rf"(?: (?:and|&) [A-Z][\w-]*)?)(?![\w'’-]| [A-Z])")
    for at, line in f.line_texts():
        for m in pattern.finditer(line):
            lead = m.group(1).split()
            while lead and lead[0] in _NOT_LEAD:
                lead = lead[1:]
            name = " ".join([*lead, m.group(2)])
            start = at + m.end() - len(name)
            f.add(Mention(start, at + m.end(), name, "org", "Organization", "institution"))


_NOT_LEAD = {"The", "A", "An", "At", "In", "On", "From", "For", "With", "By", "And", "Of", "To", "His", "Her", "Their",
             "Its", "Our", "This", "That", "As", "After", "Before", "During", "When", "While", "Into", "Through"}


def known_organisations(f: Finder) -> None:
    """Organisations of the trade known by name (``known_organisations``: networks, streamers, studios,
    distributors, record labels, publishers, trade papers and wires), wherever the text writes one on its own:
    the small NER model takes some for places or people ("your Netflix queue"). A name inside a longer
    capitalised name ("Netflix Originals Studio", "Ana Fox") or quoted title is left to the other recognisers.
    Raises nothing."""
    names = sorted((str(n) for n in f.table.words("known_organisations")), key=len, reverse=True)
    if not names:
        return
    known = re.compile(r"(?<![\w'’&+/-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w'’&+-])(?! [A-Z])")
    for at, line in f.line_texts():
        for m in known.finditer(line):
            if re.search(r"\b[A-Z][\w'’.-]* $", line[:m.start()]) and not re.search(
                    r"(?:^|[.!?:;] )(?:The|A|An|On|At|Via|From|With|By|For|In) $", line[:m.start()]):
                continue  # part of a longer name ("Ana Fox"), not the organisation alone
            f.add(Mention(at + m.start(), at + m.end(), m.group(), "org", "Organization", "known"))
