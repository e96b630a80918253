"""Score a draft annotation against a gold one: entity and relation precision, recall and F1.

Matching (documented in the README, "Scoring a draft"):

* **Entities** are compared by coarse class (person, organisation, work, event, award category; a Film and
  a ShortFilm are both works) and by name: a predicted entity matches a gold one of the same coarse class
  when their normalised names are equal (score 2) or any name or alias of one equals a name or alias of the
  other (score 1); normalising folds case and accents and drops quotation marks and a leading "the".
  Between equal scores, the same class wins (a song called "Hollow Crown" pairs with the gold song of
  that name, not with the gold music video of the same name).
  Descriptions used as aliases ("the film", "that clipping") do not count. Events without a proper name
  also match when the words of one name are all among the words of the other ("sold-out screening of The
  Ferryman's Daughter" within "... at the Tidewater Film Festival"). Pairs are matched one to one, best
  score first.
* **Relations** are ``(subject, relation, object)`` or ``(subject, relation, value)`` triples, compared after
  mapping predicted entities to the gold entities they matched; values compare case-folded with hyphens
  as spaces. A fact about an unmatched entity is false. The evidence quote does not have to agree.
* The article itself (publisher, what it is about, whom it quotes) is scored only when the gold file
  declares the article as an entity, as the curated seed does; otherwise such facts are left out.
* Optional extras (the real-article set of ``tests/real/`` uses them): predicted entities named like an
  ``ignore`` name are left out (neither right nor wrong; facts about them still count as false); gold
  entities and facts listed as ``optional`` are not missed when absent, and when found they are removed
  from both sides (no credit, no penalty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.annotations import Annotation, Entity, Fact
from kg.extract.names import norm

COARSE = {"Person": "person", "Organization": "org", "Article": "article", "AwardCategory": "award",
          "Event": "event", "Screening": "event", "Discussion": "event", "Recording": "event"}
GENERIC = re.compile(r"^(?:the|a|an|that|this|his|her|its|their)\s+[a-z][a-z\s'-]*$")


@dataclass(frozen=True)
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass
class Evaluation:
    """The scores of one draft against its gold, and what was missed or wrongly found."""

    article: str
    entities: Score
    relations: Score
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_facts: list[str] = field(default_factory=list)
    false_facts: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    #: each predicted fact with its verdict: True right, False wrong, None not scored (a repeat, or optional)
    judged: list[tuple[Fact, bool | None]] = field(default_factory=list)


def coarse(type_name: str) -> str:
    return COARSE.get(type_name, "work")


def names(entity: Entity) -> set[str]:
    out = {norm(entity.name)}
    event = coarse(entity.type) == "event"  # an event without a proper name is named by its description
    out.update(norm(a) for a in entity.aliases if event or not GENERIC.match(a.strip()))
    return {n for n in out if n}


def similarity(pred: Entity, gold: Entity) -> int:
    """2: same name; 1: a shared name or alias (or, for events, one name's words within the other's); 0."""
    if coarse(pred.type) != coarse(gold.type):
        return 0
    if norm(pred.name) == norm(gold.name):
        return 2
    if names(pred) & names(gold):
        return 1
    if coarse(pred.type) == "event":
        a, b = set(norm(pred.name).split()) - {"of", "the", "at", "a"}, set(norm(gold.name).split()) - {"of", "the", "at", "a"}
        if min(len(a), len(b)) >= 2 and (a <= b or b <= a):
            return 1
    return 0


def match_entities(pred: Annotation, gold: Annotation) -> dict[str, str]:
    """Predicted entity id -> gold entity id, one to one, best match first."""
    pairs = []
    for i, p in enumerate(pred.entities):
        for j, g in enumerate(gold.entities):
            if coarse(p.type) == coarse(g.type) == "article":
                pairs.append((3, i, j))
                continue
            score = similarity(p, g)
            if score:
                pairs.append((score + (0.5 if p.type == g.type else 0), i, j))  # same class breaks a tie
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for score, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        p, g = pred.entities[i], gold.entities[j]
        if p.id not in mapping and g.id not in taken:
            mapping[p.id] = g.id
            taken.add(g.id)
    return mapping


def value_key(value: str) -> str:
    return re.sub(r"\s+", " ", value.casefold().replace("-", " ")).strip()


def fact_key(fact: Fact, ids: dict[str, str] | None = None) -> tuple[str, str, str] | None:
    subject = fact.subject if ids is None else ids.get(fact.subject)
    if subject is None:
        return None
    if fact.value is not None:
        return (subject, fact.relation, "=" + value_key(fact.value))
    obj = fact.object if ids is None else ids.get(fact.object or "")
    return None if obj is None else (subject, fact.relation, obj)


def evaluate(pred: Annotation, gold: Annotation, *, ignore: frozenset[str] | set[str] = frozenset(),
             optional_entities: frozenset[str] | set[str] = frozenset(),
             optional_facts: frozenset[tuple[str, str, str]] | set[tuple[str, str, str]] = frozenset()) -> Evaluation:
    """Score ``pred`` against ``gold`` (see the module's docstring for the matching).

    ``ignore`` holds names (any form; they are normalised) of predicted entities to leave out;
    ``optional_entities`` gold entity ids and ``optional_facts`` gold fact keys (:func:`fact_key`) that are
    neither required nor rewarded.
    """
    scored_article = any(coarse(e.type) == "article" for e in gold.entities)
    ignored = {norm(n) for n in ignore} - {""}
    pred_entities = [e for e in pred.entities if (scored_article or coarse(e.type) != "article")
                     and not (names(e) | {norm(e.name)}) & ignored]
    pred_articles = {e.id for e in pred.entities if coarse(e.type) == "article"}
    pred_facts = [f for f in pred.facts if scored_article or f.subject not in pred_articles]
    view = Annotation(article=pred.article, method=pred.method, entities=tuple(pred_entities), facts=tuple(pred_facts))
    mapping = match_entities(view, gold)
    gold_names = {e.id: e.name for e in gold.entities}
    pred_names = {e.id: e.name for e in pred.entities}
    matched = set(mapping.values())
    found = len([g for g in mapping.values() if g not in optional_entities])
    required = [e for e in gold.entities if e.id not in optional_entities]
    result = Evaluation(article=gold.article, entities=Score(found, len(pred_entities) - len(mapping),
                                                             len(required) - found),
                        relations=Score(0, 0, 0), mapping=mapping)
    result.missed_entities = [f"{e.type} {e.name}" for e in required if e.id not in matched]
    result.false_entities = [f"{e.type} {e.name}" for e in pred_entities if e.id not in mapping]
    all_keys = {fact_key(f): f for f in gold.facts}
    gold_keys = {k: f for k, f in all_keys.items() if k not in optional_facts}
    seen: set[tuple[str, str, str]] = set()
    tp = fp = 0
    for fact in pred_facts:
        key = fact_key(fact, mapping)
        if key is not None and key in all_keys:
            right = key in gold_keys and key not in seen
            if right:
                tp += 1
                seen.add(key)
            result.judged.append((fact, True if right else None))
            continue
        fp += 1
        result.judged.append((fact, False))
        result.false_facts.append(_show(fact, pred_names) + f"  [{fact.rule}]")
    fn = 0
    for key, fact in gold_keys.items():
        if key not in seen:
            fn += 1
            result.missed_facts.append(_show(fact, gold_names))
    result.relations = Score(tp, fp, fn)
    return result


def _show(fact: Fact, names_by_id: dict[str, str]) -> str:
    target = names_by_id.get(fact.object or "", fact.object) if fact.value is None else repr(fact.value)
    return f"{names_by_id.get(fact.subject, fact.subject)} --{fact.relation}--> {target}   \"{fact.quote or ''}\""


def table(rows: list[Evaluation]) -> str:
    """A text table of scores, one row per article and a micro-averaged total."""
    lines = [f"{'article':34} {'ent P':>6} {'ent R':>6} {'ent F1':>6}   {'rel P':>6} {'rel R':>6} {'rel F1':>6}"]
    for row in rows:
        lines.append(_row(row.article, row.entities, row.relations))
    if len(rows) > 1:
        ent = sum((r.entities for r in rows), Score(0, 0, 0))
        rel = sum((r.relations for r in rows), Score(0, 0, 0))
        lines.append(_row("total (micro)", ent, rel))
    return "\n".join(lines)


def _row(name: str, ent: Score, rel: Score) -> str:
    return (f"{name[:34]:34} {ent.precision:6.2f} {ent.recall:6.2f} {ent.f1:6.2f}   "
            f"{rel.precision:6.2f} {rel.recall:6.2f} {rel.f1:6.2f}")


def details(row: Evaluation) -> str:
    """The misses and false findings of one article, as text."""
    out = [f"== {row.article}: entities {row.entities.tp}/{row.entities.tp + row.entities.fn} found, "
           f"{row.entities.fp} false; facts {row.relations.tp}/{row.relations.tp + row.relations.fn} found, "
           f"{row.relations.fp} false"]
    for title, items in (("missed entities", row.missed_entities), ("false entities", row.false_entities),
                         ("missed facts", row.missed_facts), ("false facts", row.false_facts)):
        if items:
            out.append(f"-- {title} ({len(items)})")
            out.extend(f"   {item}" for item in items)
    return "\n".join(out)
