"""Role nouns over spaCy's dependency parse: who holds which role on which work, said with a noun.

A noun frame of the rule table (``noun_frames:``) names role nouns ("director", "composer", "co-founder")
and the relation they state. For each such noun in a sentence,

* the **holder** is the person the noun is said of: the name it stands before ("director Ana Ruiz"), the
  name it is in apposition to ("Ana Ruiz, the director of ..."; "the film's director, Ana Ruiz"), or the
  subject of "is" ("Ana Ruiz is the director of ...", with conjoined subjects);
* the **thing** is what the role is on: the "of" / "for" / "behind" / "on" / "at" phrase ("director of
  "Salt Lines""), a possessive ("the film's director"), or a title written just before the noun in the same
  phrase (""Salt Lines" director Ana Ruiz").

Conjoined role nouns share both ("Ana and Ben are creators, writers and producers of "Salt Lines""). With
no holder or no thing of the frame's kind, nothing is stated: the noun alone ("director Ana Ruiz" with no
work) is left to the occupation rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.frames import entities_of, lemma_of, mention_at, subjects
from kg.extract.masking import Candidate, Context, Masked
from kg.extract.rules import NounFrame

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

PREPS = ("of", "for", "behind", "on", "at")
#: nouns after "of" that make another role of the same word ("director of photography")
OTHER_ROLE = ("photography", "programming", "communications", "operations", "development", "marketing")


def _chain(tok: "Token") -> list["Token"]:
    """``tok`` with the role nouns conjoined to it, the first of them first."""
    root = tok
    while root.dep_ == "conj" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i != root.i:
        root = root.head
    return [root, *root.conjuncts]


def _people(root: "Token", ctx: Context, masked: Masked, at: int, holder: tuple[str, ...] = ("name",)
            ) -> list[tuple[int, int, int]]:
    """The persons the role noun ``root`` (the first of its conjoined nouns) is said of: with holder
    ``name``, the name it is said of; ``poss``, its possessor ("her role"); ``clause``, the subject of the
    clause it is in ("A appeared ... with roles in B")."""
    found: list[tuple[int, int, int]] = []
    if "poss" in holder:
        found = [e for c in root.children if c.dep_ == "poss" for e in entities_of(c, ctx, masked, at)]
    if not found and "clause" in holder:
        verb = root.head
        for _ in range(6):  # up through "started out ... before appearing in movies with roles in B"
            if verb.pos_ in ("VERB", "AUX"):
                found = [e for t in subjects(verb) for e in entities_of(t, ctx, masked, at)]
                if found:
                    break
            if verb.head.i == verb.i:
                break
            verb = verb.head
    if "name" not in holder:
        return [e for e in found if ctx.kind(e[0]) == "person"]
    if root.dep_ in ("compound", "nmod", "appos") and root.head.pos_ == "PROPN":
        found = entities_of(root.head, ctx, masked, at)  # "director Ana Ruiz"; "Ana Ruiz, director of X"
    if not found:
        for c in root.children:
            if c.dep_ == "appos" and c.i > root.i:  # "the film's director, Ana Ruiz"
                found = entities_of(c, ctx, masked, at)
                break
    if not found and root.dep_ == "attr" and root.head.lemma_ == "be":
        found = [e for c in root.head.children if c.dep_ == "nsubj" for e in entities_of(c, ctx, masked, at)]
    return [e for e in found if ctx.kind(e[0]) == "person"]


def _things(chain: list["Token"], kinds: tuple[str, ...], ctx: Context, masked: Masked,
            at: int, preps: tuple[str, ...] = PREPS) -> list[tuple[int, int, int]]:
    """What the role is on: "of"/"for"/... phrases, possessives, a title just before the noun."""
    found: list[tuple[int, int, int]] = []
    for noun in chain:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                found.extend(e for p in c.children if p.dep_ == "pobj" for e in entities_of(p, ctx, masked, at))
            elif c.dep_ == "poss" or c.dep_ in ("compound", "nmod") and c.i < noun.i:
                own = mention_at(at + c.idx, masked)
                found.extend([own] if own is not None else entities_of(c, ctx, masked, at) if c.dep_ == "poss" else [])
    return [e for e in dict.fromkeys(found) if ctx.kind(e[0]) in kinds]


def apply_noun_frames(frames: tuple[NounFrame, ...], sent: Any, at: int, masked: Masked,
                      ctx: Context) -> list[Candidate]:
    """Every fact the role nouns of ``frames`` state in one sentence (``at``: the article offset of its line)."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = lemma_of(tok)
        frame = next((f for f in frames if lemma in f.lemmas), None) or next(
            (f for f in frames if tok.lower_ in f.lemmas), None)
        if frame is None or mention_at(at + tok.idx, masked) is not None:
            continue  # not a role noun, or a word of a name ("The Director" as a title)
        if tok.tag_ == "NNS" and tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN", "PRON"):
            continue  # "the film stars A": a verb the parser took for a plural noun
        if any(c.dep_ == "prep" and c.lower_ == "of" and any(p.lemma_.lower() in OTHER_ROLE for p in c.children)
               for c in tok.children):
            continue
        chain = _chain(tok)
        people = _people(chain[0], ctx, masked, at, frame.holder)
        if not people:
            continue
        things = _things(chain, frame.kinds, ctx, masked, at, frame.preps)
        noun = (at + tok.idx, at + tok.idx + len(tok.text))
        for s, s_start, s_end in things:
            for o, o_start, o_end in people:
                if s != o:
                    start, end = min(noun[0], s_start, o_start), max(noun[1], s_end, o_end)
                    subject, obj = (o, s) if frame.holder_is_subject else (s, o)
                    out.append(Candidate(frame.id, frame.relation, subject, obj, None, start, end, frame.confidence))
    return out
