"""Verb frames over spaCy's dependency parse: who did what to which work, in any voice.

For a verb whose lemma a frame of the rule table names, the *slots* are

* ``agent``: the subject of an active verb, or the "by" phrase of a passive one;
* ``patient``: the object of an active verb, the subject of a passive one, the noun a participle modifies
  ("the film, directed by ..."), or the subject of the clause a fronted participle opens
  ("Directed by ..., "We Cry Together" now qualifies");
* ``with`` ("with"/"alongside"), and ``for``, ``in``, ``at``, ``on``, ``as``, ``to``, ``from``, ``of``.

Relative pronouns take their antecedent ("Okafor, who also wrote"), conjoined verbs share their subject and
object ("wrote and directed the film"), conjoined nouns all count ("Rask and Choudhury"), and a negated
verb states nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.masking import Candidate, Context, Masked
from kg.extract.rules import Frame

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

PREPS = {"with": ("with", "alongside"), "for": ("for",), "in": ("in",), "at": ("at",), "on": ("on",), "as": ("as",),
         "to": ("to",), "from": ("from",), "of": ("of",)}
RELATIVE = {"who", "whom", "which", "that", "whose"}


def lemma_of(tok: "Token") -> str:
    """The lemma, with a "co-" prefix spaCy split off kept ("co-founded" -> ``co-found``)."""
    lemma = tok.lemma_.lower()
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co":
        return "co-" + lemma
    return lemma


def passive(v: "Token") -> bool:
    deps = {c.dep_ for c in v.children}
    if "nsubjpass" in deps or "auxpass" in deps or "agent" in deps:
        return True
    return v.tag_ == "VBN" and "nsubj" not in deps and v.dep_ in ("acl", "advcl", "amod", "relcl", "conj")


def subjects(v: "Token", *, depth: int = 0) -> list["Token"]:
    found = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and v.i >= 2 and v.doc[v.i - 1].text == "-" and v.doc[v.i - 2].lower_ == "co":
        found = [c for c in v.doc[v.i - 2].children if c.dep_ in ("nsubj", "nsubjpass")]  # "co-directed" split
    if not found and depth < 3 and v.dep_ in ("conj", "xcomp") and v.head.pos_ in ("VERB", "AUX"):
        return subjects(v.head, depth=depth + 1)
    return found


def objects(v: "Token") -> list["Token"]:
    found = [c for c in v.children if c.dep_ in ("dobj", "attr", "oprd")]
    if not found:
        for other in v.conjuncts:
            found = [c for c in other.children if c.dep_ == "dobj"]
            if found:
                break
    return found


def slots(v: "Token") -> dict[str, list["Token"]]:
    """The tokens that fill each slot of ``v``."""
    out: dict[str, list[Token]] = {name: [] for name in ("agent", "patient", *PREPS)}
    if passive(v):
        out["agent"] = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        patient = [c for c in v.children if c.dep_ == "nsubjpass"]
        if not patient and v.dep_ in ("acl", "amod"):
            patient = [v.head]
        if not patient and v.dep_ == "advcl":
            patient = subjects(v.head)
        if not patient and v.dep_ == "conj":
            patient = subjects(v.head)
        out["patient"] = patient
    else:
        out["agent"] = subjects(v)
        out["patient"] = objects(v)
        if v.dep_ == "relcl" and not out["agent"] and not out["patient"]:
            out["agent"] = [v.head]
    for c in v.children:
        if c.dep_ == "prep":
            for slot, words in PREPS.items():
                if c.lower_ in words:
                    out[slot].extend(p for p in c.children if p.dep_ == "pobj")
    return out


def entities_of(tok: "Token", ctx: Context, masked: Masked, at: int, *, depth: int = 0) -> list[tuple[int, int, int]]:
    """``(entity, start, end)`` of what ``tok`` names: its mention, its antecedent, or a name inside its phrase."""
    found: list[tuple[int, int, int]] = []
    own = _mention_at(at + tok.idx, masked)
    if own is not None:
        found.append(own)
    elif tok.lower_ in RELATIVE and depth < 2:
        head = tok.head
        while head.dep_ not in ("relcl", "acl") and head.head.i != head.i and head.pos_ in ("VERB", "AUX", "ADP"):
            head = head.head
        if head.dep_ in ("relcl", "acl"):
            found.extend(entities_of(head.head, ctx, masked, at, depth=depth + 1))
    else:
        inner = [t for t in tok.subtree if t.i != tok.i and not _under(t, tok, ("relcl", "acl", "advcl", "conj", "cc"))]
        inner.sort(key=lambda t: (t.dep_ == "poss" or any(a.dep_ == "poss" for a in t.ancestors if a.i != tok.i), t.i))
        for t in inner:
            hit = _mention_at(at + t.idx, masked)
            if hit is not None and hit not in found:
                found.append(hit)
                break
    for conj in tok.conjuncts:
        if conj.i > tok.i and depth < 2:
            found.extend(e for e in entities_of(conj, ctx, masked, at, depth=depth + 1) if e not in found)
    return found


def _under(t: "Token", top: "Token", deps: tuple[str, ...]) -> bool:
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in deps:
            return True
        node = node.head
    return False


def _mention_at(offset: int, masked: Masked) -> tuple[int, int, int] | None:
    for m in masked.mentions.values():
        if m.start <= offset < m.end and m.entity >= 0:
            video = [v for v in masked.mentions.values() if v.source == "video-for" and 0 <= m.start - v.end <= 6]
            if video and video[0].entity >= 0:
                return (video[0].entity, video[0].start, m.end)  # "a video for "X"" is the video, not the song
            return (m.entity, m.start, m.end)
    return None


def apply_frames(frames: tuple[Frame, ...], sent: Any, at: int, masked: Masked, ctx: Context) -> list[Candidate]:
    """Every fact the verb frames find in one sentence (``at``: the article offset of its line)."""
    out: list[Candidate] = []
    for tok in sent:
        lemma = lemma_of(tok)
        for frame in frames:
            if lemma not in frame.lemmas or tok.pos_ not in frame.pos:
                continue
            if any(c.dep_ == "neg" for c in tok.children) or any(c.dep_ == "neg" for c in tok.head.children
                                                                   if tok.dep_ in ("xcomp", "conj")):
                continue
            if frame.voice and frame.voice != ("passive" if passive(tok) else "active"):
                continue
            filled = slots(tok)
            subj = [e for name in frame.subject for t in filled.get(name, []) for e in entities_of(t, ctx, masked, at)]
            obj = [e for name in frame.object for t in filled.get(name, []) for e in entities_of(t, ctx, masked, at)]
            verb = (at + tok.idx, at + tok.idx + len(tok.text))
            if frame.subject_kinds:
                subj = [e for e in subj if ctx.kind(e[0]) in frame.subject_kinds]
            if not subj and frame.fallback and ctx.res.topic is not None:
                heads = [t for name in frame.subject for t in filled.get(name, [])]
                aspect = any(t.lemma_.lower() in ctx.table.words("topic_nouns") for t in heads)
                if aspect or (frame.fallback == "topic" and all(t.pos_ == "PRON" for t in heads)):
                    subj = [(ctx.res.topic, verb[0], verb[1])]
            if not obj and frame.object_fallback:
                kind = frame.object_fallback
                near = ctx.nearest(kind, masked, _masked_at(masked, verb[0]))
                if near is not None:
                    obj = [(near, verb[0], verb[1])]
            for s, s_start, s_end in subj:
                for o, o_start, o_end in obj:
                    if s == o:
                        continue
                    start, end = min(verb[0], s_start, o_start), max(verb[1], s_end, o_end)
                    out.append(Candidate(frame.id, frame.relation, s, o, None, start, end, frame.confidence))
    return out


def _masked_at(masked: Masked, offset: int) -> int:
    for i, back in enumerate(masked.back):
        if back >= offset:
            return i
    return len(masked.text)
