"""What descriptions, pronouns and quoted "I" point to: the second half of :mod:`kg.extract.resolve`.

* "the film", "the short film", "the song": in a paragraph about another work (the subject of the sentence
  before, or a short sub-heading just above), that work; else the article's own work when its kind fits, else the nearest
  fitting work named before;
* "Ford's 1956 classic": the work named after "Ford's" elsewhere ("John Ford's "The Searchers"");
* "It"/"its"/"it" as a subject: a work named before it in its sentence as subject or object, else the work
  that was the subject of the nearest sentence before (following a chain of "it");
* he, she, her, him: the person named most recently;
* "I" in quoted words: the speaker ("…," Lamar said), or the interviewee of a Q&A.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any, Callable

from kg.extract.leads import lead_work
from kg.extract.names import Mention
from kg.extract.positions import between, first_holding, positions_of
from kg.extract.resolve import FAMILIES, Resolution, Resolver


def speakers(r: Resolver) -> dict[int, int]:
    """For each line (by start offset), the person whose quoted words it holds ("…," Lamar said)."""
    speech = "|".join(r.table.words("speech_verbs"))
    out: dict[int, int] = {}
    for start, end in r.source.lines():
        line = r.text[start:end]
        for i in between(r, start, end):
            m = r.mentions[i]
            if m.kind != "person" or m.source == "speaker":
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
    p = positions_of(r)
    if p.in_title is None:
        p.in_title = [i for i in p.order if r.text[r.mentions[i].start:r.mentions[i].end] in title]
    for i in p.in_title:
        m = r.mentions[i]
        if m.kind == "person" and m.entity >= 0:
            return m.entity
    return None

def owned_work(r: Resolver, person: int) -> int | None:
    """The work named right after the first of ``person``'s possessives that has one ("John Ford's "The
    Searchers""): the next linked mention after one of theirs is a work, with only "'s" and at most three
    lower-case words (or a year) between."""
    p = positions_of(r)
    mine = sorted((r.mentions[i].start, i) for i in r.entities[person].mentions if r.mentions[i].entity == person)
    for start, i in mine:
        a = r.mentions[i]
        if a.kind != "person":
            continue
        k = bisect_left(p.order, (start, i), key=lambda j: (r.mentions[j].start, j))
        b = next((r.mentions[j] for j in p.order[k + 1:] if r.mentions[j].entity >= 0), None)
        if b is not None and b.kind == "work" and not b.ref and re.match(
                r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,3}$", r.text[a.end:b.start]):
            return b.entity
    return None


def _possessor(r: Resolver, m: Mention) -> int | None:
    """The person whose possessive stands right before ``m`` ("Ford's 1956 classic"): the first mention in list
    order that ends at the apostrophe, with at most a year and two lower-case words between."""
    at = max(r.text.rfind("'", 0, m.start), r.text.rfind("’", 0, m.start))
    if at < 0 or not re.fullmatch(r"['’]s (?:\d{4} )?(?:[a-z][\w-]* ){0,2}", r.text[at:m.start]):
        return None  # the words between hold no other apostrophe: the possessive's is the last one before m
    for i in positions_of(r).by_end.get(at, ()):
        x = r.mentions[i]
        if x.kind == "person" and x.entity >= 0:
            return x.entity
    return None

def resolve_ref(r: Resolver, index: int) -> None:
    m = r.mentions[index]
    if m.source == "speaker":
        return
    if m.source == "possessive":
        owner = _possessor(r, m)
        work = owned_work(r, owner) if owner is not None else None
        if work is not None:
            r.attach(index, work)
        return
    if m.kind == "work" and m.source == "pronoun":
        entity = antecedent_subject(r, m)
        if entity is not None:
            r.attach(index, entity)
        return
    family = FAMILIES.get(m.type or "", None) if m.kind == "work" else None
    if m.kind == "work" and m.source == "description":
        local = local_work(r, m, family)
        if local is not None:
            r.attach(index, local)  # a round-up: "the film" of the paragraph about another film
            return
    if m.kind == "work" and r.topic is not None and m.source == "description" and _named_before(r, r.topic, m):
        topic_family = FAMILIES.get(r.entities[r.topic].type or "", None)
        if topic_family in (None, family or "film") and not (m.type == "MusicVideo") ^ (
                r.entities[r.topic].type == "MusicVideo"):
            r.attach(index, r.topic)  # "the film" of a review is the film it reviews
            return
    best = None
    if m.kind == "person" and m.source == "pronoun":
        salient = salient_person(r, m)
        if salient is not None:
            r.attach(index, salient)
            return
    # an object pronoun ("went on to cast him") is not the subject of its own clause: look before its sentence
    clause_start = -1
    if m.kind == "person" and m.source == "pronoun" and m.name.lower() in ("him", "her", "them"):
        token = r.tokens.get(m.start)
        if m.name.lower() == "him" or token is not None and token.dep_ in ("dobj", "pobj", "dative"):
            clause_start = next((s for s, e, _ in r.sentences if s <= m.start < e), -1)
    p = positions_of(r)
    for k in range(bisect_left(p.starts, m.start) - 1, -1, -1):  # back from m: the nearest fitting one first
        other = r.mentions[p.order[k]]
        if best is not None and other.start < best.start:
            break
        if other.entity < 0 or other.ref and other.source != "description":
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
        best = other  # of several at one start, the first in list order (the loop runs back)
    if m.kind == "work" and m.source == "description" and r.topic is None and best is not None:
        lead = lead_work(r.source, sorted(r.mentions, key=lambda x: x.start))
        if lead is not None and FAMILIES.get(r.entities[lead].type or "", None) in (None, family or "film"):
            r.attach(index, lead)  # a press release without a headline: "the film" is the work it opens with
            return
    if best is not None:
        r.attach(index, best.entity)
    elif m.kind == "work" and r.topic is not None and family in (None, "film") and _named_before(r, r.topic, m):
        r.attach(index, r.topic)


def _named_before(r: Resolver, entity: int, m: Mention) -> bool:
    """Whether ``entity`` is named before the mention ``m`` (a description points back: "the series" in a
    paragraph about an untitled show is not the show the article names only further down)."""
    return any(r.mentions[i].start < m.start and not r.mentions[i].ref for i in r.entities[entity].mentions)

def local_work(r: Resolver, m: Mention, family: str | None) -> int | None:
    """The work a description ("the film") means when its paragraph is about a work other than the
    article's: the work that is the subject of the sentence before it in its line, or the work a short
    sub-heading line just above names, with the article's work named in neither. None otherwise."""
    def fits(x: Mention) -> bool:
        return (x.kind == "work" and x.entity >= 0 and not x.ref and x.entity != r.topic
                and FAMILIES.get(r.entities[x.entity].type or "", None) in (None, family or "film"))

    line = _line_of(r, m.start)
    if line is None:
        return None
    k = bisect_right(r.sentence_starts, m.start) - 1
    if k < 0:
        return None
    if r.sentences[k][0] > line[0] and k >= 1:  # a sentence before it in the same line
        start, end, sent = r.sentences[k - 1]
        if start >= line[0] and not any(r.mentions[i].entity == r.topic for i in between(r, start, m.start)):
            for tok in sent:
                if tok.dep_ in ("nsubj", "nsubjpass"):
                    hit = first_holding(r, r.token_start(tok), fits)
                    if hit is not None:
                        return hit.entity
        return None
    lines = r.source.lines()
    j = bisect_left(lines, (line[0], -1))  # the index of m's line
    if j < 1:
        return None
    s, e = lines[j - 1]
    heading = r.text[s:e]
    if len(heading) > 150 or re.search(r"[.!?]\W*$", heading):
        return None
    inside = [r.mentions[i] for i in between(r, s, e)]
    if any(x.entity == r.topic for x in inside):
        return None
    works = [x for x in inside if fits(x)]
    return works[-1].entity if works else None


