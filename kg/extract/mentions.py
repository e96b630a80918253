"""Find the names in an article: people, organisations, works, events, award categories.

Recognisers run in order of trust; a later one never takes a stretch of text an earlier one took:
nicknamed names ('Jerome "J-Fresh" Whitaker'), titles in quotation marks or italics (:mod:`kg.extract.titles`),
credit and infobox lines ("Director: A, B, C", "Produced by A and B", "Photo Credit: A / B & C", "Actor as
Character"), ALL-CAPS credits ("A TIDEMARK FILMS PRODUCTION"), the forms of whole lines
(:mod:`kg.extract.lineforms`), award categories ("Best Picture"), named events ("the Tidewater Film Festival"),
collections ("Quentin Tarantino films", "the Meridian trilogy"), titles without quotes ("cult classic Belly",
"Andrei Tarkovsky's Mirror"), then spaCy's named entities and runs of proper nouns. Mentions without a name of
their own (events known by what they are, descriptions and pronouns that point back) come next, in
:mod:`kg.extract.pointers`. Each recogniser is a function of the article's :class:`kg.extract.finder.Finder`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract import acts, credits, institutions, lineforms, titles
from kg.extract.finder import NAME, Finder
from kg.extract.finder import key_in as _key  # noqa: F401  (kg.extract.pointers takes it from here)
from kg.extract.names import SMALL, Mention, is_lower_line, split_list, title_case
from kg.extract.rules import RuleTable
from kg.extract.source import Source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def publisher(f: Finder) -> None:
    """The publisher the article's metadata names, where the text shows it ("Okayplayer News")."""
    name = str(f.source.meta.get("publisher") or "").strip()
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", f.text) if name else None
    if found:
        f.add(Mention(found.start(), found.end(), name, "org", "Organization", "meta"))


def nicknamed(f: Finder) -> None:
    for at, line in f.line_texts():
        for m in re.finditer(r"\b([A-Z][\w'’-]+) [\"“]([^\"”]{1,24})[\"”] ([A-Z][\w'’-]+)", line):
            if m.group(1).isupper() or m.group(3).isupper():
                continue  # an ALL-CAPS headline with a quoted title, not a nickname inside a name
            if f.add(Mention(at + m.start(), at + m.end(), f"{m.group(1)} {m.group(3)}", "person", "Person",
                                "nickname")):
                f.nicknames.append((at + m.start(), m.group(2)))
        cues = (r"known (?:to [\w ]{1,30} )?as [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)",
                r"who (?:records|performs|raps|sings|goes|works) (?:as|by|under the name) [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)",
                r"(?:whom|who) [A-Z]?\w+ calls? [\"“]([^\"”]{1,30}?)[,.]?[\"”]",
                r"(?:nicknamed|dubbed|a\.k\.a\.|aka) [\"“]?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*)")
        for cue in cues:
            for m in re.finditer(cue, line):
                f.nicknames.append((at + m.start(1), m.group(1).strip().rstrip(".,;:")))


def characters(f: Finder) -> None:
    """Names of characters ("stars as Wyatt Cole", "June (Lena Farrow)"): claimed so that they make no entity.
    A place in the brackets ("Acme Studio (Los Angeles)") is where the name is, not its actor."""
    places = f.places()
    for at, line in f.line_texts():
        for m in re.finditer(rf"\b(?:stars|starring|plays|played|playing|appears|cast) as ({NAME})", line):
            f.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))
        for m in re.finditer(rf"\b(?:plays|played|playing|portrays|portrayed|voices|voiced) ({NAME})(?=,| \(| in\b|$)", line):
            f.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))
        for m in re.finditer(rf"^({NAME}) as ({NAME})$", line):
            f.add(Mention(at + m.start(2), at + m.end(2), m.group(2), "character", None, "character"))
        for m in re.finditer(rf"\b({NAME}) \(({NAME})\)", line):
            if len(m.group(2).split()) >= 2 and m.group(1).split()[-1] not in _NOT_CHARACTER and m.group(2) not in places:
                f.add(Mention(at + m.start(1), at + m.end(1), m.group(1), "character", None, "character"))


