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

import re
from typing import TYPE_CHECKING, Any

from kg.extract.masking import Candidate, Context, Masked
from kg.extract.rules import PLACEHOLDER_RE, Frame

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
    if shared_agent(v):
        return True
    return v.tag_ == "VBN" and "nsubj" not in deps and v.dep_ in ("acl", "advcl", "amod", "relcl", "conj")


def shared_agent(v: "Token") -> list["Token"]:
    """The "by" phrase of a later conjoined participle that ``v`` shares ("produced and written by A"): ``v``
    has no object and no "by" of its own; empty otherwise."""
    if v.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("dobj", "agent") for c in v.children):
        return []
    for other in v.conjuncts:
        if other.i > v.i and other.tag_ == "VBN":
            found = [c for c in other.children if c.dep_ == "agent"]
            if found:
                return found
    return []


def subjects(v: "Token", *, depth: int = 0) -> list["Token"]:
    found = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and v.i >= 2 and v.doc[v.i - 1].text == "-" and v.doc[v.i - 2].lower_ == "co":
        found = [c for c in v.doc[v.i - 2].children if c.dep_ in ("nsubj", "nsubjpass")]  # "co-directed" split
    if not found and depth < 3 and v.dep_ in ("conj", "xcomp", "dep") and v.head.pos_ in ("VERB", "AUX"):
        return subjects(v.head, depth=depth + 1)
    if not found and depth < 3 and v.dep_ == "advcl" and v.head.pos_ in ("VERB", "AUX") and (
            v.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)):
        return subjects(v.head, depth=depth + 1)  # "A finished the year, scoring B"; "A went on to star in B"
    return found


#: dependents under which the parser may put a title it read as words ("produced "It's All Coming Back"")
CLAUSAL = ("ccomp", "xcomp", "dep", "npadvmod", "advcl", "acomp", "intj")


def objects(v: "Token") -> list["Token"]:
    """The object of ``v``, else of a conjoined verb ("wrote and produced B"); with no object, the
    clause-like dependents that may be a title (kept only if they fall inside a name, see ``apply_frames``)."""
    found = [c for c in v.children if c.dep_ in ("dobj", "attr", "oprd")]
    if not found:
        for other in v.conjuncts:
            found = [c for c in other.children if c.dep_ == "dobj"]
            if found:
                break
    if not found:
        for verb in (v, *v.conjuncts):
            found = [c for c in verb.children if c.dep_ in CLAUSAL and c.i > v.i]
            if found:
                break
    return found


def slots(v: "Token") -> dict[str, list["Token"]]:
    """The tokens that fill each slot of ``v``."""
    out: dict[str, list[Token]] = {name: [] for name in ("agent", "patient", *PREPS)}
    if passive(v):
        agents = [c for c in v.children if c.dep_ == "agent"] or shared_agent(v)
        out["agent"] = [p for c in agents for p in c.children if p.dep_ == "pobj"]
        patient = [c for c in v.children if c.dep_ == "nsubjpass"]
        if not patient and v.dep_ in ("acl", "amod"):
            patient = [v.head]
        if not patient and v.dep_ == "advcl":
            patient = subjects(v.head)
        if not patient and v.dep_ == "conj":
            patient = subjects(v.head)
            if not patient and v.head.pos_ in ("VERB", "AUX") and passive(v.head):
                patient = slots(v.head)["patient"]  # "Written, directed and produced by A, the film ..."
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
    own = mention_at(at + tok.idx, masked)
    if own is None and tok.lemma_.lower() in ("video", "clip", "visual"):
        own = _video_for(tok, ctx, masked, at) or _song_in(tok, ctx, masked)
    if tok.dep_ in CLAUSAL and depth == 0:  # a title the parser read as a clause: only the work it is inside
        return [own] if own is not None and ctx.kind(own[0]) == "work" else []
    if own is not None:
        found.append(own)
    elif tok.lower_ in RELATIVE and depth < 2:
        head = tok.head
        while head.dep_ not in ("relcl", "acl") and head.head.i != head.i and head.pos_ in ("VERB", "AUX", "ADP"):
            head = head.head
        if head.dep_ in ("relcl", "acl"):
            found.extend(entities_of(head.head, ctx, masked, at, depth=depth + 1))
    else:
        inner = [t for t in tok.subtree if t.i != tok.i and not _under(t, tok, ("relcl", "acl", "advcl", "conj", "cc"))
                 and not _by_maker(t, tok)]
        inner.sort(key=lambda t: (t.dep_ == "poss" or any(a.dep_ == "poss" for a in t.ancestors if a.i != tok.i), t.i))
        person_noun = tok.pos_ == "NOUN" and tok.lemma_.lower() in ctx.person_nouns
        for t in inner:
            hit = mention_at(at + t.idx, masked)
            if hit is not None and person_noun and t.i < tok.i and ctx.kind(hit[0]) == "work":
                continue  # "directed the Big Little Lies actor": the title says which actor, it is not the thing
            if hit is not None and hit not in found:
                found.append(hit)
                head = t
                while head.dep_ in ("compound", "flat", "nmod") and head.head.i != head.i:
                    head = head.head  # the name's last word carries its conjuncts ("the cast of A, B and C")
                found.extend(e for c in head.conjuncts if c.i > head.i
                             for e in [mention_at(at + c.idx, masked)] if e is not None and e not in found)
                break
    if not found and tok.dep_ == "appos" and tok.pos_ == "NOUN" and depth < 2:
        found = entities_of(tok.head, ctx, masked, at, depth=depth + 1)  # "B, a film directed by A": B
    for conj in tok.conjuncts:
        if conj.i > tok.i and depth < 2:
            found.extend(e for e in entities_of(conj, ctx, masked, at, depth=depth + 1) if e not in found)
    return found


