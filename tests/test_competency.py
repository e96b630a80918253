"""Competency questions: each named query over the seed graph, with the answer the article gives."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.query import named_queries, resolve, select_values

FILM = "We Cry Together (short film)"
SONG = "We Cry Together (song)"


def answer(graph: Graph, name: str, **params: str) -> list[dict]:
    return select_values(graph, resolve(name), params)


def test_there_are_at_least_ten_named_queries_each_with_a_question() -> None:
    queries = named_queries()
    assert len(queries) >= 10
    for named in queries.values():
        assert named.title.endswith("?"), named.name


def test_directors_of_the_film(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "directors", work_name="We Cry Together")
    assert [r["director"] for r in rows] == ["Dave Free", "Jake Schreier", "Kendrick Lamar"]


def test_directors_of_every_work(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "directors")
    assert {(r["work"], r["director"]) for r in rows} == {
        (FILM, "Dave Free"), (FILM, "Jake Schreier"), (FILM, "Kendrick Lamar"), ("Belly", "Hype Williams")}


def test_cast_of_film_and_song(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "cast")
    assert {(r["work"], r["performer"], r["as"]) for r in rows} == {
        (FILM, "Kendrick Lamar", "actor"), (FILM, "Taylour Paige", "actor"),
        (SONG, "Kendrick Lamar", "artist"), (SONG, "Taylour Paige", "artist"),
        ("Discussion on the making of We Cry Together", "Tessa Thompson", "performer"),
        ("Discussion on the making of We Cry Together", "Kendrick Lamar", "performer"),
        ("Discussion on the making of We Cry Together", "Dave Free", "performer"),
    }


def test_roles_of_lamar_by_alias(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "roles", person="lamar")
    assert {(r["role"], r["on"]) for r in rows} == {
        ("director", FILM), ("performer", FILM), ("performer", SONG), ("writer", FILM),
        ("panelist", "Discussion on the making of We Cry Together")}


def test_influences_and_their_makers(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "influences")
    assert {(r["work"], r["influence"], r["madeBy"]) for r in rows} == {
        (FILM, "Belly", "Hype Williams"), (FILM, "Quentin Tarantino films", "Quentin Tarantino"),
        ("Dave Free", "Jake Schreier", None)}


def test_screening_date_moderator_and_speakers(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "screening")
    assert {str(r["date"]) for r in rows} == {"2022-11-22"}
    assert {r["film"] for r in rows} == {FILM}
    assert {(r["role"], r["person"]) for r in rows} == {
        ("moderator", "Tessa Thompson"), ("panelist", "Kendrick Lamar"), ("panelist", "Dave Free")}


def test_companies_and_founders(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "companies")
    assert {(r["company"], r["founder"]) for r in rows} == {
        ("pgLang", "Dave Free"), ("project3", None), ("Park Pictures", None)}


def test_award_status_is_eligible_not_nominated(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "award-status")
    assert [(r["work"], r["status"], r["category"]) for r in rows] == [
        (FILM, "eligible", "Best Live Action Short Film")]


def test_timeline_marks_the_inferred_year(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "timeline")
    assert [(str(r["date"]), r["event"], r["how"]) for r in rows] == [
        ("2020", "Filming of We Cry Together", "curated"),
        ("2022-11-22", "Private screening of We Cry Together", "inferred")]


def test_connection_between_thompson_and_free(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "connection", a="Tessa Thompson", b="Dave Free")
    assert {(r["relation_a"], r["via"], r["relation_b"]) for r in rows} == {
        ("moderator", "Discussion on the making of We Cry Together", "panelist"),
        ("quotes", 'Kendrick Lamar Talks About the Making of "We Cry Together"', "quotes")}


def test_evidence_for_jake_schreier(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "evidence", entity="Jake Schreier")
    quotes = {(r["fact"], r["quote"]) for r in rows}
    assert ("We Cry Together (short film) directed by Jake Schreier",
            "Directed by Lamar, Free and Jake Schreier") in quotes


def test_people_and_occupations(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "people")
    assert {r["person"]: r["occupation"] for r in rows} == {
        "Dave Free": "", "Hype Williams": "", "Jake Schreier": "", "Kendrick Lamar": "",
        "Quentin Tarantino": "", "Taylour Paige": "", "Tessa Thompson": "actress"}


def test_the_article_itself(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "article")
    assert {r["publisher"] for r in rows} == {"Okayplayer"}
    assert {r["about"] for r in rows} == {FILM}
    assert {r["quotes"] for r in rows} == {"Kendrick Lamar", "Dave Free", "Tessa Thompson"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs(seed_graph: Graph, name: str) -> None:
    named = named_queries()[name]
    params = {p.name: "We Cry Together" if "work" in p.name else "Kendrick Lamar" for p in named.params if p.required}
    if name == "connection":
        params = {"a": "Tessa Thompson", "b": "Dave Free"}
    assert answer(seed_graph, name, **params), f"{name} returned nothing"


def test_influence_chain_follows_p941_step_by_step(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "influence-chain", work_name="we cry together")
    assert {(r["work"], r["influence"]) for r in rows} == {(FILM, "Belly"), (FILM, "Quentin Tarantino films")}


def test_top_people_counts_works_in_any_role(seed_graph: Graph) -> None:
    rows = answer(seed_graph, "top-people")
    assert rows[:2] == [{"person": "Kendrick Lamar", "works": 2}, {"person": "Taylour Paige", "works": 2}]
    assert len(rows) <= 10
