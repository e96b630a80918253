"""Acts named in lists after a cue that says they are acts ("worked with the likes of A, B and C", "bands such
as A and B", "Some of its artists are A, B, C etc.", "signed A, B and C"): each item is a band (an
organisation) or a solo artist (a person). The cues are data (``act_list_cues`` in ``kg/extract/rules.yaml``).

An item is a band when "the" stands before it or its words hold "and", "&" or "of"; a solo artist when spaCy
reads the item alone as a person, or when it is two or three capitalised words; one word that spaCy calls no
person is a band ("Radiohead"). A first name of someone named in full elsewhere ("working with Ana and Bea")
is left to the resolution of name parts. Each is claimed with its class, so the typing step does not weigh
it again.
"""

from __future__ import annotations

import re

from kg.extract.finder import Finder
from kg.extract.names import Mention, split_list

_WORD = r"[A-Z0-9][\w'’&.!-]*"
#: One act: capitalised words, "the" before them, small joining words inside ("Jimmy Ford and the Executives"
#: is cut at "and" by the list; "Chubby of the Gang" is kept).
_ITEM = rf"(?:[Tt]he )?{_WORD}(?: (?:of|of the|&|on) {_WORD}| {_WORD}){{0,3}}"
_SEP = re.compile(r"\s*(?:,\s*(?:and|&)\s+|,\s*|\s+(?:and|&)\s+)")
#: Words that end a list without naming an act ("and many more", "among others", "etc").
_END = re.compile(r"^(?:and )?(?:many )?(?:more|others)$|^etc\.?$|^among others$")


def act_lists(f: Finder) -> None:
    """Add every item of a list of acts after one of the ``act_list_cues`` (words between the cue and the list
    may be "the" and one or two adjectives: "the likes of the famous A"). Raises nothing."""
    cues = "|".join(re.escape(str(c)) for c in sorted(f.table.words("act_list_cues"), key=len, reverse=True))
    if not cues:
        return
    pattern = re.compile(rf"\b(?i:{cues})\s+(?:the (?:[a-z]+ ){{1,2}})?(?P<list>{_ITEM}(?:{_SEP.pattern}{_ITEM})*)")
    people = {ent.text for _, doc in f.docs for ent in doc.ents if ent.label_ == "PERSON"}
    parts = {w for name in people | {m.name for m in f.mentions if m.kind == "person"} if " " in name
             for w in name.split()}
    for at, line in f.line_texts():
        for m in pattern.finditer(line):
            listed = re.split(r"\.\s", m.group("list"))[0]  # a sentence ends the list ("... the Pretenders. He")
            items = split_list(listed, _SEP)
            if len(items) < 2 and not re.search(r"\b(?:likes|such|like|including|are)\s", m.group()):
                continue  # one name after a verb ("signed Ana Ruiz"): left to the other recognisers
            for s, e in items:
                name = listed[s:e].rstrip(".")
                if len(name) < 2 or _END.match(name):
                    continue
                lead = re.match(r"^[Tt]he ", name)
                start = at + m.start("list") + s
                if " " not in name and (name in parts or re.search(rf"\b{re.escape(name)} [A-Z][a-z]", f.text)):
                    continue  # "working with Damon and Tara": first names of people named in full elsewhere
                kind = _kind(name, people, bool(lead))
                f.add(Mention(start, start + len(name), name, kind, "Organization" if kind == "org" else "Person", "act"))


def _kind(name: str, people: set[str], the: bool) -> str:
    """A band (org) or a solo artist (person), by the item's form and spaCy's reading of it."""
    words = name.split()
    if the or any(w in ("of", "&", "and", "on") for w in words[1:]):
        return "org"
    if name in people:
        return "person"
    if len(words) == 1:
        return "org"

    return "person" if len(words) <= 3 and all(w[:1].isupper() for w in words) else "org"
