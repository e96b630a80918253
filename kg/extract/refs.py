"""What descriptions, pronouns and quoted "I" point to: the second half of :mod:`kg.extract.resolve`.

* "the film", "the short film", "the song": the article's own work when its kind fits, else the nearest
  fitting work named before;
* "Ford's 1956 classic": the work named after "Ford's" elsewhere ("John Ford's "The Searchers"");
* "It"/"its"/"it" as a subject: a work named before it in its sentence as subject or object, else the work
  that was the subject of the nearest sentence before (following a chain of "it");
* he, she, her, him: the person named most recently;
* "I" in quoted words: the speaker ("…," Lamar said), or the interviewee of a Q&A.
"""

from __future__ import annotations

import re

from kg.extract.names import Mention
from kg.extract.resolve import FAMILIES, Resolver


def speakers(r: Resolver) -> dict[int, int]:
    """For each line (by start offset), the person whose quoted words it holds ("…," Lamar said)."""
    speech = "|".join(r.table.words("speech_verbs"))
    out: dict[int, int] = {}
    order = sorted(range(len(r.mentions)), key=lambda i: r.mentions[i].start)
    for start, end in r.source.lines():
        line = r.text[start:end]
        for i in order:
            m = r.mentions[i]
            if not (start <= m.start < end) or m.kind != "person" or m.source == "speaker":
                continue
            after, before = r.text[m.end:m.end + 14], r.text[max(start, m.start - 14):m.start]
            if re.match(rf"\s+(?:{speech})\b", after) or re.search(rf"\b(?:{speech})\s+$", before):
                if m.entity < 0 and m.ref:
                    resolve_ref(r, i)
                if m.entity >= 0:
                    out[start] = m.entity
                    break
        if start not in out and '"' in line and interviewee(r) is not None and not line.rstrip().endswith("?"):
            out[start] = interviewee(r)  # type: ignore[assignment]
    return out

def interviewee(r: Resolver) -> int | None:
    title = r.source.title
    if not re.match(r"(?i)(q&a|interview)\b", title):
        return None
    for m in sorted(r.mentions, key=lambda m: m.start):
        if m.kind == "person" and m.entity >= 0 and r.text[m.start:m.end] in title:
            return m.entity
    return None

def owners(r: Resolver) -> dict[int, int]:
    """Person -> the work named right after their possessive ("John Ford's "The Searchers"")."""
    out: dict[int, int] = {}
    ordered = sorted((m for m in r.mentions if m.entity >= 0), key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind == "person" and b.kind == "work" and not b.ref and re.match(
                r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,3}$", r.text[a.end:b.start]):
            out.setdefault(a.entity, b.entity)
    return out

def resolve_ref(r: Resolver, index: int) -> None:
    m = r.mentions[index]
    if m.source == "speaker":
        return
    if m.source == "possessive":
        owner = next((x.entity for x in r.mentions if x.kind == "person" and x.entity >= 0 and
                      re.fullmatch(r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,2}", r.text[x.end:m.start])), None)
        work = owners(r).get(owner) if owner is not None else None
        if work is not None:
            r.attach(index, work)
        return
    if m.kind == "work" and m.source == "pronoun":
        entity = antecedent_subject(r, m)
        if entity is not None:
            r.attach(index, entity)
        return
    family = FAMILIES.get(m.type or "", None) if m.kind == "work" else None
    if m.kind == "work" and r.topic is not None and m.source == "description":
        topic_family = FAMILIES.get(r.entities[r.topic].type or "", None)
        if topic_family in (None, family or "film") and not (m.type == "MusicVideo") ^ (
                r.entities[r.topic].type == "MusicVideo"):
            r.attach(index, r.topic)  # "the film" of a review is the film it reviews
            return
    best = None
    # an object pronoun ("went on to cast him") is not the subject of its own clause: look before its sentence
    clause_start = -1
    if m.kind == "person" and m.source == "pronoun" and m.name.lower() in ("him", "her", "them"):
        token = r.tokens.get(m.start)
        if m.name.lower() == "him" or token is not None and token.dep_ in ("dobj", "pobj", "dative"):
            clause_start = next((s for s, e, _ in r.sentences if s <= m.start < e), -1)
    for other in r.mentions:
        if other.entity < 0 or other.start >= m.start or other.ref and other.source != "description":
            continue
        if clause_start >= 0 and other.start >= clause_start:
            continue
        candidate = r.entities[other.entity]
        if candidate.kind != m.kind:
            continue
        if m.kind == "work" and family and FAMILIES.get(candidate.type or "", None) not in (None, family):
            continue
        if m.kind == "work" and m.type == "MusicVideo" and candidate.type != "MusicVideo":
            continue
        if best is None or other.start > best.start:
            best = other
    if best is not None:
        r.attach(index, best.entity)
    elif m.kind == "work" and r.topic is not None and family in (None, "film"):
        r.attach(index, r.topic)

def references(r: Resolver, speakers: dict[int, int]) -> None:
    for i in sorted(range(len(r.mentions)), key=lambda i: r.mentions[i].start):
        m = r.mentions[i]
        if m.entity >= 0 or not m.ref:
            continue
        if m.source == "speaker":
            line = next(((s, e) for s, e in r.source.lines() if s <= m.start < e), None)
            if line and line[0] in speakers and in_quotes(r, m.start, line):
                r.attach(i, speakers[line[0]])
            continue
        resolve_ref(r, i)

def antecedent_subject(r: Resolver, m: Mention) -> int | None:
    """What "it" means: a work named before it in its sentence, else the work that is the subject of the
    nearest sentence before (following a chain of "it"); nothing when "it" is not a subject."""
    token = r.tokens.get(m.start)
    if token is None or (m.name == "it" and token.dep_ not in ("nsubj", "nsubjpass")):
        return None
    sentences = [(s, e, sent) for s, e, sent in r.sentences]
    k = next((i for i, (s, e, _) in enumerate(sentences) if s <= m.start < e), None)
    if k is None:
        return None
    before = [x for x in r.mentions if sentences[k][0] <= x.start < m.start and x.kind == "work" and x.entity >= 0
              and any(t.dep_ in ("nsubj", "nsubjpass", "dobj") for t in r.tokens_in(x.start, x.end))]
    if before:
        return max(before, key=lambda x: x.start).entity
    for s, e, sent in reversed(sentences[max(0, k - 3):k]):
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                at = r.token_start(tok)
                hit = next((x for x in r.mentions if x.start <= at < x.end and x.kind == "work" and x.entity >= 0), None)
                if hit is not None:
                    return hit.entity
    return None

def in_quotes(r: Resolver, at: int, line: tuple[int, int]) -> bool:
    before = r.text[line[0]:at]
    return before.count('"') % 2 == 1 or interviewee(r) is not None
