"""The gold files of the real-article development set (tests/real/gold) are well formed.

Every file parses, names its article (url, find, kind, split) and sits in the folder of its split; its
entities use the ontology's classes and its facts the relations of ontology/relations.yaml, with subject and
object classes the relation allows; ignore names do not hide a gold entity; and no file holds a string long
enough to be pasted article text. None of this needs the (git-ignored) cache of article texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF

from kg.fit import ancestors, fits
from kg.extract.names import norm
from kg.resources import relation_table
from kg.yamlfile import load_yaml
from tests.conftest import ROOT
from tests.real.score import GOLD, KINDS, SPLITS, load_gold

FILES = sorted(GOLD.glob("*/*.yaml"))
#: the longest string a gold file may hold (names, aliases, values); the url is exempt, the `find` query
#: (search keywords) may run to FIND_LIMIT and the annotator's notes to NOTES_LIMIT
LIMIT = 80
FIND_LIMIT = 100
NOTES_LIMIT = 400


def ontology_classes() -> set[str]:
    from rdflib import Graph

    graph = Graph().parse(ROOT / "ontology" / "kg.ttl")
    prefix = "https://"  # any namespace; keep the local names of the kg classes
    names = set()
    for cls in graph.subjects(RDF.type, OWL.Class):
        text = str(cls)
        if text.startswith(prefix) or text.startswith("http://"):
            names.add(text.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    return {n for n in names if "Thing" in ancestors(n)} - {"Article", "Thing"}


CLASSES = ontology_classes()


def test_the_set_has_gold_files_and_known_classes() -> None:
    assert FILES, "no gold file under tests/real/gold"
    assert {"Person", "Organization", "Film", "Song", "Album", "MusicVideo", "Event"} <= CLASSES


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_well_formed(path: Path) -> None:
    gold = load_gold(path)
    assert gold.id == path.stem, "id must equal the file name"
    assert path.parent.name in SPLITS and gold.split == path.parent.name, "split: must match the folder"
    assert gold.kind in KINDS, f"unknown kind {gold.kind!r}"
    assert gold.url.startswith(("http://", "https://"))
    types = {e.id: e.type for e in gold.annotation.entities}
    for entity in gold.annotation.entities:
        assert entity.type in CLASSES, f"{entity.id}: {entity.type} is not a class of ontology/kg.ttl"
    table = relation_table()
    for fact in gold.annotation.facts:
        assert fact.relation in table, f"unknown relation {fact.relation}"
        object_type = None if fact.value is not None else types[fact.object or ""]
        assert fits(fact.relation, types[fact.subject], object_type), (
            f"{fact.subject} --{fact.relation}--> {fact.object or fact.value}: classes do not fit the relation")
    gold_names = {norm(n) for e in gold.annotation.entities for n in (e.name, *e.aliases)}
    hidden = {n for n in gold.ignore if norm(n) in gold_names}
    assert not hidden, f"ignore names that are also gold names: {sorted(hidden)}"
    assert len(set(gold.optional_facts)) == len(gold.optional_facts)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_holds_no_article_text(path: Path) -> None:
    doc = load_yaml(path)
    too_long = []

    def walk(value: object, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key != "url":
            if len(value) > {"notes": NOTES_LIMIT, "find": FIND_LIMIT}.get(key, LIMIT):
                too_long.append(f"{key}: {value[:40]}...")

    walk(doc, "")
    assert not too_long, f"strings too long for a gold file (article text?): {too_long}"
    quoted = [item for key in ("entities", "facts") for item in (doc.get(key) or [])
              if {"quote", "prefix", "suffix"} & set(item)]
    assert not quoted, f"gold files carry no quotes: {quoted[:3]}"


def test_urls_and_ids_are_unique_across_splits() -> None:
    golds = [load_gold(p) for p in FILES]
    urls = [g.url for g in golds]
    ids = [g.id for g in golds]
    assert len(set(urls)) == len(urls), "an article is in the set twice"
    assert len(set(ids)) == len(ids), "two gold files share an id"


def test_scoring_leaves_out_ignored_names_and_optional_items() -> None:
    from kg.annotations import Annotation, Entity, Fact
    from kg.extract.evaluate import evaluate, fact_key

    gold = Annotation(article="a", method="curated", entities=(
        Entity(id="film", type="Film", name="Ema"), Entity(id="dir", type="Person", name="Pablo Larrain"),
        Entity(id="star", type="Person", name="Mariana Di Girolamo"), Entity(id="prize", type="AwardCategory", name="Oscar"),
    ), facts=(Fact(subject="film", relation="director", object="dir"),
              Fact(subject="film", relation="performer", object="star"),
              Fact(subject="film", relation="nominatedFor", object="prize")))
    pred = Annotation(article="a", method="automatic", entities=(
        Entity(id="p1", type="Film", name="Ema"), Entity(id="p2", type="Person", name="Pablo Larrain"),
        Entity(id="p3", type="Person", name="Toronto"), Entity(id="p4", type="AwardCategory", name="Oscar"),
    ), facts=(Fact(subject="p1", relation="director", object="p2", confidence=0.9),
              Fact(subject="p1", relation="nominatedFor", object="p4", confidence=0.7),
              Fact(subject="p1", relation="performer", object="p3", confidence=0.85)))
    plain = evaluate(pred, gold)
    assert (plain.entities.tp, plain.entities.fp, plain.entities.fn) == (3, 1, 1)
    assert (plain.relations.tp, plain.relations.fp, plain.relations.fn) == (2, 1, 1)
    optional = frozenset({fact_key(gold.facts[2])})
    row = evaluate(pred, gold, ignore={"toronto"}, optional_entities={"prize"}, optional_facts=optional)
    # Toronto is neither right nor wrong as an entity; the Oscar and its nomination are neither required nor rewarded
    assert (row.entities.tp, row.entities.fp, row.entities.fn) == (2, 0, 1)
    # a fact about an ignored name still counts as false
    assert (row.relations.tp, row.relations.fp, row.relations.fn) == (1, 1, 1)
    assert [right for _, right in row.judged] == [True, None, False]


def test_score_script_reports_missing_texts_without_crashing(tmp_path: Path) -> None:
    import io

    from tests.real.score import run

    out = io.StringIO()
    result = run(tmp_path, "all", out=out)
    assert result["articles"] == [] and len(result["missing"]) == len(FILES)
    assert "missing in the cache, skipped" in out.getvalue()