def awards_and_events(f: Finder) -> None:
    suffixes = "|".join(re.escape(s) for s in f.table.words("event_suffixes"))
    prize = re.compile(r"\b(?:[A-Z][\w'-]* ){1,4}(?:Prize|Award|Medal|Trophy)\b(?!s)(?: for (?:the )?(?!Best\b)[A-Z][\w'-]*"
                       r"(?: (?:of the|of|on|in|for) [A-Z][\w'-]*| [A-Z][\w'-]*)*)?")
    for at, line in f.line_texts():
        people = f.person_starts(at)
        # a prize with its category, or a prize named with words before "Award" ("Acme Award for Record of the
        # Year", "Acme Best Film Award"): before the categories alone ("Best Film") take its words
        for m in prize.finditer(line):
            if not m.group().startswith(("The ", "A ", "Best ")):
                f.add(Mention(at + m.start(), at + m.end(), m.group(), "award", "AwardCategory", "award"))
        # "Best Actor in a Musical", "Best Performance by an Actress in a Leading Role"; a name that follows
        # the category on a line of nominations ("Best Director Ana Ruiz") is cut off where NER sees a person
        for m in re.finditer(r"\b(?:Best|Outstanding|Favou?rite)(?: [A-Z][\w'-]*)+(?: (?:in|of|by) (?:a|an|the) [A-Z][\w'-]*(?: [A-Z][\w'-]*)*)*", line):
            end = next((p - at for p in people if at + m.start() + 5 < p < at + m.end()), m.end())
            name = line[m.start():end].rstrip()
            f.add(Mention(at + m.start(), at + m.start() + len(name), name, "award", "AwardCategory", "award"))
        # award categories written in lower case, where the form says so: "the best actress award",
        # "award for best actress", and the items of a list of winners ("; best direction - X for "Y"")
        for pattern in (r"(?:^|[;:.]\s*|\bare:\s*|\band\s+)((?i:best) [a-z][\w()'-]*(?: [a-zA-Z(][\w()'-]*){0,6}?)\s*[-–]\s*(?=[\"“A-Z])",
                        r"\b(?:the|a|his|her|their) ((?i:best) [a-z][\w'-]*(?: [a-z][\w'-]*){0,3}) award\b",
                        r"\baward for ((?i:best) [a-z][\w'-]*(?: [a-z][\w'-]*){0,2}?)(?= for\b| in\b|[,.;]| at\b|$)"):
            for m in re.finditer(pattern, line):
                name = title_case(m.group(1)) if m.group(1)[0].islower() else m.group(1)  # one spelling per category
                f.add(Mention(at + m.start(1), at + m.end(1), name, "award", "AwardCategory", "award"))
        for m in re.finditer(r"\b(?:[A-Z][\w'-]* ){1,4}(?:Prize|Award|Medal|Trophy)\b|\b(?:Golden|Silver|Bronze|Crystal) [A-Z][\w'-]*", line):
            if re.search(r"[\w,;:] (?:A|An|The) $", line[:m.start()]) or (
                    re.search(r"(?:^|[.!?] )The $", line[:m.start()]) and re.match(r" (?:is|was) (?:an?|the) ", line[m.end():])):
                continue  # "awarding A Golden Life the prize", "The Golden Apple is a musical": a title's words
            if not m.group().startswith(("The ", "A ")):
                f.add(Mention(at + m.start(), at + m.end(), m.group(), "award", "AwardCategory", "award"))
        for m in re.finditer(rf"\b((?:\d+(?:st|nd|rd|th) )?(?:[A-Z][\w'&.-]* ){{0,5}}(?:{suffixes}))\b", line):
            if m.group(1).split()[0] not in ("The", "A") or len(m.group(1).split()) > 2:
                name = re.sub(r"^(?:The|A) ", "", m.group(1))
                start = at + m.end() - len(name)
                f.add(Mention(start, at + m.end(), name, "event", "Event", "event"))