def _topic_for(heads: list["Token"], ctx: Context) -> int:
    """The article's work, or its music video when the noun is "video" ("The video was directed by A" in
    a piece about a song and its video)."""
    topic = ctx.res.topic
    assert topic is not None
    if any(t.lemma_.lower() in ("video", "clip", "visual") for t in heads) and ctx.res.entities[topic].type == "Song":
        name = ctx.res.entities[topic].name
        return next((e for e, x in enumerate(ctx.res.entities) if x.type == "MusicVideo" and x.name == name), topic)
    return topic


def _video_for(tok: "Token", ctx: Context, masked: Masked, at: int) -> tuple[int, int, int] | None:
    """"The video for the upbeat song": the music video of the song its "for" phrase names, when the
    article has a music video of that name (else None, and the phrase is searched as usual)."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            for p in c.children:
                hit = mention_at(at + p.idx, masked) if p.dep_ == "pobj" else None
                if hit is None or ctx.res.entities[hit[0]].type != "Song":
                    continue
                name = ctx.res.entities[hit[0]].name
                video = next((e for e, x in enumerate(ctx.res.entities) if x.type == "MusicVideo" and x.name == name), None)
                if video is not None:
                    return (video, at + tok.idx, hit[2])
    return None


def _song_in(tok: "Token", ctx: Context, masked: Masked) -> tuple[int, int, int] | None:
    """A sentence that opens with "Accompanying" and a song, then names a video directed by A: the one song
    it names (its video, when the article has one; a director of the song itself becomes its video's in
    :mod:`kg.extract.relations`)."""
    songs = {m.entity: m for m in masked.mentions.values() if m.entity >= 0 and ctx.res.entities[m.entity].type == "Song"}
    if len(songs) != 1:
        return None
    song, m = next(iter(songs.items()))
    name = ctx.res.entities[song].name
    video = next((e for e, x in enumerate(ctx.res.entities) if x.type == "MusicVideo" and x.name == name), song)
    return (video, m.start, m.end)


def _by_maker(t: "Token", top: "Token") -> bool:
    """Whether ``t`` is in a "by" phrase of a noun inside ``top`` ("cinematography by A", "a score by B"):
    the maker of that noun, not what ``top`` names."""
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ == "by" and node.head.pos_ in ("NOUN", "PROPN"):
            return True
        node = node.head
    return False


def _under(t: "Token", top: "Token", deps: tuple[str, ...]) -> bool:
    node = t
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in deps:
            return True
        node = node.head
    return False


def mention_at(offset: int, masked: Masked) -> tuple[int, int, int] | None:
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
            heads = [t for name in frame.subject for t in filled.get(name, [])]
            plural = [t for h in heads for t in (h, *(p for c in h.children if c.dep_ == "prep" and c.lower_ == "for"
                                                       for p in c.children if p.dep_ == "pobj"))] + filled["for"]
            if not any(ctx.kind(e[0]) == "work" for e in subj) and any(
                    t.tag_ == "NNS" and t.lemma_.lower() in ctx.table.words("topic_nouns") for t in plural):
                subj = _examples(masked, ctx, _masked_at(masked, verb[0])) or subj  # "eleven features, among them A"
            if not subj and frame.fallback and ctx.res.topic is not None:
                aspect = any(t.lemma_.lower() in ctx.table.words("topic_nouns") and t.tag_ != "NNS" for t in heads)  # not "several songs"
                if aspect or (frame.fallback == "topic" and all(t.pos_ == "PRON" for t in heads)):
                    subj = [(_topic_for(heads, ctx), verb[0], verb[1])]
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


_EXAMPLES = re.compile(r"\b(?:including|among them|among which|such as|like|from)\s+(?:(?:the|both|a|an) )?"
                       r"(?:(?-i:[a-z])[\w-]* ){0,3}"
                       r"(⟦W\d+⟧(?:[^\w\s⟦⟧]{0,2}(?:,? and |, |,? or |,? & |,? to (?:the )?(?:recent )?| )⟦W\d+⟧)*)")


def _examples(masked: Masked, ctx: Context, after: int) -> list[tuple[int, int, int]]:
    """The works a plural noun is illustrated by after the verb at masked offset ``after`` ("composed the
    scores for his films, including A, B and C"; "eleven features, among them A"), with their spans."""
    match = _EXAMPLES.search(masked.text, after)
    if match is None or "." in masked.text[after:match.start()]:
        return []
    out = []
    for found in PLACEHOLDER_RE.finditer(match.group(1)):
        m = masked.mentions.get(int(found.group(2)))
        if m is not None and m.entity >= 0 and ctx.kind(m.entity) == "work":
            out.append((m.entity, m.start, m.end))
    return out


def _masked_at(masked: Masked, offset: int) -> int:
    for i, back in enumerate(masked.back):
        if back >= offset:
            return i
    return len(masked.text)
