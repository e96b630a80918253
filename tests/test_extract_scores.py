"""Extraction quality: kg extract scored against gold annotations, with floors that keep it from getting worse.

The gold files are the curated seed annotation and the evaluation set of tests/eval/ (see its README).
The rules of kg/extract/rules.yaml were written while looking at the seed and at TUNED; HELD_OUT were not
looked at while writing them, and their scores are reported apart in the README ("Extraction scores").
Floors sit a little below the scores reached; raise them when the extractor gets better.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.annotations import Annotation, Entity, Fact, parse_annotation
from kg.cli import main
from kg.extract.evaluate import Evaluation, Score, evaluate, names
from tests.conftest import DATA, ROOT

pytest.importorskip("spacy")

EVAL = ROOT / "tests" / "eval"
SEED = "okayplayer-we-cry-together"
TUNED = ["review-ashfall-road", "news-blue-hours", "infobox-quiet-meridian", "credits-harbour-of-glass",
         "interview-salt-orchard", "music-paper-lanterns", "awards-kettle-lake",
         # the forms of real pages (issue 11): no headline, a wiki page with an infobox, "Artist: Title" and
         # "Event – Title" headlines, one paragraph a line
         "lead-copper-saints", "wiki-lanterns-of-vell", "artist-title-okoro-salt-lines",
         "festival-harrowgate-weight-of-rivers",
         # more forms of real pages: a table infobox ("| Directed by | A |"), titles in capitals, a possessive
         # title, the headline "Title (Director, Year)", a possessive pronoun two sentences on
         "review-tanners-reach",
         # a listing page of shows: "Title, Venue" heads, credits glued to the name before them and to a rating
         # ("Ana RuizDirected by B ★★★"), a novel of the same title, an institution "X of Y", a cited publication
         "listing-riverside-stages",
         # a press release with no headline and a credit block, a round-up with sub-headings, role nouns,
         # lists of jobs, roles in works, a list of winners (issue 11, relations)
         "roundup-lanternfield-slate",
         # round 5 (issue 11): a page of reviews with "Title: Movie Review" over each review and its credits after
         # the paragraphs; an obituary list (the heading's name over the legal name, jobs with no article)
         "reviews-quayside-weekly", "obituaries-harbour-songwriters"]
HELD_OUT = ["festival-ferrymans-daughter", "profile-ironbark-pictures", "musicvideo-hollow-crown",
            "captions-the-long-night"]
#: (entity F1, relation F1) floors per article, a little below what the extractor reaches.
FLOORS = {
    SEED: (0.90, 0.86),
    "review-ashfall-road": (0.95, 0.92), "news-blue-hours": (0.95, 0.90), "infobox-quiet-meridian": (0.92, 0.93),
    "credits-harbour-of-glass": (0.95, 0.95), "interview-salt-orchard": (0.95, 0.88),
    "music-paper-lanterns": (0.95, 0.93), "awards-kettle-lake": (0.93, 0.89),
    "lead-copper-saints": (0.95, 0.90), "wiki-lanterns-of-vell": (0.92, 0.95),
    "artist-title-okoro-salt-lines": (0.95, 0.82), "festival-harrowgate-weight-of-rivers": (0.95, 0.95),
    "review-tanners-reach": (0.95, 0.93), "listing-riverside-stages": (0.95, 0.45),
    "roundup-lanternfield-slate": (0.95, 0.95),
    "reviews-quayside-weekly": (0.93, 0.95), "obituaries-harbour-songwriters": (0.68, 0.85),
    "festival-ferrymans-daughter": (0.83, 0.66), "profile-ironbark-pictures": (0.91, 0.74),
    "musicvideo-hollow-crown": (0.84, 0.53), "captions-the-long-night": (0.79, 0.68),
}
#: Micro-averaged floors per set: (entity F1, relation F1). The issue's targets on unseen articles: 0.85, 0.60.
SET_FLOORS = {"tuned": (0.96, 0.93), "held-out": (0.87, 0.65)}


def gold_path(name: str) -> Path:
    return DATA / "annotations" / f"{name}.yaml" if name == SEED else EVAL / "gold" / f"{name}.yaml"


def article_path(name: str) -> Path:
    return DATA / "articles" / f"{name}.txt" if name == SEED else EVAL / "articles" / f"{name}.txt"


@pytest.fixture(scope="module")
def scored() -> dict[str, tuple[Evaluation, Annotation, Annotation]]:
    names_ = [SEED, *TUNED, *HELD_OUT]
    drafts = pipeline.extract([article_path(n) for n in names_])
    out = {}
    for name, draft in zip(names_, drafts):
        gold = parse_annotation(gold_path(name))
        out[name] = (evaluate(draft.annotation, gold), draft.annotation, gold)
    return out


def test_every_article_of_the_evaluation_set_is_scored() -> None:
    on_disk = sorted(p.stem for p in (EVAL / "gold").glob("*.yaml"))
    assert sorted(TUNED + HELD_OUT) == on_disk, "a new gold file: add it to TUNED or HELD_OUT and give it a floor"


@pytest.mark.parametrize("name", list(FLOORS))
def test_article_scores_stay_above_their_floor(scored, name: str) -> None:
    row = scored[name][0]
    entity_floor, relation_floor = FLOORS[name]
    assert row.entities.f1 >= entity_floor, (row.entities, row.missed_entities, row.false_entities)
    assert row.relations.f1 >= relation_floor, (row.relations, row.missed_facts, row.false_facts)


@pytest.mark.parametrize("which", list(SET_FLOORS))
def test_micro_averaged_scores_per_set(scored, which: str) -> None:
    rows = [scored[n][0] for n in (TUNED if which == "tuned" else HELD_OUT)]
    entities = sum((r.entities for r in rows), Score(0, 0, 0))
    relations = sum((r.relations for r in rows), Score(0, 0, 0))
    assert entities.f1 >= SET_FLOORS[which][0] and relations.f1 >= SET_FLOORS[which][1], (entities, relations)


def test_seed_eighty_percent_of_curated_facts_and_no_person_split(scored) -> None:
    row, draft, gold = scored[SEED]
    assert row.relations.recall >= 0.80, row.missed_facts
    for person in (e for e in gold.entities if e.type == "Person"):
        same = [e for e in draft.entities if e.type == "Person" and names(e) & names(person)]
        assert len(same) == 1, (person.name, [e.name for e in same])


def test_kg_eval_scores_a_draft_of_the_seed_against_the_curated_file(tmp_path: Path) -> None:
    runner = CliRunner()
    draft = tmp_path / "drafts" / f"{SEED}.yaml"
    made = runner.invoke(main, ["extract", str(article_path(SEED)), "-o", str(draft)])
    assert made.exit_code == 0, made.output
    result = runner.invoke(main, ["eval", str(draft), str(gold_path(SEED))])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[:2]
    assert header.split()[:2] == ["article", "ent"] and row.startswith(SEED)
    relation_recall = float(row.split()[5])
    assert relation_recall >= 0.80
    assert "missed facts" in result.output
    folders = runner.invoke(main, ["eval", str(draft.parent), str(DATA / "annotations"), "-q"])
    assert folders.exit_code == 0 and SEED in folders.output and "missed" not in folders.output


# --- the matching itself, on small hand-made annotations -------------------------------------------------


def annotation(entities: list[Entity], facts: list[Fact]) -> Annotation:
    return Annotation(article="a", method="curated", entities=tuple(entities), facts=tuple(facts))


def test_entities_match_by_coarse_type_and_any_shared_name() -> None:
    gold = annotation([Entity("nadia", "Person", "Nadia Okafor", ("Okafor",)),
                       Entity("film", "ShortFilm", "We Cry Together (short film)", ("We Cry Together", "the film")),
                       Entity("panel", "Discussion", "40-minute panel at the Tidewater Film Festival")],
                      [Fact("film", "director", object="nadia", quote="q"),
                       Fact("film", "duration", value="PT6M", quote="q")])
    pred = annotation([Entity("okafor", "Person", "Okafor"), Entity("wct", "Film", "We Cry Together"),
                       Entity("the-film", "Film", "Other", ("the film",)), Entity("p", "Discussion", "40-minute panel"),
                       Entity("org", "Organization", "Nadia Okafor")],
                      [Fact("wct", "director", object="okafor", quote="x"), Fact("wct", "duration", value="pt6m", quote="x"),
                       Fact("wct", "writer", object="okafor", quote="x")])
    row = evaluate(pred, gold)
    assert row.mapping == {"okafor": "nadia", "wct": "film", "p": "panel"}  # "the film" alone matches nothing
    assert (row.entities.tp, row.entities.fp, row.entities.fn) == (3, 2, 0)
    assert (row.relations.tp, row.relations.fp, row.relations.fn) == (2, 1, 0)
    assert row.false_facts and "writer" in row.false_facts[0]


def test_facts_about_the_article_count_only_when_the_gold_declares_the_article() -> None:
    pred = annotation([Entity("a", "Article", "Headline"), Entity("p", "Person", "Dave Free")],
                      [Fact("a", "quotes", object="p", quote="x")])
    without = annotation([Entity("p", "Person", "Dave Free")], [])
    with_article = annotation([Entity("art", "Article", "Another headline"), Entity("p", "Person", "Dave Free")],
                              [Fact("art", "quotes", object="p", quote="y")])
    assert evaluate(pred, without).relations == Score(0, 0, 0)
    assert evaluate(pred, without).entities == Score(1, 0, 0)
    assert evaluate(pred, with_article).relations == Score(1, 0, 0)


def test_between_equal_names_the_same_class_is_paired() -> None:
    gold = annotation([Entity("video", "MusicVideo", "Hollow Crown"), Entity("song", "Song", "Hollow Crown"),
                       Entity("album", "Album", "Quiet Country")],
                      [Fact("song", "inAlbum", object="album", quote="q")])
    pred = annotation([Entity("hc", "Song", "Hollow Crown"), Entity("hc-video", "MusicVideo", "Hollow Crown"),
                       Entity("qc", "Album", "Quiet Country")], [Fact("hc", "inAlbum", object="qc", quote="x")])
    row = evaluate(pred, gold)
    assert row.mapping == {"hc": "song", "hc-video": "video", "qc": "album"}
    assert row.relations == Score(1, 0, 0)



@pytest.mark.parametrize("name", [SEED, *TUNED, *HELD_OUT])
def test_a_gold_file_scores_one_against_itself(name: str) -> None:
    gold = parse_annotation(gold_path(name))
    row = evaluate(gold, gold)
    assert row.entities.f1 == row.relations.f1 == 1.0, (row.missed_entities, row.missed_facts, row.false_facts)