def named_entities(f: Finder) -> None:
    kinds = {"PERSON": "person", "ORG": "org"}
    for at, doc in f.docs:
        line = f.text[at:at + len(doc.text)]
        if is_lower_line(line):
            continue
        for ent in doc.ents:
            kind = kinds.get(ent.label_)
            if kind is None or len(ent) == 1 and ent[0].tag_ in _NOT_NAME_TAGS:
                continue  # one word the tagger reads as an adjective, adverb or verb ("Sharp, quick writing")
            text, start = ent.text, ent.start_char
            lead = re.match(r"^(?:the|The)\s+", text)
            if lead:
                text, start = text[lead.end():], start + lead.end()
            text = re.sub(r"(?:\[\d{1,3}\])+$", "", text)  # footnote marks of a wiki page ("Ana Ruiz.[1][2]")
            text = re.sub(r"-(?:like|esque|style|inspired|influenced|nominee|nominated|winner|winning)$", "", text)  # "Ana Ruiz-like"
            owner = re.match(r"^(.+?)['’]s [A-Z]", text) if kind == "person" else None
            if owner:
                text = owner.group(1)  # "Ana Ruiz's Still Life": the person, not the work after her name
            record = re.match(r"^(?:EP|LP) (?=[A-Z])|^(.+) (?:EP|LP)$", text)
            if record:  # "EP Title", "Title LP": a record, not a person or a company
                name = record.group(1) or text[record.end():]
                at_name = start + (0 if record.group(1) else record.end())
                f.add(Mention(at + at_name, at + at_name + len(name), name, "work", "Album", "ner"))
                continue
            text = re.sub(r"['’]s?$", "", text).rstrip(" ,.")
            text = re.sub(r"\s*\([^)]*$", "", text)  # an opened bracket NER did not close ("Acme Images (AI")
            if kind == "org":
                text, start = _whole_company(f, line, text, start)
            job = re.match(rf"^(?:{f.occupations})\s+", text, re.IGNORECASE)
            if job:
                text, start, kind = text[job.end():], start + job.end(), "person"
            verb = re.search(rf" (?:{f.headline_verbs})\b", text) if f.headline_verbs and len(text.split()) >= 2 else None
            if verb:
                text = text[:verb.start()]  # "Acme Announces New Drama": a headline's clause, the name before it
            kind_noun = (re.search(rf" (?:{f.headline_kind_nouns})$", text)
                         if f.headline_kind_nouns and len(text.split()) >= 2 else None)
            if kind_noun and line[ent.end_char:ent.end_char + 1] in ("", " ", ";", ",", ":") and _title_cased(line):
                text = text[:kind_noun.start()]  # "Ana Ruiz Sitcom" in a headline: her sitcom, not a name
            if re.search(r"(?:^|\s)\d+\s+$", line[:start]) and re.search(r"[a-z](?:ed|ing)$", text) and _title_cased(line):
                continue  # "15 Theatre-Related Scripted Podcasts to ...": words describing works counted, not a name
            if _not_a_name(text, f, kind) or _PLACE_BEFORE.search(line[:start]):
                continue
            listed = bool(re.search(r",| and | & ", text))
            pieces = split_list(text) if listed else [(0, len(text))]
            if re.search(r"[a-z.]/[A-Z]", text) and text.split()[-1] not in f.org_suffixes:  # "Show One/Show Two"; not "Acme/Beta Records", one company
                pieces = [(s + a, s + b) for s, e in pieces for a, b in split_list(text[s:e], _SLASH)]
            for s, e in pieces:
                item = text[s:e]
                if not item or not item[0].isupper() or len(item.split()) > 4 or "\n" in item:
                    continue
                if listed and kind == "org" and item.split()[-1] not in f.org_suffixes:
                    kind = "person"  # NER often takes a list of people for an organisation
                f.add(Mention(at + start + s, at + start + e, item, kind, None, "ner"))


_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z][\w'’]*) $")


def _whole_company(f: Finder, line: str, text: str, start: int) -> tuple[str, int]:
    """A company's name with the capitalised word NER left off before it ("Fuel" of "Fuel VFX"), when the
    article writes the two together inside a sentence too ("Sydney-based Fuel VFX"), so the word is not
    only a sentence's first; else the name as it is. Raises nothing."""
    prev = _WORD_BEFORE.search(line[:start])
    if prev is None or prev.group(1).lower() in SMALL or prev.group(1).lower() in f.unnamed:
        return text, start
    word = prev.group(1)
    if re.search(rf"(?:\b[a-z][\w'’-]*[,;]?|\d|\)) {re.escape(word)} {re.escape(text)}\b", f.text):
        return f"{word} {text}", start - len(word) - 1
    return text, start


def proper_names(f: Finder) -> None:
    """Runs of proper nouns spaCy's NER missed, taken as people when a cue word stands before them
    ("by", "director", "co-writer", "lost to") or their last word names someone alone elsewhere; a run that
    with "A", "An" or "The" before it is a title already found ("awarding A Golden Life ...") is that title."""
    cues = "|".join(re.escape(w) for w in f.table.words("person_cues"))
    titles = {m.name for m in f.mentions if m.kind == "work" and re.match(r"(?:A|An|The) ", m.name)}
    for at, doc in f.docs:
        line = f.text[at:at + len(doc.text)]
        if is_lower_line(line):
            continue
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].text.isupper():
                j += 1
            if 3 <= j - i <= 4 and doc[i].text.rstrip(".") in _HONORIFICS:  # "Dame Ana Ruiz": a person, named without it
                start, end = doc[i + 1].idx, doc[j - 1].idx + len(doc[j - 1].text)
                f.add(Mention(at + start, at + end, line[start:end], "person", None, "propn"))
            elif j - i >= 2 and j - i <= 3:
                start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
                name = line[start:end]
                article = re.search(r"\b(?:A|An|The) $", line[:start])
                if article and line[article.start():end] in titles:  # "awarding A Golden Life": the title again
                    f.add(Mention(at + article.start(), at + end, line[article.start():end], "work", None, "unquoted"))
                    i = max(j, i + 1)
                    continue
                last = name.split()[-1]
                if _not_a_name(name, f, "person") or _PLACE_BEFORE.search(line[:start]):
                    i = max(j, i + 1)
                    continue
                cue = re.search(rf"\b(?:{cues})\s*,?\s*$", line[:start], re.IGNORECASE)
                alone = f.words[last] > 1  # the surname stands somewhere else too
                if last in f.org_suffixes and name.split()[0] not in f.org_suffixes and i > 0 and \
                        doc[i].tag_ not in ("JJ", "JJR", "JJS") and not doc[i - 1].is_sent_start and \
                        not (f.source.headline and f.source.headline.start <= at < f.source.headline.end):
                    f.add(Mention(at + start, at + end, name, "org", None, "propn"))  # "Fjordlight Films"
                elif (cue or alone) and last not in f.org_suffixes:
                    f.add(Mention(at + start, at + end, name, "person", None, "propn"))
            i = max(j, i + 1)


