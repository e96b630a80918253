"""Mentions without a name of their own: events known by what they are ("a private screening of ...",
"a 40-minute panel", "the filming") and words that point back to a thing named elsewhere (descriptions
such as "the film", "her album", "that prize"; possessives such as "Ford's 1956 classic"; pronouns; "I").
:mod:`kg.extract.refs` decides what each points to.

:func:`find_mentions` is the whole mention stage: the names of :mod:`kg.extract.mentions`, then these.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.mentions import NAME, Finder, _key, find_names
from kg.extract.names import Mention
from kg.extract.rules import RuleTable
from kg.extract.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def unnamed_events(f: Finder) -> None:
    nouns = f.table.mapping("event_nouns")
    noun_re = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    for at, line in f.line_texts():
        for m in re.finditer(rf"\b(?:an?|the|this|that)\s+((?:(?!the\b|a\b)[\w-]+\s+){{0,2}}?(?:of\s+)?)({noun_re})\b(?!['’])",
                             line, re.IGNORECASE):
            mods = m.group(1)
            if mods and re.search(r"\b(?:for|with|in|on|at|to|and)\s+$", mods):
                continue
            if mods.rstrip().endswith(" of") and nouns[_key(m.group(2), nouns)] != "Recording":
                continue
            noun = _key(m.group(2), nouns)
            name = (mods + m.group(2)).strip()
            f.add(Mention(at + m.start(), at + m.end(), name, "event", nouns[noun], "event-noun"))


def descriptions(f: Finder) -> None:
    refs = f.table.mapping("descriptions")
    noun_re = "|".join(re.escape(n) for n in sorted(refs, key=len, reverse=True))
    for at, line in f.line_texts():
        pattern = (rf"\b(?:the|this|that|her|his|their|its)\s+(?:(?:new|first|second|third|closing|opening|"
                   rf"debut|forthcoming|latest|previous|actual|whole)\s+)?({noun_re})\b(?!\s+(?:for|of)\b)")
        for m in re.finditer(pattern, line, re.IGNORECASE):
            after = line[m.end():m.end() + 3]
            if re.match(r",? ?[\"“A-Z]", after):
                continue  # the noun of a title that follows ("the short film "Static Bloom"")
            if re.search(r"[\"”],? *$", line[:m.start()]):
                continue  # an apposition to the title just before ('"Paper Lanterns," the second single')
            noun = _key(m.group(1), refs)
            type_ = f.work_nouns.get(noun) if refs[noun] == "work" else None
            f.add(Mention(at + m.start(), at + m.end(), m.group(), refs[noun], type_, "description", ref=True))
        genres = "|".join(re.escape(g) for g in sorted(f.table.words("genres"), key=len, reverse=True))
        for m in re.finditer(rf"\b{NAME}['’]s (?:\d{{4}} )?(?:[a-z][\w-]* ){{0,2}}?({genres}|{f.noun_re})\b(?!,? *[\"“A-Z(])", line):
            noun = m.group(1)
            type_ = f.work_nouns.get(_key(noun, f.work_nouns))
            f.add(Mention(at + m.start(1), at + m.end(1), noun, "work", type_, "possessive", ref=True))
        for m in re.finditer(r"\b(?:the |a |an )?(?:(?:new|latest|official|accompanying) )*(?:music )?video for ", line, re.IGNORECASE):
            f.add(Mention(at + m.start(), at + m.end() - 5, "video", "work", "MusicVideo", "video-for"))
        for m in re.finditer(r"\b(?:(?:accompanied by|arrives with|arrived with|comes with|came with|paired with|along with|"
                             r"alongside|together with) (?:an? |the |its |a new )?(?:(?:new|official|accompanying|striking|"
                             r"stunning) )*|(?:the|its|an) accompanying )(?:music )?video\b(?! for)", line, re.IGNORECASE):
            start = at + m.end() - len("video")
            f.add(Mention(start, at + m.end(), "video", "work", "MusicVideo", "video-with"))
        for m in re.finditer(r"\b(?:he|she|him|her|his|hers|it)\b|(?:^|(?<=[.!?] )|(?<=[.!?]\" ))Its?\b|(?<![\w'’])I(?=['’](?:ve|m|d|ll)\b|[^\w'’]|$)", line):
            word = m.group()
            kind = "work" if word.lower() in ("it", "its") else "person"
            source = "speaker" if word == "I" else "pronoun"
            f.add(Mention(at + m.start(), at + m.end(), word, kind, None, source, ref=True))
        for m in re.finditer(r"\b(?:He|She|His|Her|Him)\b", line):
            f.add(Mention(at + m.start(), at + m.end(), m.group(), "person", None, "pronoun", ref=True))


def find_mentions(source: Source, docs: list[tuple[int, "Doc"]], table: RuleTable) -> tuple[list[Mention], list[tuple[int, str]]]:
    """Every mention in ``source`` (sorted by position) and the nicknames it gives ``(position, nickname)``."""
    finder = find_names(source, docs, table)
    unnamed_events(finder)
    descriptions(finder)
    return sorted(finder.mentions, key=lambda m: m.start), finder.nicknames
