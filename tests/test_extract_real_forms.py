"""The mechanisms of issue 11, each on a small made-up text: headline forms, lines without bullets and wiki
signs, the typing step, the calibration table, and a fact whose subject cannot be found left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import calibration
from kg.extract.headline import find_headline, looks_like_headline
from kg.extract.masking import Candidate
from kg.extract.rules import load_rules
from kg.extract.source import read_source
from tests.drafting import draft as _draft


TABLE = load_rules()


@pytest.mark.parametrize(("headline", "work", "agents", "events"), [
    ("Dela Okoro: Salt Lines", "Salt Lines", ["Dela Okoro"], []),
    ("Harrowgate Film Festival 2024 – The Weight of Rivers", "The Weight of Rivers", [], ["Harrowgate Film Festival"]),
    ("Review: The Lanterns of Vell", "The Lanterns of Vell", [], []),
    ("Interview: Director Odile Marchetti talks about new film The Lanterns of Vell", "The Lanterns of Vell",
     ["Odile Marchetti"], []),
    ("Watch Copper Saints by Tereza Albuquerque", "Copper Saints", ["Tereza Albuquerque"], []),
    ("Movie Review The Lanterns of Vell", "The Lanterns of Vell", [], []),
])
def test_headline_forms_name_their_parts(headline: str, work: str, agents: list[str], events: list[str]) -> None:
    text = headline + "\n\nThe Lanterns of Vell, Salt Lines, The Weight of Rivers and Copper Saints are named again.\n"
    found = find_headline(text, [(0, len(headline))], TABLE)
    assert found is not None
    assert text[found.work[0]:found.work[1]] == work
    assert [text[s:e] for s, e in found.agents] == agents
    assert [text[s:e] for s, e in found.events] == events


def test_a_body_that_starts_with_its_lead_has_no_headline(tmp_path: Path) -> None:
    path = tmp_path / "lead.txt"
    path.write_text("Brazilian singer Tereza Albuquerque has shared \"Copper Saints\", the first single from her album.\n"
                    "The song was produced by Kofi Ansah-Berg.\n", encoding="utf-8")
    source = read_source(path, TABLE)
    assert source.headline is None
    assert not looks_like_headline("Arctic rock band's frontman directed the video, it has emerged.")


def test_lines_lose_bullets_and_wiki_signs(tmp_path: Path) -> None:
    path = tmp_path / "wiki.txt"
    path.write_text("= The Lanterns of Vell =\nA lead.\n== Production ==\n- Director: Odile Marchetti\n• Starring: A B\n",
                    encoding="utf-8")
    source = read_source(path, TABLE)
    lines = [source.text[s:e] for s, e in source.lines()]
    assert lines == ["The Lanterns of Vell", "A lead.", "Director: Odile Marchetti", "Starring: A B"]
    assert source.title == "The Lanterns of Vell"


def test_a_pages_date_stamp_is_a_mark_of_its_line_not_part_of_the_headline(tmp_path: Path) -> None:
    path = tmp_path / "stamped.txt"
    path.write_text(" date 2021-03-04 Nine Audio Dramas to Hear This Spring\n\nThe Salt Orchard, directed by "
                    "Odile Marchetti, opens the list.\n", encoding="utf-8")
    source = read_source(path, TABLE)
    assert source.title == "Nine Audio Dramas to Hear This Spring"
    assert source.text[slice(*source.lines()[0])] == "Nine Audio Dramas to Hear This Spring"


def test_calibration_turns_counts_into_confidences() -> None:
    table = {"good": (20, 21), "eight-of-nine": (8, 9), "bad": (0, 10), "five": (5, 5), "four": (4, 4)}
    assert calibration.calibrated("never-seen", 0.95, table) < 0.8  # no evidence on real text: below 0.8
    assert calibration.calibrated("good", 0.9, table) >= 0.8
    assert calibration.calibrated("eight-of-nine", 0.9, table) < 0.8  # nine facts are too few for 0.8 with a miss
    assert calibration.calibrated("five", 0.9, table) == 0.8  # five right without a miss: just 0.8
    assert calibration.calibrated("four", 0.9, table) < 0.8
    assert calibration.calibrated("bad", 0.9, table) < 0.3
    cand = Candidate("good", "director", 0, 1, None, 0, 5, 0.5)
    out = calibration.apply([cand], table)
    assert out[0].confidence == calibration.calibrated("good", 0.5, table) and cand.confidence == 0.5
    shipped = calibration.load_table()
    assert shipped and all(0 <= right <= facts for right, facts in shipped.values())


def test_calibration_counts_each_article_as_at_most_two_facts(tmp_path: Path) -> None:
    path = tmp_path / "calibration.yaml"
    path.write_text("rules:\n"
                    "  one-page: {right: 20, facts: 20, by_article: [[20, 20]]}\n"
                    "  four-pages: {right: 8, facts: 8, by_article: [[2, 2], [2, 2], [2, 2], [2, 2]]}\n"
                    "  one-bad-page: {right: 12, facts: 20, by_article: [[2, 10], [10, 10]]}\n"
                    "  no-pages: {right: 3, facts: 4}\n", encoding="utf-8")
    table = calibration.load_table(path)
    assert table["one-page"] == (2.0, 2.0) and table["four-pages"] == (8.0, 8.0)
    assert table["one-bad-page"] == pytest.approx((2.4, 4.0)) and table["no-pages"] == (3.0, 4.0)
    assert calibration.calibrated("one-page", 0.9, table) < 0.8 <= calibration.calibrated("four-pages", 0.9, table)
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  x: {right: 3, facts: 2, by_article: [[3, 2]]}\n", encoding="utf-8")
    with pytest.raises(InputError):
        calibration.load_table(bad)


def test_typing_step_and_unresolved_subjects(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "kinds.txt",
                        "Martin Hale, the veteran actor who appeared in Ashfall, Tidewater Lights, and Glass Lanterns, "
                        "died on Monday, according to Variety. He told The Harbour Gazette last year that he loved the work.\n"
                        "The screenplay was written by Mina Ostrova.\n")
    types = {e.name: e.type for e in annotation.entities}
    assert types.get("Variety") == "Organization" and types.get("Harbour Gazette") == "Organization"
    assert {"Ashfall", "Tidewater Lights", "Glass Lanterns"} <= {n for n, t in types.items() if t not in (
        "Person", "Organization")}
    ids = {e.id: e.name for e in annotation.entities}
    performed = {ids[f.subject] for f in annotation.facts if f.relation == "performer"}
    assert performed == {"Ashfall", "Tidewater Lights", "Glass Lanterns"}
    # "The screenplay was written by" names no work here: the fact is left out, not hung on the article
    assert not [f for f in annotation.facts if f.relation == "writer"]
    assert all(f.subject in ids for f in annotation.facts)


def test_an_infobox_with_one_value_a_line_continues_its_credit(tmp_path: Path) -> None:
    annotation = _draft(tmp_path, "infobox.txt",
                        "The Lanterns of Vell\n\nThe Lanterns of Vell\nDirected by Odile Marchetti\nWritten by Ines Varga\n"
                        "Michael Turner\nStarring Dana Pryor\nHugo Lindqvist\nSarah Collins\nRelease dates\n10 May 2019\n\n"
                        "The Lanterns of Vell is a 2019 drama film directed by Odile Marchetti.\n")
    ids = {e.id: e.name for e in annotation.entities}
    facts = {(ids[f.subject], f.relation, ids.get(f.object or "")): f.quote for f in annotation.facts if f.object}
    assert ("The Lanterns of Vell", "writer", "Michael Turner") in facts
    assert facts[("The Lanterns of Vell", "performer", "Sarah Collins")].startswith("Starring Dana Pryor\n")
    assert {o for s, r, o in facts if r == "performer"} == {"Dana Pryor", "Hugo Lindqvist", "Sarah Collins"}
    assert {o for s, r, o in facts if r == "writer"} == {"Ines Varga", "Michael Turner"}