def _title_cased(line: str) -> bool:
    """Whether most words of ``line`` are capitalised (a headline's case, where a kind noun is capitalised too)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


#: Last words no company's name ends with ("Acme Preview" heads a page; "Acme Video" may be a company).
_NO_COMPANY_ENDS = {"preview", "trailer", "programming", "competition", "winners", "nominations", "nominees"}

#: Last words of a prize or an event: "Name (Words)" with one of them first is no "Character (Actor)".
_NOT_CHARACTER = {"Award", "Awards", "Prize", "Medal", "Trophy", "Festival", "Competition", "Section", "Programme"}

#: Words before a place's name ("the people of Kilcarra", "the town of ..."): what follows names no one.
_PLACE_BEFORE = re.compile(r"\b(?:people|town|city|village|residents|citizens|county|state|island|islands|region|"
                           r"province|streets|port|coast|shores|outskirts|suburbs) of (?:the )?$", re.IGNORECASE)

#: A slash between capitalised words ("Show One/Show Two"): two names.
_SLASH = re.compile(r"(?<=[a-z.])/(?=[A-Z])")

#: Titles of address before a name ("Dame", "Sir"): the person is named without them.
_HONORIFICS = {"Dame", "Sir", "Lord", "Lady", "Dr", "Prof", "Professor", "Baroness", "Baron", "Rev", "Reverend"}

#: Tags of a one-word entity that spaCy's tagger does not read as a noun.
_NOT_NAME_TAGS = {"JJ", "JJR", "JJS", "RB", "RBR", "RBS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "IN", "DT", "PRP", "PRP$"}


def _not_a_name(text: str, f: Finder, kind: str = "") -> bool:
    """Words spaCy took for a name that are not one: a word that no name holds ("During His", "But Her",
    "Ruiz's Generally": ``name_stop_words``), a breadcrumb's separator, a date ("Release Date May 3rd"), a
    lone word in capitals that is a credit or heading word ("DIRECTED", "NOMINATIONS"), or, for a person, a
    last word that is one ("Sound Designer", "Stage Preview")."""
    words = text.split()
    if any(w.strip(".,;:'’") in f.name_stop_words for w in words) or re.search(r"[»›|]", text):
        return True  # a stop word, or a page's breadcrumb ("Reviews » Stage")
    if re.search(r"\b(?:January|February|March|April|June|July|August|September|October|November|December) \d{1,2}(?:st|nd|rd|th)?\b", text):
        return True
    last = words[-1].lower() if len(words) > 1 else ""
    if kind == "person" and last in f.heading_words and words[-1] not in f.org_suffixes or kind == "org" and last in _NO_COMPANY_ENDS:
        return True
    return len(words) == 1 and text.isupper() and text.lower() in f.heading_words


def find_names(source: Source, docs: list[tuple[int, "Doc"]], table: RuleTable) -> Finder:
    """The names in ``source``, found by every recogniser in order of trust; the returned :class:`Finder`
    holds them (``mentions``, ``nicknames``) and takes the pointers of :mod:`kg.extract.pointers` next."""
    f = Finder(source, docs, table)
    for step in (lambda: publisher(f), lambda: nicknamed(f), *lineforms.early_steps(f), lambda: characters(f),
                 lambda: titles.quoted_titles(f), lambda: titles.italic_titles(f), lambda: institutions.known_organisations(f), lambda: credits.credit_lines(f), lambda: titles.listing_heads(f), lambda: credits.glued_names(f),
                 lambda: credits.caps_credits(f), *lineforms.steps(f), lambda: titles.entry_titles(f), lambda: titles.headline_title(f),
                 *lineforms.late_steps(f), lambda: awards_and_events(f), lambda: institutions.institutions(f), lambda: institutions.publications(f), lambda: acts.act_lists(f),
                 lambda: titles.year_titles(f),
                 lambda: titles.collections(f),
                 lambda: titles.unquoted_titles(f), lambda: named_entities(f), lambda: proper_names(f)):
        step()
    return f