def references(r: Resolver, speakers: dict[int, int]) -> None:
    for i in sorted(range(len(r.mentions)), key=lambda i: r.mentions[i].start):
        m = r.mentions[i]
        if m.entity >= 0 or not m.ref:
            continue
        if m.source == "speaker":
            line = _line_of(r, m.start)
            if line and line[0] in speakers and in_quotes(r, m.start, line):
                r.attach(i, speakers[line[0]])
            continue
        resolve_ref(r, i)

def salient_person(r: Resolver, m: Mention) -> int | None:
    """Whom "he", "she", "his" or "her" (a possessive) means when the subject says it: the person who is the
    subject of its own sentence before it ("Tolle is an author, best known for his book"); else, when its
    sentence names no person before it, the person who is (or whose possessive is) the subject of the
    sentence before ("His last film was praised by a critic. His previous documentary ...": the filmmaker,
    not the critic), going back up to three sentences that name no person. None leaves the nearest person."""
    token = r.tokens.get(m.start)
    name = m.name.lower()
    if token is None or not (name in ("he", "she") or name in ("his", "her") and token.dep_ == "poss"):
        return None
    k = bisect_right(r.sentence_starts, m.start) - 1
    if k < 0 or not r.sentences[k][0] <= m.start < r.sentences[k][1]:
        return None
    own = _subject_person(r, r.sentences[k][2], before=m.start)
    if own is not None:
        return own
    people_before = [i for i in between(r, r.sentences[k][0], m.start)
                     if r.mentions[i].kind == "person" and r.mentions[i].entity >= 0]
    if people_before:
        return None
    for start, end, sent in reversed(r.sentences[max(0, k - 3):k]):
        found = _subject_person(r, sent)
        if found is not None:
            return found
        if any(r.mentions[i].kind == "person" and r.mentions[i].entity >= 0 for i in between(r, start, end)):
            return None  # a person named there, not as the subject: the nearest one
    return None


def _subject_person(r: Resolver, sent: Any, before: int | None = None) -> int | None:
    """The person entity the subject of ``sent`` names (or the possessive of its subject: "Robert's film"),
    the first such subject before offset ``before`` when given."""
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        for part in (tok, *(c for c in tok.children if c.dep_ == "poss")):
            at = r.token_start(part)
            if before is not None and at >= before:
                continue
            hit = first_holding(r, at, lambda x: x.kind == "person" and x.entity >= 0)
            if hit is not None:
                return hit.entity
    return None


def antecedent_subject(r: Resolver, m: Mention) -> int | None:
    """What "it" means: a work named before it in its sentence, else the work that is the subject of the
    nearest sentence before (following a chain of "it"); nothing when "it" is not a subject."""
    token = r.tokens.get(m.start)
    if token is None or (m.name == "it" and token.dep_ not in ("nsubj", "nsubjpass")):
        return None
    sentences = r.sentences
    k = bisect_right(r.sentence_starts, m.start) - 1
    if k < 0 or not sentences[k][0] <= m.start < sentences[k][1]:
        return None
    before = [r.mentions[i] for i in sorted(between(r, sentences[k][0], m.start))]  # in list order
    before = [x for x in before if x.kind == "work" and x.entity >= 0
              and any(t.dep_ in ("nsubj", "nsubjpass", "dobj") for t in r.tokens_in(x.start, x.end))]
    if before:
        return max(before, key=lambda x: x.start).entity
    for s, e, sent in reversed(sentences[max(0, k - 3):k]):
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                hit = first_holding(r, r.token_start(tok), lambda x: x.kind == "work" and x.entity >= 0)
                if hit is not None:
                    return hit.entity
    return None


def _line_of(r: Resolver, at: int) -> tuple[int, int] | None:
    lines = r.source.lines()
    k = bisect_right(lines, (at, len(r.text) + 1)) - 1
    return lines[k] if k >= 0 and lines[k][0] <= at < lines[k][1] else None

def in_quotes(r: Resolver, at: int, line: tuple[int, int]) -> bool:
    before = r.text[line[0]:at]
    return before.count('"') % 2 == 1 or interviewee(r) is not None


def late_pronouns(res: Resolution, lines: list[tuple[int, int]]) -> None:
    """Link the person pronouns left unlinked because the name before them was not yet typed a person when
    references were resolved (a one-word stage name first taken for a company): each takes the person
    named last before it in its own line or the line above. Changes ``res`` in place."""
    people = sorted((m.start, i) for i, m in enumerate(res.mentions)
                    if m.entity >= 0 and not m.ref and res.entities[m.entity].kind == "person")
    starts = [s for s, _ in people]
    line_starts = [s for s, _ in lines]
    for i, m in enumerate(res.mentions):
        if m.entity >= 0 or m.source != "pronoun" or m.kind != "person":
            continue
        k = bisect_left(starts, m.start) - 1
        j = bisect_right(line_starts, m.start) - 1
        floor = line_starts[max(0, j - 1)] if j >= 0 else 0
        if k >= 0 and people[k][0] >= floor:
            m.entity = res.mentions[people[k][1]].entity
            res.entities[m.entity].mentions.append(i)

